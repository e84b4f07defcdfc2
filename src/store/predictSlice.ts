/**
 * Predict, then reveal (the "Predict" switch): while it is on, the walk's outcome stays hidden until
 * the learner has said what the access will do and the core has checked it (core/teach). A new
 * question — another VA, access or machine — hides the outcome again.
 *
 * The slice keys what it knows to the walk it was about (the memoised result object of
 * `selectWalk`): any change that gives another walk is a new question, without every action having
 * to reset it. Not part of undo.
 */
import type { Result } from "../core/common";
import { checkPrediction, parsePrediction, type PredictionCheck, type PredictionForm } from "../core/teach";
import type { WalkResult } from "../core/walk";
import { followWalk } from "./followWalk";
import { selectWalk } from "./selectors";
import type { PagewalkState } from "./store";

export interface PredictState {
  readonly on: boolean;
  /** The walk whose outcome is shown (answered right, or revealed); any other walk is hidden. */
  readonly revealedFor: WalkResult | null;
  /** The last check and the walk it was about (feedback for another walk is stale and not shown). */
  readonly last: { readonly walk: WalkResult; readonly check: PredictionCheck } | null;
}

export interface PredictUiState {
  readonly predict: PredictState;
}

export const INITIAL_PREDICT_UI: PredictUiState = {
  predict: { on: false, revealedFor: null, last: null },
};

export interface PredictActions {
  /** Turns prediction mode on or off (turning it on hides the current outcome). */
  setPredict: (on: boolean) => void;
  /** Checks the learner's prediction of the current walk; a right one reveals the outcome. */
  submitPrediction: (form: PredictionForm) => Result<PredictionCheck>;
  /** Shows the current walk's outcome without a right answer. */
  revealOutcome: () => void;
}

interface SliceContext {
  readonly get: () => PagewalkState;
  readonly set: (partial: Partial<PagewalkState>) => void;
}

export function createPredictActions({ get, set }: SliceContext): PredictActions {
  const update = (change: Partial<PredictState>): void => set({ predict: { ...get().predict, ...change } });
  return {
    setPredict: (on) => {
      if (get().predict.on === on) return;
      update({ on, revealedFor: null, last: null });
    },
    submitPrediction: (form) => {
      const state = get();
      const parsed = parsePrediction(form, state.machine.regs.maxPhyAddr);
      if (!parsed.ok) return parsed;
      const walk = selectWalk(state);
      const check = checkPrediction(state.machine.ram, state.machine.regs, walk, parsed.value);
      if (!check.correct) {
        update({ last: { walk, check } });
        return { ok: true, value: check };
      }
      set({
        predict: { ...state.predict, last: { walk, check }, revealedFor: walk },
        selection: followWalk(state.selection, walk),
      });
      return { ok: true, value: check };
    },
    revealOutcome: () => {
      const state = get();
      const walk = selectWalk(state);
      // Shown now: the inspector may move to the entry that decided it (it did not follow while hidden).
      set({ predict: { ...state.predict, revealedFor: walk }, selection: followWalk(state.selection, walk) });
    },
  };
}
