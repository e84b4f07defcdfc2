import { LEVEL_TABLE_NAMES, EFER } from "../core/arch";
import { formatHex } from "../core/common";
import { selectWalk } from "../store/selectors";
import { actions, usePagewalk } from "../store/usePagewalk";
import { selectFaultMark } from "./faultMark";
import { TableView } from "./TableView";
import { useFrameNames } from "./names/useNames";
import { PanelCollapseButton } from "./layout/PanelCollapseButton";

/** The selected table's 512 entries; clicking one selects it for the inspector. */
export function TablePanel() {
  const frameNames = useFrameNames();
  const table = usePagewalk((s) => s.selection.table);
  const selectedIndex = usePagewalk((s) => s.selection.entryIndex);
  const ram = usePagewalk((s) => s.machine.ram);
  const maxPhyAddr = usePagewalk((s) => s.machine.regs.maxPhyAddr);
  const nxe = usePagewalk((s) => (s.machine.regs.efer & EFER.NXE) !== 0);
  const mark = usePagewalk(selectFaultMark);
  const fault =
    mark !== null && table !== null && mark.tableAddr === table.addr && mark.level === table.level
      ? { index: mark.index, label: mark.label }
      : null;
  // While stepping through the walk the panel keeps one height from table to table (stepper.css),
  // so a step does not move, and repaint, everything below it.
  const stepping = usePagewalk((s) => s.selection.step !== null);
  const highlightIndex = usePagewalk((s) => {
    if (!table) return null;
    return (
      selectWalk(s).steps.find((step) => step.tableAddr === table.addr && step.level === table.level)
        ?.index ?? null
    );
  });
  return (
    // Not a landmark of its own: the table view inside is the region named after the table, and two
    // regions with one name would be one too many (axe: landmark-unique).
    <section className={`panel table-panel${stepping ? " steady" : ""}`}>
      <div className="panel-head">
        <h2 id="table-h">
          {table ? (
            <>
              {LEVEL_TABLE_NAMES[table.level]} at <span className="mono">{formatHex(table.addr)}</span>
            </>
          ) : (
            "Table"
          )}
        </h2>
        {table && frameNames.has(table.addr) && (
          <span className="frame-name">“{frameNames.get(table.addr)}”</span>
        )}
        <PanelCollapseButton panel="Table" />
      </div>
      {table ? (
        <TableView
          memory={ram}
          table={table.addr}
          level={table.level}
          maxPhyAddr={maxPhyAddr}
          nxe={nxe}
          selectedIndex={selectedIndex}
          onSelectEntry={actions.selectEntry}
          highlightIndex={highlightIndex}
          fault={fault}
          frameNames={frameNames}
        />
      ) : (
        <p className="muted">Click a table in the graph or a step of the walk to see its 512 entries.</p>
      )}
    </section>
  );
}
