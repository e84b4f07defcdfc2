/**
 * Where the stepper is in the walk, as every view marks it: which of the walk's reads are done,
 * which one the current step is about, and the VA bits it uses. Derived from the store, memoised
 * on the walk, its steps and the step number, so a view that subscribes gets the same object until
 * the step or the walk changes.
 */
import type { PhysAddr } from "../../core/arch";
import type { VaBitRange, WalkStepView } from "../../core/teach";
import type { WalkResult } from "../../core/walk";
import { clampStep, memoByKeys, selectWalk, selectWalkSteps } from "../../store/selectors";
import type { PagewalkState } from "../../store/store";

export type StepState = "done" | "current" | "later";

export interface StepMarks {
  /** The current step, 1-based (kept within the walk). */
  readonly step: number;
  readonly count: number;
  readonly view: WalkStepView;
  /** How many of the walk's reads (`result.steps`) come before the current step. */
  readonly readsDone: number;
  /** The walk step (index into `result.steps`) the current step is about, or null. */
  readonly current: number | null;
  /** Tables to mark in the graph, top first: the reads done and the current one. */
  readonly tables: readonly PhysAddr[];
  /** The entry index used in each of `tables`. */
  readonly indices: readonly number[];
  readonly bits: readonly VaBitRange[];
}

function marksOf(result: WalkResult, steps: readonly WalkStepView[], n: number): StepMarks {
  const step = clampStep(n, steps.length);
  const view = steps[step - 1] as WalkStepView;
  const readsDone = steps.slice(0, step - 1).filter((s) => s.kind === "read").length;
  const focus = view.focus;
  // A read is about the next entry of the walk; a later step (PA, access, fault, A/D) about one
  // the walk read already (the leaf, or the level that decided).
  const current =
    focus === null
      ? null
      : view.kind === "read"
        ? readsDone
        : result.steps.findIndex((s) => s.level === focus.level && s.entryAddr === focus.entryAddr);
  const reached = Math.max(readsDone, current === null || current < 0 ? 0 : current + 1);
  const path = result.steps.slice(0, reached);
  return {
    step,
    count: steps.length,
    view,
    readsDone,
    current: current === null || current < 0 ? null : current,
    tables: path.map((s) => s.tableAddr),
    indices: path.map((s) => s.index),
    bits: view.bits,
  };
}

const marksMemo = memoByKeys(marksOf);

/** The stepper's marks, or null when the whole walk is shown. */
export function selectStepMarks(state: PagewalkState): StepMarks | null {
  const n = state.selection.step;
  if (n === null) return null;
  const result = selectWalk(state);
  const steps = selectWalkSteps(state);
  return marksMemo(result, steps, n);
}

/**
 * Whether the steps have reached the read of `level` (the level whose entry decided a fault), so
 * that the views may mark the fault: always when not stepping, else once that read is done or current.
 */
export function faultReached(marks: StepMarks | null, result: WalkResult, level: number): boolean {
  if (marks === null) return true;
  const k = result.steps.findIndex((s) => s.level === level);
  return k >= 0 && (k < marks.readsDone || k === marks.current);
}

/** How the walk card of `result.steps[k]` shows the current step. */
export function stepStateOf(marks: StepMarks, k: number): StepState {
  if (k === marks.current) return "current";
  return k < marks.readsDone ? "done" : "later";
}

/**
 * The level of the leaf the address bar cuts the VA for: a walk that maps a 2 MiB or 1 GiB page
 * uses no index below its leaf, and every bit under the leaf's index is the offset into the page.
 * While stepping, that shows only from the leaf's read on (the PS bit is what tells), so the
 * split step still shows an index for every level, as the processor starts out. 1 (a 4 KiB split)
 * otherwise.
 */
export function selectSplitLeafLevel(state: PagewalkState): 1 | 2 | 3 {
  const result = selectWalk(state);
  const t = result.translation;
  if (t.kind !== "mapped" || t.leafLevel === 1) return 1;
  const marks = selectStepMarks(state);
  return marks === null || marks.tables.length >= result.steps.length ? t.leafLevel : 1;
}
