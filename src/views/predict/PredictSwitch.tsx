import { actions, usePagewalk } from "../../store/usePagewalk";

/** The "Predict" switch: hides the walk's outcome until the learner has predicted it. */
export function PredictSwitch() {
  const on = usePagewalk((s) => s.predict.on);
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      className={`switch${on ? " on" : ""}`}
      title="Hide the outcome until you predict it"
      onClick={() => actions.setPredict(!on)}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      Predict
    </button>
  );
}
