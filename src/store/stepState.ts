/**
 * The walk stepper's part of the selection: the step stays inside the walk it belongs to, and the
 * table view and inspector show the step's entry. Two pure functions, used by the step actions
 * (stepActions.ts) and by the store's one `set` (store.ts), so that every change that alters the
 * walk — a new VA or access, a machine edit, undo, an opened scenario — keeps the step valid.
 */
import type { StepFocus, WalkStepView } from "../core/teach";
import { clampStep, selectOutcomeHidden, selectWalkSteps } from "./selectors";
import type { Selection } from "./selection";
import type { PagewalkState } from "./store";

const focusAt = (steps: readonly WalkStepView[], n: number): StepFocus | null =>
  steps[clampStep(n, steps.length) - 1]?.focus ?? null;

const sameFocus = (a: StepFocus | null, b: StepFocus | null): boolean =>
  a === b ||
  (a !== null && b !== null && a.tableAddr === b.tableAddr && a.level === b.level && a.index === b.index);

/**
 * The selection showing step `n` of `steps` (clamped), or the whole walk (null): a step with an
 * entry selects that table and entry (not pinned: the stepper chose it, and once the learner leaves
 * the steps the selection follows the walk again); a step without one (the split, #GP) leaves the
 * selection.
 */
export function selectionAtStep(
  selection: Selection,
  steps: readonly WalkStepView[],
  n: number | null,
): Selection {
  if (n === null) return selection.step === null ? selection : { ...selection, step: null };
  const step = clampStep(n, steps.length);
  const focus = focusAt(steps, step);
  if (focus === null) return selection.step === step ? selection : { ...selection, step };
  return {
    ...selection,
    step,
    table: { addr: focus.tableAddr, level: focus.level },
    entryIndex: focus.index,
    pinned: false,
  };
}

/**
 * `partial` as it must be applied to `current` so that the step stays on the walk: clamped to the
 * new walk's last step, and on its entry when the step or that entry changed. An entry the learner
 * chose while stepping stays selected as long as the step's own entry is the same.
 */
export function keepStepOnWalk(
  current: PagewalkState,
  partial: Partial<PagewalkState>,
): Partial<PagewalkState> {
  const selection = partial.selection ?? current.selection;
  if (selection.step === null) return partial;
  // The current walk's steps first: the one-walk memo then keeps the new walk's (read by the
  // Predict check just below and by the views).
  const before = current.selection.step;
  const beforeFocus = before === null ? null : focusAt(selectWalkSteps(current), before);
  // "Predict" hides the outcome of a new question: the steps would give it away, so stepping ends.
  if (selectOutcomeHidden({ ...current, ...partial }))
    return { ...partial, selection: { ...selection, step: null } };
  const steps = selectWalkSteps({ ...current, ...partial });
  const step = clampStep(selection.step, steps.length);
  // The same step: follow its entry only if the walk moved it (the learner's own choice stays).
  if (before === step && step === selection.step && sameFocus(beforeFocus, focusAt(steps, step)))
    return partial;
  const kept = selectionAtStep(selection, steps, step);
  return kept === selection ? partial : { ...partial, selection: kept };
}
