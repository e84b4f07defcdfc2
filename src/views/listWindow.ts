/**
 * Which rows of a long list to render (the table view's entry list, the Mappings panel's rows): the ones in the scrolled viewport plus a margin, with the
 * heights of the rows left out before and after (so the scrollbar stays true). Every row is one
 * `rowHeight` tall except the faulting entry's, which has a second line for its mark.
 */
export interface ListWindow {
  /** The first row rendered, and one past the last. */
  readonly start: number;
  readonly end: number;
  /** Height of the rows before `start` and after `end`. */
  readonly before: number;
  readonly after: number;
  /** Height of all the rows. */
  readonly total: number;
}

export interface ListGeometry {
  readonly rowCount: number;
  readonly rowHeight: number;
  /** The position in the list of the one two-line row, or null. */
  readonly tallRow: number | null;
  readonly scrollTop: number;
  readonly viewportHeight: number;
  /** Rows rendered beyond each edge of the viewport, so a short scroll shows no gap. */
  readonly overscan: number;
}

/** Top of row `i`. */
export function rowTop(i: number, rowHeight: number, tallRow: number | null): number {
  return i * rowHeight + (tallRow !== null && i > tallRow ? rowHeight : 0);
}

/** The row at height `y` (clamped to the list). */
function rowAt(y: number, rowCount: number, rowHeight: number, tallRow: number | null): number {
  if (rowCount === 0) return 0;
  let i = Math.floor(y / rowHeight);
  if (tallRow !== null && i > tallRow) i = Math.max(tallRow, Math.floor((y - rowHeight) / rowHeight));
  return Math.min(rowCount - 1, Math.max(0, i));
}

export function listWindow(g: ListGeometry): ListWindow {
  const rowHeight = Math.max(1, g.rowHeight);
  const total = rowTop(g.rowCount, rowHeight, g.tallRow);
  if (g.rowCount === 0) return { start: 0, end: 0, before: 0, after: 0, total: 0 };
  const top = Math.min(Math.max(0, g.scrollTop), total);
  const first = rowAt(top, g.rowCount, rowHeight, g.tallRow);
  const last = rowAt(top + Math.max(0, g.viewportHeight), g.rowCount, rowHeight, g.tallRow);
  const start = Math.max(0, first - g.overscan);
  const end = Math.min(g.rowCount, last + 1 + g.overscan);
  const before = rowTop(start, rowHeight, g.tallRow);
  return { start, end, before, after: total - rowTop(end, rowHeight, g.tallRow), total };
}

/**
 * A rendered row's React key: its place in the list modulo a number larger than the window, so a row
 * keeps its element while it stays in view (a focused button keeps its row as the list scrolls) and
 * rows that enter reuse the elements of rows that left instead of building new ones.
 */
export function slotKey(position: number, windowRows: number): number {
  let slots = 64;
  while (slots < 2 * windowRows) slots *= 2;
  return ((position % slots) + slots) % slots;
}

/** The rows a list renders, `[start, end)`. */
export interface RowSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * The shift to add to a row's position before `slotKey`, after the rendered rows moved from `from`
 * to `to`. While most rows stay in view it stays: they keep their elements, in order, and only
 * the rows that enter are built. A longer jump (a fling, the End key) would build most rows again
 * (about 200 elements in the Mappings panel: their layout objects, styles and layout, each frame of
 * a fast scroll); instead the new rows take the old rows' keys in order, so every element is kept
 * where it is and only its text changes.
 */
export function slotShiftAfterMove(shift: number, from: RowSpan, to: RowSpan): number {
  const kept = Math.min(from.end, to.end) - Math.max(from.start, to.start);
  return 2 * kept > to.end - to.start ? shift : shift + from.start - to.start;
}

/** What a windowed list shows: the first row in view, and the shift of its rows' keys. */
export interface ShownRows {
  readonly first: number;
  readonly shift: number;
}

/** A list scrolled to its top, its keys not shifted. */
export const ROWS_AT_TOP: ShownRows = { first: 0, shift: 0 };

/**
 * What the list shows once it has scrolled so that row `next` is the first in view: the keys shift
 * as `slotShiftAfterMove` says, except while an element in the rows has the keyboard focus (it keeps
 * its row while that row is rendered, rather than showing another row's content).
 */
export function scrolledTo(
  was: ShownRows,
  next: number,
  windowAt: (first: number) => RowSpan,
  scroller: Element,
): ShownRows {
  if (next === was.first) return was;
  const focused = scroller.ownerDocument.activeElement;
  const focusInRows = focused !== scroller && scroller.contains(focused);
  const shift = focusInRows ? was.shift : slotShiftAfterMove(was.shift, windowAt(was.first), windowAt(next));
  return { first: next, shift };
}
