/**
 * Simulated physical RAM (the seed's `PhysMapper`: any 4 KiB frame can be viewed as a table).
 *
 * A frame is 1024 32-bit words: entry i is words 2i (bits 31:0) and 2i+1 (bits 63:32), which keeps
 * the hot walk on 32-bit arithmetic (DESIGN §4).
 *
 * Undo needs every machine state to be an immutable value that shares unchanged frames. Frame
 * contents live in one growing arena (a `FrameStore`) shared by all states forked from one RAM;
 * each RAM maps frame numbers to arena slots through its own `Int32Array`. Slot 0 is the zero
 * frame, so untouched frames cost nothing (sparse RAM). `fork()` copies only the slot table; a RAM
 * writes in place only into slots it allocated since its last fork, and copies any other slot first
 * (copy-on-write per 4 KiB frame). The flat slot table plus one arena is what makes the translate
 * hot path two typed-array loads per level, close to C over a flat array.
 *
 * A committed slot never changes again, so `frameVersion(pfn)` (the slot) is a cheap memo key that
 * changes exactly when a frame's contents change from one state to the next.
 */
import type { PhysAddr } from "../arch";

export const FRAME_SIZE = 4096;
export const FRAME_WORDS = 1024;
export const ENTRIES_PER_TABLE = 512;
/** Largest simulated RAM: 16 GiB keeps the slot table (4 bytes a frame) small enough to fork. */
export const MAX_RAM_BYTES = 16 * 1024 * 1024 * 1024;

/** An all-zero frame, for callers that need one. Never written. */
export const ZERO_FRAME: Uint32Array = new Uint32Array(FRAME_WORDS);

/** What a walk needs from memory: a frame's words, or null when the frame is outside memory. */
export interface PhysicalMemory {
  readonly sizeBytes: number;
  readFrame(pfn: number): Uint32Array | null;
  /**
   * Optional: a number that changes whenever the frame's contents change, so views can memoise
   * per frame (RAM gives its copy-on-write slot; a read-only dump needs none).
   */
  frameVersion?(pfn: number): number;
  /**
   * Optional: a key that names the frame's contents for as long as they cannot change, or null
   * while they still can (a frame this RAM may write in place). Caches of per-frame work use it.
   */
  frameKey?(pfn: number): string | null;
}

