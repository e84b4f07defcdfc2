/** Half-open intervals of whole numbers (frame numbers, mostly): [lo, hi). */

/** Sorted, disjoint, non-empty intervals, in the order of their starts. */
export type Intervals = ReadonlyArray<readonly [number, number]>;

/** The same numbers as `intervals`, clipped to [0, end): sorted, merged, none empty. */
export function mergeIntervals(intervals: Iterable<readonly [number, number]>, end: number): Intervals {
  const sorted = [...intervals]
    .map(([lo, hi]) => [Math.max(0, lo), Math.min(end, hi)] as [number, number])
    .filter(([lo, hi]) => hi > lo)
    .sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}
