/**
 * Reading chosen 4 KiB frames of a dump file in few requests: each frame is located in the dump's
 * segments (raw: file offset = PA; ELF: `p_offset + (PA − p_paddr)`), and reads of neighbouring
 * frames are merged into one request. In a browser every request is a `Blob.slice().arrayBuffer()`
 * round trip to the file, so a hundred scattered page tables cost a few dozen reads, not a hundred.
 */
import type { DumpSegment } from "./dump";

const FRAME = 4096;

/** One piece of a frame stored in the file (a frame can straddle two segments). */
interface FramePart {
  readonly pfn: number;
  /** Where the bytes go inside the frame. */
  readonly frameOffset: number;
  readonly fileOffset: number;
  readonly length: number;
}

/** One read request: `length` bytes at `offset` of the file, feeding the listed frame parts. */
export interface ReadBatch {
  readonly offset: number;
  readonly length: number;
  readonly parts: readonly FramePart[];
}

export interface ReadPlan {
  readonly batches: readonly ReadBatch[];
  /** Frames inside some segment (their bytes beyond the file data read as zeros). */
  readonly covered: readonly number[];
  /** Frames in no segment: past the end of the dump, or in a hole such as the PCI window. */
  readonly uncovered: readonly number[];
}

export interface ReadPlanOptions {
  /** Merge two reads when at most this many unwanted bytes lie between them (default 32 KiB). */
  readonly maxGap?: number;
  /** Never merge a request past this size (default 1 MiB). */
  readonly maxBatch?: number;
}

/** Where each frame's bytes are in the file, merged into batches (same rules as `DumpMemory`). */
export function planFrameReads(
  segments: readonly DumpSegment[],
  pfns: readonly number[],
  options: ReadPlanOptions = {},
): ReadPlan {
  const maxGap = options.maxGap ?? 32 * 1024;
  const maxBatch = options.maxBatch ?? 1024 * 1024;
  const parts: FramePart[] = [];
  const covered: number[] = [];
  const uncovered: number[] = [];
  for (const pfn of pfns) {
    const start = pfn * FRAME;
    const end = start + FRAME;
    let inSegment = false;
    for (const s of overlapping(segments, start, end)) {
      inSegment = true;
      const from = Math.max(start, s.pa);
      const to = Math.min(end, s.pa + Math.min(s.fileSize, s.memSize));
      if (to > from) {
        parts.push({
          pfn,
          frameOffset: from - start,
          fileOffset: s.fileOffset + (from - s.pa),
          length: to - from,
        });
      }
    }
    (inSegment ? covered : uncovered).push(pfn);
  }
  parts.sort((a, b) => a.fileOffset - b.fileOffset);
  const batches: ReadBatch[] = [];
  let current: { offset: number; end: number; parts: FramePart[] } | null = null;
  for (const part of parts) {
    const partEnd = part.fileOffset + part.length;
    if (
      current &&
      part.fileOffset - current.end <= maxGap &&
      Math.max(current.end, partEnd) - current.offset <= maxBatch
    ) {
      current.end = Math.max(current.end, partEnd);
      current.parts.push(part);
      continue;
    }
    if (current)
      batches.push({ offset: current.offset, length: current.end - current.offset, parts: current.parts });
    current = { offset: part.fileOffset, end: partEnd, parts: [part] };
  }
  if (current)
    batches.push({ offset: current.offset, length: current.end - current.offset, parts: current.parts });
  return { batches, covered, uncovered };
}

/** Segments that overlap [start, end), found by binary search (segments are sorted by PA). */
function overlapping(segments: readonly DumpSegment[], start: number, end: number): DumpSegment[] {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((segments[mid] as DumpSegment).pa < end) lo = mid;
    else hi = mid - 1;
  }
  const out: DumpSegment[] = [];
  for (let k = lo; k >= 0; k--) {
    const s = segments[k] as DumpSegment;
    if (s.pa + s.memSize <= start) break;
    if (s.pa < end) out.push(s);
  }
  return out;
}

/** Copies a batch's bytes into the frames it feeds (frames are created zeroed on first use). */
export function scatterBatch(batch: ReadBatch, bytes: Uint8Array, into: Map<number, Uint8Array>): void {
  if (bytes.length < batch.length) {
    throw new RangeError(
      `short read: ${bytes.length} of ${batch.length} bytes at file offset ${batch.offset}`,
    );
  }
  for (const part of batch.parts) {
    let frame = into.get(part.pfn);
    if (frame === undefined) {
      frame = new Uint8Array(FRAME);
      into.set(part.pfn, frame);
    }
    const at = part.fileOffset - batch.offset;
    frame.set(bytes.subarray(at, at + part.length), part.frameOffset);
  }
}

/** A frame's bytes as 1024 little-endian 32-bit words (the layout `Ram` uses). */
export function frameWords(bytes: Uint8Array): Uint32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, FRAME);
  const words = new Uint32Array(FRAME / 4);
  for (let i = 0; i < words.length; i++) words[i] = view.getUint32(i * 4, true);
  return words;
}
