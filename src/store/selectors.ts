/**
 * Derived data, computed from the state and never stored (DESIGN §1). Each selector remembers its
 * last inputs by identity: a machine state is an immutable value, so "same RAM object, same
 * registers object, same VA, same access object" means "same answer", and every view that asks for
 * the walk during one render shares one computation.
 */
import { parseTrace, tlbLookupStep, type AccessOutcome } from "../core/tlb";
import { selectTlbProbe } from "./tlbSelectors";
import { pagingMode, type PagingLevels, type PhysAddr, type PagingMode, type Registers } from "../core/arch";
import { FRAME_SIZE, type Ram } from "../core/memory";
import { buildTableGraph, TableScanCache, type TableGraph } from "../core/inspect";
import { describeOutcome, walk, type WalkResult } from "../core/walk";
import type { Machine } from "../core/machine";
import { walkSteps, type WalkStepView } from "../core/teach";
import {
  LIMITS,
  allocatorWithoutLiveTables,
  lessonScenarioAt,
  scenarioFromMachine,
  type ScenarioFrame,
  type ScenarioState,
} from "../core/scenario";
import { decidingEntry } from "./followWalk";
import type { PredictionCheck } from "../core/teach";
import type { OpenScenario } from "./openScenario";
import type { Selection } from "./selection";
import type { PagewalkState } from "./store";

/** Wraps `compute` so that it reruns only when one of the keys changes (compared with Object.is). */
export function memoByKeys<K extends readonly unknown[], R>(compute: (...keys: K) => R): (...keys: K) => R {
  let lastKeys: K | null = null;
  let lastValue: R;
  return (...keys: K): R => {
    if (
      lastKeys === null ||
      keys.length !== lastKeys.length ||
      keys.some((k, i) => !Object.is(k, (lastKeys as K)[i]))
    ) {
      lastValue = compute(...keys);
      lastKeys = keys;
    }
    return lastValue;
  };
}

const walkMemo = memoByKeys(walk);
const modeMemo = memoByKeys(pagingMode);
const outcomeMemo = memoByKeys(describeOutcome);

/** The traced walk of the selected VA for the selected access, memoised per (RAM, registers, VA, access). */
export function selectWalk(state: PagewalkState): WalkResult {
  return walkMemo(state.machine.ram, state.machine.regs, state.selection.va, state.selection.access);
}

const stepsMemo = memoByKeys((result: WalkResult, accessedDirty: boolean) =>
  walkSteps(result, { accessedDirty }),
);

const withLookupMemo = memoByKeys(
  (steps: readonly WalkStepView[], probe: AccessOutcome): readonly WalkStepView[] => [
    tlbLookupStep(probe),
    ...steps,
  ],
);

/**
 * The walk as the stepper's steps (with the A/D writes when "walk sets A/D" is on), memoised; with
 * "Model the TLB" on, the TLB lookup comes first.
 */
export function selectWalkSteps(state: PagewalkState): readonly WalkStepView[] {
  const steps = stepsMemo(selectWalk(state), state.machine.setAccessedDirty);
  const probe = selectTlbProbe(state);
  return probe === null ? steps : withLookupMemo(steps, probe);
}

/** How many steps the stepper has for the current walk. */
export function selectStepCount(state: PagewalkState): number {
  return selectWalkSteps(state).length;
}

/** `n` kept within 1…count (a walk has at least one step). */
export const clampStep = (n: number, count: number): number => Math.min(Math.max(Math.round(n), 1), count);

/** The stepper's current step (its number kept within the walk), or null when the whole walk is shown. */
export function selectCurrentStep(state: PagewalkState): WalkStepView | null {
  const n = state.selection.step;
  if (n === null) return null;
  const steps = selectWalkSteps(state);
  return steps[clampStep(n, steps.length) - 1] ?? null;
}

/** The outcome in one line, as the status region announces it. */
export function selectOutcomeText(state: PagewalkState): string {
  return outcomeMemo(selectWalk(state));
}

export function selectPagingMode(state: PagewalkState): PagingMode {
  return modeMemo(state.machine.regs);
}

export const selectCanUndo = (state: PagewalkState): boolean => state.past.length > 0;
export const selectCanRedo = (state: PagewalkState): boolean => state.future.length > 0;

/** Address of the selected entry, or null when no table or entry is selected. */
export function selectSelectedEntryAddr(state: PagewalkState): PhysAddr | null {
  const { table, entryIndex } = state.selection;
  return table === null || entryIndex === null ? null : ((table.addr + entryIndex * 8) as PhysAddr);
}

/** The 64-bit value at an entry address, or null when it lies outside RAM. A primitive: safe to subscribe to. */
export function readEntryOrNull(state: PagewalkState, entryAddr: PhysAddr | null): bigint | null {
  if (entryAddr === null) return null;
  const ram = state.machine.ram;
  if (ram.readFrame(Math.floor(entryAddr / FRAME_SIZE)) === null) return null;
  return ram.readEntry(entryAddr);
}

/** Scans of unchanged tables carry over from one machine state to the next (an edit rescans one). */
const scanCache = new TableScanCache();
const graphMemo = memoByKeys(
  (ram: Ram, root: PhysAddr, levels: PagingLevels, maxPhyAddr: number, nxe: boolean) =>
    buildTableGraph(ram, root, levels, { maxPhyAddr, nxe, cache: scanCache }),
);

