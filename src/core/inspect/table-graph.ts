/**
 * The page tables reachable from CR3, as a graph (DESIGN §2 "Graph, not tree", §3 "Scale").
 *
 * Hardware only ever follows one path per walk, so nothing stops software from pointing two entries
 * at one table (shared tables), an entry back at its own table or an ancestor (recursive mapping,
 * e.g. PML4[510] → PML4), or garbage past the end of RAM. This module finds every table a walk could
 * reach, each frame once, and folds the leaves — hundreds of thousands in a booted kernel — into runs
 * of similar entries, so a view has ~100 nodes and a few hundred boxes to draw instead.
 *
 * Entries are read as two 32-bit words straight from the frame (DESIGN §4): no bigint per entry.
 */
import {
  ENTRY_P,
  LEVEL_TABLE_NAMES,
  hasReservedBits,
  isLeafAt,
  leafPageBase,
  nextTableAddress,
  pageSizeName,
  pageSizeOfLevel,
  reservedHighMask,
  type Level,
  type PageSize,
  type PagingLevels,
  type PhysAddr,
} from "../arch";
import { FRAME_SIZE, type PhysicalMemory } from "../memory";
import { formatRunFlags, leafFlags, pointerFlags } from "./entry-class";

/** Consecutive present leaves of one table, folded (DESIGN §3). */
export interface LeafRun {
  /** The table holding the entries. */
  readonly table: PhysAddr;
  /** The level the table is read at for these entries (1 → 4 KiB, 2 → 2 MiB, 3 → 1 GiB pages). */
  readonly level: Level;
  readonly firstIndex: number;
  readonly lastIndex: number;
  readonly count: number;
  readonly pageSize: PageSize;
  /** RUN_FLAG bits plus the protection key (`runProtectionKey`). */
  readonly flags: number;
  /** Physical address of the first entry's page. */
  readonly firstPa: number;
  /** True: entry k maps firstPa + k × pageSize. False: every entry maps firstPa (aliases). */
  readonly contiguous: boolean;
}

export type EdgeKind = "tree" | "shared" | "back" | "outside";

/**
 * Consecutive pointer entries of one table to one target with the same R/W, U/S, XD.
 * - tree: the first edge that reached the target (the layout parent);
 * - shared: a further edge to a table already reached (the target has several parents);
 * - back: the target is the table itself or one of its ancestors (recursive mapping): not followed;
 * - outside: the target frame is beyond RAM: shown as a dangling marker, not followed.
 */
export interface PointerEdge {
  readonly from: PhysAddr;
  /** The level `from` is read at for these entries; the target is read at `fromLevel - 1`. */
  readonly fromLevel: Level;
  readonly firstIndex: number;
  readonly lastIndex: number;
  readonly to: PhysAddr;
  readonly kind: EdgeKind;
  /** RUN_FLAG.RW | US | XD of the pointer entries. */
  readonly flags: number;
}

export interface TableNode {
  readonly addr: PhysAddr;
  /** The level the table was first reached at (the highest: the traversal is breadth-first). */
  readonly level: Level;
  /** Every level the frame is reached at, highest first (a recursive entry adds a lower one). */
  readonly levels: Level[];
  /** Distance from the root in the first path that reached it. */
  readonly depth: number;
  /** The table whose entry first reached this one (null for the root). */
  readonly parent: PhysAddr | null;
  /** Tree and shared edges into this table (a shared table has more than one). */
  incoming: number;
  /** Entry counts at `level` (the level the node is drawn at). */
  present: number;
  pointers: number;
  leaves: number;
  /** Not present but non-zero: ignored by hardware, counted but not drawn. */
  garbage: number;
  /** Indices of present entries with reserved bits set (a walk through them faults). */
  readonly reservedIndices: number[];
  /** False when the bound on tables stopped the traversal before reading this table. */
  expanded: boolean;
}

export interface TableGraphOptions {
  readonly maxPhyAddr: number;
  readonly nxe: boolean;
  /** Stop adding tables after this many (default 4096); the result says `truncated`. */
  readonly maxTables?: number;
  /**
   * Reuse the scans of unchanged tables between builds (see `TableScanCache`). Only frames whose
   * memory gives a content key (`PhysicalMemory.frameKey`) are cached.
   */
  readonly cache?: TableScanCache;
}

