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
import type { LeafMapping } from "./enumerate";
import { foldLeaves, type RangeList } from "./fold-ranges";

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
type Filterable = Pick<LeafMapping, "user" | "write" | "exec" | "pageSize">;

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

/** The leaves that pass, in their order (the same array when the filter keeps everything). */
export function filterLeaves(leaves: readonly LeafMapping[], filter: MappingFilter): readonly LeafMapping[] {
  return isAllMappings(filter) ? leaves : leaves.filter((leaf) => matchesFilter(leaf, filter));
}

/** The filtered leaves and the same folded into ranges (`info mem` of what passes). */
export interface FilteredMappings {
  readonly leaves: readonly LeafMapping[];
  readonly ranges: RangeList;
}

/** Filters leaves (in VA order), then folds what passes into ranges of equal permissions. */
export function filterMappings(leaves: readonly LeafMapping[], filter: MappingFilter): FilteredMappings {
  const kept = filterLeaves(leaves, filter);
  return { leaves: kept, ranges: foldLeaves(kept) };
}

/** Rows in ascending VA order, each covering [start, end): leaves or folded ranges. */
export interface VaRows {
  readonly length: number;
  start(index: number): bigint;
  end(index: number): bigint;
}

export const leafRows = (leaves: readonly LeafMapping[]): VaRows => ({
  length: leaves.length,
  start: (i) => (leaves[i] as LeafMapping).va,
  end: (i) => (leaves[i] as LeafMapping).va + BigInt((leaves[i] as LeafMapping).pageSize),
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
