import { memo } from "react";
import type { GridCellData } from "./gridCells";

interface GridCellProps extends GridCellData {
  readonly selected: boolean;
  readonly highlighted: boolean;
  readonly tabbable: boolean;
  /** The fault mark's text when the walk faulted at this entry ("fault: P = 0"), else null. */
  readonly fault: string | null;
}

/**
 * One entry of the grid: a coloured square named "PT entry 7" (the faulting one marked with a sign
 * and named "PT entry 7, fault: P = 0"); its events are handled by the grid.
 */
export const GridCell = memo(function GridCell({
  info,
  name,
  tooltip,
  color,
  selected,
  highlighted,
  tabbable,
  fault,
}: GridCellProps) {
  return (
    <div
      role="gridcell"
      className="pw-cell"
      data-index={info.index}
      data-class={info.entryClass}
      data-walk={highlighted || undefined}
      data-fault={fault === null ? undefined : true}
      aria-label={fault === null ? name : `${name}, ${fault}`}
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      title={fault === null ? tooltip : `${tooltip}\n${fault}`}
      style={fault === null ? { background: color } : undefined}
    >
      {fault === null ? null : <span aria-hidden="true">⚠</span>}
    </div>
  );
});
