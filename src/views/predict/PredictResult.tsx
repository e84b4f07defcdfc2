import { predictionAnswer } from "../../core/teach";
import { selectWalk } from "../../store/selectors";
import { usePagewalk } from "../../store/usePagewalk";
import { FeedbackList } from "./FeedbackList";
import { selectPredictionCheck } from "../../store/selectors";

/** After the outcome is revealed in prediction mode: whether the learner was right, and the answer. */
export function PredictResult() {
  const on = usePagewalk((s) => s.predict.on);
  const check = usePagewalk(selectPredictionCheck);
  const walk = usePagewalk(selectWalk);
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
    </div>
  );
}
