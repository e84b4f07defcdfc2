import { memo } from "react";
import type { GridCellData } from "./gridCells";

interface GridCellProps extends GridCellData {
  readonly selected: boolean;
  readonly highlighted: boolean;
  readonly tabbable: boolean;
}

/** One entry of the grid: a coloured square named "PT entry 7"; its events are handled by the grid. */
export const GridCell = memo(function GridCell({
  info,
  name,
  tooltip,
  color,
  selected,
  highlighted,
  tabbable,
}: GridCellProps) {
  return (
    <div
      role="gridcell"
      className="pw-cell"
      data-index={info.index}
      data-class={info.entryClass}
      data-walk={highlighted || undefined}
      aria-label={name}
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      title={tooltip}
      style={{ background: color }}
    />
  );
});