/** Every table reachable from CR3, with leaves folded into runs; rebuilt only when RAM or paging mode change. */
export function selectTableGraph(state: PagewalkState): TableGraph {
  const mode = selectPagingMode(state);
  return graphMemo(state.machine.ram, mode.root, mode.levels, mode.maxPhyAddr, mode.nxe);
}

/** The path while the outcome is hidden: nothing highlighted. */
const NO_PATH: WalkPathTables = { tables: [], indices: [] };

export interface WalkPathTables {
  /** Table addresses the walk read, top level first. */
  readonly tables: readonly PhysAddr[];
  /** The entry index used in each of them. */
  readonly indices: readonly number[];
}

/**
 * Whether the views must hide the outcome of the current walk — PA, fault, error code, effective
 * permissions, and what gives them away (the walk's path and fault marks): "Predict" is on and the
 * learner has not yet answered this walk right or asked to see it (predictSlice.ts).
 */
export function selectOutcomeHidden(state: PagewalkState): boolean {
  return state.predict.on && state.predict.revealedFor !== selectWalk(state);
}

/** The last prediction check, when it is about the current walk (feedback for another walk is stale). */
export function selectPredictionCheck(state: PagewalkState): PredictionCheck | null {
  const last = state.predict.last;
  return last !== null && last.walk === selectWalk(state) ? last.check : null;
}

const pathMemo = memoByKeys((result: WalkResult): WalkPathTables => {
  // A fault ends the path at the entry that decided it: a permission denied at the PDPT is shown
  // there, not at the page the walk went on to read.
  const stop = result.verdict.ok ? null : decidingEntry(result);
  const steps =
    stop === null
      ? result.steps
      : result.steps.slice(0, result.steps.findIndex((s) => s.level === stop.table.level) + 1);
  return { tables: steps.map((s) => s.tableAddr), indices: steps.map((s) => s.index) };
});

/**
 * The walk's tables and indices up to the entry that faulted (all of them when the access
 * succeeds), stable between renders while the walk is the same (for highlighting).
 */
export function selectWalkPathTables(state: PagewalkState): WalkPathTables {
  return selectOutcomeHidden(state) ? NO_PATH : pathMemo(selectWalk(state));
}

const scenarioMemo = memoByKeys(
  (machine: Machine, selection: Selection, meta: OpenScenario | null, trace: string): ScenarioState => {
    const state = allocatorWithoutLiveTables(
      scenarioFromMachine(
        machine,
        {
          va: selection.va,
          access: selection.access,
          selection: selection.table ? { table: selection.table, entryIndex: selection.entryIndex } : null,
          ...(selection.step === null ? {} : { step: selection.step }),
        },
        meta ?? {},
      ),
    );
    // The access trace goes along when it is one a file or link accepts (the panel says why not).
    return shareableTrace(trace) ? { ...state, trace } : state;
  },
);

function shareableTrace(trace: string): boolean {
  return trace.trim() !== "" && trace.length <= LIMITS.traceLength && parseTrace(trace).ok;
}

/**
 * The current machine, view and scenario text as a scenario (what links and files carry). It reads
 * every frame of RAM, so it is remembered until the machine, the selection or the text change. An
 * entry the user pointed at a frame the allocator still offers makes that frame a table in use:
 * the scenario's allocator leaves it out, so that the file or link opens again (loading refuses an
 * allocator that offers a table in use).
 */
export function selectCurrentScenario(state: PagewalkState): ScenarioState {
  return lessonScenarioMemo(
    scenarioMemo(state.machine, state.selection, state.meta, state.tlbUi.trace),
    state.meta,
  );
}

/**
 * Whether a lesson is open and the machine shown is not the step's own (the learner edited inside
 * the step): those edits are not in a link or file (lessonScenarioMemo), and the share panel says so.
 * Reads every frame, so it is asked when a link is made, not at each render.
 */
export function selectLessonEditsLeftOut(state: PagewalkState): boolean {
  const run = state.meta?.lessonRun;
  if (!state.meta?.lesson || !run) return false;
  const current = scenarioMemo(state.machine, state.selection, state.meta, state.tlbUi.trace);
  const step = lessonScenarioAt({ ...run.base, lesson: state.meta.lesson }, run.at);
  return (
    current.ramBytes !== step.ramBytes ||
    (Object.keys(step.registers) as (keyof Registers)[]).some(
      (name) => current.registers[name] !== step.registers[name],
    ) ||
    !sameFrames(current.frames, step.frames)
  );
}

function sameFrames(a: readonly ScenarioFrame[], b: readonly ScenarioFrame[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((frame, i) => {
    const other = b[i];
    if (!other || other.addr !== frame.addr || other.entries.length !== frame.entries.length) return false;
    return frame.entries.every(([index, value], j) => {
      const e = other.entries[j];
      return e !== undefined && e[0] === index && e[1] === value;
    });
  });
}

/**
 * With a lesson open, what is shared is the lesson: the machine it starts from, its steps and the
 * step shown, with the current view and text (lessonSlice.ts). Edits made inside a step that were
 * not recorded as a step are the learner's own and are not carried.
 */
const lessonScenarioMemo = memoByKeys((current: ScenarioState, meta: OpenScenario | null): ScenarioState => {
  const run = meta?.lessonRun;
  if (!meta?.lesson || !run) return current;
  const { base } = run;
  return allocatorWithoutLiveTables({
    ...current,
    registers: base.registers,
    ramBytes: base.ramBytes,
    frames: base.frames,
    allocator: base.allocator,
    setAccessedDirty: base.setAccessedDirty,
    lesson: meta.lesson,
    lessonStep: run.at,
  });
});
