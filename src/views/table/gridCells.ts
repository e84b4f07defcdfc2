import type { Level } from "../../core/arch";
import { ENTRY_CLASS_NAMES, inlineFill } from "../entryColors";
import { entryTooltip, type TableEntryInfo } from "../tableEntries";
import { gridMove } from "../gridKeys";

/** The grid shows a table's 512 entries as 16 rows of 32. */
export const GRID_COLUMNS = 32;
export const GRID_ROWS = 16;

/**
 * One entry of the grid. Events are handled once on the grid (by data-index), and the hover text is
 * set only when the pointer reaches a cell, so a cell draws from its index and kind (TableView.css
 * colours each kind) and a pointer's fill: moving to another table re-renders only the cells whose
 * kind differs (in a sparse table, a few), and restyles only those.
 */
export interface GridCellData {
  readonly info: TableEntryInfo;
  /** A pointer's fill, the colour of the level it points to (set inline); null for other kinds. */
  readonly fill: string | null;
  /** The hover text ("PT[7] = 0x…\n4 KiB page → 0x5000 (P RW US)"), made when the pointer arrives. */
  readonly tooltip: () => string;
}

/** Whether two cells draw the same (the same entry index, and so name, kind and fill). */
export const sameCell = (a: GridCellData | undefined, b: GridCellData | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.info.index === b.info.index &&
    a.info.entryClass === b.info.entryClass &&
    a.fill === b.fill);

const gridCells = new WeakMap<TableEntryInfo, GridCellData>();
/** The cell of an entry, made once per entry object (its table, and so its level, never changes). */
export function cellOf(info: TableEntryInfo, level: Level): GridCellData {
  let cell = gridCells.get(info);
  if (cell === undefined) {
    cell = {
      info,
      tooltip: () => entryTooltip(info, level, ENTRY_CLASS_NAMES[info.entryClass]),
      fill: inlineFill(info.entryClass, level),
    };
    gridCells.set(info, cell);
  }
  return cell;
}

/** The entry index `index` if it lies in grid row `row`, else null. */
export const inRow = (row: number, index: number | null): number | null =>
  index !== null && index >= row * GRID_COLUMNS && index < (row + 1) * GRID_COLUMNS ? index : null;

/**
 * Where a key moves the grid's focus from entry `index`: the entry to focus (gridKeys.ts), "select"
 * (Enter and Space), or null for a key the grid leaves alone.
 */
export function gridKeyTarget(key: string, index: number, ctrlKey: boolean): number | "select" | null {
  if (key === "Enter" || key === " ") return "select";
  return gridMove(key, index, ctrlKey, GRID_COLUMNS, GRID_COLUMNS * GRID_ROWS);
}
