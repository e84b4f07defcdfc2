/**
 * The scenario slice: what the open scenario says about itself (title, description, labels,
 * bookmarks, processes) and the messages of loading one, beside the machine store.
 *
 * Loading a scenario (preset, link, file) replaces the machine with `loadMachine`, so it is one
 * undoable step. The text parts are not machine state, but they follow the machine through undo:
 * every load remembers which text went with the machine before and after it, so undoing a load
 * brings the previous title and bookmarks back, and redoing it shows the loaded ones again.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import { formatHex } from "../core/common";
import type { Registers } from "../core/arch";
import {
  bookmarkRegisters,
  machineFromScenario,
  scenarioFromMachine,
  type Bookmark,
  type ScenarioMeta,
  type ScenarioState,
} from "../core/scenario";
import type { Machine } from "../core/machine";
import type { PagewalkStore } from "./store";

/** The open scenario's text parts and the registers its bookmarks are relative to. */
export interface OpenScenario {
  readonly meta: ScenarioMeta;
  /** The scenario's own registers: a bookmark walks under these plus its overrides. */
  readonly registers: Registers;
  /** Where it came from, for messages ("example", "link", "file"). */
  readonly source: ScenarioSource;
}

export type ScenarioSource = "example" | "link" | "file" | "dump";

/** One message about loading or sharing: an error (shown as an alert) or a notice. */
export interface ScenarioMessage {
  readonly kind: "error" | "notice";
  readonly text: string;
  /** Offer to start from an example (after a broken link or file). */
  readonly offerExamples?: boolean;
  /** Offer to save a file instead (the state is too large for a link). */
  readonly offerSave?: boolean;
}

export interface ScenarioSliceState {
  readonly open: OpenScenario | null;
  readonly message: ScenarioMessage | null;
  /** What is being loaded right now ("Loading Real Linux 6.1 …"), or null. */
  readonly busy: string | null;
  /** Whether the Examples menu is open (other views can ask for it, e.g. after a broken link). */
  readonly examplesOpen: boolean;
}

export interface ScenarioSliceActions {
  /**
   * Loads a (validated) scenario into the machine store as one undoable step. With `asStart` (a
   * page opened with a link) it becomes the start of the history instead: nothing to undo.
   */
  loadScenario(state: ScenarioState, source: ScenarioSource, options?: { asStart?: boolean }): void;
  /** The current machine, view and text parts as a scenario (what links and files carry). */
  currentScenario(): ScenarioState;
  /** Walks a bookmark: its VA and access, under the scenario's registers plus its overrides. */
  applyBookmark(bookmark: Bookmark): void;
  /**
   * Starts a load that may take a while; returns a token. Results of an older load (the user has
   * since chosen something else) are dropped by `isCurrent`.
   */
  beginLoad(busy: string): number;
  isCurrent(token: number): boolean;
  endLoad(token: number): void;
  showMessage(message: ScenarioMessage | null): void;
  setExamplesOpen(open: boolean): void;
}

export type ScenarioSlice = ScenarioSliceState & ScenarioSliceActions;
export type ScenarioStore = StoreApi<ScenarioSlice>;

const sameRegisters = (a: Registers, b: Registers): boolean =>
  (Object.keys(a) as (keyof Registers)[]).every((k) => a[k] === b[k]) &&
  Object.keys(a).length === Object.keys(b).length;

/** The VA as the address bar shows it: hex with `_` every four digits. */
export const vaText = (va: bigint): string => formatHex(va, { separators: true });

export function createScenarioStore(app: PagewalkStore): ScenarioStore {
  /** The text that went with a machine when it was loaded or replaced (see the file comment). */
  const metaOfMachine = new WeakMap<Machine, OpenScenario | null>();
  metaOfMachine.set(app.getState().machine, null);
  let loads = 0;

  const store = createStore<ScenarioSlice>()((set, get) => ({
    open: null,
    message: null,
    busy: null,
    examplesOpen: false,

    loadScenario: (scenario, source, options) => {
      const before = app.getState().machine;
      metaOfMachine.set(before, get().open);
      const open: OpenScenario = {
        meta: {
          ...(scenario.title === undefined ? {} : { title: scenario.title }),
          ...(scenario.description === undefined ? {} : { description: scenario.description }),
          labels: scenario.labels,
          bookmarks: scenario.bookmarks,
          processes: scenario.processes,
        },
        registers: scenario.registers,
        source,
      };
      // Set first, so the machine subscription below finds the new text for the new machine.
      set({ open, message: null });
      const machine = machineFromScenario(scenario);
      app.getState().loadMachine(machine, {
        vaText: vaText(scenario.va),
        va: scenario.va,
        vaError: null,
        access: scenario.access,
        table: scenario.selection?.table ?? null,
        entryIndex: scenario.selection?.entryIndex ?? null,
      });
      metaOfMachine.set(app.getState().machine, open);
      if (options?.asStart) app.setState({ past: [], future: [] });
    },

    currentScenario: () => {
      const { machine, selection } = app.getState();
      return scenarioFromMachine(
        machine,
        {
          va: selection.va,
          access: selection.access,
          selection: selection.table ? { table: selection.table, entryIndex: selection.entryIndex } : null,
        },
        get().open?.meta ?? {},
      );
    },

    applyBookmark: (bookmark) => {
      const state = app.getState();
      const open = get().open;
      const regs = bookmarkRegisters(open?.registers ?? state.machine.regs, bookmark.registers);
      if (!sameRegisters(regs, state.machine.regs)) state.loadMachine({ ...state.machine, regs });
      state.setVaText(vaText(bookmark.va));
      state.setAccess(bookmark.access);
    },

    beginLoad: (busy) => {
      set({ busy, message: null });
      return ++loads;
    },
    isCurrent: (token) => token === loads,
    endLoad: (token) => {
      if (token === loads) set({ busy: null });
    },

    showMessage: (message) => set({ message }),
    setExamplesOpen: (examplesOpen) => set({ examplesOpen }),
  }));

  // Undo/redo across a load: bring back the text that went with the machine now shown.
  app.subscribe((state, previous) => {
    if (state.machine === previous.machine) return;
    if (metaOfMachine.has(state.machine)) {
      const open = metaOfMachine.get(state.machine) ?? null;
      if (open !== store.getState().open) store.setState({ open });
    }
  });

  return store;
}
