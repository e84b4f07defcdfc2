/**
 * A persistent array of 32-bit integers: RAM's frame → slot map, and the allocator's free-frame
 * bitmap. Undo keeps 200 states of each, so a fork must not copy the array: it shares everything,
 * and a write copies only the chunk of 2048 elements it lands in (once per fork), plus, on the
 * first write after a fork, the directory of chunks (one pointer per 2048 elements: 2048 of them
 * for the 2^22 frames of 16 GiB). A step therefore costs a directory and the chunks it wrote,
 * whatever the array's length — not a copy of the whole array.
 *
 * A read is a directory load, then a chunk load: one more than a flat array (Ram, whose lookups
 * are hot, also keeps its first chunk at hand to skip the directory there).
 *
 * Chunks that were never written are shared zero chunks. Each chunk carries one extra element past
 * its data: the epoch of the array allowed to write it in place (0 for a never-written chunk),
 * which a fork retires, so that every array copies a chunk before its first write after a fork.
 */
import type { Footprint } from "./footprint";

/** log2 of the elements per chunk (hot readers of `chunks()` spell it as a literal: see ram.ts). */
export const CHUNK_BITS = 11;
const CHUNK = 1 << CHUNK_BITS;
export const CHUNK_MASK = CHUNK - 1;
/** Owner mark of a chunk never written: all zeros, never written in place. */
const PRISTINE = 0;
/** Bytes a directory slot costs (a pointer; 4 with V8's pointer compression, 8 without). */
const POINTER_BYTES = 8;

let nextEpoch = PRISTINE + 1;

export class PersistentInt32Array {
  readonly length: number;
  /** Chunk k holds elements [k·CHUNK, (k+1)·CHUNK); its last element is its owner mark. */
  private dir: Int32Array[];
  /** True while another array may read `dir`: the first chunk copy copies it first. */
  private dirShared: boolean;
  /** This array's owner mark; a fork replaces it, so every chunk it wrote becomes shared. */
  private epoch: number;

  /** An array of `length` zeros (`sharedDir` is for `fork`). */
  constructor(length: number, sharedDir?: Int32Array[]) {
    if (!(Number.isSafeInteger(length) && length >= 0 && length <= 2 ** 31)) {
      throw new RangeError(`persistent array length ${length} is not 0 … 2^31`);
    }
    this.length = length;
    this.epoch = nextEpoch++;
    if (sharedDir) {
      this.dir = sharedDir;
      this.dirShared = true;
      return;
    }
    const full = Math.floor(length / CHUNK);
    const dir: Int32Array[] = [];
    const zeros = new Int32Array(CHUNK + 1); // one zero chunk shared by every full chunk
    for (let k = 0; k < full; k++) dir.push(zeros);
    if (length % CHUNK !== 0) dir.push(new Int32Array((length % CHUNK) + 1));
    this.dir = dir;
    this.dirShared = false;
  }

  /** Element `i`; `i` must be in 0 … length−1 (not checked: hot loops call this). */
  get(i: number): number {
    return (this.dir[i >>> CHUNK_BITS] as Int32Array)[i & CHUNK_MASK] as number;
  }

  /**
   * The directory, for hot loops that cannot afford the call: element i is
   * `chunks()[i >>> CHUNK_BITS][i & CHUNK_MASK]`. Valid until the next `set` (which may copy it).
   */
  chunks(): readonly Int32Array[] {
    return this.dir;
  }

  /** Sets element `i` (0 … length−1, not checked), copying its chunk first if it is shared. */
  set(i: number, value: number): void {
    const k = i >>> CHUNK_BITS;
    let chunk = this.dir[k] as Int32Array;
    if (chunk[chunk.length - 1] !== this.epoch) chunk = this.ownChunk(k);
    chunk[i & CHUNK_MASK] = value;
  }

  /** A new array with the same elements, sharing all of them until one side writes. O(1). */
  fork(): PersistentInt32Array {
    this.epoch = nextEpoch++; // the chunks this array owned are now shared: stop writing them in place
    this.dirShared = true;
    return new PersistentInt32Array(this.length, this.dir);
  }

  /** Appends the indices of the non-zero elements to `out`, ascending; never-written chunks are skipped. */
  nonZeroIndices(out: number[]): number[] {
    const dir = this.dir;
    for (let k = 0; k < dir.length; k++) {
      const chunk = dir[k] as Int32Array;
      const end = chunk.length - 1;
      if (chunk[end] === PRISTINE) continue;
      for (let j = 0; j < end; j++) if (chunk[j] !== 0) out.push((k << CHUNK_BITS) + j);
    }
    return out;
  }

  /** How many elements are non-zero. */
  countNonZero(): number {
    let n = 0;
    for (const chunk of this.dir) {
      const end = chunk.length - 1;
      if (chunk[end] === PRISTINE) continue;
      for (let j = 0; j < end; j++) if (chunk[j] !== 0) n++;
    }
    return n;
  }

  /**
   * Sets `marked[v] = 1` for every element value v of every array in `arrays` (values must be
   * below `marked.length`). Each shared chunk is read once, so marking the 200 states of an undo
   * history costs their directories plus the distinct chunks, not 200 times the length.
   */
  static markValues(arrays: Iterable<PersistentInt32Array>, marked: Uint8Array): void {
    const seenDirs = new Set<Int32Array[]>();
    const seenChunks = new Set<Int32Array>();
    for (const array of arrays) {
      if (seenDirs.has(array.dir)) continue;
      seenDirs.add(array.dir);
      for (const chunk of array.dir) {
        const end = chunk.length - 1;
        if (chunk[end] === PRISTINE || seenChunks.has(chunk)) continue;
        seenChunks.add(chunk);
        for (let j = 0; j < end; j++) marked[chunk[j] as number] = 1;
      }
    }
  }

  /**
   * Adds this array's directory and chunks to `footprint`, those counted before once, and calls
   * `eachNew` with every element value of each chunk counted for the first time (what the
   * elements refer to, counted the same way).
   */
  countInto(footprint: Footprint, eachNew?: (value: number) => void): void {
    if (!footprint.add(this.dir, POINTER_BYTES * this.dir.length)) return;
    for (const chunk of this.dir) {
      if (!footprint.add(chunk, chunk.byteLength) || eachNew === undefined) continue;
      for (let j = 0; j < chunk.length - 1; j++) eachNew(chunk[j] as number);
    }
  }

  /** Chunk `k`, copied first so that this array alone may write it. */
  private ownChunk(k: number): Int32Array {
    if (this.dirShared) {
      this.dir = this.dir.slice();
      this.dirShared = false;
    }
    const copy = (this.dir[k] as Int32Array).slice();
    copy[copy.length - 1] = this.epoch;
    this.dir[k] = copy;
    return copy;
  }
}
