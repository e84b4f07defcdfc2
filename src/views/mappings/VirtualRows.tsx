import { useLayoutEffect, useRef, useState, type ReactNode, type UIEvent } from "react";
import { listWindow, slotKey } from "../listWindow";

export interface VirtualRowsProps {
  /** The table's accessible name. */
  readonly label: string;
  readonly count: number;
  /** Every row is this tall (px): the row at index i starts at i × rowHeight. */
  readonly rowHeight: number;
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

/**
 * A table that renders only the rows in view: the scroller holds a spacer as tall as every row,
 * and the visible rows are placed absolutely inside it. 100,000 rows cost what 30 do; a scroll
 * re-renders only when the first visible row changes. The ARIA table roles, with aria-rowcount
 * and aria-rowindex, tell assistive technology how many rows there are in all.
 */
export function VirtualRows({
  label,
  count,
  rowHeight,
  header,
  renderRow,
  rowProps,
  scrollTo = null,
  className,
}: VirtualRowsProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [first, setFirst] = useState(0);
  const [viewRows, setViewRows] = useState(16);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = (): void => setViewRows(Math.max(1, Math.ceil(el.clientHeight / rowHeight)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [rowHeight]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || scrollTo === null) return;
    el.scrollTop = scrollTo.index * rowHeight;
    setFirst(Math.floor(el.scrollTop / rowHeight));
  }, [scrollTo, rowHeight]);

  // A shorter list (a filter, a new machine) may leave the scroller past its end: the browser
  // clamps scrollTop, and the rows shown must follow it.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) setFirst(Math.floor(el.scrollTop / rowHeight));
  }, [count, rowHeight]);

  const onScroll = (e: UIEvent<HTMLDivElement>): void => {
    const next = Math.floor(e.currentTarget.scrollTop / rowHeight);
    if (next !== first) setFirst(next);
  };

  const { start, end } = listWindow({
    rowCount: count,
    rowHeight,
    tallRow: null,
    scrollTop: first * rowHeight,
    viewportHeight: viewRows * rowHeight,
    overscan: OVERSCAN,
  });
  // Scrolling moves the few rows that left at one end to the other and updates their text, instead
  // of removing and creating rows (slotKey). They stay in visual order, for assistive technology.
  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    const extra = rowProps?.(i) ?? {};
    rows.push(
      <div
        key={slotKey(i, end - start)}
        role="row"
        aria-rowindex={i + 2}
        {...extra}
        className={`pw-vrow${extra.className ? ` ${extra.className}` : ""}`}
        style={{ top: i * rowHeight, height: rowHeight }}
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
        <div role="row" aria-rowindex={1} className="pw-vrow-head">
          {header}
        </div>
      </div>
      <div role="rowgroup" className="pw-vrows-body" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
