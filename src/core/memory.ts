/**
 * Simulated physical RAM (the seed's `PhysMapper`: any 4 KiB frame can be viewed as a table).
 *
 * Frames are `Uint32Array`s of 1024 words: entry i is words 2i (bits 31:0) and 2i+1 (bits 63:32),
 * which keeps the hot walk on 32-bit arithmetic (DESIGN §4). RAM is sparse: an untouched frame is
 * the shared all-zero frame and costs nothing. Frames are grouped in chunks of 512 (2 MiB).
 *
 * Undo needs every machine state to be an immutable value that shares unchanged frames. `fork()`
 * gives a new RAM that shares all chunks and frames; each RAM writes only to frames it owns and
 * copies any other frame first (copy-on-write per 4 KiB frame). Ownership is an epoch stamp, so
 * checking it costs one comparison on the write path and nothing on the read path.
 */
import type { PhysAddr } from "./address";

export const FRAME_SIZE = 4096;
export const FRAME_WORDS = 1024;
export const ENTRIES_PER_TABLE = 512;
const CHUNK_SHIFT = 9;
const CHUNK_FRAMES = 1 << CHUNK_SHIFT;
/** Largest simulated RAM: 64 GiB keeps every frame number a small integer and `fork()` cheap. */
export const MAX_RAM_BYTES = 64 * 1024 * 1024 * 1024;

/** The frame every untouched frame reads as. Never written. */
export const ZERO_FRAME: Uint32Array = new Uint32Array(FRAME_WORDS);

/** What a walk needs from memory: a frame's words, or null when the frame is outside memory. */
export interface PhysicalMemory {
  readonly sizeBytes: number;
  readFrame(pfn: number): Uint32Array | null;
}

interface Chunk {
  readonly frames: Uint32Array[];
  /** Epoch of the RAM that may write each frame in place. */
  readonly frameOwner: Int32Array;
  readonly owner: number;
}

let nextEpoch = 1;

export class Ram implements PhysicalMemory {
  readonly sizeBytes: number;
  readonly frameCount: number;
  /** Exposed for the allocation-free translator; treat as read-only outside this file. */
  readonly chunks: (Chunk | null)[];
  private epoch: number;

