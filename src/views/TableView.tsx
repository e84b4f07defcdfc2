import { useMemo } from "react";
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
  /** The scenario's names of frames: the entry list shows the name of each entry's target. */
  readonly frameNames?: ReadonlyMap<number, string>;
}

const NO_NAMES: ReadonlyMap<number, string> = new Map();

/**
 * One table's 512 entries: a 32×16 grid coloured by kind (keyboard: arrows, Home/End, Enter), with
 * hover details, and the present entries listed below (only the rows in view are rendered).
 * Decoding is memoised on the frame contents.
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
  frameNames = NO_NAMES,
}: TableViewProps) {
  const decoded = useDecodedTable(memory, table, level, maxPhyAddr, nxe);
  const tableName = LEVEL_TABLE_NAMES[level];
  // Entries an edit did not change keep their info objects (decodeTableFrame), and so their cells.
  const cells = useMemo(() => decoded.entries.map((info) => cellOf(info, level)), [decoded, level]);
  const present = useMemo(
    () => decoded.entries.filter((e) => e.entryClass !== "empty" && e.entryClass !== "garbage"),
    [decoded],
  );
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
        cells={cells}
        selectedIndex={selectedIndex}
        highlightIndex={highlightIndex}
        fault={fault}
        select={select}
        frameNames={frameNames}
      />
    </section>
  );
}
