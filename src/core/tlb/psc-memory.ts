/**
 * Physical memory as a walk that starts from a paging-structure-cache entry sees it (SDM vol. 3A
 * §4.10.3.2): the upper levels come from the cache, not from RAM, so if the tables changed since,
 * the walk goes on from what the cache remembers. The walk itself is the one walker
 * (core/walk); this memory only answers its first reads — one frame read per level, top level
 * first — with the cached entries, and every later read from RAM.
 */
import type { PhysicalMemory } from "../memory";
import type { PathEntry } from "./tlb-entry";

/**
 * The frame that stands for a cached entry: the walker reads one entry of it before its next read,
 * so one frame serves every level (allocating 4 KiB per level dominated a replay's time).
 */
const standIn = new Uint32Array(1024);
let standInIndex = 0;

export class PscMemory implements PhysicalMemory {
  private reads = 0;

  constructor(
    private readonly ram: PhysicalMemory,
    private readonly chain: readonly PathEntry[],
  ) {}

  get sizeBytes(): number {
    return this.ram.sizeBytes;
  }

  readFrame(pfn: number): Uint32Array | null {
    const cached = this.chain[this.reads++];
    if (cached === undefined) return this.ram.readFrame(pfn);
    // The CPU reads nothing here: a frame holding just the cached entry stands for it.
    standIn[2 * standInIndex] = 0;
    standIn[2 * standInIndex + 1] = 0;
    standInIndex = cached.index;
    standIn[2 * cached.index] = cached.lo;
    standIn[2 * cached.index + 1] = cached.hi;
    return standIn;
  }
}

/** Memory that takes 64-bit stores without changing the memory under it (a trace's `write-entry`). */
export class WritableMemory implements PhysicalMemory {
  private readonly written = new Map<number, Uint32Array>();
  /** Counts the stores, as `Ram.writes` counts a RAM's (the TLB's quick "nothing changed since"). */
  writes = 0;

  constructor(private readonly base: PhysicalMemory) {}

  get sizeBytes(): number {
    return this.base.sizeBytes;
  }

  readFrame(pfn: number): Uint32Array | null {
    return this.written.get(pfn) ?? this.base.readFrame(pfn);
  }

  frameVersion(pfn: number): number {
    return this.written.has(pfn) ? this.writes : 0;
  }

  /** Stores `value` at the 8-byte-aligned `pa`; false when it lies outside memory. */
  write(pa: number, value: bigint): boolean {
    const pfn = Math.floor(pa / 4096);
    let frame = this.written.get(pfn);
    if (frame === undefined) {
      const original = this.base.readFrame(pfn);
      if (original === null) return false;
      frame = Uint32Array.from(original);
      this.written.set(pfn, frame);
    }
    const word = (pa % 4096) / 4;
    frame[word] = Number(value & 0xffffffffn);
    frame[word + 1] = Number(value >> 32n);
    this.writes++;
    return true;
  }
}
