import { memo } from "react";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { SwitchButton } from "../SwitchButton";

/** The "Model the TLB" switch: accesses go through the current CPU's TLB, and the TLB panel opens. */
export const TlbSwitch = memo(function TlbSwitch() {
  const on = usePagewalk((s) => s.tlbUi.on);
  return (
    <SwitchButton
      on={on}
      label="Model the TLB"
      title="Send accesses through a model of the TLB (SDM vol. 3A §4.10)"
      onToggle={actions.setTlbModel}
    />
  );
});
