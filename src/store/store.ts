/**
 * The Pagewalk store, the app's only one: the machine (an immutable value, see machine.ts), what
 * the open scenario says about it (`meta`, see openScenario.ts), the selection, the undo/redo
 * history, and the scenario slice's transient state (scenarioSlice.ts), with every action beside
 * the state it changes (zustand's own guidance).
 *
 * The unit of undo is a snapshot `{machine, meta}`: each change of either is one step that pushes
 * the previous snapshot on `past`, so undoing an opened scenario brings back the previous machine
 * and its title together. A machine change forks the current machine into a draft and applies
 * itself; a failed or no-op change pushes nothing. The selection and the transient state are not
 * part of undo. Derived data (the walk, the graph, the scenario to share) lives in selectors.ts,
 * never here.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import {
  formatPhysAddr,
  encodeEntry,
  toggleBit,
  withAddress,
  MAX_MAXPHYADDR,
  MIN_MAXPHYADDR,
  pagingMode,
  cr3Pcid,
  setsPcideOverPcidBits,
  type Level,
  type PageSize,
  type PhysAddr,
  type VirtAddr,
  type Access,
  type EntryFlags,
  type Registers,
} from "../core/arch";
import { AddressSpace, type MapRequest, type UnmapOutcome } from "../core/space";
import { FRAME_SIZE, Ram } from "../core/memory";
import { err, formatHex, ok, type CoreError, type Result } from "../core/common";
import { accessedDirtyWrites, walk, type EntryWrite } from "../core/walk";
import { machineFromScenario, presetById, scenarioRoots } from "../core/scenario";
import {
  adoptMachine,
  grantUpperRights,
  MachineDraft,
  mapOn,
  type Machine,
  type UpperRightsChange,
} from "../core/machine";
import { chooseEntry, followWalk, walkInputsChanged } from "./followWalk";
import { pushed } from "./history";
import { openScenarioOf, type OpenScenario } from "./openScenario";
import { selectWalk, selectOutcomeHidden } from "./selectors";
import {
  createScenarioActions,
  INITIAL_SCENARIO_UI,
  selectionOfScenario,
  type ScenarioActions,
  type ScenarioUiState,
} from "./scenarioSlice";
import { withVaText, type Selection, type TableRef } from "./selection";
import {
  createPredictActions,
  INITIAL_PREDICT_UI,
  type PredictActions,
  type PredictUiState,
} from "./predictSlice";
import { createStepActions, type StepActions } from "./stepActions";
import {
  createDisplayActions,
  READ_ONLY_MESSAGE,
  type DisplayActions,
  type DisplayUiState,
} from "./displaySlice";
import {
  createMappingsActions,
  INITIAL_MAPPINGS_UI,
  type MappingsActions,
  type MappingsUiState,
} from "./mappingsSlice";
import { keepStepOnWalk } from "./stepState";
import { memoryTypeResolver, type MemoryTypeSettings } from "../core/memtype";
import { createTlbActions, initialTlbUi, tlbUiWithTrace, type TlbActions, type TlbUiState } from "./tlbSlice";
import { createLessonActions, type LessonActions } from "./lessonSlice";
import { createAuthoringActions, type AuthoringActions } from "./authoringSlice";

export { HISTORY_LIMIT } from "./history";

/** Registers a view may set directly (CR3 and MAXPHYADDR have their own checked actions). */
export type FlagRegister = "cr0" | "cr4" | "efer" | "pkru" | "rflags";

