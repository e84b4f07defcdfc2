/**
 * "TLB reach": the simulated analogue of OSTEP's TLB measurement homework (ch. 19). A program
 * touches N pages with a stride of S pages, R times over; what fraction of its accesses hit the
 * data TLB, for N = 1 … 8,192, with 4 KiB pages and with the same memory mapped by 2 MiB pages?
 *
 * Replaying 8,192 programs through the TLB model would take minutes, so this computes what the
 * model does with that access pattern, one N at a time in O(1): with LRU replacement, a cyclic
 * pattern over k pages of one set hits on every round after the first when k ≤ ways, and never
 * when k > ways (each page is evicted just before it comes back). `reach.test.ts` checks the
 * figures against the model itself.
 */
import type { CacheShape } from "./tlb-config";

export interface ReachPoint {
  /** Pages touched per round. */
  readonly pages: number;
  /** Fraction of accesses that hit, with 4 KiB pages (DTLB 4 KiB). */
  readonly hitRate4k: number;
  /** Fraction of accesses that hit when the memory is mapped by 2 MiB pages (DTLB 2 MiB/1 GiB). */
  readonly hitRate2m: number;
}

export interface ReachRequest {
  readonly dtlb4k: CacheShape;
  readonly dtlbLarge: CacheShape;
  /** Stride in 4 KiB pages (≥ 1). */
  readonly stride: number;
  /** Rounds over the pages (≥ 1). */
  readonly repeats: number;
  /** Largest N (the plot goes to 8,192). */
  readonly maxPages: number;
}

export const REACH_MAX_PAGES = 8192;

/** Counts, per set, the distinct pages of a cyclic pattern, and how many of them always hit. */
class SetOccupancy {
  private readonly counts: Int32Array;
  /** Pages in sets holding at most `ways` pages: these hit on every round after the first. */
  fitting = 0;

  constructor(private readonly shape: CacheShape) {
    this.counts = new Int32Array(shape.entries / shape.ways);
  }

  add(pageNumber: number): void {
    const set = pageNumber % this.counts.length;
    const k = (this.counts[set] as number) + 1;
    this.counts[set] = k;
    if (k <= this.shape.ways) this.fitting++;
    else if (k === this.shape.ways + 1) this.fitting -= this.shape.ways;
  }
}

export function tlbReach(request: ReachRequest): ReachPoint[] {
  const { stride, repeats } = request;
  const small = new SetOccupancy(request.dtlb4k);
  const large = new SetOccupancy(request.dtlbLarge);
  const points: ReachPoint[] = [];
  let distinctLarge = 0;
  let lastLarge = -1;
  for (let n = 1; n <= request.maxPages; n++) {
    const page = (n - 1) * stride;
    small.add(page);
    const largePage = Math.floor(page / 512);
    if (largePage !== lastLarge) {
      large.add(largePage);
      distinctLarge++;
      lastLarge = largePage;
    }
    const accesses = n * repeats;
    const hits4k = (repeats - 1) * small.fitting;
    // Within a round, every access after the first to a large page hits.
    const hits2m = repeats * (n - distinctLarge) + (repeats - 1) * large.fitting;
    points.push({ pages: n, hitRate4k: hits4k / accesses, hitRate2m: hits2m / accesses });
  }
  return points;
}
