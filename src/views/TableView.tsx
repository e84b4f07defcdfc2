import { useDeferredValue, useMemo } from "react";
import { LEVEL_TABLE_NAMES, formatPhysAddr, type Level, type PhysAddr } from "../core/arch";
import type { PhysicalMemory } from "../core/memory";
import { EntryKindLegend } from "./table/EntryKindLegend";
import { EntryList } from "./table/EntryList";
import { cellOf } from "./table/gridCells";
import { TableGrid } from "./table/TableGrid";
import { useDecodedTable } from "./table/useDecodedTable";
import { useEntrySelection } from "./table/useEntrySelection";
import "./TableView.css";

export interface TableViewProps {
  readonly memory: PhysicalMemory;
  /** Physical address of the table (4 KiB aligned). */
  readonly table: PhysAddr;
  readonly level: Level;
  readonly maxPhyAddr: number;
  readonly nxe: boolean;
  readonly selectedIndex?: number | null;
  readonly onSelectEntry?: (index: number) => void;
  /** The current walk's index in this table, if the walk passes through it. */
  readonly highlightIndex?: number | null;
  /** The entry of this table where the walk faulted, and its mark's text ("fault: U/S = 0"). */
  readonly fault?: { readonly index: number; readonly label: string } | null;
}

/** Rows of the entry list rendered synchronously; the rest follow as a deferred update. */
const LIST_FIRST = 48;

/**
 * One table's 512 entries: a 32×16 grid coloured by kind (keyboard: arrows, Home/End, Enter), with
 * hover details, and the present entries listed below. Decoding is memoised on the frame contents;
 * the list beyond its first rows renders as a deferred (interruptible) update so the grid comes first.
 * The parts are in ./table: the grid, the legend, the list, and the state they share.
 */
export function TableView({
  memory,
  table,
  level,
  maxPhyAddr,
  nxe,
  selectedIndex = null,
  onSelectEntry,
  highlightIndex = null,
  fault = null,
}: TableViewProps) {
  const decoded = useDecodedTable(memory, table, level, maxPhyAddr, nxe);
  const tableName = LEVEL_TABLE_NAMES[level];
  // Entries an edit did not change keep their info objects (decodeTableFrame), and so their cells.
  const cells = useMemo(
    () => decoded.entries.map((info) => cellOf(info, level, tableName)),
    [decoded, level, tableName],
  );
  const present = useMemo(
    () => decoded.entries.filter((e) => e.entryClass !== "empty" && e.entryClass !== "garbage"),
    [decoded],
  );
  // A newly shown table may list 512 rows: render the first ones at once and the rest in a deferred
  // pass. The deferral follows the table, not its entries: an edit of the shown table renders the
  // whole list in the same pass (only the edited row changes), with no second render.
  const firstRows = useMemo(
    () => (present.length > LIST_FIRST ? present.slice(0, LIST_FIRST) : present),
    [present],
  );
  const deferredTable = useDeferredValue<PhysAddr | null>(table, null);
  const listed = deferredTable === table ? present : firstRows;
  const { tabIndex, moveFocus, select } = useEntrySelection(selectedIndex, highlightIndex, onSelectEntry);

  const name = `${tableName} at ${formatPhysAddr(table)}`;
  if (decoded.outside) {
    return (
      <section className="pw-table-view" aria-label={name}>
        <p role="status">{`${name} lies beyond RAM: there is nothing to read.`}</p>
      </section>
    );
  }
  return (
    <section className="pw-table-view" aria-label={name}>
      <TableGrid
        label={`${name}: 512 entries`}
        cells={cells}
        selectedIndex={selectedIndex}
        highlightIndex={highlightIndex}
        fault={fault}
        tabIndex={tabIndex}
        moveFocus={moveFocus}
        select={select}
      />
      {fault === null ? null : (
        <p className="pw-fault-note">
          <span aria-hidden="true">⚠</span> The walk faults at {tableName} entry {fault.index}:{" "}
          {fault.label.replace(/^fault: /, "")}
        </p>
      )}
      <EntryKindLegend counts={decoded.counts} level={level} />
      <EntryList
        table={table}
        tableName={tableName}
        present={present}
        listed={listed}
        cells={cells}
        selectedIndex={selectedIndex}
        highlightIndex={highlightIndex}
        fault={fault}
        select={select}
      />
    </section>
  );
}
