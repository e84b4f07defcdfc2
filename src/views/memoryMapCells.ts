/**
 * RAM as a grid of cells for the memory map: each cell one frame, or for large RAM a power-of-two
 * group of frames, with what its frames are (page tables by level, mapped data, handed out by the
 * allocator, touched, free). Pure: computed from range arithmetic and the graph, never frame by frame
 * through callbacks when RAM is large.
 */
import { formatPhysAddr, LEVEL_TABLE_NAMES, type Level, type PhysAddr } from "../core/arch";
import { FRAME_SIZE, type AllocatorState, type Ram } from "../core/memory";
import { mappedRanges, type TableGraph } from "../core/inspect";
import { formatCount, mergeIntervals } from "../core/common";
import { countFrameKinds } from "./memoryFrameCounts";

/**
 * What a cell shows, most important first: a page table; mapped and holding data; mapped but all
 * zero (e.g. a direct map over unused RAM); handed out by the allocator; holding data nobody maps; free.
 */
export type FrameKind = "table" | "data" | "mapped" | "allocated" | "touched" | "free";

export interface MemoryMapInput {
  readonly frameCount: number;
  readonly isTouched: (pfn: number) => boolean;
  /** The touched frames, when the caller has them as a list (faster than asking frame by frame). */
  readonly touchedFrames?: readonly number[];
  readonly allocator?: AllocatorState | null;
  readonly graph?: TableGraph | null;
  /** Frames holding mapped data: a set of frame addresses, or a test per frame address. */
  readonly mapped?: ReadonlySet<number> | ((pa: PhysAddr) => boolean) | null;
  /** At most this many cells (default 1024); frames are grouped in powers of two to fit. */
  readonly maxCells?: number;
}

export interface MemoryMapCell {
  readonly index: number;
  readonly firstPfn: number;
  readonly frames: number;
  readonly kind: FrameKind;
  /** Highest level among the tables in the cell (when kind is "table"). */
  readonly level: Level | null;
  readonly tables: number;
  /** Frame number of the cell's highest-level table (what a click opens), or null. */
  readonly tablePfn: number | null;
  readonly mapped: number;
  readonly allocated: number;
  readonly touched: number;
}

export interface MemoryMapModel {
  readonly framesPerCell: number;
  readonly cells: readonly MemoryMapCell[];
  /** Cells of each kind (each cell counted once, as its most important frame). */
  readonly totals: Readonly<Record<FrameKind, number>> & {
    readonly tablesByLevel: Readonly<Record<Level, number>>;
  };
  /** Frames of each kind (memoryFrameCounts.ts): they add up to the RAM's frames, what the legend shows. */
  readonly frameTotals: Readonly<Record<FrameKind, number>>;
}

/** Per-frame callbacks are used up to this many frames; beyond, each cell is sampled at 4 points. */
const PER_FRAME_LIMIT = 1 << 18;

const sameCell = (a: MemoryMapCell, b: MemoryMapCell): boolean =>
  a.firstPfn === b.firstPfn &&
  a.frames === b.frames &&
  a.kind === b.kind &&
  a.level === b.level &&
  a.tables === b.tables &&
  a.tablePfn === b.tablePfn &&
  a.mapped === b.mapped &&
  a.allocated === b.allocated &&
  a.touched === b.touched;

