/**
 * A frame to offer as the Map form's default physical address: one the new page can take without
 * harm. The first guess used to be a fixed address, which on the worked example is its PT: the form
 * opened with a mapping its own hazard check warns about.
 *
 * A frame is *busy* when it holds a page table reachable from CR3 or was handed out by the frame
 * allocator (a table's frame, even if freed since: the allocator may hand it out again); it is
 * *used* when a leaf maps it or it holds data. The allocator's pool (the frames it has not handed
 * out yet) is where the map's own new tables come from, so a frame there is a last resort, taken
 * from the top, far from the bump pointer. In order: a frame neither busy nor used outside the pool,
 * then in the pool; then one that is only used (on a kernel's tables the direct map covers all RAM).
 * Physical address 0 is never offered.
 */
import { FRAME_SIZE, type FrameAllocator, type Ram } from "../memory";
import type { PageSize, PhysAddr } from "../arch";
import { mergeIntervals } from "../common";
import { mappedRanges, type TableGraph } from "../inspect";

/** Half-open intervals of frame numbers. */
type Interval = readonly [number, number];

export interface FrameSuggestInput {
  readonly ram: Ram;
  readonly alloc: FrameAllocator;
  /** The tables reachable from CR3 and their leaf runs. */
  readonly graph: TableGraph;
}

/** The start of a `size`-aligned, `size`-long range of RAM the new page may take, or null. */
export function suggestDataFrame(input: FrameSuggestInput, size: PageSize): PhysAddr | null {
  const { ram, alloc, graph } = input;
  const frames = size / FRAME_SIZE;
  const end = ram.frameCount;
  const busy: Interval[] = graph.nodes.map((n) => [n.addr / FRAME_SIZE, n.addr / FRAME_SIZE + 1]);
  busy.push([alloc.firstPfn, alloc.handedOutEnd()]);
  const used: Interval[] = mappedRanges(graph).map(([s, e]) => [
    Math.floor(s / FRAME_SIZE),
    Math.ceil(e / FRAME_SIZE),
  ]);
  for (const pfn of ram.touchedFrames()) used.push([pfn, pfn + 1]);
  const pool: Interval = [Math.max(alloc.firstPfn, alloc.handedOutEnd()), Math.min(alloc.endPfn, end)];

  for (const avoid of [[...busy, ...used], busy]) {
    const outsidePool = lowestFree(mergeIntervals([...avoid, pool], end), frames, end);
    if (outsidePool !== null) return (outsidePool * FRAME_SIZE) as PhysAddr;
    const inPool = highestFree(mergeIntervals(avoid, end), frames, end);
    if (inPool !== null) return (inPool * FRAME_SIZE) as PhysAddr;
  }
  return null;
}

/** The gaps between `taken` inside [0, end). */
function gaps(taken: readonly Interval[], end: number): Interval[] {
  const out: Interval[] = [];
  let from = 0;
  for (const [s, e] of taken) {
    if (s > from) out.push([from, Math.min(s, end)]);
    from = Math.max(from, e);
  }
  if (from < end) out.push([from, end]);
  return out;
}

/** The lowest `frames`-aligned start above 0 whose `frames` frames all lie in one gap. */
function lowestFree(taken: readonly Interval[], frames: number, end: number): number | null {
  for (const [g0, g1] of gaps(taken, end)) {
    const s = Math.max(frames, Math.ceil(g0 / frames) * frames);
    if (s + frames <= g1) return s;
  }
  return null;
}

/** The highest such start. */
function highestFree(taken: readonly Interval[], frames: number, end: number): number | null {
  for (const [g0, g1] of gaps(taken, end).reverse()) {
    const s = Math.floor((g1 - frames) / frames) * frames;
    if (s >= Math.max(g0, frames)) return s;
  }
  return null;
}
