import { memo } from "react";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { SwitchButton } from "../SwitchButton";

/** The "Predict" switch: hides the walk's outcome until the learner has predicted it. */
export const PredictSwitch = memo(function PredictSwitch() {
  const on = usePagewalk((s) => s.predict.on);
  return (
    <SwitchButton
      on={on}
      label="Predict"
      title="Hide the outcome until you predict it"
      onToggle={actions.setPredict}
    />
  );
});
