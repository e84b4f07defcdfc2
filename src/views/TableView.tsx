import {
  memo,
  useDeferredValue,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from "react";
import { LEVEL_TABLE_NAMES, formatPhysAddr, type Level, type PhysAddr } from "../core/arch";
import type { PhysicalMemory } from "../core/memory";
import type { EntryClass } from "../core/inspect";
import { ENTRY_CLASS_NAMES, entryClassColor } from "./entryColors";
import {
  decodeTableFrame,
  entryTooltip,
  frameVersionOf,
  tableFrame,
  type TableEntries,
  type TableEntryInfo,
} from "./tableEntries";
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
}

const COLUMNS = 32;
/** Rows of the entry list rendered synchronously; the rest follow as a deferred update. */
const LIST_FIRST = 48;
/** Above this many rows the list lets the browser skip rows scrolled out of it (TableView.css). */
const LONG_LIST = 32;
const ROWS = 16;
const CLASS_ORDER: readonly EntryClass[] = [
  "table",
  "leaf4k",
  "leaf2m",
  "leaf1g",
  "reserved",
  "garbage",
  "empty",
];

interface CellProps {
  readonly info: TableEntryInfo;
  readonly name: string;
  readonly tooltip: string;
  readonly color: string;
  readonly selected: boolean;
  readonly highlighted: boolean;
  readonly tabbable: boolean;
}

/** One entry of the grid. Events are handled once on the grid (by data-index), so cells stay memoised. */
interface GridCell {
  readonly info: TableEntryInfo;
  readonly name: string;
  readonly tooltip: string;
  readonly color: string;
}

const gridCells = new WeakMap<TableEntryInfo, GridCell>();
/** The cell of an entry, made once per entry object (its table, and so its level, never changes). */
function cellOf(info: TableEntryInfo, level: Level, tableName: string): GridCell {
  let cell = gridCells.get(info);
  if (cell === undefined) {
    cell = {
      info,
      name: `${tableName} entry ${info.index}`,
      tooltip: entryTooltip(info, level, ENTRY_CLASS_NAMES[info.entryClass]),
      color: entryClassColor(info.entryClass, level),
    };
    gridCells.set(info, cell);
  }
  return cell;
}

const inRow = (row: number, index: number | null): number | null =>
  index !== null && index >= row * COLUMNS && index < (row + 1) * COLUMNS ? index : null;

interface GridRowProps {
  readonly cells: readonly GridCell[];
  readonly start: number;
  /** The selected / highlighted / tabbable entry when it is in this row, else null. */
  readonly selected: number | null;
  readonly highlighted: number | null;
  readonly tabbable: number | null;
}

/**
 * One row of 32 entries. An edit changes one entry, so the other 15 rows compare equal and React
 * skips them without visiting their cells.
 */
