/**
 * The arena of frame contents shared by a RAM and every state forked from it (see ram.ts): slot 0
 * is the zero frame; every other slot holds one 4 KiB frame's 1024 words, owned by the RAM state
 * that may still write it in place. Private to the memory folder: nothing outside it knows slots.
 */
import { FRAME_WORDS } from "./physical-memory";

let nextStoreId = 1;
/** Owner mark of a slot on the free list (never an epoch). */
const FREED = -1;

/** The arena of frame contents shared by a RAM and everything forked from it. */
export class FrameStore {
  /** All slots' words; replaced by a bigger array when it grows (re-read it, don't keep it). */
  words: Uint32Array;
  /** The same words as signed integers, for hot loops that do 32-bit integer math on them. */
  signedWords: Int32Array;
  /** Epoch of the RAM allowed to write each slot in place (0: nobody, e.g. the zero slot). */
  owner: Int32Array;
  /** Distinguishes stores in content keys (slots of two stores are unrelated). */
  readonly id = nextStoreId++;
  /** Bumped each time a slot is handed out, so a recycled slot never repeats an old content key. */
  generation: Int32Array;
  private used = 1; // slot 0 is the zero frame
  /** Slots in use right after the last sweep (see `sweepIfGrown`). */
  private keptAfterSweep = 0;
  private readonly freeSlots: number[] = [];
  /** Cached slot views; preallocated so lookups stay on fast (non-dictionary) elements. */
  private views: (Uint32Array | undefined)[];

  constructor(initialSlots = 64) {
    this.words = new Uint32Array(initialSlots * FRAME_WORDS);
    this.signedWords = new Int32Array(this.words.buffer);
    this.owner = new Int32Array(initialSlots);
    this.generation = new Int32Array(initialSlots);
    this.views = new Array<Uint32Array | undefined>(initialSlots).fill(undefined);
  }

  allocate(epoch: number): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      if (this.used === this.owner.length) this.grow();
      slot = this.used++;
    }
    this.owner[slot] = epoch;
    this.generation[slot] = ((this.generation[slot] as number) + 1) | 0;
    return slot;
  }

  /** Gives back a slot only its owner could see. */
  release(slot: number): void {
    this.owner[slot] = FREED;
    this.words.fill(0, slot * FRAME_WORDS, (slot + 1) * FRAME_WORDS);
    this.freeSlots.push(slot);
  }

  /** A view of one slot; cached, and valid until the arena grows. */
  view(slot: number): Uint32Array {
    let v = this.views[slot];
    if (v === undefined) {
      v = this.words.subarray(slot * FRAME_WORDS, (slot + 1) * FRAME_WORDS);
      this.views[slot] = v;
    }
    return v;
  }

  /** Slots in use (including garbage left by old states). */
  slotCount(): number {
    return this.used - this.freeSlots.length;
  }

  /**
   * `sweep`, but only once the arena has grown well past what the last sweep kept, so that its cost
   * (marking the live slots) stays rare however often it is asked for.
   */
  sweepIfGrown(markLive: (marked: Uint8Array) => void): number {
    if (this.slotCount() <= 2 * this.keptAfterSweep + 512) return 0;
    const freed = this.sweep(markLive);
    this.keptAfterSweep = this.slotCount();
    return freed;
  }

  /**
   * Frees every slot that `markLive` does not mark (it sets `marked[slot] = 1` for every slot a live
   * RAM maps): frames of states that left the undo history or of drafts that were thrown away.
   * Every RAM of this store that will be read again must be among the live ones. Returns the
   * number of slots freed.
   */
  sweep(markLive: (marked: Uint8Array) => void): number {
    const marked = new Uint8Array(this.used);
    markLive(marked);
    let freed = 0;
    for (let slot = 1; slot < this.used; slot++) {
      if (marked[slot] === 0 && this.owner[slot] !== FREED) {
        this.release(slot);
        this.views[slot] = undefined;
        freed++;
      }
    }
    return freed;
  }

  private grow(): void {
    const capacity = this.owner.length * 2;
    const words = new Uint32Array(capacity * FRAME_WORDS);
    words.set(this.words);
    const owner = new Int32Array(capacity);
    owner.set(this.owner);
    const generation = new Int32Array(capacity);
    generation.set(this.generation);
    this.generation = generation;
    this.words = words;
    this.signedWords = new Int32Array(words.buffer);
    this.owner = owner;
    this.views = new Array<Uint32Array | undefined>(capacity).fill(undefined);
  }
}