/** `previous`: the map of the same RAM before an edit; cells that did not change keep their objects. */
export function buildMemoryMap(
  input: MemoryMapInput,
  previous: MemoryMapModel | null = null,
): MemoryMapModel {
  const maxCells = input.maxCells ?? 1024;
  let framesPerCell = 1;
  while (Math.ceil(input.frameCount / framesPerCell) > maxCells) framesPerCell *= 2;
  const cellCount = Math.ceil(input.frameCount / framesPerCell);
  const tables = new Int32Array(cellCount);
  const tableLevel = new Int8Array(cellCount);
  const tablePfn = new Float64Array(cellCount).fill(-1);
  const mapped = new Float64Array(cellCount);
  const allocated = new Float64Array(cellCount);
  const touched = new Float64Array(cellCount);
  const tablesByLevel: Record<Level, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  const tablePfns = new Set<number>();

  for (const node of input.graph?.nodes ?? []) {
    const pfn = node.addr / FRAME_SIZE;
    if (pfn >= input.frameCount) continue;
    const c = Math.floor(pfn / framesPerCell);
    tables[c] = (tables[c] as number) + 1;
    if (
      node.level > (tableLevel[c] as number) ||
      (node.level === tableLevel[c] && pfn < (tablePfn[c] as number))
    ) {
      tableLevel[c] = node.level;
      tablePfn[c] = pfn;
    }
    tablesByLevel[node.level]++;
    tablePfns.add(pfn);
  }

  // Adds `count` frames starting at `pfn` (clipped to RAM) to per-cell counters.
  const addRange = (target: Float64Array, start: number, end: number): void => {
    start = Math.max(0, start);
    end = Math.min(input.frameCount, end);
    while (start < end) {
      const c = Math.floor(start / framesPerCell);
      const cellEnd = Math.min(end, (c + 1) * framesPerCell);
      target[c] = (target[c] as number) + (cellEnd - start);
      start = cellEnd;
    }
  };

  const a = input.allocator;
  if (a) {
    addRange(allocated, a.firstPfn, a.nextPfn);
    for (const pfn of a.freePfns)
      if (pfn < input.frameCount) allocated[Math.floor(pfn / framesPerCell)]! -= 1;
  }

  const m = input.mapped;
  // The mapped frames as intervals too, for the legend's exact frame counts.
  const mappedIntervals: [number, number][] = [];
  if (m === undefined || m === null) {
    if (input.graph)
      for (const [s, e] of mappedRanges(input.graph)) {
        addRange(mapped, Math.floor(s / FRAME_SIZE), Math.ceil(e / FRAME_SIZE));
        mappedIntervals.push([Math.floor(s / FRAME_SIZE), Math.ceil(e / FRAME_SIZE)]);
      }
  } else if (typeof m === "function") {
    if (input.frameCount <= PER_FRAME_LIMIT) {
      for (let pfn = 0; pfn < input.frameCount; pfn++)
        if (m((pfn * FRAME_SIZE) as PhysAddr)) {
          mapped[Math.floor(pfn / framesPerCell)]! += 1;
          mappedIntervals.push([pfn, pfn + 1]);
        }
    } else {
      for (let c = 0; c < cellCount; c++) {
        let hits = 0;
        for (let k = 0; k < 4; k++)
          if (m(((c * framesPerCell + Math.floor((k * framesPerCell) / 4)) * FRAME_SIZE) as PhysAddr)) hits++;
        mapped[c] = (hits / 4) * framesPerCell;
        // Sampled: as many frames as the samples suggest, at the start of the cell.
        if (hits > 0) mappedIntervals.push([c * framesPerCell, c * framesPerCell + (mapped[c] as number)]);
      }
    }
  } else {
    for (const pa of m) {
      const pfn = Math.floor(pa / FRAME_SIZE);
      if (pfn < input.frameCount) {
        mapped[Math.floor(pfn / framesPerCell)]! += 1;
        mappedIntervals.push([pfn, pfn + 1]);
      }
    }
  }

  let touchedPfns: readonly number[];
  if (input.touchedFrames) {
    touchedPfns = input.touchedFrames;
    for (const pfn of input.touchedFrames)
      if (pfn < input.frameCount) touched[Math.floor(pfn / framesPerCell)]! += 1;
  } else {
    const found: number[] = [];
    for (let pfn = 0; pfn < input.frameCount; pfn++)
      if (input.isTouched(pfn)) {
        touched[Math.floor(pfn / framesPerCell)]! += 1;
        found.push(pfn);
      }
    touchedPfns = found;
  }
  const frameTotals = countFrameKinds({
    frameCount: input.frameCount,
    tablePfns,
    mapped: mergeIntervals(mappedIntervals, input.frameCount),
    allocator: input.allocator ?? null,
    touchedPfns,
  });

  const totals = { table: 0, data: 0, mapped: 0, allocated: 0, touched: 0, free: 0, tablesByLevel };
  const cells: MemoryMapCell[] = [];
  for (let c = 0; c < cellCount; c++) {
    const frames = Math.min(framesPerCell, input.frameCount - c * framesPerCell);
    const t = tables[c] as number;
    const kind: FrameKind =
      t > 0
        ? "table"
        : (mapped[c] as number) > 0
          ? (touched[c] as number) > 0
            ? "data"
            : "mapped"
          : (allocated[c] as number) > 0
            ? "allocated"
            : (touched[c] as number) > 0
              ? "touched"
              : "free";
    totals[kind]++;
    const cell: MemoryMapCell = {
      index: c,
      firstPfn: c * framesPerCell,
      frames,
      kind,
      level: t > 0 ? (tableLevel[c] as Level) : null,
      tables: t,
      tablePfn: t > 0 ? (tablePfn[c] as number) : null,
      mapped: Math.round(mapped[c] as number),
      allocated: allocated[c] as number,
      touched: touched[c] as number,
    };
    // An unchanged cell keeps its previous object, so its memoised view skips rendering.
    const before = previous?.framesPerCell === framesPerCell ? previous.cells[c] : undefined;
    cells.push(before !== undefined && sameCell(before, cell) ? before : cell);
  }
  return { framesPerCell, cells, totals, frameTotals };
}