export interface MachineActions {
  /** Flips bit `bit` (0–63) of the entry at `entryAddr`. */
  toggleEntryBit: (entryAddr: PhysAddr, bit: number) => Result<void>;
  /** Writes a whole 64-bit entry. */
  writeEntryRaw: (entryAddr: PhysAddr, value: bigint) => Result<void>;
  /** Replaces the address field (bits 51:12) of an entry, keeping its flags. */
  setEntryAddress: (entryAddr: PhysAddr, address: number) => Result<void>;
  /**
   * Takes a zeroed frame from the allocator for a new table. With `link`, also points that entry
   * (at `level`) to the new table with `flags` (default P, R/W, U/S). Returns the table's address.
   */
  allocateTable: (link?: { entryAddr: PhysAddr; level: Level; flags?: EntryFlags }) => Result<PhysAddr>;
  /**
   * Maps one page in the address space rooted at CR3 (intermediate tables from the allocator). With
   * `grantUpperRights`, the upper entries of its walk also get the U/S, R/W (and XD = 0) its leaf
   * flags ask for, in the same undoable step (the Map form's fix-up, core/machine map-check.ts).
   */
  map: (
    request: MapRequest,
    options?: { grantUpperRights?: boolean },
  ) => Result<{ readonly upperChanges: readonly UpperRightsChange[] }>;
  /**
   * Unmaps one page of `size` at `va`; with `split`, a bigger page around it is split first. Empty
   * tables that another root of the open scenario (a process, a bookmark's CR3) or another entry
   * still reaches are kept, and the outcome says which and why.
   */
  unmap: (va: VirtAddr, size: PageSize, options?: { split?: boolean }) => Result<UnmapOutcome>;
  /** Loads CR3 (top-level table address plus PWT/PCD or PCID bits). */
  setCr3: (value: number) => Result<void>;
  setRegister: (name: FlagRegister, value: number) => void;
  /**
   * Flips the bits of `mask` in a register (a control-bit toggle). Refused, changing nothing, where
   * the CPU would refuse the MOV: CR4.PCIDE turned on while CR3 bits 11:0 are not 0.
   */
  toggleRegisterBits: (name: FlagRegister, mask: number) => Result<void>;
  setMaxPhyAddr: (bits: number) => Result<void>;
  setAccessedDirty: (on: boolean) => void;
  /** Sets IA32_PAT and the MTRRs (one undoable step); a reserved PAT encoding is refused with its message. */
  setMemoryTypes: (settings: MemoryTypeSettings) => Result<void>;
  /**
   * Replaces the whole machine as one undoable step, keeping the open scenario's text (opening a
   * scenario, which replaces both, is `loadScenario`). An entry named in `selection` is the
   * caller's choice: pinned unless it decides the new walk.
   */
  loadMachine: (machine: Machine, selection?: Partial<Selection>) => void;
  /**
   * Performs the selected access: when "walk sets A/D" is on, writes the accessed/dirty bits the
   * processor would set (one undoable step). Returns the writes made (none when the setting is off).
   */
  walkAccess: () => EntryWrite[];
  undo: () => void;
  redo: () => void;
}

export interface SelectionActions {
  setVaText: (text: string) => void;
  setAccess: (access: Access) => void;
  selectTable: (table: TableRef | null) => void;
  selectEntry: (index: number | null) => void;
  /** Selects a table and one of its entries at once (a click on a walk step). */
  selectEntryOf: (table: TableRef, index: number) => void;
  /**
   * Releases a pinned selection: it jumps to the entry that decided the walk and follows the walk
   * again (the inspector's "Follow the walk" button). Choosing another entry pins it; see followWalk.ts.
   */
  followTheWalk: () => void;
}

/** One unit of undo/redo: a machine and the open scenario's text that goes with it. */
export interface Snapshot {
  readonly machine: Machine;
  /** The open scenario's text, registers and source; null when no scenario is open (first load). */
  readonly meta: OpenScenario | null;
}

export interface PagewalkState
  extends
    Snapshot,
    ScenarioUiState,
    PredictUiState,
    DisplayUiState,
    MappingsUiState,
    TlbUiState,
    MachineActions,
    SelectionActions,
    ScenarioActions,
    PredictActions,
    StepActions,
    DisplayActions,
    MappingsActions,
    TlbActions,
    LessonActions,
    AuthoringActions {
  readonly selection: Selection;
  /** Older snapshots, most recent last. */
  readonly past: readonly Snapshot[];
  /** Undone snapshots, next redo last. */
  readonly future: readonly Snapshot[];
}

export type PagewalkStore = StoreApi<PagewalkState>;

export interface InitialState {
  readonly machine: Machine;
  readonly selection: Selection;
  readonly meta?: OpenScenario | null;
}

/** How the page is shown (displaySlice.ts); both off unless given. */
export interface StoreOptions {
  /** Refuse every edit for the store's whole life (a read-only embed). */
  readonly readOnly?: boolean;
  readonly presenting?: boolean;
}

/**
 * The first-load state: the worked example of "Writing an OS in Rust", opened exactly as the
 * Examples menu opens it (its title, bookmarks and labels shown), the selection on the entry that
 * decided its walk.
 */
function defaultInitialState(): InitialState {
  const build = presetById("worked-example")?.build;
  if (!build) throw new Error("the worked-example preset is missing");
  const state = build();
  const machine = machineFromScenario(state);
  return {
    machine,
    meta: openScenarioOf(state, "example"),
    selection: selectionOfScenario(state, "example", machine),
  };
}

