import { memo } from "react";
import { GridCell } from "./GridCell";
import { GRID_COLUMNS, sameCell, type GridCellData } from "./gridCells";

interface GridRowProps {
  readonly cells: readonly GridCellData[];
  readonly start: number;
  /** The selected / highlighted / tabbable entry when it is in this row, else null. */
  readonly selected: number | null;
  readonly highlighted: number | null;
  readonly tabbable: number | null;
  /** The faulting entry when it is in this row, else null, and its mark's text. */
  readonly fault: number | null;
  readonly faultLabel: string | null;
}

/**
 * One row of 32 entries. An edit changes one entry, so the other 15 rows compare equal and React
 * skips them without visiting their cells; so does a row that draws the same in another table
 * (empty entries, mostly).
 */
export const GridRow = memo(
  function GridRow({ cells, start, selected, highlighted, tabbable, fault, faultLabel }: GridRowProps) {
    return (
      <div role="row" className="pw-grid-row">
        {cells.slice(start, start + GRID_COLUMNS).map((c) => (
          <GridCell
            key={c.info.index}
            index={c.info.index}
            entryClass={c.info.entryClass}
            fill={c.fill}
            selected={c.info.index === selected}
            highlighted={c.info.index === highlighted}
            tabbable={c.info.index === tabbable}
            fault={c.info.index === fault ? faultLabel : null}
          />
        ))}
      </div>
    );
  },
  (a, b) => {
    if (
      a.start !== b.start ||
      a.selected !== b.selected ||
      a.highlighted !== b.highlighted ||
      a.tabbable !== b.tabbable ||
      a.fault !== b.fault ||
      a.faultLabel !== b.faultLabel
    )
      return false;
    for (let i = a.start; i < a.start + GRID_COLUMNS; i++)
      if (!sameCell(a.cells[i], b.cells[i])) return false;
    return true;
  },
);
