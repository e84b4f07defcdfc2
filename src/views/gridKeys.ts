/**
 * Where a key moves the focus in a grid of `count` cells laid out `columns` to a row (the table's
 * 512 entries, the memory map's cells), after the WAI-ARIA grid pattern: arrows one cell (stopping
 * at the edges), Home / End the row's first and last cell, Ctrl+Home / Ctrl+End the grid's, Page Up /
 * Page Down eight rows in the same column (or the first or last row). Null: a key the grid leaves alone.
 */
export const PAGE_ROWS = 8;

export function gridMove(
  key: string,
  index: number,
  ctrlKey: boolean,
  columns: number,
  count: number,
): number | null {
  const last = count - 1;
  const rowStart = index - (index % columns);
  const byRows = (rows: number): number => {
    const target = index + rows * columns;
    if (target < 0) return index % columns;
    if (target > last) {
      // The last row may be short: the same column in it, else its last cell.
      const lastRowStart = last - (last % columns);
      return Math.min(last, lastRowStart + (index % columns));
    }
    return target;
  };
  switch (key) {
    case "ArrowRight":
      return Math.min(last, index + 1);
    case "ArrowLeft":
      return Math.max(0, index - 1);
    case "ArrowDown":
      return index + columns <= last ? index + columns : index;
    case "ArrowUp":
      return index - columns >= 0 ? index - columns : index;
    case "Home":
      return ctrlKey ? 0 : rowStart;
    case "End":
      return ctrlKey ? last : Math.min(last, rowStart + columns - 1);
    case "PageDown":
      return byRows(PAGE_ROWS);
    case "PageUp":
      return byRows(-PAGE_ROWS);
    default:
      return null;
  }
}