/** What one table holds at one level, independent of where the traversal reached it from. */
interface TableScan {
  readonly present: number;
  readonly pointers: number;
  readonly leaves: number;
  readonly garbage: number;
  readonly reservedIndices: readonly number[];
  readonly runs: readonly Omit<LeafRun, "table" | "level">[];
  /** Consecutive pointer entries with one target and the same flags. */
  readonly groups: readonly { firstIndex: number; lastIndex: number; to: PhysAddr; flags: number }[];
}

/**
 * Scans of table frames by content key, level and reserved-bit rules: an edit changes one or two
 * frames, so rebuilding the graph after it scans only those. Bounded; keep one per memory family.
 */
export class TableScanCache {
  private readonly scans = new Map<string, TableScan>();
  /**
   * A scan's runs as the graph holds them (with their table and level), per scan key and table:
   * a graph of two million runs built again after a one-entry edit makes no new run objects, which
   * took most of the build (and of its garbage).
   */
  private readonly runs = new Map<string, readonly LeafRun[]>();
  constructor(private readonly limit = 8192) {}
  get(key: string): TableScan | undefined {
    return this.scans.get(key);
  }
  set(key: string, scan: TableScan): void {
    if (this.scans.size >= this.limit) this.scans.clear();
    this.scans.set(key, scan);
  }
  /** The runs of a table whose scan key is `key`, made from `scan` once. */
  runsOf(key: string, table: PhysAddr, level: Level, scan: TableScan): readonly LeafRun[] {
    const runsKey = `${key}@${table}`;
    let made = this.runs.get(runsKey);
    if (made === undefined) {
      made = tableRuns(table, level, scan);
      if (this.runs.size >= this.limit) this.runs.clear();
      this.runs.set(runsKey, made);
    }
    return made;
  }
  /** The last graph built with this cache, and the reads it was built from (`rebuildRuns`). */
  private last: LastBuild | null = null;
  /** The last build, when it was made in `context` (the same root, levels and rules). */
  lastBuild(context: string): LastBuild | null {
    return this.last?.context === context ? this.last : null;
  }
  remember(build: LastBuild): void {
    this.last = build;
  }
}

/** One table read by a build: the table, the level read at, its scan and the scan's cache key. */
interface Read {
  readonly addr: PhysAddr;
  readonly level: Level;
  readonly key: string | null;
  readonly scan: TableScan;
}

/** A graph and what it was read from: each table read (breadth-first) with its scan. */
interface LastBuild {
  readonly graph: TableGraph;
  /** Root, levels, reserved-bit mask, table limit and RAM size: the same for a graph to be reused. */
  readonly context: string;
  /** `key` is null for a frame still written in place: it is read again every time. */
  readonly reads: readonly Read[];
}

const sameGroups = (a: TableScan["groups"], b: TableScan["groups"]): boolean =>
  a.length === b.length &&
  a.every((g, i) => {
    const h = b[i] as TableScan["groups"][number];
    return (
      g.firstIndex === h.firstIndex && g.lastIndex === h.lastIndex && g.to === h.to && g.flags === h.flags
    );
  });

/** Whether two scans give the same nodes and edges (their leaf runs aside). */
const sameShape = (a: TableScan, b: TableScan): boolean =>
  a === b ||
  (a.present === b.present &&
    a.pointers === b.pointers &&
    a.leaves === b.leaves &&
    a.garbage === b.garbage &&
    a.reservedIndices.length === b.reservedIndices.length &&
    a.reservedIndices.every((r, i) => r === b.reservedIndices[i]) &&
    sameGroups(a.groups, b.groups));

/**
 * Reads one table at `level`: its scan, from the cache when the memory names the frame's contents,
 * and the key it is cached under (null for a frame still written in place, or with no cache).
 * `known` is a read of the same table by the last build: its scan stands for the same contents.
 * Null when the frame lies beyond RAM.
 */
