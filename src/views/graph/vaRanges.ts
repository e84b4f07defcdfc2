/**
 * The virtual addresses each table and leaf run of the graph covers, read off the graph's spanning
 * tree: a table reached through PML4[i] covers entry i's span of the PML4's range, and so on down.
 * Pure numbers and strings (tested in Node); bigint is fine here, it runs once per layout over ~100
 * tables, not per entry.
 */
import { canonicalize, formatPhysAddr, levelSpan, vaBits, type Level } from "../../core/arch";
import type { LeafRun, TableGraph } from "../../core/inspect";
import { formatVa } from "../mappings/mappingText";

/** An inclusive range of virtual addresses, canonical at both ends. */
export interface VaRange {
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * The VA range of every table, by address, through the edge that first reached it (a table shared
 * by several entries covers several ranges; the first one is shown, the node says it is shared).
 * Ranges are raw (not sign-extended) until formatted, so that `start + index × span` stays simple.
 */
export function tableVaRanges(graph: TableGraph): ReadonlyMap<number, VaRange> {
  const ranges = new Map<number, VaRange>();
  const root = graph.nodes[0];
  if (!root) return ranges;
  ranges.set(root.addr, { start: 0n, end: (1n << BigInt(vaBits(graph.levels))) - 1n });
  const treeEdge = new Map<number, TableGraph["edges"][number]>();
  for (const edge of graph.edges)
    if (edge.kind === "tree" && !treeEdge.has(edge.to)) treeEdge.set(edge.to, edge);
  // Breadth-first order: a table's parent has its range before the table is reached.
  for (const node of graph.nodes) {
    const edge = treeEdge.get(node.addr);
    const parent = edge === undefined ? undefined : ranges.get(edge.from);
    if (edge === undefined || parent === undefined) continue;
    ranges.set(node.addr, entrySpan(parent.start, edge.fromLevel, edge.firstIndex, edge.lastIndex));
  }
  return ranges;
}

/** Entries first..last of a table at `level` whose range starts at `base`. */
function entrySpan(base: bigint, level: Level, first: number, last: number): VaRange {
  const span = levelSpan(level);
  return { start: base + BigInt(first) * span, end: base + BigInt(last + 1) * span - 1n };
}

/** The VAs a leaf run maps, or null when its table's range is unknown (read at another level). */
export function runVaRange(
  run: LeafRun,
  tableRanges: ReadonlyMap<number, VaRange>,
  tableLevel: Level | undefined,
): VaRange | null {
  const table = tableRanges.get(run.table);
  if (table === undefined || tableLevel !== run.level) return null;
  return entrySpan(table.start, run.level, run.firstIndex, run.lastIndex);
}

/** `ffff8880_00000000`: the Mappings panel's form of a VA, sign-extended as the CPU sees it. */
function formatVa16(raw: bigint, levels: 4 | 5): string {
  return formatVa(canonicalize(raw, levels));
}

/** `ffff8880_00000000–ffff8880_3fffffff` */
export function formatVaRange(range: VaRange, levels: 4 | 5): string {
  return `${formatVa16(range.start, levels)}–${formatVa16(range.end, levels)}`;
}

/** A leaf run's hover text: "VA … → PA …", explicitly, or that every page maps one frame. */
export function runMappingText(run: LeafRun, va: VaRange | null, levels: 4 | 5): string {
  const pages = run.contiguous ? run.count : 1;
  const paEnd = run.firstPa + pages * run.pageSize - 1;
  const pa = `PA ${formatPhysAddr(run.firstPa)}–${formatPhysAddr(paEnd)}`;
  const vaText = va === null ? "VA unknown (table read at another level)" : `VA ${formatVaRange(va, levels)}`;
  return run.contiguous || run.count === 1
    ? `${vaText} → ${pa}`
    : `${vaText} → ${pa} (every page the same frame)`;
}
