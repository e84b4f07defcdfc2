/**
 * Narrowing a listing of leaf mappings to what a question needs ("which pages can user code write?",
 * "is anything writable and executable?"), and finding the row that holds a VA.
 *
 * The filter reads only the effective permissions the enumeration already computed over each whole
 * walk (`LeafMapping.user/write/exec`, SDM vol. 3A §4.6: U/S and R/W ANDed, XD ORed under NXE), so
 * no permission rule is decided here. Filtering happens on leaves, before folding: a range mixes
 * page sizes, so "2 MiB pages only" can only be asked of leaves; for the permission filters the
 * two orders agree, because every leaf of a range has the range's permissions.
 */
import type { PageSize, VirtAddr } from "../arch";
import type { LeafCursor, LeafMapping } from "./enumerate";
import { RangeFolder, type RangeList } from "./fold-ranges";
import { emptyCursor } from "./enumerate";
import { LeafList } from "./leaf-list";
import type { MemoryTypeResolver } from "../memtype";

/** Which privilege a mapping must allow: any, user (U/S = 1 on the whole walk) or supervisor-only. */
export type Privilege = "any" | "user" | "supervisor";

export interface MappingFilter {
  readonly privilege: Privilege;
  /** true: writable only; false: read-only only; null: either. */
  readonly writable: boolean | null;
  /** true: executable only; false: no-exec only; null: either. */
  readonly exec: boolean | null;
  /** Only mappings both writable and executable (W+X: code that can be rewritten). */
  readonly writableExec: boolean;
  /** Only leaves of this size, or null for every size. */
  readonly pageSize: PageSize | null;
}

/** The filter that keeps everything. */
export const ALL_MAPPINGS: MappingFilter = {
  privilege: "any",
  writable: null,
  exec: null,
  writableExec: false,
  pageSize: null,
};

/** The fields of a leaf the filter looks at. */
type Filterable = Pick<LeafCursor, "user" | "write" | "exec" | "pageSize">;

/** Whether one leaf passes the filter. */
export function matchesFilter(leaf: Filterable, filter: MappingFilter): boolean {
  if (filter.privilege === "user" && !leaf.user) return false;
  if (filter.privilege === "supervisor" && leaf.user) return false;
  if (filter.writable !== null && leaf.write !== filter.writable) return false;
  if (filter.exec !== null && leaf.exec !== filter.exec) return false;
  if (filter.writableExec && !(leaf.write && leaf.exec)) return false;
  return filter.pageSize === null || leaf.pageSize === filter.pageSize;
}

/** Whether the filter keeps everything (so a listing can be shown as it is). */
export function isAllMappings(filter: MappingFilter): boolean {
  return (
    filter.privilege === "any" &&
    filter.writable === null &&
    filter.exec === null &&
    !filter.writableExec &&
    filter.pageSize === null
  );
}

/** Leaves in VA order, as an array or as columns. */
export type LeafSource = readonly LeafMapping[] | LeafList;

/** A sequence of leaves read by index (an array, a `LeafList`, or the leaves a filter kept). */
export interface LeafSequence {
  readonly length: number;
  at(index: number): LeafMapping | undefined;
}

/** The leaves a filter kept: indices into the source, read on demand. */
class KeptLeaves implements LeafSequence {
  constructor(
    private readonly source: LeafSource,
    private readonly kept: Uint32Array | null,
  ) {}

  get length(): number {
    return this.kept === null ? this.source.length : this.kept.length;
  }

  at(index: number): LeafMapping | undefined {
    if (this.kept === null) return this.source.at(index);
    const i = this.kept[index];
    return i === undefined ? undefined : this.source.at(i);
  }
}

/** The filtered leaves and the same folded into ranges (`info mem` of what passes). */
export interface FilteredMappings {
  readonly leaves: LeafSequence;
  readonly ranges: RangeList;
}

/**
 * Filters leaves (in VA order), then folds what passes into ranges of equal permissions (and, given
 * a resolver, equal memory types, each range with its type, as `pagewalk mappings` folds), in one
 * pass. From a `LeafList` no object is made per leaf.
 */
export function filterMappings(
  source: LeafSource,
  filter: MappingFilter,
  memoryTypes: MemoryTypeResolver | null = null,
): FilteredMappings {
  const all = isAllMappings(filter);
  // Unfiltered, every leaf may start a range: room for them all at once (see ListLeavesOptions).
  const folder = new RangeFolder(false, memoryTypes, all ? source.length : undefined);
  const kept: number[] = [];
  const cursor = emptyCursor();
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const leaf: LeafCursor | LeafMapping =
      source instanceof LeafList ? source.read(i, cursor) : (source[i] as LeafMapping);
    if (!all && !matchesFilter(leaf, filter)) continue;
    if (!all) kept.push(i);
    folder.push(leaf);
  }
  return { leaves: new KeptLeaves(source, all ? null : Uint32Array.from(kept)), ranges: folder.finish() };
}

/** The leaves that pass, in their order. */
export function filterLeaves(source: LeafSource, filter: MappingFilter): LeafMapping[] {
  const out: LeafMapping[] = [];
  const { leaves } = filterMappings(source, filter);
  for (let i = 0; i < leaves.length; i++) out.push(leaves.at(i) as LeafMapping);
  return out;
}

/** Rows in ascending VA order, each covering [start, end): leaves or folded ranges. */
export interface VaRows {
  readonly length: number;
  start(index: number): bigint;
  end(index: number): bigint;
}

export const leafRows = (leaves: LeafSequence): VaRows => ({
  length: leaves.length,
  start: (i) => leaves.at(i)?.va ?? 0n,
  end: (i) => {
    const leaf = leaves.at(i);
    return leaf ? leaf.va + BigInt(leaf.pageSize) : 0n;
  },
});

export const rangeRows = (ranges: RangeList): VaRows => ({
  length: ranges.length,
  start: (i) => ranges.at(i)?.start ?? 0n,
  end: (i) => ranges.at(i)?.end ?? 0n,
});

/**
 * The row that holds `va` (`contains: true`), else the first row after it (`contains: false`), or
 * null when every row lies below it. Binary search: rows are in ascending, non-overlapping VA order.
 */
export function findVaRow(rows: VaRows, va: VirtAddr | bigint): { index: number; contains: boolean } | null {
  // The first row whose end lies above va: it holds va, or it is the next one after it.
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows.end(mid) <= va) lo = mid + 1;
    else hi = mid;
  }
  if (lo === rows.length) return null;
  return { index: lo, contains: rows.start(lo) <= va };
}