function readTable(
  memory: PhysicalMemory,
  cache: TableScanCache | undefined,
  addr: PhysAddr,
  level: Level,
  rsvdHigh: number,
  known?: Read,
): Read | null {
  const pfn = addr / FRAME_SIZE;
  const contentKey = cache === undefined ? undefined : memory.frameKey?.(pfn);
  const key = contentKey == null ? null : `${contentKey}:${level}:${rsvdHigh}`;
  let scan = key === null ? undefined : key === known?.key ? known.scan : cache?.get(key);
  if (scan === undefined) {
    const frame = memory.readFrame(pfn);
    if (frame === null) return null;
    scan = scanTable(frame, level, rsvdHigh);
    if (key !== null) cache?.set(key, scan);
  }
  return { addr, level, key, scan };
}

/** A read's runs with their table and level: the same objects for the same cached contents. */
function runsOfRead(cache: TableScanCache | undefined, read: Read): readonly LeafRun[] {
  return read.key === null || cache === undefined
    ? tableRuns(read.addr, read.level, read.scan)
    : cache.runsOf(read.key, read.addr, read.level, read.scan);
}

/**
 * The commonest edit, a flag of a leaf, changes one table's runs and nothing the traversal follows:
 * then the last graph's tables and edges stand (the same objects, so views compare them at once) and
 * only the runs are gathered again. Null when any table read before now reads otherwise (or there is
 * no last graph for this context): build afresh.
 */
function rebuildRuns(
  memory: PhysicalMemory,
  cache: TableScanCache,
  context: string,
  rsvdHigh: number,
): TableGraph | null {
  const last = cache.lastBuild(context);
  if (last === null || memory.frameKey === undefined) return null;
  const reads: Read[] = [];
  for (const known of last.reads) {
    const read = readTable(memory, cache, known.addr, known.level, rsvdHigh, known);
    if (read === null || !sameShape(read.scan, known.scan)) return null;
    reads.push(read);
  }
  const runs: LeafRun[] = [];
  for (const read of reads) for (const run of runsOfRead(cache, read)) runs.push(run);
  const graph: TableGraph = { ...last.graph, runs };
  cache.remember({ graph, context, reads });
  return graph;
}

/** A scan's runs with their table and level. */
function tableRuns(table: PhysAddr, level: Level, scan: TableScan): readonly LeafRun[] {
  return scan.runs.map((run) => ({ table, level, ...run }));
}

export interface TableGraph {
  readonly root: PhysAddr;
  readonly levels: PagingLevels;
  /** Tables in breadth-first order; the root first (empty when CR3 points outside RAM). */
  readonly nodes: readonly TableNode[];
  readonly nodeByAddr: ReadonlyMap<number, TableNode>;
  readonly edges: readonly PointerEdge[];
  readonly runs: readonly LeafRun[];
  /** True when `maxTables` stopped the traversal: some reachable tables are missing. */
  readonly truncated: boolean;
  /** CR3 points beyond RAM: there is nothing to read. */
  readonly rootOutside: boolean;
  /** Totals over every table read: present leaves, garbage and reserved entries. */
  readonly leafCount: number;
  readonly garbageCount: number;
  readonly reservedCount: number;
}

const DEFAULT_MAX_TABLES = 4096;

interface Expansion {
  readonly node: TableNode;
  readonly level: Level;
  readonly parent: Expansion | null;
}

/**
 * Every table reachable from `root` (CR3's table) by following present pointer entries without
 * reserved bits (those a walk can pass, SDM §4.5), as nodes and edges, with leaves folded into runs.
 *
 * Cycle-safe and bounded: a frame is read at most once per level (levels strictly decrease along a
 * path, so even garbage that forms cycles ends), pointers back to the table itself or an ancestor are
 * recorded as back-edges and not followed, and at most `maxTables` frames become nodes.
 */
