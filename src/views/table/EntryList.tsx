import { useId, useRef, useState, type MouseEvent } from "react";
import { formatPhysAddr, type PhysAddr } from "../../core/arch";
import type { TableEntryInfo } from "../tableEntries";
import { entryIndexOf } from "./entryIndexOf";
import { EntryRow } from "./EntryRow";
import type { GridCellData } from "./gridCells";
import { listWindow, ROWS_AT_TOP, scrolledTo, slotKey } from "../listWindow";
import { useListGeometry } from "../useListGeometry";

/** Rows rendered beyond each edge of the list's viewport, so a short scroll never shows a gap. */
const OVERSCAN = 6;

interface EntryListProps {
  readonly table: PhysAddr;
  readonly tableName: string;
  /** Every present entry (the caption counts them). */
  readonly present: readonly TableEntryInfo[];
  /** The grid's cells, indexed by entry: a pointer's swatch has its cell's fill. */
  readonly cells: readonly GridCellData[];
  readonly selectedIndex: number | null;
  readonly highlightIndex: number | null;
  /** The entry where the walk faulted, and its mark's text. */
  readonly fault: { readonly index: number; readonly label: string } | null;
  readonly select: (index: number) => void;
  /** The scenario's names of frames, shown beside each entry's target. */
  readonly frameNames: ReadonlyMap<number, string>;
}

/**
 * The present entries of a table as a list, in a focusable scrolling region; a click picks one.
 * Only the rows in view (and a few around them) are in the page: a full table has 512, and a new
 * table would otherwise build thousands of elements on every step or address that reaches it.
 */
export function EntryList({
  table,
  tableName,
  present,
  cells,
  selectedIndex,
  highlightIndex,
  fault,
  select,
  frameNames,
}: EntryListProps) {
  const captionId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const headerRow = useRef<HTMLDivElement>(null);
  const { rowHeight, viewportHeight } = useListGeometry(scroller, headerRow);
  // The first row in view, not the pixel offset: a scroll renders the list only when it reaches
  // another row (the one two-line row is covered by the overscan); and the shift of the rows' keys,
  // so that a long scroll rewrites rows in place (scrolledTo).
  const [shown, setShown] = useState(ROWS_AT_TOP);
  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    const index = entryIndexOf(event.target);
    if (index !== null) select(index);
  };
  if (present.length === 0) return <p>No present entries.</p>;
  const faultRow = fault === null ? -1 : present.findIndex((e) => e.index === fault.index);
  // A list whose entries point to named frames (the stylesheet's .pw-named) folds its rows earlier
  // and, folded, gives the names a line of their own: beside the address a name would be cut short,
  // and a touch screen has no tooltip to show the rest.
  const named = present.some((e) => e.target !== null && frameNames.has(e.target));
  const windowAt = (first: number) =>
    listWindow({
      rowCount: present.length,
      rowHeight,
      tallRow: faultRow < 0 ? null : faultRow,
      scrollTop: first * rowHeight,
      viewportHeight,
      overscan: OVERSCAN,
    });
  const w = windowAt(shown.first);
  return (
    // The frame is the box the narrowest layouts measure (TableView.css): in the list's own em,
    // which the scroller's is not where the list is named.
    <div className="pw-entry-frame">
      {/* A scrolling region keeps a full table (512 entries) from making the page endless; it is
        focusable so keyboard users can scroll it too. */}
      <div
        ref={scroller}
        className={named ? "pw-entry-scroll pw-named" : "pw-entry-scroll"}
        tabIndex={0}
        role="region"
        aria-label={`Present entries of the ${tableName}`}
        onScroll={(e) =>
          setShown(
            scrolledTo(shown, Math.floor(e.currentTarget.scrollTop / rowHeight), windowAt, e.currentTarget),
          )
        }
      >
        {/* ARIA table rows rather than <table>: every row has fixed columns and a fixed height, so
          the rows in view can be placed without measuring the others. */}
        <div
          role="table"
          className="pw-entry-list"
          aria-labelledby={captionId}
          aria-rowcount={present.length + 1}
        >
          <div className="pw-entry-caption" id={captionId}>
            {`${present.length} present ${present.length === 1 ? "entry" : "entries"} in ${tableName} at ${formatPhysAddr(table)}`}
          </div>
          <div role="rowgroup" className="pw-entry-head">
            <div role="row" className="pw-entry-row" aria-rowindex={1} ref={headerRow}>
              <div role="columnheader">Index</div>
              <div role="columnheader">Raw</div>
              <div role="columnheader">Kind</div>
              <div role="columnheader">
                Target
                {/* The label of the names' line, shown only where the names have one. */}
                {named && (
                  <span className="pw-name-line" aria-hidden="true">
                    Target’s name
                  </span>
                )}
              </div>
              <div role="columnheader">Flags</div>
            </div>
          </div>
          <div role="rowgroup" onClick={onClick} style={{ paddingTop: w.before, paddingBottom: w.after }}>
            {present.slice(w.start, w.end).map((info, k) => (
              <EntryRow
                key={slotKey(w.start + k + shown.shift, w.end - w.start)}
                info={info}
                position={w.start + k + 2}
                tableName={tableName}
                fill={(cells[info.index] as GridCellData).fill}
                selected={info.index === selectedIndex}
                highlighted={info.index === highlightIndex}
                fault={info.index === fault?.index ? fault.label : null}
                targetName={info.target === null ? null : (frameNames.get(info.target) ?? null)}
              />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
