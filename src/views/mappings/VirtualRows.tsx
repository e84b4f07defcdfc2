import { useLayoutEffect, useRef, useState, type ReactNode, type UIEvent } from "react";
import { listWindow, ROWS_AT_TOP, scrolledTo, slotKey, type ShownRows } from "../listWindow";
import { useListGeometry } from "../useListGeometry";

export interface VirtualRowsProps {
  /** The table's accessible name. */
  readonly label: string;
  readonly count: number;
  /** The header row (its cells); stays on top while the rows scroll. */
  readonly header: ReactNode;
  /** The cells of row `index`. */
  readonly renderRow: (index: number) => ReactNode;
  /** Extra attributes of a row (its class, aria-current). */
  readonly rowProps?: (index: number) => {
    className?: string | undefined;
    "aria-current"?: "true" | undefined;
  };
  /** Scrolls this row to the top whenever the object changes (a search result). */
  readonly scrollTo?: { readonly index: number } | null;
  readonly className?: string;
}

/** Rows drawn above and below the visible ones, so a quick scroll does not show a gap. */
const OVERSCAN = 6;

/** Shows the rows from `first` on, keeping the keys as they are (a search hit, a shorter list). */
const showFrom =
  (first: number) =>
  (was: ShownRows): ShownRows =>
    was.first === first ? was : { ...was, first };

/**
 * A table that renders only the rows in view: the scroller holds a body as tall as every row, and
 * the rows in view follow a padding as tall as the rows above them. 100,000 rows cost what 30 do;
 * a scroll re-renders only when the first visible row changes. The ARIA table roles, with
 * aria-rowcount and aria-rowindex, tell assistive technology how many rows there are in all.
 */
export function VirtualRows({
  label,
  count,
  header,
  renderRow,
  rowProps,
  scrollTo = null,
  className,
}: VirtualRowsProps) {
  const scroller = useRef<HTMLDivElement>(null);
  // Every row is as tall as the header row: the stylesheet's height (two lines where the list is
  // too narrow for its columns, mappings.css), so the row at index i starts at i × rowHeight.
  const headerRow = useRef<HTMLDivElement>(null);
  const { rowHeight, viewportHeight } = useListGeometry(scroller, headerRow);
  const [shown, setShown] = useState(ROWS_AT_TOP);
  const { first } = shown;
  const windowAt = (top: number) =>
    listWindow({
      rowCount: count,
      rowHeight,
      tallRow: null,
      scrollTop: top * rowHeight,
      viewportHeight,
      overscan: OVERSCAN,
    });

  // Rows of another height: the row that was at the top stays at the top.
  const drawnHeight = useRef(rowHeight);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || drawnHeight.current === rowHeight) return;
    drawnHeight.current = rowHeight;
    el.scrollTop = first * rowHeight;
  }, [rowHeight, first]);

  // Only a new request scrolls: rows of another height keep the row at the top (above), even
  // after the user scrolled away from the last search hit.
  const scrolledFor = useRef<{ readonly index: number } | null>(null);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || scrollTo === null || scrollTo === scrolledFor.current) return;
    scrolledFor.current = scrollTo;
    el.scrollTop = scrollTo.index * rowHeight;
    setShown(showFrom(Math.floor(el.scrollTop / rowHeight)));
  }, [scrollTo, rowHeight]);

  // A shorter list (a filter, a new machine) may leave the scroller past its end: the browser
  // clamps scrollTop, and the rows shown must follow it.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) setShown(showFrom(Math.floor(el.scrollTop / rowHeight)));
  }, [count, rowHeight]);

  const onScroll = (e: UIEvent<HTMLDivElement>): void =>
    setShown(scrolledTo(shown, Math.floor(e.currentTarget.scrollTop / rowHeight), windowAt, e.currentTarget));

  const { start, end } = windowAt(first);
  // A short scroll keeps the rows still in view (their keys, slotKey) and builds the few that enter;
  // a long one rewrites every row's text in place (slotShiftAfterMove). Either way the rows stay in
  // visual order, for assistive technology, and no row is moved.
  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    const extra = rowProps?.(i) ?? {};
    rows.push(
      <div
        key={slotKey(i + shown.shift, end - start)}
        role="row"
        aria-rowindex={i + 2}
        {...extra}
        className={`pw-vrow${extra.className ? ` ${extra.className}` : ""}`}
        style={{ height: rowHeight }}
      >
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div
      ref={scroller}
      className={`pw-vrows${className ? ` ${className}` : ""}`}
      role="table"
      aria-label={label}
      aria-rowcount={count + 1}
      onScroll={onScroll}
      tabIndex={0}
    >
      <div role="rowgroup" className="pw-vrows-head">
        <div ref={headerRow} role="row" aria-rowindex={1} className="pw-vrow-head">
          {header}
        </div>
      </div>
      <div
        role="rowgroup"
        className="pw-vrows-body"
        style={{ height: count * rowHeight, paddingTop: start * rowHeight }}
      >
        {rows}
      </div>
    </div>
  );
}