function entryFrameCheck(ram: Ram, entryAddr: PhysAddr): CoreError | null {
  if (entryAddr % 8 !== 0)
    return {
      kind: "misaligned",
      message: `Entry address ${formatPhysAddr(entryAddr)} is not 8-byte aligned.`,
    };
  if (ram.readFrame(Math.floor(entryAddr / FRAME_SIZE)) === null) {
    return { kind: "outside-memory", message: `Entry address ${formatPhysAddr(entryAddr)} is outside RAM.` };
  }
  return null;
}

/**
 * `partial` with the selection moved to the entry that decided the walk, when the change touches
 * what the walk depends on (machine, VA, access) and the selection is not pinned.
 */
function followingSelection(state: PagewalkState, partial: Partial<PagewalkState>): Partial<PagewalkState> {
  const next = { ...state, ...partial };
  // While "Predict" hides the outcome, moving to the deciding entry would give it away; while a
  // step of the walk is shown, the step's entry is the one to show (stepState.ts).
  if (
    next.selection.pinned ||
    next.selection.step !== null ||
    !walkInputsChanged(state, next) ||
    selectOutcomeHidden(next)
  )
    return partial;
  const selection = followWalk(next.selection, selectWalk(next));
  return selection === next.selection ? partial : { ...partial, selection };
}

