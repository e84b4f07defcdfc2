/**
 * The scenario slice of the store: opening a scenario (preset, link, file, dump) and editing the
 * open scenario's text, each one undoable step of machine and text together; walking a bookmark;
 * and the transient state of loading (message, busy, the Examples menu, load tokens), which is not
 * part of undo.
 */
import { tlbUiForScenario } from "./tlbSlice";
import { formatHex, ok, type Result } from "../core/common";
import type { Registers } from "../core/arch";
import { bookmarkRegisters, machineFromScenario, type Bookmark, type ScenarioState } from "../core/scenario";
import {
  authoredScenario,
  openScenarioOf,
  withText,
  type ScenarioSource,
  type TextField,
} from "./openScenario";
import type { Machine } from "../core/machine";
import { walk } from "../core/walk";
import { chooseEntry, followWalk } from "./followWalk";
import { openedLesson } from "./lessonSlice";
import type { Selection } from "./selection";
import type { PagewalkState, Snapshot } from "./store";

/** One message about loading or sharing: an error (shown as an alert) or a notice. */
export interface ScenarioMessage {
  readonly kind: "error" | "notice";
  readonly text: string;
  /** Offer to start from an example (after a broken link or file). */
  readonly offerExamples?: boolean;
  /** Offer to save a file instead (the state is too large for a link). */
  readonly offerSave?: boolean;
}

/** The scenario slice's transient state: undo and redo leave it as it is. */
export interface ScenarioUiState {
  readonly message: ScenarioMessage | null;
  /** What is being loaded right now ("Loading Real Linux 6.1 …"), or null. */
  readonly busy: string | null;
  /** Whether the Examples menu is open (other views can ask for it, e.g. after a broken link). */
  readonly examplesOpen: boolean;
  /** The token of the last load begun: only its result is still wanted. */
  readonly loadToken: number;
}

export const INITIAL_SCENARIO_UI: ScenarioUiState = {
  message: null,
  busy: null,
  examplesOpen: false,
  loadToken: 0,
};

export interface ScenarioActions {
  /**
   * Opens a (validated) scenario: its machine, text and view replace the current ones as one
   * undoable step. With `asStart` (a page opened with a link) it becomes the start of the history
   * instead: nothing to undo.
   */
  loadScenario: (state: ScenarioState, source: ScenarioSource, options?: { asStart?: boolean }) => void;
  /** Sets the open scenario's title (blank removes it) as one undoable step. */
  setTitle: (title: string) => Result<void>;
  /** Sets the open scenario's description (blank removes it) as one undoable step. */
  setDescription: (description: string) => Result<void>;
  /** Walks a bookmark: its VA and access, under the scenario's registers plus its overrides. */
  applyBookmark: (bookmark: Bookmark) => void;
  /**
   * Starts a load that may take a while; returns a token. Results of an older load (the user has
   * since chosen something else) are dropped by `isCurrent`.
   */
  beginLoad: (busy: string) => number;
  isCurrent: (token: number) => boolean;
  endLoad: (token: number) => void;
  showMessage: (message: ScenarioMessage | null) => void;
  setExamplesOpen: (open: boolean) => void;
}

/** What the slice needs from the store it is part of (see createPagewalkStore). */
export interface SliceContext {
  readonly get: () => PagewalkState;
  readonly set: (partial: Partial<PagewalkState>) => void;
  /** Makes `next` the present as one undoable step; `also` (state outside undo) in the same update. */
  readonly step: (
    next: Snapshot,
    also?: Partial<PagewalkState>,
    options?: { evenReadOnly?: boolean },
  ) => void;
  /** Read-only: says why nothing changed, and gives the same words as an error. */
  readonly refuseEdit: () => Result<never>;
}

/** The VA as the address bar shows it: hex with `_` every four digits. */
const vaText = (va: bigint): string => formatHex(va, { separators: true });

const sameRegisters = (a: Registers, b: Registers): boolean =>
  (Object.keys(a) as (keyof Registers)[]).every((k) => a[k] === b[k]) &&
  Object.keys(a).length === Object.keys(b).length;

/**
 * What the learner looks at when a scenario opens on `machine`: its VA and access, and the entry
 * that decided the walk. A link or a file restores the entry it was shared with, pinned when that
 * is another entry (a link restores the identical view); an example or a dump follows the walk.
 */
export function selectionOfScenario(
  state: ScenarioState,
  source: ScenarioSource,
  machine: Machine,
): Selection {
  const result = walk(machine.ram, machine.regs, state.va, state.access);
  const opened: Selection = {
    vaText: vaText(state.va),
    va: state.va,
    vaError: null,
    access: state.access,
    table: state.selection?.table ?? null,
    entryIndex: state.selection?.entryIndex ?? null,
    pinned: false,
    // Clamped to the walk's steps, and its entry selected, by the store (stepState.ts).
    step: state.step ?? null,
  };
  const keepsEntry = (source === "link" || source === "file") && state.selection !== null;
  return keepsEntry
    ? chooseEntry(opened, opened.table, opened.entryIndex, result)
    : followWalk(opened, result);
}

export function createScenarioActions({ get, set, step, refuseEdit }: SliceContext): ScenarioActions {
  /** Edits a text part of the open scenario (of a new, empty one when none is open) as one step. */
  const editText = (field: TextField, text: string): Result<void> => {
    const { machine, meta, readOnly } = get();
    if (readOnly) return refuseEdit();
    const base = meta ?? authoredScenario(machine.regs);
    const next = withText(base, field, text);
    if (!next.ok) return next;
    if (next.value !== base) step({ machine, meta: next.value });
    return ok(undefined);
  };

  return {
    loadScenario: (state, source, options) => {
      // A lesson opens at its step (lessonSlice.ts): that step's machine and view.
      const { shown, meta } = openedLesson(state, openScenarioOf(state, source));
      // machineFromScenario builds fresh RAM and allocator that nobody else holds: the store owns them.
      const machine = machineFromScenario(shown);
      const next: Snapshot = { machine, meta };
      const also = {
        selection: selectionOfScenario(shown, source, machine),
        message: null,
        ...tlbUiForScenario(get().tlbUi, state, machine),
      };
      if (options?.asStart) set({ ...next, ...also, past: [], future: [] });
      // Opening a scenario (a link followed in a read-only embed too) is reading, not editing.
      else step(next, also, { evenReadOnly: true });
    },

    setTitle: (title) => editText("title", title),
    setDescription: (description) => editText("description", description),

    applyBookmark: (bookmark) => {
      const { machine, meta } = get();
      const regs = bookmarkRegisters(meta?.registers ?? machine.regs, bookmark.registers);
      // A register change shares the RAM, like any other register edit.
      if (!sameRegisters(regs, machine.regs)) step({ machine: { ...machine, regs }, meta });
      get().setVaText(vaText(bookmark.va));
      get().setAccess(bookmark.access);
      // A bookmark shows its walk: the selection follows it, whatever was pinned before.
      get().followTheWalk();
    },

    beginLoad: (busy) => {
      const loadToken = get().loadToken + 1;
      set({ busy, message: null, loadToken });
      return loadToken;
    },
    isCurrent: (token) => token === get().loadToken,
    endLoad: (token) => {
      if (token === get().loadToken) set({ busy: null });
    },

    showMessage: (message) => set({ message }),
    setExamplesOpen: (examplesOpen) => set({ examplesOpen }),
  };
}
