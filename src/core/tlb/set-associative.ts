/**
 * A set-associative cache with least-recently-used replacement, the structure of every TLB and
 * paging-structure cache here (SDM vol. 3A §4.10 leaves replacement to the CPU; LRU is the
 * deterministic choice this model documents). A key picks its set by its low bits; within the set an
 * entry goes into a free way, else replaces the way used longest ago.
 *
 * Callers search a set themselves (`base`, `at`): a predicate closure per lookup measured slower
 * than the loop it replaces, and TLB lookups are the hot path of a replay.
 */
import type { CacheShape } from "./tlb-config";

export class SetAssociativeCache<E> {
  readonly sets: number;
  readonly ways: number;
  private readonly slots: (E | null)[];
  /**
   * Per slot, the number its entry was filed under (a page number, a VA prefix), NaN when empty:
   * a lookup compares these before it loads any entry, which a replay's hit path measured faster.
   */
  readonly tags: Float64Array;
  /**
   * Per slot, a number the owner keeps about its entry (0 whenever the slot's entry changes, and in
   * a copy).
   */
  readonly memo: Int32Array;
  /** Per slot, the tick of its last use (0 = empty). */
  private readonly lastUse: number[];
  private tick = 0;

  constructor(shape: CacheShape, copyOf?: SetAssociativeCache<E>) {
    this.ways = shape.ways;
    this.sets = shape.entries / shape.ways;
    if (copyOf) {
      this.slots = copyOf.slots.slice();
      this.tags = copyOf.tags.slice();
      // A memo is about its owner's epoch, which a copy does not share: the copy starts knowing nothing.
      this.memo = new Int32Array(copyOf.memo.length);
      this.lastUse = copyOf.lastUse.slice();
      this.tick = copyOf.tick;
    } else {
      this.slots = new Array<E | null>(shape.entries).fill(null);
      this.tags = new Float64Array(shape.entries).fill(NaN);
      this.memo = new Int32Array(shape.entries);
      this.lastUse = new Array<number>(shape.entries).fill(0);
    }
  }

  /** An independent copy (entries are immutable values, so they are shared). */
  clone(): SetAssociativeCache<E> {
    return new SetAssociativeCache({ entries: this.slots.length, ways: this.ways }, this);
  }

  get capacity(): number {
    return this.slots.length;
  }

  /**
   * The first slot of the set that `key` maps to: the key's low bits (`sets` is a power of two;
   * `>>> 0` keeps the low 32 bits of any whole number below 2^53, and avoids a floating modulo).
   */
  base(key: number): number {
    return ((key >>> 0) & (this.sets - 1)) * this.ways;
  }

  at(slot: number): E | null {
    return this.slots[slot] as E | null;
  }

  /** Clears every slot's memo. */
  forgetMemos(): void {
    this.memo.fill(0);
  }

  /** Marks a slot as just used. */
  touch(slot: number): void {
    this.lastUse[slot] = ++this.tick;
  }

  /**
   * Puts `entry` into the set of `key`, tagged `tag` (the key itself unless given); returns the
   * entry it replaced (LRU), or null.
   */
  insert(key: number, entry: E, tag: number = key): E | null {
    const base = this.base(key);
    let victim = base;
    for (let w = 0; w < this.ways; w++) {
      const slot = base + w;
      if (this.slots[slot] === null) {
        victim = slot;
        break;
      }
      if ((this.lastUse[slot] as number) < (this.lastUse[victim] as number)) victim = slot;
    }
    const evicted = this.slots[victim] as E | null;
    this.slots[victim] = entry;
    this.tags[victim] = tag;
    this.memo[victim] = 0;
    this.touch(victim);
    return evicted;
  }

  /** Replaces the entry of a slot in place (same key and tag), keeping its age. */
  replace(slot: number, entry: E): void {
    this.slots[slot] = entry;
    this.memo[slot] = 0;
  }

  /** Empties every slot whose entry matches; returns how many were emptied. */
  removeWhere(matches: (entry: E) => boolean): number {
    let removed = 0;
    for (let slot = 0; slot < this.slots.length; slot++) {
      const entry = this.slots[slot] as E | null;
      if (entry !== null && matches(entry)) {
        this.slots[slot] = null;
        this.tags[slot] = NaN;
        this.memo[slot] = 0;
        this.lastUse[slot] = 0;
        removed++;
      }
    }
    return removed;
  }

  /**
   * Every entry with its LRU age: 0 for the most recently used of its set, ways − 1 for the one
   * that goes next.
   */
  entries(): { entry: E; set: number; age: number }[] {
    const out: { entry: E; set: number; age: number }[] = [];
    for (let set = 0; set < this.sets; set++) {
      const base = set * this.ways;
      for (let w = 0; w < this.ways; w++) {
        const entry = this.slots[base + w] as E | null;
        if (entry === null) continue;
        const mine = this.lastUse[base + w] as number;
        let age = 0;
        for (let o = 0; o < this.ways; o++) if ((this.lastUse[base + o] as number) > mine) age++;
        out.push({ entry, set, age });
      }
    }
    return out;
  }

  get size(): number {
    let n = 0;
    for (const e of this.slots) if (e !== null) n++;
    return n;
  }
}
