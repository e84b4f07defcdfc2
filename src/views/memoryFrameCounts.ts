/**
 * How many frames of RAM are of each kind, one kind per frame by the memory map's priority (a
 * table, then mapped with data or all zero, then handed out by the allocator, then holding data
 * nobody maps, else unused), so the counts add up to the RAM the map's summary states. The map's
 * cells show only their most important frame when they group several; the legend counts frames,
 * so that a mapped page sharing a cell with a table is still counted. Pure range arithmetic:
 * never a loop over every frame of a 16 GiB RAM.
 */
import type { Intervals } from "../core/common";
import type { AllocatorState } from "../core/memory";
import type { FrameKind } from "./memoryMapCells";

/** Half-open frame-number intervals [lo, hi), sorted and not overlapping (`mergeIntervals`). */
export type FrameIntervals = Intervals;

export interface FrameCountInput {
  readonly frameCount: number;
  readonly tablePfns: ReadonlySet<number>;
  readonly mapped: FrameIntervals;
  readonly allocator?: AllocatorState | null;
  readonly touchedPfns: Iterable<number>;
}

/** Whether `pfn` lies in one of the intervals (binary search). */
function inIntervals(intervals: FrameIntervals, pfn: number): boolean {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = intervals[mid] as readonly [number, number];
    if (pfn < start) hi = mid - 1;
    else if (pfn >= end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Frames of the intervals inside [lo, hi). */
function overlap(intervals: FrameIntervals, lo: number, hi: number): number {
  let n = 0;
  for (const [start, end] of intervals) n += Math.max(0, Math.min(end, hi) - Math.max(start, lo));
  return n;
}

export function countFrameKinds(input: FrameCountInput): Record<FrameKind, number> {
  const { frameCount, tablePfns, mapped } = input;
  const isTable = (pfn: number): boolean => tablePfns.has(pfn);
  const isMapped = (pfn: number): boolean => inIntervals(mapped, pfn);

  let table = 0;
  let tablesMapped = 0;
  for (const pfn of tablePfns) {
    if (pfn < 0 || pfn >= frameCount) continue;
    table++;
    if (isMapped(pfn)) tablesMapped++;
  }
  const mappedNotTable = overlap(mapped, 0, frameCount) - tablesMapped;

  // The allocator's frames: [firstPfn, nextPfn) handed out, less those given back.
  const a = input.allocator;
  const aLo = a ? Math.max(0, a.firstPfn) : 0;
  const aHi = a ? Math.min(frameCount, a.nextPfn) : 0;
  const given = new Set<number>();
  if (a) for (const pfn of a.freePfns) if (pfn >= aLo && pfn < aHi) given.add(pfn);
  const isAllocated = (pfn: number): boolean => pfn >= aLo && pfn < aHi && !given.has(pfn);
  let allocatedMapped = overlap(mapped, aLo, aHi);
  for (const pfn of given) if (isMapped(pfn)) allocatedMapped--;
  let allocatedTablesNotMapped = 0;
  for (const pfn of tablePfns) if (isAllocated(pfn) && !isMapped(pfn)) allocatedTablesNotMapped++;
  const allocatedOnly = Math.max(0, aHi - aLo - given.size) - allocatedMapped - allocatedTablesNotMapped;

  let data = 0;
  let touchedOnly = 0;
  const seen = new Set<number>();
  for (const pfn of input.touchedPfns) {
    if (pfn < 0 || pfn >= frameCount || seen.has(pfn) || isTable(pfn)) continue;
    seen.add(pfn);
    if (isMapped(pfn)) data++;
    else if (!isAllocated(pfn)) touchedOnly++;
  }
  const counts = {
    table,
    data,
    mapped: mappedNotTable - data,
    allocated: allocatedOnly,
    touched: touchedOnly,
    free: 0,
  };
  counts.free = frameCount - table - mappedNotTable - allocatedOnly - touchedOnly;
  return counts;
}
