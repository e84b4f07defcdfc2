import { memo, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { LEVEL_TABLE_NAMES, type Level, type PhysAddr } from "../core/arch";
import { FRAME_SIZE, type AllocatorState, type FrameAllocator, type Ram } from "../core/memory";
import type { TableGraph } from "../core/inspect";
import { entryColorVar } from "./entryColors";
import { levelColor, OFFSET_COLOR_VAR } from "./levelColors";
import {
  buildMemoryMap,
  graphSignature,
  sameInputsAsBefore,
  type MemoryMapInputs,
  describeCell,
  type FrameKind,
  type MemoryMapCell,
  type MemoryMapModel,
} from "./memoryMapCells";
import { useGridColumns } from "./memoryMapColumns";
import "./MemoryMap.css";
import { formatCount } from "../core/common";
import { gridMove } from "./gridKeys";

export interface MemoryMapProps {
  readonly ram: Ram;
  /** The frame allocator (or its state): frames it has handed out. */
  readonly allocator?: FrameAllocator | AllocatorState | null;
  /** Which frames are tables, at which level. */
  readonly graph?: TableGraph | null;
  /** Frames holding mapped data (frame addresses, or a test); by default, the graph's leaves. */
  readonly mapped?: ReadonlySet<number> | ((pa: PhysAddr) => boolean) | null;
  readonly selectedFrame?: PhysAddr | null;
  readonly onSelectFrame?: (addr: PhysAddr) => void;
  /** The frame last chosen (clicked, tapped or Enter), described under the map by `renderChosen`. */
  readonly chosenFrame?: PhysAddr | null;
  /**
   * Draws the line about the chosen frame, given the words its cell's hover text has (a touch screen
   * has no hover): kept current as edits change what the frame is.
   */
  readonly renderChosen?: (frame: PhysAddr, description: string) => ReactNode;
  /** At most this many cells (default 1024). */
  readonly maxCells?: number;
  /** The scenario's names of frames: a cell holding a named frame says its name. */
  readonly frameNames?: ReadonlyMap<number, string>;
}

/** The names of the frames in a cell ("PML4 of process A"), or "" when none is named. */
function namesIn(cell: MemoryMapCell, names: ReadonlyMap<number, string> | undefined): string {
  if (!names || names.size === 0) return "";
  const found: string[] = [];
  if (cell.frames <= 64) {
    for (let pfn = cell.firstPfn; pfn < cell.firstPfn + cell.frames; pfn++) {
      const name = names.get(pfn * FRAME_SIZE);
      if (name !== undefined) found.push(name);
    }
  } else {
    for (const [addr, name] of names) {
      const pfn = addr / FRAME_SIZE;
      if (pfn >= cell.firstPfn && pfn < cell.firstPfn + cell.frames) found.push(name);
    }
  }
  return found.length ? `, named ${found.map((n) => `“${n}”`).join(", ")}` : "";
}

const LEVELS: readonly Level[] = [5, 4, 3, 2, 1];

function kindColor(kind: FrameKind, level: Level | null): string {
  switch (kind) {
    case "table":
      return levelColor(level ?? 1);
    case "data":
      return OFFSET_COLOR_VAR;
    case "mapped":
      return `color-mix(in srgb, ${OFFSET_COLOR_VAR} 35%, transparent)`;
    case "allocated":
      return entryColorVar("garbage");
    case "touched":
      return entryColorVar("leaf1g");
    case "free":
      return entryColorVar("empty");
  }
}

const KIND_NAMES: Record<Exclude<FrameKind, "table">, string> = {
  data: "mapped, holds data",
  mapped: "mapped, all zero",
  allocated: "allocated, not a reachable table",
  touched: "holds data, not mapped",
  free: "unused",
};

/**
 * The cells' fills: one rule per kind (and per level for tables), drawn from kindColor, instead of a
 * style on each of the 1,024 cells. An inline style is a declaration block of the cell's own, so
 * Chromium resolved every cell's style alone; cells matched by the same rules share one resolution.
 */
const CELL_FILLS = [
  ...(Object.keys(KIND_NAMES) as Exclude<FrameKind, "table">[]).map(
    (kind) => `.pw-frame[data-kind="${kind}"] { background: ${kindColor(kind, null)}; }`,
  ),
  ...LEVELS.map(
    (level) =>
      `.pw-frame[data-kind="table"][data-level="${level}"] { background: ${kindColor("table", level)}; }`,
  ),
].join("\n");

const Cell = memo(function Cell({
  cell,
  label,
  selected,
  tabbable,
}: {
  cell: MemoryMapCell;
  label: string;
  selected: boolean;
  tabbable: boolean;
}) {
  return (
    <div
      role="gridcell"
      className="pw-frame"
      data-index={cell.index}
      data-kind={cell.kind}
      data-level={cell.kind === "table" ? (cell.level ?? 1) : undefined}
      aria-label={label}
      aria-selected={selected}
      title={label}
      tabIndex={tabbable ? 0 : -1}
    />
  );
});

function allocatorState(a: FrameAllocator | AllocatorState | null | undefined): AllocatorState | null {
  if (!a) return null;
  return "state" in a && typeof a.state === "function" ? a.state() : (a as AllocatorState);
}

/**
 * Physical memory as a grid of frames (grouped into power-of-two cells when RAM is large): tables by
 * level, mapped data, allocator frames, touched and free frames, with a legend. Arrow keys move, Enter
 * selects a cell's first frame.
 */
interface FramesRowProps {
  readonly cells: readonly MemoryMapCell[];
  readonly labels: readonly string[];
  readonly start: number;
  readonly columns: number;
  /** The selected / tabbable cell when it is in this row, else null. */
  readonly selectedCell: number | null;
  readonly tabCell: number | null;
}

/** Whether a row draws the same: its cells are the same objects (see buildMemoryMap) and labels. */
function sameRow(a: FramesRowProps, b: FramesRowProps): boolean {
  if (a.start !== b.start || a.selectedCell !== b.selectedCell || a.tabCell !== b.tabCell) return false;
  if (a.cells.length !== b.cells.length || a.columns !== b.columns) return false;
  for (let i = a.start; i < Math.min(a.start + a.columns, a.cells.length); i++) {
    if (a.cells[i] !== b.cells[i] || a.labels[i] !== b.labels[i]) return false;
  }
  return true;
}

/**
 * One row of the grid. An edit changes a few cells, so most rows compare equal and React skips
 * them without visiting their cells (a thousand cells per edit otherwise).
 */
const FramesRow = memo(function FramesRow({
  cells,
  labels,
  start,
  columns,
  selectedCell,
  tabCell,
}: FramesRowProps) {
  const row = cells.slice(start, start + columns);
  return (
    <div role="row" className="pw-frames-row">
      {row.map((cell) => (
        <Cell
          key={cell.index}
          cell={cell}
          label={labels[cell.index] as string}
          selected={cell.index === selectedCell}
          tabbable={cell.index === tabCell}
        />
      ))}
    </div>
  );
}, sameRow);

const cellLabels = new WeakMap<MemoryMapCell, string>();
function labelOf(cell: MemoryMapCell): string {
  let label = cellLabels.get(cell);
  if (label === undefined) {
    label = describeCell(cell);
    cellLabels.set(cell, label);
  }
  return label;
}

export function MemoryMap({
  ram,
  allocator,
  graph = null,
  mapped = null,
  selectedFrame = null,
  onSelectFrame,
  chosenFrame = null,
  renderChosen,
  frameNames,
  maxCells,
}: MemoryMapProps) {
  // A committed machine's allocator never changes (a change clones it), so the allocator itself is
  // the memo key; its state (up to 2^20 free frames) is read only when the map is rebuilt.
  // Rebuilt for every RAM state, but unchanged cells keep their objects from the previous build so
  // only the cells an edit changed render again ("storing information from previous renders").
  // An edit that changes no table's place, no mapped frame and no frame's use (a flag toggle, the
  // commonest edit) gives the same map: it is kept rather than built again.
  const [last, setLast] = useState<{ inputs: MemoryMapInputs; model: MemoryMapModel } | null>(null);
  let model: MemoryMapModel;
  if (last !== null && sameInputsAsBefore(last.inputs, ram, graph, mapped, maxCells, allocator)) {
    // Kept with the inputs it was built from: comparing with them again is cheap (the touched key,
    // a signature kept per graph), and not storing the new ones spares a second render.
    model = last.model;
  } else {
    const touchedFrames = ram.touchedFrames();
    model = buildMemoryMap(
      {
        frameCount: ram.frameCount,
        isTouched: (pfn) => ram.isTouched(pfn),
        touchedFrames,
        allocator: allocatorState(allocator),
        graph,
        mapped,
        ...(maxCells === undefined ? {} : { maxCells }),
      },
      last?.inputs.ram.frameCount === ram.frameCount ? last.model : null,
    );
    setLast({
      inputs: {
        ram,
        graph,
        mapped,
        maxCells,
        allocator,
        touchedFrames,
        graphSignature: graphSignature(graph),
      },
      model,
    });
  }
  // Cells an edit did not change keep their objects (see buildMemoryMap), so their labels are reused.
  const labels = useMemo(
    () => model.cells.map((cell) => labelOf(cell) + namesIn(cell, frameNames)),
    [model, frameNames],
  );
  const selectedCell =
    selectedFrame === null ? null : Math.floor(selectedFrame / FRAME_SIZE / model.framesPerCell);
  const [focusCell, setFocusCell] = useState<number | null>(null);
  const tabCell = focusCell ?? selectedCell ?? 0;
  const gridRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<HTMLElement>(null);
  const columns = useGridColumns(mapRef);

  // The grid and the legend as memoised elements: an edit that keeps the map (a flag toggle, the
  // commonest edit) renders neither again, not even to compare their rows.
  const grid = useMemo(() => {
    const cellOf = (target: EventTarget): number | null => {
      const el = (target as HTMLElement).closest?.("[data-index]");
      return el ? Number((el as HTMLElement).dataset["index"]) : null;
    };
    const select = (c: number): void => {
      setFocusCell(c);
      // A cell of several frames opens its top table, if it holds one; otherwise its first frame.
      const cell = model.cells[c];
      onSelectFrame?.(((cell?.tablePfn ?? c * model.framesPerCell) * FRAME_SIZE) as PhysAddr);
    };
    const onClick = (event: MouseEvent<HTMLDivElement>): void => {
      const c = cellOf(event.target);
      if (c !== null) select(c);
    };
    const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
      const c = cellOf(event.target);
      if (c === null) return;
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(c);
        return;
      }
      const next = gridMove(event.key, c, event.ctrlKey, columns, model.cells.length);
      if (next === null) return;
      event.preventDefault();
      setFocusCell(next);
      gridRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
    };
    const rowStarts: number[] = [];
    for (let i = 0; i < model.cells.length; i += columns) rowStarts.push(i);
    const inRow = (start: number, c: number | null): number | null =>
      c !== null && c >= start && c < start + columns ? c : null;
    return (
      <div
        ref={gridRef}
        role="grid"
        aria-label="Physical frames"
        className="pw-frames"
        onClick={onClick}
        onKeyDown={onKeyDown}
      >
        {rowStarts.map((start) => (
          <FramesRow
            key={start}
            cells={model.cells}
            labels={labels}
            start={start}
            columns={columns}
            selectedCell={inRow(start, selectedCell)}
            tabCell={inRow(start, tabCell)}
          />
        ))}
      </div>
    );
  }, [model, labels, columns, selectedCell, tabCell, onSelectFrame]);
  const legend = useMemo(
    () => (
      <ul className="pw-legend" aria-label="Legend">
        {LEVELS.map((level) =>
          model.totals.tablesByLevel[level] > 0 ? (
            <LegendItem
              key={level}
              color={levelColor(level)}
              text={`${LEVEL_TABLE_NAMES[level]} tables: ${model.totals.tablesByLevel[level]}`}
            />
          ) : null,
        )}
        {(Object.keys(KIND_NAMES) as Exclude<FrameKind, "table">[]).map((kind) => (
          // Frames, not cells: the counts add up to the RAM the summary line states.
          <LegendItem
            key={kind}
            color={kindColor(kind, null)}
            text={`${KIND_NAMES[kind]}: ${formatCount(model.frameTotals[kind])}`}
          />
        ))}
      </ul>
    ),
    [model],
  );

  const unit =
    model.framesPerCell === 1
      ? "one frame (4 KiB)"
      : `${formatCount(model.framesPerCell)} frames (${formatBytes(model.framesPerCell * FRAME_SIZE)})`;
  return (
    <section ref={mapRef} className="pw-memory-map" aria-label="Physical memory map">
      <style>{CELL_FILLS}</style>
      <p className="pw-memory-scale">
        {formatBytes(ram.sizeBytes)} of RAM ({formatCount(ram.frameCount)} frames); each cell is {unit}
        {model.framesPerCell > 1 ? ", coloured by its most important frame" : ""}. The legend counts frames.
      </p>
      {grid}
      {legend}
      {chosenFrame !== null && renderChosen
        ? renderChosen(chosenFrame, labels[Math.floor(chosenFrame / FRAME_SIZE / model.framesPerCell)] ?? "")
        : null}
    </section>
  );
}

/** One line of the legend; memoised: an edit changes a count or two, not every line. */
const LegendItem = memo(function LegendItem({ color, text }: { color: string; text: string }) {
  return (
    <li>
      <span className="pw-swatch" style={{ background: color }} aria-hidden="true" />
      {text}
    </li>
  );
});

function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let u = 0;
  while (value >= 1024 && u < units.length - 1 && value % 1024 === 0) {
    value /= 1024;
    u++;
  }
  return `${formatCount(value)} ${units[u]}`;
}
