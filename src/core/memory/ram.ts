/**
 * Simulated physical RAM (the seed's `PhysMapper`: any 4 KiB frame can be viewed as a table).
 *
 * Undo needs every machine state to be an immutable value that shares unchanged frames. Frame
 * contents live in one growing arena (a `FrameStore`) shared by all states forked from one RAM;
 * each RAM maps frame numbers to arena slots through its own slot map, a persistent array
 * (persistent-array.ts) whose forks share every chunk they have not written. Slot 0 is the zero
 * frame, so untouched frames cost nothing (sparse RAM). `fork()` copies nothing; a RAM writes in
 * place only into slots it allocated since its last fork, and copies any other slot first
 * (copy-on-write per 4 KiB frame). A step of history thus costs the frames it changed and the
 * chunks of the slot map that point at them, not a map of the whole RAM.
 *
 * The arena and the slot map are private to this folder. Hot loops elsewhere read entries
 * through `entryWords()` and `entryBase(pfn)` — a slot map lookup (directory, chunk) and a
 * typed-array load per entry — and everyone else through `readFrame`/`readEntry`.
 *
 * A committed slot never changes again, so `frameVersion(pfn)` (the slot) is a cheap memo key that
 * changes exactly when a frame's contents change from one state to the next.
 */
import type { PhysAddr } from "../arch";
import type { Footprint } from "./footprint";
import { FrameStore } from "./frame-store";
import { PersistentInt32Array } from "./persistent-array";
import { FRAME_SIZE, FRAME_WORDS, MAX_RAM_BYTES, ZERO_FRAME, type PhysicalMemory } from "./physical-memory";

let nextEpoch = 1;
let nextTouchedSet = 1;

export class Ram implements PhysicalMemory {
  readonly sizeBytes: number;
  readonly frameCount: number;
  /**
   * Counts writes through this RAM (any frame, in place or copied). Caches derived from the
   * contents, such as the fast translator's paging-structure cache, compare it to know they are
   * still valid.
   */
  writes = 0;
  private readonly store: FrameStore;
  /** Frame number → arena slot (0 = zero frame). */
  private readonly slots: PersistentInt32Array;
  /**
   * `slots.chunks()`, refreshed after every write to `slots`: hot reads go straight to it, one
   * dependent load fewer than through `slots.get` (`entryBase` measured 20% faster).
   */
  private slotChunks: readonly Int32Array[];
  /**
   * Its first chunk (frames below 2048, the first 8 MiB), read without the directory: the
   * allocator hands out low frames first, so that is where most page tables are, and a lookup
   * there costs what a flat slot table did (map/unmap measured 15% faster than through the
   * directory).
   */
  private firstChunk: Int32Array;
  private epoch: number;
  /** Names the set of touched frames (see `touchedKey`). */
  private touchedSet: number;