let nextEpoch = 1;
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
   * Frees every slot that none of `live` maps: frames of states that left the undo history or of
   * drafts that were thrown away. Every RAM of this store that will be read again must be in `live`.
   * Returns the number of slots freed.
   */
  sweep(live: readonly Ram[]): number {
    const marked = new Uint8Array(this.used);
    for (const ram of live) {
      if (ram.store !== this) continue;
      const slots = ram.slots;
      for (let pfn = 0; pfn < slots.length; pfn++) marked[slots[pfn] as number] = 1;
    }
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

export class Ram implements PhysicalMemory {
  readonly sizeBytes: number;
  readonly frameCount: number;
  /** Exposed for the allocation-free translator; treat as read-only outside this file. */
  readonly store: FrameStore;
  /** Frame number → arena slot (0 = zero frame). Exposed for the translator. */
  readonly slots: Int32Array;
  /**
   * Counts writes through this RAM (any frame, in place or copied). Caches derived from the
   * contents, such as the fast translator's paging-structure cache, compare it to know they are
   * still valid.
   */
  writes = 0;
  private epoch: number;

  constructor(sizeBytes: number, shared?: { store: FrameStore; slots: Int32Array }) {
    if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0 || sizeBytes % FRAME_SIZE !== 0) {
      throw new RangeError(`RAM size must be a positive multiple of 4 KiB, got ${sizeBytes}`);
    }
    if (sizeBytes > MAX_RAM_BYTES) throw new RangeError(`RAM size ${sizeBytes} exceeds the 16 GiB limit`);
    this.sizeBytes = sizeBytes;
    this.frameCount = sizeBytes / FRAME_SIZE;
    this.store = shared?.store ?? new FrameStore();
    this.slots = shared?.slots ?? new Int32Array(this.frameCount);
    this.epoch = nextEpoch++;
  }

  /** A new RAM with the same contents, sharing every frame until one side writes it. */
  fork(): Ram {
    this.epoch = nextEpoch++; // slots this RAM owned are now shared: stop writing them in place
    return new Ram(this.sizeBytes, { store: this.store, slots: this.slots.slice() });
  }

  /** The frame's words (a read-only view: write through the methods below), or null outside RAM. */
  readFrame(pfn: number): Uint32Array | null {
    if (!(pfn >= 0 && pfn < this.frameCount)) return null;
    const slot = this.slots[pfn] as number;
    return slot === 0 ? ZERO_FRAME : this.store.view(slot);
  }

  /** Changes exactly when the frame's contents change between committed states (0 = all zero). */
  frameVersion(pfn: number): number {
    return pfn >= 0 && pfn < this.frameCount ? (this.slots[pfn] as number) : -1;
  }

  frameKey(pfn: number): string | null {
    if (!(pfn >= 0 && pfn < this.frameCount)) return null;
    const slot = this.slots[pfn] as number;
    if (slot === 0) return "0"; // the zero frame never changes
    // A slot this RAM owns can still be written in place: its contents have no stable name yet.
    if (this.store.owner[slot] === this.epoch) return null;
    return `${this.store.id}.${slot}.${this.store.generation[slot]}`;
  }

  /** True when the frame holds data (was written and not zeroed since). */
  isTouched(pfn: number): boolean {
    return pfn >= 0 && pfn < this.frameCount && this.slots[pfn] !== 0;
  }

  /** Frame numbers of all touched frames, ascending. */
  touchedFrames(): number[] {
    const out: number[] = [];
    const slots = this.slots;
    for (let pfn = 0; pfn < slots.length; pfn++) if (slots[pfn] !== 0) out.push(pfn);
    return out;
  }

  /** Number of frames that cost memory. */
  touchedCount(): number {
    let n = 0;
    for (let pfn = 0; pfn < this.slots.length; pfn++) if (this.slots[pfn] !== 0) n++;
    return n;
  }

  /** The arena slot this RAM may write for `pfn`, copying a shared frame first. */
  private ownSlot(pfn: number): number {
    if (!(pfn >= 0 && pfn < this.frameCount)) throw new RangeError(`frame ${pfn} is outside RAM`);
    const store = this.store;
    const slot = this.slots[pfn] as number;
    if (slot !== 0 && store.owner[slot] === this.epoch) return slot;
    const fresh = store.allocate(this.epoch);
    if (slot !== 0) store.words.copyWithin(fresh * FRAME_WORDS, slot * FRAME_WORDS, (slot + 1) * FRAME_WORDS);
    this.slots[pfn] = fresh;
    return fresh;
  }

  /** Writes two words (one entry, or any aligned pair) of a frame. */
  writeWords(pfn: number, word: number, lo: number, hi: number): void {
    this.writes++;
    const slot = this.slots[pfn];
    const store = this.store;
    if (slot !== undefined && slot !== 0 && store.owner[slot] === this.epoch) {
      const base = slot * FRAME_WORDS + word;
      store.words[base] = lo;
      store.words[base + 1] = hi;
      return;
    }
    if (slot === 0 && lo === 0 && hi === 0) return; // writing zeros into the zero frame
    const base = this.ownSlot(pfn) * FRAME_WORDS + word;
    store.words[base] = lo;
    store.words[base + 1] = hi;
  }

  /**
   * The frame's words for writing, copied first if another state shares it. The view is valid
   * until the next write to another frame (the arena may grow): use it at once, before any read
   * through a cache that watches `writes` (the count moves when the view is handed out).
   */
  writableFrame(pfn: number): Uint32Array {
    this.writes++;
    return this.store.view(this.ownSlot(pfn));
  }

  /** Makes a frame read as zeros again, releasing its memory (the allocator's "zeroed frame"). */
  zeroFrame(pfn: number): void {
    if (!(pfn >= 0 && pfn < this.frameCount)) throw new RangeError(`frame ${pfn} is outside RAM`);
    const slot = this.slots[pfn] as number;
    if (slot === 0) return;
    this.writes++;
    if (this.store.owner[slot] === this.epoch) this.store.release(slot);
    this.slots[pfn] = 0;
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
    if (!(pfn >= 0 && pfn < this.frameCount)) throw new RangeError(`physical address ${pa} is outside RAM`);
    const w = (pa % FRAME_SIZE) >>> 2;
    const lo = Number(value & 0xffffffffn);
    const hi = Number((value >> 32n) & 0xffffffffn);
    const current = this.readFrame(pfn) as Uint32Array;
    if (current[w] === lo && current[w + 1] === hi) return; // unchanged: keep sharing the frame
    this.writeWords(pfn, w, lo, hi);
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
