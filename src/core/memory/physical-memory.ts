/**
 * What every walker needs from physical memory, whatever holds it (simulated RAM, a dump read
 * lazily from a file): any 4 KiB frame viewed as a table of 512 entries (the seed's `PhysMapper`).
 *
 * A frame is 1024 32-bit words: entry i is words 2i (bits 31:0) and 2i+1 (bits 63:32), which keeps
 * walks on 32-bit arithmetic (DESIGN §4).
 */

export const FRAME_SIZE = 4096;
export const FRAME_WORDS = 1024;
export const ENTRIES_PER_TABLE = 512;
/** Largest simulated RAM: 16 GiB keeps frame numbers below 2^22, small integers everywhere. */
export const MAX_RAM_BYTES = 16 * 1024 * 1024 * 1024;

/** An all-zero frame, for callers that need one. Never written. */
export const ZERO_FRAME: Uint32Array = new Uint32Array(FRAME_WORDS);

/** What a walk needs from memory: a frame's words, or null when the frame is outside memory. */
export interface PhysicalMemory {
  readonly sizeBytes: number;
  readFrame(pfn: number): Uint32Array | null;
  /**
   * Optional: a number that changes whenever the frame's contents change, so views can memoise
   * per frame (RAM gives one; a read-only dump needs none).
   */
  frameVersion?(pfn: number): number;
  /**
   * Optional: a count that grows with every write to any frame (RAM keeps one; a read-only dump
   * needs none). Caches of what the memory says compare it to know nothing changed.
   */
  readonly writes?: number;
  /**
   * Optional: a key that names the frame's contents for as long as they cannot change, or null
   * while they still can (a frame this RAM may write in place). Caches of per-frame work use it.
   */
  frameKey?(pfn: number): string | null;
}

/** Reads entry `index` (0–511) of a frame as a bigint. */
export function entryOfFrame(frame: Uint32Array, index: number): bigint {
  return (BigInt(frame[2 * index + 1] as number) << 32n) | BigInt(frame[2 * index] as number);
}
