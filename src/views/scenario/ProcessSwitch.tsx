import { useId } from "react";
import { formatHex } from "../../core/common";
import { cr3Root } from "../../core/arch";
import { actions, usePagewalk } from "../../store/usePagewalk";

/** For a scenario with several address spaces: switch process = load its CR3 (one undoable step). */
export function ProcessSwitch() {
  const processes = usePagewalk((s) => s.meta?.processes);
  const cr3 = usePagewalk((s) => s.machine.regs.cr3);
  const name = useId();
  if (!processes || processes.length < 2) return null;
  return (
    <fieldset className="process-switch">
      <legend>Address space (CR3)</legend>
      {processes.map((p) => (
        <label key={`${p.name}-${p.cr3}`}>
          <input
            type="radio"
            name={name}
            checked={cr3Root(cr3) === cr3Root(p.cr3)}
            onChange={() => actions.setCr3(p.cr3)}
          />
          {p.name} <span className="mono">{formatHex(p.cr3)}</span>
        </label>
      ))}
    </fieldset>
  );
}
