import { useId, type MouseEvent } from "react";
import { formatPhysAddr, type PhysAddr } from "../../core/arch";
import type { TableEntryInfo } from "../tableEntries";
import { entryIndexOf } from "./entryIndexOf";
import { EntryRow } from "./EntryRow";
import type { GridCellData } from "./gridCells";

/** Above this many rows the list lets the browser skip rows scrolled out of it (TableView.css). */
const LONG_LIST = 32;

interface EntryListProps {
  readonly table: PhysAddr;
  readonly tableName: string;
  /** Every present entry (the caption counts them). */
  readonly present: readonly TableEntryInfo[];
  /** The entries rendered now: all of `present`, or its first rows while the rest are deferred. */
  readonly listed: readonly TableEntryInfo[];
  /** The grid's cells, indexed by entry: a row's swatch has its cell's colour. */
  readonly cells: readonly GridCellData[];
  readonly selectedIndex: number | null;
  readonly highlightIndex: number | null;
  /** The entry where the walk faulted, and its mark's text. */
  readonly fault: { readonly index: number; readonly label: string } | null;
  readonly select: (index: number) => void;
}

/** The present entries of a table as a list, in a focusable scrolling region; a click picks one. */
export function EntryList({
  table,
  tableName,
  present,
  listed,
  cells,
  selectedIndex,
  highlightIndex,
  fault,
  select,
}: EntryListProps) {
  const captionId = useId();
  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    const index = entryIndexOf(event.target);
    if (index !== null) select(index);
  };
  if (present.length === 0) return <p>No present entries.</p>;
  return (
    // A scrolling region keeps a full table (512 entries) from making the page endless; it is
    // focusable so keyboard users can scroll it too.
    <div
      className="pw-entry-scroll"
      tabIndex={0}
      role="region"
      aria-label={`Present entries of the ${tableName}`}
    >
      {/* ARIA table rows rather than <table>: each row lays out on its own (a table re-measures
          every row when one cell's text changes), and rows scrolled out of the list are
          skipped by the browser (content-visibility in TableView.css). */}
      <div
        role="table"
        className={present.length > LONG_LIST ? "pw-entry-list pw-entry-list-long" : "pw-entry-list"}
        aria-labelledby={captionId}
      >
        <div className="pw-entry-caption" id={captionId}>
          {`${present.length} present ${present.length === 1 ? "entry" : "entries"} in ${tableName} at ${formatPhysAddr(table)}`}
        </div>
        <div role="rowgroup" className="pw-entry-head">
          <div role="row" className="pw-entry-row">
            <div role="columnheader">Index</div>
            <div role="columnheader">Raw</div>
            <div role="columnheader">Kind</div>
            <div role="columnheader">Target</div>
            <div role="columnheader">Flags</div>
          </div>
        </div>
        <div role="rowgroup" onClick={onClick}>
          {listed.map((info) => (
            <EntryRow
              key={info.index}
              info={info}
              tableName={tableName}
              color={(cells[info.index] as GridCellData).color}
              selected={info.index === selectedIndex}
              highlighted={info.index === highlightIndex}
              fault={info.index === fault?.index ? fault.label : null}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
