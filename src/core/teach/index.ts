/**
 * Teaching on top of the walk: the walk as a sequence of steps a learner moves through one memory
 * reference at a time (walk-steps.ts), and the check of a learner's prediction of an outcome with
 * feedback that names what was wrong (prediction.ts).
 */
export { faultField } from "./fault-field";
export { bitRangeText, indexBits } from "./step-format";
export {
  checkPrediction,
  parsePrediction,
  predictionAnswer,
  type Prediction,
  type PredictionCheck,
  type PredictionForm,
} from "./prediction";
export type { StepFocus, VaBitRange, WalkStepKind, WalkStepView } from "./step-types";
export { walkSteps, type WalkStepsOptions } from "./walk-steps";
