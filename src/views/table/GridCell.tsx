import { memo } from "react";
import type { EntryClass } from "../../core/inspect";
import { fillStyle } from "../entryColors";

interface GridCellProps {
  readonly index: number;
  /** Also its fill (TableView.css colours each kind), but for a pointer's: */
  readonly entryClass: EntryClass;
  /** A pointer's fill, the colour of the level it points to; null for other kinds. */
  readonly fill: string | null;
  readonly selected: boolean;
  readonly highlighted: boolean;
  readonly tabbable: boolean;
  /** The fault mark's text when the walk faulted at this entry ("fault: P = 0"), else null. */
  readonly fault: string | null;
}

/**
 * One entry of the grid: a coloured square named "entry 7" (the faulting one marked with a sign and
 * named "entry 7, fault: P = 0"); its events and its hover text are handled by the grid.
 */
export const GridCell = memo(function GridCell({
  index,
  entryClass,
  fill,
  selected,
  highlighted,
  tabbable,
  fault,
}: GridCellProps) {
  return (
    <div
      role="gridcell"
      className="pw-cell"
      data-index={index}
      data-class={entryClass}
      data-walk={highlighted || undefined}
      data-fault={fault === null ? undefined : true}
      aria-label={fault === null ? `entry ${index}` : `entry ${index}, ${fault}`}
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      style={fault === null ? fillStyle(fill) : undefined}
    >
      {fault === null ? null : <span aria-hidden="true">⚠</span>}
    </div>
  );
});