export function buildTableGraph(
  memory: PhysicalMemory,
  root: PhysAddr,
  levels: PagingLevels,
  options: TableGraphOptions,
): TableGraph {
  const maxTables = options.maxTables ?? DEFAULT_MAX_TABLES;
  const rsvdHigh = reservedHighMask(options.maxPhyAddr, options.nxe);
  const context = `${root}:${levels}:${rsvdHigh}:${maxTables}:${memory.sizeBytes}`;
  const cache = options.cache;
  if (cache !== undefined) {
    const rebuilt = rebuildRuns(memory, cache, context, rsvdHigh);
    if (rebuilt !== null) return rebuilt;
  }
  // Each table read with its scan, for the next build to start from (with a cache).
  const reads: Read[] = [];
  const nodes: TableNode[] = [];
  const nodeByAddr = new Map<number, TableNode>();
  const expandedLevels = new Map<number, number>(); // frame → bit mask of levels read
  const edges: PointerEdge[] = [];
  const runs: LeafRun[] = [];
  let truncated = false;
  let leafCount = 0;
  let garbageCount = 0;
  let reservedCount = 0;

  const rootAddr = (Math.floor(root / FRAME_SIZE) * FRAME_SIZE) as PhysAddr;
  // CR3 beyond RAM: no table to read, so the graph is empty (the views say why).
  const rootOutside = memory.readFrame(rootAddr / FRAME_SIZE) === null;

  const newNode = (addr: PhysAddr, level: Level, depth: number, parent: PhysAddr | null): TableNode => {
    const node: TableNode = {
      addr,
      level,
      levels: [level],
      depth,
      parent,
      incoming: 0,
      present: 0,
      pointers: 0,
      leaves: 0,
      garbage: 0,
      reservedIndices: [],
      expanded: false,
    };
    nodes.push(node);
    nodeByAddr.set(addr, node);
    return node;
  };
  const addLevel = (node: TableNode, level: Level): void => {
    if (node.levels.includes(level)) return;
    node.levels.push(level);
    node.levels.sort((a, b) => b - a);
  };

  const queue: Expansion[] = rootOutside
    ? []
    : [{ node: newNode(rootAddr, levels, 0, null), level: levels, parent: null }];
  if (!rootOutside) expandedLevels.set(rootAddr, 1 << levels);

  for (let q = 0; q < queue.length; q++) {
    const expansion = queue[q] as Expansion;
    const { node, level } = expansion;
    const primary = level === node.level;
    if (primary) node.expanded = true;
    const childLevel = (level - 1) as Level;

    // Every node is a frame inside RAM (pointers beyond it become "outside" edges).
    const read = readTable(memory, cache, node.addr, level, rsvdHigh) as Read;
    const scan = read.scan;
    if (cache !== undefined) reads.push(read);
    for (const run of runsOfRead(cache, read)) runs.push(run);
    for (const group of scan.groups) {
      const to = group.to;
      let kind: EdgeKind;
      const target = nodeByAddr.get(to);
      if (target === undefined && memory.readFrame(to / FRAME_SIZE) === null) {
        kind = "outside";
      } else if (target !== undefined && isSelfOrAncestor(expansion, to)) {
        kind = "back";
        addLevel(target, childLevel);
      } else {
        let t = target;
        if (t === undefined) {
          if (nodes.length >= maxTables) {
            truncated = true;
            continue;
          }
          t = newNode(to, childLevel, node.depth + 1, node.addr);
          kind = "tree";
        } else {
          kind = "shared";
          addLevel(t, childLevel);
        }
        t.incoming++;
        const mask = expandedLevels.get(to) ?? 0;
        if ((mask & (1 << childLevel)) === 0) {
          expandedLevels.set(to, mask | (1 << childLevel));
          queue.push({ node: t, level: childLevel, parent: expansion });
        }
      }
      edges.push({
        from: node.addr,
        fromLevel: level,
        firstIndex: group.firstIndex,
        lastIndex: group.lastIndex,
        to,
        kind,
        flags: group.flags,
      });
    }
    if (primary) {
      node.present = scan.present;
      node.pointers = scan.pointers;
      node.leaves = scan.leaves;
      node.garbage = scan.garbage;
      node.reservedIndices.push(...scan.reservedIndices);
    }
    leafCount += scan.leaves;
    garbageCount += scan.garbage;
    reservedCount += scan.present - scan.pointers - scan.leaves;
  }

  const graph: TableGraph = {
    root: rootAddr,
    levels,
    nodes,
    nodeByAddr,
    edges,
    runs,
    truncated,
    rootOutside,
    leafCount,
    garbageCount,
    reservedCount,
  };
  cache?.remember({ graph, context, reads });
  return graph;
}