export function createPagewalkStore(
  initial: InitialState = defaultInitialState(),
  options: StoreOptions = {},
): PagewalkStore {
  const readOnly = options.readOnly === true;
  return createStore<PagewalkState>()((set0, get) => {
    // Every change passes here, so arena garbage is collected in one place, and an unpinned
    // selection follows the walk whatever moved it (an edit, undo, a new VA or access, a scenario).
    const set = (partial: Partial<PagewalkState>): void => {
      // The selection follows the walk, or the stepper's step while one is shown (stepState.ts).
      const current = get();
      set0(keepStepOnWalk(current, followingSelection(current, partial)));
      if (partial.machine !== undefined || partial.past !== undefined) {
        const { machine, past, future } = get();
        // Frees RAM frames no state can reach any more (states that fell off the 200-step history,
        // redo branches that were cut, drafts of failed changes); rare, see Ram.collectGarbage.
        const live = [machine, ...past.map((s) => s.machine), ...future.map((s) => s.machine)];
        Ram.collectGarbage(live.map((m) => m.ram));
      }
    };
    /** Read-only: says why nothing changed, and gives the caller the same words as an error. */
    const refuseEdit = (): Result<never> => {
      set({ message: { kind: "error", text: READ_ONLY_MESSAGE } });
      return err("read-only", READ_ONLY_MESSAGE);
    };
    /**
     * Undo or Redo across the opening of a scenario brings back that scenario's access trace (the
     * box held the other one's); within one scenario the trace as typed stays.
     */
    const traceOnReturn = (from: OpenScenario | null, to: Snapshot): Partial<PagewalkState> =>
      from?.openedTrace === to.meta?.openedTrace
        ? {}
        : tlbUiWithTrace(get().tlbUi, to.meta?.openedTrace, to.machine);
    /**
     * Makes `next` the present as one history step, with `also` (state outside undo) in the same
     * update. When `next` is the present already, nothing happens, `also` included. Read-only
     * refuses every step but opening a scenario (following a link is reading, not editing).
     */
    const step = (
      next: Snapshot,
      also: Partial<PagewalkState> = {},
      options: { evenReadOnly?: boolean } = {},
    ): void => {
      const { machine, meta, past } = get();
      if (next.machine === machine && next.meta === meta) return;
      if (readOnly && options.evenReadOnly !== true) {
        refuseEdit();
        return;
      }
      set({
        ...also,
        machine: next.machine,
        meta: next.meta,
        past: pushed(past, { machine, meta }),
        future: [],
      });
    };
    /**
     * Runs `change` on a draft of the current machine and commits the result as one history step.
     * Nothing is committed when `change` fails or leaves the machine as it was.
     */
    function commit<T>(change: (draft: MachineDraft) => Result<T>): Result<T> {
      if (readOnly) return refuseEdit();
      const { machine, meta } = get();
      const draft = new MachineDraft(machine);
      const result = change(draft);
      if (!result.ok) return result;
      step({ machine: draft.finish(), meta });
      return result;
    }

    function writeEntry(
      draft: MachineDraft,
      entryAddr: PhysAddr,
      next: (current: bigint) => bigint,
    ): Result<void> {
      const bad = entryFrameCheck(draft.readRam, entryAddr);
      if (bad) return { ok: false, error: bad };
      const current = draft.readRam.readEntry(entryAddr);
      const value = next(current);
      if (value !== current) draft.ram.writeEntry(entryAddr, value);
      return ok(undefined);
    }

    /** The user's own choice of entry: pinned unless it is the entry that decided the walk. */
    const choose = (table: TableRef | null, index: number | null): void => {
      const state = get();
      set({ selection: chooseEntry(state.selection, table, index, selectWalk(state)) });
    };

    const setRegs = (change: (regs: Registers) => Registers): Result<void> =>
      commit((draft) => {
        const regs = change(draft.regs);
        const same = (Object.keys(regs) as (keyof Registers)[]).every((k) => regs[k] === draft.regs[k]);
        if (!same) draft.regs = regs;
        return ok(undefined);
      });

    return {
      machine: initial.machine,
      meta: initial.meta ?? null,
      selection: initial.selection,
      past: [],
      future: [],
      ...INITIAL_SCENARIO_UI,
      ...INITIAL_PREDICT_UI,
      presenting: options.presenting === true,
      readOnly,
      ...INITIAL_MAPPINGS_UI,
      ...initialTlbUi(initial.machine),

      toggleEntryBit: (entryAddr, bit) => {
        if (!(Number.isInteger(bit) && bit >= 0 && bit < 64))
          return err("bad-bit", `Bit ${bit} is not 0–63.`);
        return commit((draft) => writeEntry(draft, entryAddr, (raw) => toggleBit(raw, bit)));
      },

      writeEntryRaw: (entryAddr, value) => {
        if (value < 0n || value >= 1n << 64n) return err("too-large", "An entry is 64 bits.");
        return commit((draft) => writeEntry(draft, entryAddr, () => value));
      },

      setEntryAddress: (entryAddr, address) => {
        if (!Number.isSafeInteger(address) || address < 0 || address >= 2 ** 52) {
          return err(
            "too-large",
            `Address ${formatPhysAddr(Math.max(0, address))} does not fit the 52-bit address field.`,
          );
        }
        if (address % FRAME_SIZE !== 0) {
          return err(
            "misaligned",
            `Address ${formatPhysAddr(address)} is not 4 KiB aligned (bits 11:0 hold flags).`,
          );
        }
        return commit((draft) => writeEntry(draft, entryAddr, (raw) => withAddress(raw, address)));
      },

      allocateTable: (link) =>
        commit((draft) => {
          if (link) {
            const bad = entryFrameCheck(draft.readRam, link.entryAddr);
            if (bad) return { ok: false, error: bad };
            if (link.level === 1)
              return err("leaf-level", "A PT entry maps a page; it cannot point to a table.");
          }
          const frame = draft.alloc.alloc(draft.ram);
          if (!frame.ok) return frame;
          if (link) {
            const flags = link.flags ?? { writable: true, user: true };
            draft.ram.writeEntry(link.entryAddr, encodeEntry(link.level, frame.value, flags, false));
          }
          return ok(frame.value);
        }),

      map: (request, options) =>
        commit((draft) => {
          const mapped = mapOn(draft, request);
          if (!mapped.ok) return mapped;
          return ok({ upperChanges: options?.grantUpperRights ? grantUpperRights(draft, request) : [] });
        }),

      unmap: (va, size, options) =>
        commit((draft) => {
          const mode = pagingMode(draft.regs);
          // Every address space the scenario knows, so that no table one of them reaches is freed.
          const meta = get().meta;
          const roots = meta ? scenarioRoots(meta.registers, meta) : [];
          const space = new AddressSpace(draft.ram, draft.alloc, mode.root, mode.levels, roots);
          return space.unmap(va, size, options);
        }),

      setCr3: (value) => {
        const { maxPhyAddr } = get().machine.regs;
        if (!Number.isSafeInteger(value) || value < 0)
          return err("malformed", "CR3 must be a non-negative integer.");
        if (value >= 2 ** maxPhyAddr) {
          return err(
            "too-large",
            `CR3 ${formatPhysAddr(value)} points above MAXPHYADDR (${maxPhyAddr} bits).`,
          );
        }
        return setRegs((regs) => ({ ...regs, cr3: value }));
      },

      setRegister: (name, value) => void setRegs((regs) => ({ ...regs, [name]: value >>> 0 })),

      toggleRegisterBits: (name, mask) => {
        const { cr3, cr4 } = get().machine.regs;
        if (name === "cr4" && setsPcideOverPcidBits(cr4, (cr4 ^ mask) >>> 0, cr3))
          return err(
            "pcid-bits-set",
            `CR4.PCIDE can be turned on only while CR3 bits 11:0 are 0 (a MOV to CR4 would be a #GP, SDM vol. 3A §4.10.1); they are ${formatHex(cr3Pcid(cr3))}: clear them in CR3 first.`,
          );
        return setRegs((regs) => ({ ...regs, [name]: (regs[name] ^ mask) >>> 0 }));
      },

      setMaxPhyAddr: (bits) => {
        if (!Number.isInteger(bits) || bits < MIN_MAXPHYADDR || bits > MAX_MAXPHYADDR) {
          return err("out-of-range", `MAXPHYADDR must be between ${MIN_MAXPHYADDR} and ${MAX_MAXPHYADDR}.`);
        }
        // CR3 is held to MAXPHYADDR as a MOV to CR3 is (setCr3): a narrower width must still hold it.
        const { cr3 } = get().machine.regs;
        if (cr3 >= 2 ** bits)
          return err(
            "cr3-above",
            `CR3 ${formatPhysAddr(cr3)} needs more than ${bits} bits: change CR3 first.`,
          );
        return setRegs((regs) => ({ ...regs, maxPhyAddr: bits }));
      },

      setAccessedDirty: (on) =>
        void commit((draft) => {
          draft.setAccessedDirty = on;
          return ok(undefined);
        }),

      setMemoryTypes: (settings) =>
        commit((draft) => {
          const checked = memoryTypeResolver(settings);
          if (!checked.ok) return checked;
          draft.memoryTypes = settings;
          return ok(undefined);
        }),
      loadMachine: (machine, selection) => {
        if (readOnly) {
          refuseEdit();
          return;
        }
        const adopted = adoptMachine(machine);
        let next: Selection = { ...get().selection, ...selection };
        // An entry the caller names is its choice: pinned unless it decides the new walk.
        if (selection?.table !== undefined || selection?.entryIndex !== undefined) {
          const result = walk(adopted.ram, adopted.regs, next.va, next.access);
          next = chooseEntry(next, next.table, next.entryIndex, result);
        }
        step({ machine: adopted, meta: get().meta }, { selection: next });
      },

      walkAccess: () => {
        const { machine, selection } = get();
        if (!machine.setAccessedDirty || readOnly) return [];
        const writes = accessedDirtyWrites(walk(machine.ram, machine.regs, selection.va, selection.access));
        if (writes.length === 0) return [];
        commit((draft) => {
          for (const w of writes) draft.ram.writeEntry(w.entryAddr, w.after);
          return ok(undefined);
        });
        return writes;
      },

      undo: () => {
        if (readOnly) return;
        const { past, future, machine, meta } = get();
        const previous = past[past.length - 1];
        if (!previous) return;
        set({
          ...previous,
          ...traceOnReturn(meta, previous),
          past: past.slice(0, -1),
          future: [...future, { machine, meta }],
        });
      },

      redo: () => {
        if (readOnly) return;
        const { past, future, machine, meta } = get();
        const next = future[future.length - 1];
        if (!next) return;
        set({
          ...next,
          ...traceOnReturn(meta, next),
          past: [...past, { machine, meta }],
          future: future.slice(0, -1),
        });
      },

      setVaText: (text) => set({ selection: withVaText(get().selection, text) }),

      setAccess: (access) => {
        const current = get().selection.access;
        if (current.op === access.op && current.mode === access.mode) return;
        set({ selection: { ...get().selection, access } });
      },

      selectTable: (table) => choose(table, null),

      selectEntry: (index) => {
        if (index !== null && !(Number.isInteger(index) && index >= 0 && index < 512)) return;
        choose(get().selection.table, index);
      },

      selectEntryOf: (table, index) => {
        if (!(Number.isInteger(index) && index >= 0 && index < 512)) return;
        choose(table, index);
      },

      followTheWalk: () => {
        const state = get();
        set({ selection: followWalk({ ...state.selection, pinned: false }, selectWalk(state)) });
      },

      ...createScenarioActions({ get, set, step, refuseEdit }),
      ...createPredictActions({ get, set }),
      ...createStepActions({ get, set }),
      ...createDisplayActions({ get, set }),
      ...createMappingsActions({ get, set }),
      ...createTlbActions({ get, set }),
      ...createLessonActions({ get, step, refuseEdit }),
      ...createAuthoringActions({ get, step, refuseEdit }),
    };
  });
}
