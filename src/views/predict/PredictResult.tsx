import { memo } from "react";
import { predictionAnswer } from "../../core/teach";
import { selectPredictionCheck, selectWalk } from "../../store/selectors";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { FeedbackList } from "./FeedbackList";

/**
 * After the outcome is revealed in prediction mode: whether the learner was right, the answer, and
 * the stepper offered to see how the walk gets there.
 */
export const PredictResult = memo(function PredictResult() {
  const on = usePagewalk((s) => s.predict.on);
  const check = usePagewalk(selectPredictionCheck);
  const walk = usePagewalk(selectWalk);
  const stepping = usePagewalk((s) => s.selection.step !== null);
  if (!on) return null;
  return (
    <div className={`predict-result${check?.correct ? " right" : ""}`}>
      {check?.correct ? (
        <p className="predict-verdict">
          <strong>Right.</strong> {check.answer}
        </p>
      ) : (
        <>
          <p className="predict-verdict">
            <strong>The answer:</strong> {predictionAnswer(walk)}
          </p>
          {check && check.feedback.length > 0 ? (
            <FeedbackList lead="What your prediction missed:" lines={check.feedback} />
          ) : null}
        </>
      )}
      {stepping ? null : (
        <button type="button" className="small" onClick={() => actions.setStep(1)}>
          Step through this walk
        </button>
      )}
    </div>
  );
});
