/**
 * The frame allocator's free list as a persistent value: a last-in first-out stack of frame
 * numbers with a membership test, cloned in O(1) however long it is. Undo keeps 200 allocators,
 * and a scenario may list 2^20 free frames, so a clone must share the list, not copy it.
 *
 * The stack is the list it was built from (an immutable array, shared by every clone; popping it
 * only shortens a clone's view of it) with the frames pushed since on top as a linked list, whose
 * tail clones share. Membership is a bitmap over the allocator's range in a `PersistentInt32Array`
 * (a clone shares it; a write copies one chunk), so `has` is a load and a shift.
 */
import type { Footprint } from "./footprint";
import { PersistentInt32Array } from "./persistent-array";

/** A frame pushed on top of the stack, and the frames under it. */
interface Pushed {
  readonly pfn: number;
  readonly below: Pushed | null;
}

/** Bytes a pushed frame costs (an object of two fields). */
const PUSHED_BYTES = 24;

export class FreeFrames {
  /** The first frame the bitmap covers; frame `first + i` is bit i. */
  private readonly first: number;
  /** The frames the stack was built with, bottom first; never written. */
  private readonly base: Int32Array;
  /** How many of `base` are still on the stack (the rest were popped). */
  private baseLength: number;
  private pushed: Pushed | null;
  private pushedLength: number;
  /** Bit (pfn − first) is set while pfn is on the stack. */
  private bits: PersistentInt32Array;

  private constructor(
    first: number,
    base: Int32Array,
    baseLength: number,
    pushed: Pushed | null,
    pushedLength: number,
    bits: PersistentInt32Array,
  ) {
    this.first = first;
    this.base = base;
    this.baseLength = baseLength;
    this.pushed = pushed;
    this.pushedLength = pushedLength;
    this.bits = bits;
  }

  /**
   * A stack of `pfns` (the last one on top), each in [first, below) and listed once (RangeError
   * otherwise). The bitmap covers [first, limit), limit ≥ below: no frame past it is ever pushed.
   */
  static of(first: number, below: number, limit: number, pfns: readonly number[]): FreeFrames {
    const bits = new PersistentInt32Array(Math.ceil(Math.max(0, limit - first) / 32));
    const base = new Int32Array(pfns.length);
    for (let k = 0; k < pfns.length; k++) {
      const pfn = pfns[k] as number;
      if (!(Number.isInteger(pfn) && pfn >= first && pfn < below)) {
        throw new RangeError(`free frame ${pfn} was never handed out (frames ${first} … ${below - 1} were)`);
      }
      const i = pfn - first;
      const word = bits.get(i >>> 5);
      if ((word >>> (i & 31)) & 1) throw new RangeError(`free frame ${pfn} is listed twice`);
      bits.set(i >>> 5, word | (1 << (i & 31)));
      base[k] = pfn;
    }
    return new FreeFrames(first, base, base.length, null, 0, bits);
  }

  /** Frames on the stack. */
  get size(): number {
    return this.baseLength + this.pushedLength;
  }

  /** Whether `pfn` is on the stack. */
  has(pfn: number): boolean {
    const i = pfn - this.first;
    if (!(i >= 0 && i < this.bits.length * 32)) return false;
    return ((this.bits.get(i >>> 5) >>> (i & 31)) & 1) === 1;
  }

  /** Puts `pfn` on top; it must be in the range and not on the stack already. */
  push(pfn: number): void {
    this.pushed = { pfn, below: this.pushed };
    this.pushedLength++;
    this.flip(pfn);
  }

  /** Takes the top frame off; the stack must not be empty. */
  pop(): number {
    let pfn: number;
    if (this.pushed !== null) {
      pfn = this.pushed.pfn;
      this.pushed = this.pushed.below;
      this.pushedLength--;
    } else pfn = this.base[--this.baseLength] as number;
    this.flip(pfn);
    return pfn;
  }

  /** An independent stack with the same frames, sharing everything with this one. O(1). */
  clone(): FreeFrames {
    return new FreeFrames(
      this.first,
      this.base,
      this.baseLength,
      this.pushed,
      this.pushedLength,
      this.bits.fork(),
    );
  }

  /** The frames, bottom first (the last one is popped first). */
  toArray(): number[] {
    const out = new Array<number>(this.size);
    for (let k = 0; k < this.baseLength; k++) out[k] = this.base[k] as number;
    let k = out.length;
    for (let p = this.pushed; p !== null; p = p.below) out[--k] = p.pfn;
    return out;
  }

  /** Adds what this stack holds to `footprint`, parts shared with stacks counted before it once. */
  countInto(footprint: Footprint): void {
    footprint.add(this.base, this.base.byteLength);
    for (let p = this.pushed; p !== null && footprint.add(p, PUSHED_BYTES); p = p.below);
    this.bits.countInto(footprint);
  }

  private flip(pfn: number): void {
    const i = pfn - this.first;
    this.bits.set(i >>> 5, this.bits.get(i >>> 5) ^ (1 << (i & 31)));
  }
}
