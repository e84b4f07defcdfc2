import { memo, useId } from "react";
import type { AccessMode, AccessOp } from "../core/arch";
import { actions, usePagewalk } from "../store/usePagewalk";

const OPS: readonly { value: AccessOp; label: string }[] = [
  { value: "read", label: "Read" },
  { value: "write", label: "Write" },
  { value: "fetch", label: "Fetch" },
];
const MODES: readonly { value: AccessMode; label: string }[] = [
  { value: "user", label: "User" },
  { value: "supervisor", label: "Supervisor" },
];

/**
 * The access kind: read / write / instruction fetch, in user or supervisor mode (two radio groups).
 * Memoised (it has no props): the address bar renders again at every step of the stepper, and each
 * render of a radio makes React write its name and type again (18 DOM changes a step).
 */
export const AccessChoice = memo(function AccessChoice() {
  const op = usePagewalk((s) => s.selection.access.op);
  const mode = usePagewalk((s) => s.selection.access.mode);
  const name = useId();
  return (
    <div className="access-choice">
      <fieldset className="segmented">
        <legend>Access</legend>
        {OPS.map((o) => (
          <label key={o.value}>
            <input
              type="radio"
              name={`${name}-op`}
              value={o.value}
              checked={op === o.value}
              onChange={() => actions.setAccess({ op: o.value, mode })}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="segmented">
        <legend>Privilege</legend>
        {MODES.map((m) => (
          <label key={m.value}>
            <input
              type="radio"
              name={`${name}-mode`}
              value={m.value}
              checked={mode === m.value}
              onChange={() => actions.setAccess({ op, mode: m.value })}
            />
            <span>{m.label}</span>
          </label>
        ))}
      </fieldset>
    </div>
  );
});