const GridRow = memo(
  function GridRow({ cells, start, selected, highlighted, tabbable }: GridRowProps) {
    return (
      <div role="row" className="pw-grid-row">
        {cells.slice(start, start + COLUMNS).map((c) => (
          <Cell
            key={c.info.index}
            {...c}
            selected={c.info.index === selected}
            highlighted={c.info.index === highlighted}
            tabbable={c.info.index === tabbable}
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
      a.tabbable !== b.tabbable
    )
      return false;
    for (let i = a.start; i < a.start + COLUMNS; i++) if (a.cells[i] !== b.cells[i]) return false;
    return true;
  },
);

const Cell = memo(function Cell({ info, name, tooltip, color, selected, highlighted, tabbable }: CellProps) {
  return (
    <div
      role="gridcell"
      className="pw-cell"
      data-index={info.index}
      data-class={info.entryClass}
      data-walk={highlighted || undefined}
      aria-label={name}
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      title={tooltip}
      style={{ background: color }}
    />
  );
});

const EntryRow = memo(function EntryRow({
  info,
  tableName,
  color,
  selected,
  highlighted,
}: {
  info: TableEntryInfo;
  tableName: string;
  color: string;
  selected: boolean;
  highlighted: boolean;
}) {
  return (
    <div
      role="row"
      className="pw-entry-row"
      data-index={info.index}
      data-selected={selected || undefined}
      data-walk={highlighted || undefined}
    >
      <div role="cell">
        <button
          type="button"
          className="pw-entry-pick"
          aria-pressed={selected}
          aria-label={`Select ${tableName} entry ${info.index}`}
        >
          {info.index}
        </button>
      </div>
      <div role="cell" className="pw-mono">
        {info.raw}
      </div>
      <div role="cell">
        <span className="pw-swatch" style={{ background: color }} aria-hidden="true" />
        {ENTRY_CLASS_NAMES[info.entryClass]}
      </div>
      <div role="cell" className="pw-mono">
        {info.target === null ? "" : formatPhysAddr(info.target)}
      </div>
      <div role="cell" className="pw-mono">
        {info.flags}
      </div>
    </div>
  );
});

/**
 * One table's 512 entries: a 32×16 grid coloured by kind (keyboard: arrows, Home/End, Enter), with
 * hover details, and the present entries listed below. Decoding is memoised on the frame contents;
 * the list beyond its first rows renders as a deferred (interruptible) update so the grid comes first.
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
}: TableViewProps) {
  const frame = tableFrame(memory, table);
  // Frame views are shared between RAM states and `frameVersion` changes exactly when the contents
  // do, so (view, version) is the memo key: an edit elsewhere in RAM does not decode this table again.
  const version = frameVersionOf(memory, table);
  // An edit of one entry re-decodes the table but keeps the other 511 entry objects, so only the
  // edited cell and row render again ("storing information from previous renders", React docs).
  const context = { table, level, maxPhyAddr, nxe };
  const [last, setLast] = useState<{
    context: typeof context;
    version: number;
    frame: Uint32Array | null;
    decoded: TableEntries;
  } | null>(null);
  const sameContext =
    last !== null &&
    last.context.table === table &&
    last.context.level === level &&
    last.context.maxPhyAddr === maxPhyAddr &&
    last.context.nxe === nxe;
  let decoded: TableEntries;
  if (sameContext && last.version === version && last.frame === frame) {
    decoded = last.decoded;
  } else {
    decoded = decodeTableFrame(frame, level, maxPhyAddr, nxe, sameContext ? last.decoded : null);
    setLast({ context, version, frame, decoded });
  }
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
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const tabIndex = focusIndex ?? selectedIndex ?? highlightIndex ?? 0;
  const gridRef = useRef<HTMLDivElement>(null);
  const captionId = useId();

  const indexOf = (target: EventTarget): number | null => {
    const el = (target as HTMLElement).closest?.("[data-index]");
    return el ? Number((el as HTMLElement).dataset["index"]) : null;
  };
  const select = (index: number): void => {
    setFocusIndex(index);
    onSelectEntry?.(index);
  };
  const onGridClick = (event: MouseEvent<HTMLDivElement>): void => {
    const index = indexOf(event.target);
    if (index !== null) select(index);
  };
  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = indexOf(event.target);
    if (index === null) return;
    let next: number;
    switch (event.key) {
      case "ArrowRight":
        next = Math.min(511, index + 1);
        break;
      case "ArrowLeft":
        next = Math.max(0, index - 1);
        break;
      case "ArrowDown":
        next = index + COLUMNS <= 511 ? index + COLUMNS : index;
        break;
      case "ArrowUp":
        next = index - COLUMNS >= 0 ? index - COLUMNS : index;
        break;
      case "Home":
        next = event.ctrlKey ? 0 : index - (index % COLUMNS);
        break;
      case "End":
        next = event.ctrlKey ? 511 : index - (index % COLUMNS) + COLUMNS - 1;
        break;
      case "Enter":
      case " ":
        event.preventDefault();
        select(index);
        return;
      default:
        return;
    }
    event.preventDefault();
    setFocusIndex(next);
    gridRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
  };
  const onListClick = (event: MouseEvent<HTMLDivElement>): void => {
    const index = indexOf(event.target);
    if (index !== null) select(index);
  };

  if (decoded.outside) {
    return (
      <section className="pw-table-view" aria-label={`${tableName} at ${formatPhysAddr(table)}`}>
        <p role="status">{`${tableName} at ${formatPhysAddr(table)} lies beyond RAM: there is nothing to read.`}</p>
      </section>
    );
  }

  const rows: number[] = Array.from({ length: ROWS }, (_, r) => r);
  return (
    <section className="pw-table-view" aria-label={`${tableName} at ${formatPhysAddr(table)}`}>
      <div
        ref={gridRef}
        role="grid"
        aria-label={`${tableName} at ${formatPhysAddr(table)}: 512 entries`}
        aria-rowcount={ROWS}
        aria-colcount={COLUMNS}
        className="pw-grid"
        onClick={onGridClick}
        onKeyDown={onGridKeyDown}
      >
        {rows.map((r) => (
          <GridRow
            key={r}
            cells={cells}
            start={r * COLUMNS}
            selected={inRow(r, selectedIndex)}
            highlighted={inRow(r, highlightIndex)}
            tabbable={inRow(r, tabIndex)}
          />
        ))}
      </div>
      <ul className="pw-legend" aria-label="Entry kinds">
        {CLASS_ORDER.map((k) =>
          decoded.counts[k] > 0 || k === "empty" || (k === "table" && level > 1) ? (
            <li key={k}>
              <span
                className="pw-swatch"
                style={{ background: entryClassColor(k, level) }}
                aria-hidden="true"
              />
              {ENTRY_CLASS_NAMES[k]}: {decoded.counts[k]}
            </li>
          ) : null,
        )}
      </ul>
      {present.length === 0 ? (
        <p>No present entries.</p>
      ) : (
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
            <div role="rowgroup" onClick={onListClick}>
              {listed.map((info) => (
                <EntryRow
                  key={info.index}
                  info={info}
                  tableName={tableName}
                  color={(cells[info.index] as { color: string }).color}
                  selected={info.index === selectedIndex}
                  highlighted={info.index === highlightIndex}
                />
              ))}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