  constructor(sizeBytes: number, chunks?: (Chunk | null)[]) {
    if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0 || sizeBytes % FRAME_SIZE !== 0) {
      throw new RangeError(`RAM size must be a positive multiple of 4 KiB, got ${sizeBytes}`);
    }
    if (sizeBytes > MAX_RAM_BYTES) throw new RangeError(`RAM size ${sizeBytes} exceeds the 64 GiB limit`);
    this.sizeBytes = sizeBytes;
    this.frameCount = sizeBytes / FRAME_SIZE;
    this.chunks = chunks ?? new Array<Chunk | null>(Math.ceil(this.frameCount / CHUNK_FRAMES)).fill(null);
    this.epoch = nextEpoch++;
  }

  /** A new RAM with the same contents, sharing every frame until one side writes it. */
  fork(): Ram {
    this.epoch = nextEpoch++; // frames this RAM owned are now shared: stop writing them in place
    return new Ram(this.sizeBytes, this.chunks.slice());
  }

  readFrame(pfn: number): Uint32Array | null {
    if (!(pfn >= 0 && pfn < this.frameCount)) return null;
    const chunk = this.chunks[pfn >>> CHUNK_SHIFT];
    return chunk ? (chunk.frames[pfn & (CHUNK_FRAMES - 1)] as Uint32Array) : ZERO_FRAME;
  }

  /** True when the frame holds data (was written and not zeroed since). */
  isTouched(pfn: number): boolean {
    const frame = this.readFrame(pfn);
    return frame !== null && frame !== ZERO_FRAME;
  }

  /** Frame numbers of all touched frames, ascending. */
  touchedFrames(): number[] {
    const out: number[] = [];
    this.chunks.forEach((chunk, c) => {
      if (!chunk) return;
      chunk.frames.forEach((frame, i) => {
        if (frame !== ZERO_FRAME) out.push(c * CHUNK_FRAMES + i);
      });
    });
    return out;
  }

  /** The frame's words, copied first if another RAM state shares it. */
  writableFrame(pfn: number): Uint32Array {
    if (!(pfn >= 0 && pfn < this.frameCount)) throw new RangeError(`frame ${pfn} is outside RAM`);
    const c = pfn >>> CHUNK_SHIFT;
    const i = pfn & (CHUNK_FRAMES - 1);
    let chunk = this.chunks[c];
    if (!chunk || chunk.owner !== this.epoch) {
      chunk = {
        frames: chunk ? chunk.frames.slice() : new Array<Uint32Array>(CHUNK_FRAMES).fill(ZERO_FRAME),
        frameOwner: new Int32Array(CHUNK_FRAMES),
        owner: this.epoch,
      };
      this.chunks[c] = chunk;
    }
    let frame = chunk.frames[i] as Uint32Array;
    if (chunk.frameOwner[i] !== this.epoch) {
      frame = frame === ZERO_FRAME ? new Uint32Array(FRAME_WORDS) : frame.slice();
      chunk.frames[i] = frame;
      chunk.frameOwner[i] = this.epoch;
    }
    return frame;
  }

  /** Makes a frame read as zeros again, releasing its memory (the allocator's "zeroed frame"). */
  zeroFrame(pfn: number): void {
    if (!(pfn >= 0 && pfn < this.frameCount)) throw new RangeError(`frame ${pfn} is outside RAM`);
    const chunk = this.chunks[pfn >>> CHUNK_SHIFT];
    if (!chunk || chunk.frames[pfn & (CHUNK_FRAMES - 1)] === ZERO_FRAME) return;
    this.writableFrame(pfn); // take ownership of the chunk before changing its frame list
    const owned = this.chunks[pfn >>> CHUNK_SHIFT] as Chunk;
    owned.frames[pfn & (CHUNK_FRAMES - 1)] = ZERO_FRAME;
    owned.frameOwner[pfn & (CHUNK_FRAMES - 1)] = 0;
  }

  /** Copies a whole frame's contents in (4096 bytes as 1024 little-endian words). */
  writeFrame(pfn: number, words: Uint32Array): void {
    if (words.length !== FRAME_WORDS) throw new RangeError("a frame is 1024 words");
    if (words.every((w) => w === 0)) this.zeroFrame(pfn);
    else this.writableFrame(pfn).set(words);
  }

  /** Reads the 64-bit entry at an 8-byte-aligned physical address. */
  readEntry(pa: PhysAddr | number): bigint {
    const frame = this.readFrame(Math.floor(pa / FRAME_SIZE));
    if (!frame) throw new RangeError(`physical address ${pa} is outside RAM`);
    const w = (pa % FRAME_SIZE) >>> 2;
    return (BigInt(frame[w + 1] as number) << 32n) | BigInt(frame[w] as number);
  }

  /** Writes the 64-bit entry at an 8-byte-aligned physical address. */
  writeEntry(pa: PhysAddr | number, value: bigint): void {
    if (pa % 8 !== 0) throw new RangeError(`entry address ${pa} is not 8-byte aligned`);
    const pfn = Math.floor(pa / FRAME_SIZE);
    const w = (pa % FRAME_SIZE) >>> 2;
    const lo = Number(value & 0xffffffffn);
    const hi = Number((value >> 32n) & 0xffffffffn);
    const current = this.readFrame(pfn);
    if (!current) throw new RangeError(`physical address ${pa} is outside RAM`);
    if (current[w] === lo && current[w + 1] === hi) return; // unchanged: keep sharing the frame
    const frame = this.writableFrame(pfn);
    frame[w] = lo;
    frame[w + 1] = hi;
  }

  /** Number of frames that cost memory. */
  touchedCount(): number {
    let n = 0;
    for (const chunk of this.chunks) if (chunk) for (const f of chunk.frames) if (f !== ZERO_FRAME) n++;
    return n;
  }
}

/** Reads entry `index` (0–511) of a frame as a bigint. */
export function entryOfFrame(frame: Uint32Array, index: number): bigint {
  return (BigInt(frame[2 * index + 1] as number) << 32n) | BigInt(frame[2 * index] as number);
}

/** True when all 512 entries are zero. */
export function isFrameEmpty(frame: Uint32Array): boolean {
  if (frame === ZERO_FRAME) return true;
  for (let i = 0; i < FRAME_WORDS; i++) if (frame[i] !== 0) return false;
  return true;
}
