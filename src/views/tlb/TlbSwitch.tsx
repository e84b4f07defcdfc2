import { actions, usePagewalk } from "../../store/usePagewalk";

/** The "Model the TLB" switch: accesses go through the current CPU's TLB, and the TLB panel opens. */
export function TlbSwitch() {
  const on = usePagewalk((s) => s.tlbUi.on);
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      className={`switch${on ? " on" : ""}`}
      title="Send accesses through a model of the TLB (SDM vol. 3A §4.10)"
      onClick={() => actions.setTlbModel(!on)}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      Model the TLB
    </button>
  );
}