  constructor(
    sizeBytes: number,
    shared?: { store: FrameStore; slots: PersistentInt32Array; touchedSet: number },
  ) {
    if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0 || sizeBytes % FRAME_SIZE !== 0) {
      throw new RangeError(`RAM size must be a positive multiple of 4 KiB, got ${sizeBytes}`);
    }
    if (sizeBytes > MAX_RAM_BYTES) throw new RangeError(`RAM size ${sizeBytes} exceeds the 16 GiB limit`);
    this.sizeBytes = sizeBytes;
    this.frameCount = sizeBytes / FRAME_SIZE;
    this.store = shared?.store ?? new FrameStore();
    this.slots = shared?.slots ?? new PersistentInt32Array(this.frameCount);
    this.slotChunks = this.slots.chunks();
    this.firstChunk = this.slotChunks[0] as Int32Array;
    this.epoch = nextEpoch++;
    this.touchedSet = shared?.touchedSet ?? nextTouchedSet++;
  }

  /** A new RAM with the same contents, sharing every frame until one side writes it. O(1). */
  fork(): Ram {
    this.epoch = nextEpoch++; // slots this RAM owned are now shared: stop writing them in place
    return new Ram(this.sizeBytes, {
      store: this.store,
      slots: this.slots.fork(),
      touchedSet: this.touchedSet,
    });
  }

  /**
   * Frees the arena frames that none of `live` can read any more (states that left the undo
   * history, drafts of failed changes), once the arena has grown well past what the last pass
   * kept. Every RAM forked from the same origin that will be read again must be in `live`. A pass
   * reads each live slot map's directory and each distinct chunk once, not every map whole.
   */
  static collectGarbage(live: readonly Ram[]): void {
    const byStore = new Map<FrameStore, PersistentInt32Array[]>();
    for (const ram of live) {
      const maps = byStore.get(ram.store);
      if (maps) maps.push(ram.slots);
      else byStore.set(ram.store, [ram.slots]);
    }
    for (const [store, maps] of byStore) {
      store.sweepIfGrown((marked) => PersistentInt32Array.markValues(maps, marked));
    }
  }

  /**
   * Adds what this RAM holds to `footprint`, parts shared with states counted before it once: its
   * slot map and the arena frames it can read (tests and figures: what an undo step costs).
   */
  countInto(footprint: Footprint): void {
    this.slots.countInto(footprint, (slot) => {
      if (slot !== 0) footprint.addMember(this.store, slot, FRAME_SIZE);
    });
  }

  /** Frames held in the arena this RAM shares with its forks, garbage included (for tests and figures). */
  arenaFrameCount(): number {
    return this.store.slotCount();
  }

  // ------------------------------------------------------------------ reads for hot loops ---

  /**
   * The arena slot of frame `pfn` (inside RAM: not checked). The literals are CHUNK_BITS and
   * CHUNK_MASK of persistent-array.ts (ram.test.ts checks): V8 re-reads a module-level constant on
   * every use in a hot loop.
   */
  private slotOf(pfn: number): number {
    if (pfn < 2048) return this.firstChunk[pfn] as number;
    return (this.slotChunks[pfn >>> 11] as Int32Array)[pfn & 2047] as number;
  }

  /**
   * Every frame's words as signed 32-bit integers, for hot loops: entry i of frame `pfn` is
   * `entryWords()[entryBase(pfn) + 2 * i]` (bits 31:0) and the word after it (bits 63:32). Valid
   * until the next write through any RAM of this origin (a write may move the words): re-read it.
   */
  entryWords(): Int32Array {
    return this.store.signedWords;
  }

  /** Where frame `pfn`'s words start in `entryWords()`; `pfn` must be below `frameCount`. */
  entryBase(pfn: number): number {
    return this.slotOf(pfn) << 10;
  }

  // ------------------------------------------------------------------------------ reads ---

  /** The frame's words (a read-only view: write through the methods below), or null outside RAM. */
  readFrame(pfn: number): Uint32Array | null {
    if (!(pfn >= 0 && pfn < this.frameCount)) return null;
    const slot = this.slotOf(pfn);
    return slot === 0 ? ZERO_FRAME : this.store.view(slot);
  }

  /** Changes exactly when the frame's contents change between committed states (0 = all zero). */
  frameVersion(pfn: number): number {
    return pfn >= 0 && pfn < this.frameCount ? this.slotOf(pfn) : -1;
  }

  frameKey(pfn: number): string | null {
    if (!(pfn >= 0 && pfn < this.frameCount)) return null;
    const slot = this.slotOf(pfn);
    if (slot === 0) return "0"; // the zero frame never changes
    // A slot this RAM owns can still be written in place: its contents have no stable name yet.
    if (this.store.owner[slot] === this.epoch) return null;
    return `${this.store.id}.${slot}.${this.store.generation[slot]}`;
  }

  /** True when the frame holds data (was written and not zeroed since). */
  isTouched(pfn: number): boolean {
    return pfn >= 0 && pfn < this.frameCount && this.slotOf(pfn) !== 0;
  }

  /** Frame numbers of all touched frames, ascending. */
  touchedFrames(): number[] {
    return this.slots.nonZeroIndices([]);
  }

  /**
   * Names the set of touched frames: two RAM states with one key touch the same frames. A fork keeps
   * its source's key; a frame made touched, or zero again, takes a new one. Views that depend only
   * on which frames are touched compare it instead of the lists (a flag toggle keeps it).
   */
  touchedKey(): number {
    return this.touchedSet;
  }

  /** Number of frames that cost memory. */
  touchedCount(): number {
    return this.slots.countNonZero();
  }

  /**
   * True when all 512 entries of frame `pfn` (inside RAM) are zero. `startIndex` is where the scan
   * starts (it wraps around): after clearing an entry its neighbours are the likeliest in use.
   */
  isTableEmpty(pfn: number, startIndex = 0): boolean {
    const words = this.store.words;
    const base = this.slotOf(pfn) << 10;
    const from = 2 * startIndex;
    return wordsZero(words, base + from, base + FRAME_WORDS) && wordsZero(words, base, base + from);
  }

  /** Reads the 64-bit entry at an 8-byte-aligned physical address. */
  readEntry(pa: PhysAddr | number): bigint {
    const frame = this.readFrame(Math.floor(pa / FRAME_SIZE));
    if (!frame) throw new RangeError(`physical address ${pa} is outside RAM`);
    const w = (pa % FRAME_SIZE) >>> 2;
    return (BigInt(frame[w + 1] as number) << 32n) | BigInt(frame[w] as number);
  }

  // ----------------------------------------------------------------------------- writes ---

  private setSlot(pfn: number, slot: number): void {
    this.slots.set(pfn, slot);
    this.slotChunks = this.slots.chunks();
    this.firstChunk = this.slotChunks[0] as Int32Array;
  }

  /** The arena slot this RAM may write for `pfn`, copying a shared frame first. */
  private ownSlot(pfn: number): number {
    if (!(pfn >= 0 && pfn < this.frameCount)) throw outsideRam(pfn);
    const store = this.store;
    const slot = this.slotOf(pfn);
    if (slot !== 0 && store.owner[slot] === this.epoch) return slot;
    const fresh = store.allocate(this.epoch);
    if (slot !== 0) store.words.copyWithin(fresh * FRAME_WORDS, slot * FRAME_WORDS, (slot + 1) * FRAME_WORDS);
    else this.touchedSet = nextTouchedSet++; // a zero frame becomes touched
    this.setSlot(pfn, fresh);
    return fresh;
  }

  /** Writes two words (one entry, or any aligned pair) of a frame. */
  writeWords(pfn: number, word: number, lo: number, hi: number): void {
    this.writes++;
    if (!(pfn >= 0 && pfn < this.frameCount)) throw outsideRam(pfn);
    const slot = this.slotOf(pfn);
    const store = this.store;
    if (slot !== 0 && store.owner[slot] === this.epoch) {
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
    if (!(pfn >= 0 && pfn < this.frameCount)) throw outsideRam(pfn);
    const slot = this.slotOf(pfn);
    if (slot === 0) return;
    this.writes++;
    if (this.store.owner[slot] === this.epoch) this.store.release(slot);
    this.setSlot(pfn, 0);
    this.touchedSet = nextTouchedSet++;
  }

  /** Copies a whole frame's contents in (4096 bytes as 1024 little-endian words). */
  writeFrame(pfn: number, words: Uint32Array): void {
    if (words.length !== FRAME_WORDS) throw new RangeError("a frame is 1024 words");
    if (words.every((w) => w === 0)) this.zeroFrame(pfn);
    else this.writableFrame(pfn).set(words);
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

/** The error for a frame number outside RAM (out of line: hot writers stay small enough to inline). */
function outsideRam(pfn: number): RangeError {
  return new RangeError(`frame ${pfn} is outside RAM`);
}

/** True when words [start, end) are all zero (end - start is even): two entries per step. */
function wordsZero(w: Uint32Array, start: number, end: number): boolean {
  let k = start;
  for (; k + 4 <= end; k += 4) {
    if (((w[k] as number) | (w[k + 1] as number) | (w[k + 2] as number) | (w[k + 3] as number)) !== 0)
      return false;
  }
  return k === end || ((w[k] as number) | (w[k + 1] as number)) === 0;
}
