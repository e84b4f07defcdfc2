/**
 * The walk stepper's actions (issue 11 §1): show one step of the walk, move by one, jump to the
 * first or last step, or go back to the whole walk. The step is part of the selection (not of
 * undo); moving to a step selects its entry for the table view and the inspector. While "Predict"
 * hides the outcome, there is nothing to step through.
 */
import { selectOutcomeHidden, selectWalkSteps } from "./selectors";
import { selectionAtStep } from "./stepState";
import type { PagewalkState } from "./store";

export interface StepActions {
  /** Shows step `n` (1-based, kept within the walk), or the whole walk with null. */
  setStep: (n: number | null) => void;
  /** Moves one step forward (+1) or back (-1), staying within the walk; +1 from the whole walk starts at step 1. */
  stepBy: (delta: 1 | -1) => void;
  firstStep: () => void;
  lastStep: () => void;
}

export interface StepContext {
  readonly get: () => PagewalkState;
  readonly set: (partial: Partial<PagewalkState>) => void;
}

export function createStepActions({ get, set }: StepContext): StepActions {
  const go = (n: number | null): void => {
    const state = get();
    // While "Predict" hides the outcome there are no steps to show (they would give it away).
    if (n !== null && (!Number.isFinite(n) || selectOutcomeHidden(state))) return;
    const selection = selectionAtStep(state.selection, selectWalkSteps(state), n);
    if (selection !== state.selection) set({ selection });
  };
  return {
    setStep: go,
    stepBy: (delta) => {
      const current = get().selection.step;
      if (current === null) {
        if (delta > 0) go(1);
        return;
      }
      go(current + delta);
    },
    firstStep: () => go(1),
    lastStep: () => go(selectWalkSteps(get()).length),
  };
}