/** "Frame 0x200000: PML4" or "Frames 0x0–0x3fffff (1,024): 2 tables, 10 mapped, 12 allocated". */
export function describeCell(cell: MemoryMapCell): string {
  const first = cell.firstPfn * FRAME_SIZE;
  const last = (cell.firstPfn + cell.frames) * FRAME_SIZE - 1;
  if (cell.frames === 1) {
    const what =
      cell.kind === "table" && cell.level !== null
        ? LEVEL_TABLE_NAMES[cell.level]
        : cell.kind === "data"
          ? "mapped, holds data"
          : cell.kind === "mapped"
            ? "mapped (all zero)"
            : cell.kind === "allocated"
              ? "allocated by the frame allocator"
              : cell.kind === "touched"
                ? "holds data (not mapped)"
                : "free";
    return `Frame ${formatPhysAddr(first)}: ${what}`;
  }
  const parts: string[] = [];
  if (cell.tables)
    parts.push(
      `${cell.tables} table${cell.tables === 1 ? "" : "s"}${cell.level ? ` (top ${LEVEL_TABLE_NAMES[cell.level]})` : ""}`,
    );
  if (cell.mapped) parts.push(`${formatCount(cell.mapped)} mapped`);
  if (cell.allocated) parts.push(`${formatCount(cell.allocated)} allocated`);
  if (cell.touched) parts.push(`${formatCount(cell.touched)} touched`);
  return `Frames ${formatPhysAddr(first)}–${formatPhysAddr(last)} (${formatCount(cell.frames)}): ${parts.join(", ") || "free"}`;
}

/** What the map was last built from; `touchedFrames` and `graphSignature` are what an edit may change. */
export interface MemoryMapInputs {
  readonly ram: Pick<Ram, "frameCount" | "touchedFrames" | "touchedKey">;
  readonly graph: TableGraph | null;
  readonly mapped: MemoryMapInput["mapped"];
  readonly maxCells: number | undefined;
  readonly allocator: unknown;
  readonly touchedFrames: readonly number[];
  readonly graphSignature: GraphSignature | null;
}

/** What of a table graph the map draws: each table's frame and level, and the frames mapped. */
export interface GraphSignature {
  /** "addr:level" of every table, kept per list of tables (a leaf edit keeps the list). */
  readonly tables: string;
  /** The mapped physical ranges, sorted and merged (`mappedRanges`). */
  readonly mapped: ReadonlyArray<readonly [number, number]>;
}

/** Signatures made, per graph, and the tables' part per list of tables. */
const signatures = new WeakMap<TableGraph, GraphSignature>();
const tableSignatures = new WeakMap<TableGraph["nodes"], string>();

export function graphSignature(graph: TableGraph | null): GraphSignature | null {
  if (graph === null) return null;
  let signature = signatures.get(graph);
  if (signature !== undefined) return signature;
  let tables = tableSignatures.get(graph.nodes);
  if (tables === undefined) {
    tables = graph.nodes.map((n) => `${n.addr}:${n.level}`).join(",");
    tableSignatures.set(graph.nodes, tables);
  }
  // The ranges are compared as numbers, not joined into a string: every edit makes a new graph,
  // and a string of a few thousand ranges per edit was most of what the map allocated for a toggle.
  signature = { tables, mapped: mappedRanges(graph) };
  signatures.set(graph, signature);
  return signature;
}

/** Whether two graphs draw the same map: the same tables at the same levels, the same frames mapped. */
export function sameGraphSignature(a: GraphSignature | null, b: GraphSignature | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.tables !== b.tables || a.mapped.length !== b.mapped.length) return false;
  return a.mapped.every(([start, end], i) => {
    const other = b.mapped[i] as readonly [number, number];
    return start === other[0] && end === other[1];
  });
}

/**
 * Whether the map built from `before` is still right: the same tables at the same levels, the same
 * mapped and touched frames, the same allocator. A flag toggle keeps all of them, so it keeps the map.
 */
export function sameInputsAsBefore(
  before: MemoryMapInputs,
  ram: Pick<Ram, "frameCount" | "touchedFrames" | "touchedKey">,
  graph: TableGraph | null,
  mapped: MemoryMapInput["mapped"],
  maxCells: number | undefined,
  allocator: unknown,
): boolean {
  if (before.mapped !== mapped || before.maxCells !== maxCells || before.allocator !== allocator)
    return false;
  if (before.ram === ram && before.graph === graph) return true;
  if (before.ram.frameCount !== ram.frameCount) return false;
  if (before.graph !== graph && !sameGraphSignature(before.graphSignature, graphSignature(graph)))
    return false;
  if (before.ram.touchedKey() === ram.touchedKey()) return true; // a RAM keeps its key
  const touched = ram.touchedFrames();
  return (
    touched.length === before.touchedFrames.length &&
    touched.every((pfn, i) => pfn === before.touchedFrames[i])
  );
}