/** Classifies one table's 512 entries at `level`: counts, reserved entries, leaf runs, pointer groups. */
function scanTable(frame: Uint32Array, level: Level, rsvdHigh: number): TableScan {
  const pageSize = pageSizeOfLevel(level as 1 | 2 | 3);
  const runs: Omit<LeafRun, "table" | "level">[] = [];
  const groups: { firstIndex: number; lastIndex: number; to: PhysAddr; flags: number }[] = [];
  const reservedIndices: number[] = [];
  // The run being built (indices into the frame).
  let runFirst = -1;
  let runLast = -1;
  let runFlags = 0;
  let runPa = 0;
  let runLastPa = 0;
  let runMode = 0; // 0 undecided (one entry), 1 contiguous, 2 same target
  const flushRun = (): void => {
    if (runFirst < 0) return;
    runs.push({
      firstIndex: runFirst,
      lastIndex: runLast,
      count: runLast - runFirst + 1,
      pageSize,
      flags: runFlags,
      firstPa: runPa,
      contiguous: runMode !== 2,
    });
    runFirst = -1;
  };
  let present = 0;
  let pointers = 0;
  let leaves = 0;
  let garbage = 0;
  for (let i = 0; i < 512; i++) {
    const lo = frame[2 * i] as number;
    const hi = frame[2 * i + 1] as number;
    if ((lo & ENTRY_P) === 0) {
      if (lo !== 0 || hi !== 0) garbage++;
      flushRun();
      continue;
    }
    present++;
    if (hasReservedBits(lo, hi, level, rsvdHigh)) {
      reservedIndices.push(i);
      flushRun();
      continue;
    }
    if (isLeafAt(lo, level)) {
      leaves++;
      const pa = leafPageBase(lo, hi, level as 1 | 2 | 3);
      const flags = leafFlags(lo, hi);
      if (runFirst >= 0 && flags === runFlags) {
        if ((runMode !== 2 && pa === runLastPa + pageSize) || (runMode !== 1 && pa === runPa)) {
          if (runMode === 0) runMode = pa === runPa ? 2 : 1;
          runLast = i;
          runLastPa = pa;
          continue;
        }
      }
      flushRun();
      runFirst = runLast = i;
      runFlags = flags;
      runPa = runLastPa = pa;
      runMode = 0;
      continue;
    }
    // A pointer to a table read one level down.
    pointers++;
    flushRun();
    const to = nextTableAddress(lo, hi) as PhysAddr;
    const flags = pointerFlags(lo, hi);
    // A pointer right after one to the same table with the same flags extends its group.
    const last = groups[groups.length - 1];
    if (last && last.to === to && last.flags === flags && last.lastIndex === i - 1) {
      last.lastIndex = i;
      continue;
    }
    groups.push({ firstIndex: i, lastIndex: i, to, flags });
  }
  flushRun();
  return { present, pointers, leaves, garbage, reservedIndices, runs, groups };
}

function isSelfOrAncestor(expansion: Expansion, addr: number): boolean {
  for (let e: Expansion | null = expansion; e !== null; e = e.parent) if (e.node.addr === addr) return true;
  return false;
}

/** "PT[0–511] → 512 × 4 KiB, RW, NX" (or "… (one frame)" for aliases of a single page). */
export function formatRunLabel(run: LeafRun): string {
  const range = run.count === 1 ? `${run.firstIndex}` : `${run.firstIndex}–${run.lastIndex}`;
  const alias = run.count > 1 && !run.contiguous ? " (one frame)" : "";
  return `${LEVEL_TABLE_NAMES[run.level]}[${range}] → ${run.count} × ${pageSizeName(run.pageSize)}${alias}, ${formatRunFlags(run.flags)}`;
}

/** "PML4[510]" or "PD[0–3]": the entries an edge stands for. */
export function formatEdgeRange(edge: PointerEdge): string {
  const range =
    edge.firstIndex === edge.lastIndex ? `${edge.firstIndex}` : `${edge.firstIndex}–${edge.lastIndex}`;
  return `${LEVEL_TABLE_NAMES[edge.fromLevel]}[${range}]`;
}

/** Half-open physical ranges [start, end) mapped by leaves of the graph, sorted and merged. */
export function mappedRanges(graph: TableGraph): Array<readonly [number, number]> {
  const ranges: Array<[number, number]> = graph.runs.map((run) => [
    run.firstPa,
    run.firstPa + (run.contiguous ? run.count : 1) * run.pageSize,
  ]);
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}
