/**
 * `info mem` with NX: leaves, visited in VA order, folded into ranges of consecutive VAs with equal
 * effective user/write/exec and reserved flag (optionally consecutive PAs too).
 *
 * One merge rule (`RangeMerger`) serves two shapes of answer: a whole list kept in columns
 * (`foldRanges`, `RangeList`: a Linux kernel has ~65,000 ranges, no object per range), and a stream
 * that hands each range out as soon as it is closed (`forEachRange`: the CLI's `mappings --folded`
 * keeps one range in memory however long the listing).
 */
import { fromWords, type Registers, type VirtAddr } from "../arch";
import type { PhysicalMemory } from "../memory";
import {
  forEachLeaf,
  type EnumerateOptions,
  type EnumerationStats,
  type LeafCursor,
  type LeafMapping,
} from "./enumerate";
import { doubledColumns } from "./columns";
import { MEMORY_TYPES, type MemoryType, type MemoryTypeResolver } from "../memtype";

/**
 * A run of leaves, consecutive in VA, with the same effective user/write/exec and reserved flag
 * (and, when asked, consecutive in PA too). `end` is exclusive and may be 2^64.
 */
export class AddressRange {
  constructor(
    readonly startHi: number,
    readonly startLo: number,
    /** VA words of the last leaf and its size: the range ends after it. */
    readonly lastHi: number,
    readonly lastLo: number,
    readonly lastSize: number,
    readonly user: boolean,
    readonly write: boolean,
    readonly exec: boolean,
    readonly reserved: boolean,
    /** Number of leaf mappings (of any size) folded in. */
    readonly pages: number,
    /** PA of `start` when the fold required PA contiguity, else null. */
    readonly pa: number | null,
    /** The effective memory type of every leaf in the range, when the fold was asked to keep it. */
    readonly memoryType: MemoryType | null = null,
  ) {}

  get start(): VirtAddr {
    return fromWords(this.startHi, this.startLo) as VirtAddr;
  }

  get end(): bigint {
    return fromWords(this.lastHi, this.lastLo) + BigInt(this.lastSize);
  }

  get size(): bigint {
    return this.end - this.start;
  }
}

export interface FoldOptions {
  /** Also require each leaf's PA to follow the previous one's (a physically contiguous range). */
  readonly contiguousPa?: boolean;
  /** Also require equal effective memory types (SDM §11.12), and give each range its type. */
  readonly memoryTypes?: MemoryTypeResolver;
}

const F_USER = 1;
const F_WRITE = 2;
const F_EXEC = 4;
const F_RESERVED = 8;
/** Bits 6:4 of a range's flags: 1 + the index of its memory type in MEMORY_TYPES (0: not kept). */
const MEMORY_TYPE_SHIFT = 4;
const MEMORY_TYPE_CODE: ReadonlyMap<MemoryType, number> = new Map(MEMORY_TYPES.map((t, i) => [t, i + 1]));
const TWO_32 = 4294967296;

/** A closed range as the merger hands it out (numbers only: the receiver decides what to keep). */
type CloseRange = (
  startHi: number,
  startLo: number,
  lastHi: number,
  lastLo: number,
  lastSize: number,
  flags: number,
  pages: number,
  pa: number,
) => void;

/**
 * The merge rule: a leaf extends the open range when it starts where the range ends, with the same
 * flags (and, with `contiguousPa`, at the next PA); otherwise the open range is closed and a new
 * one opened. `finish` closes the last one.
 */
class RangeMerger {
  private open = false;
  private startHi = 0;
  private startLo = 0;
  private lastHi = 0;
  private lastLo = 0;
  private lastSize = 0;
  private flags = 0;
  private pages = 0;
  private pa = 0;
  private nextHi = 0;
  private nextLo = 0;
  private nextPa = 0;

  constructor(
    private readonly contiguousPa: boolean,
    private readonly close: CloseRange,
    private readonly memoryTypes: MemoryTypeResolver | null = null,
  ) {}

  push(leaf: LeafCursor | LeafMapping): void {
    const flags =
      (leaf.user ? F_USER : 0) |
      (leaf.write ? F_WRITE : 0) |
      (leaf.exec ? F_EXEC : 0) |
      (leaf.reserved ? F_RESERVED : 0) |
      (this.memoryTypes === null
        ? 0
        : (MEMORY_TYPE_CODE.get(this.memoryTypes.typeOf(leaf.entryLo, leaf.level, leaf.pa, leaf.pageSize)) ??
            0) << MEMORY_TYPE_SHIFT);
    if (
      this.open &&
      leaf.vaLo === this.nextLo &&
      leaf.vaHi === this.nextHi &&
      flags === this.flags &&
      (!this.contiguousPa || leaf.pa === this.nextPa)
    ) {
      this.pages++;
    } else {
      this.finish();
      this.open = true;
      this.startHi = leaf.vaHi;
      this.startLo = leaf.vaLo;
      this.flags = flags;
      this.pages = 1;
      this.pa = leaf.pa;
    }
    this.lastHi = leaf.vaHi;
    this.lastLo = leaf.vaLo;
    this.lastSize = leaf.pageSize;
    const nextLo = leaf.vaLo + leaf.pageSize;
    this.nextLo = nextLo >= TWO_32 ? nextLo - TWO_32 : nextLo;
    this.nextHi = nextLo >= TWO_32 ? (leaf.vaHi + 1) >>> 0 : leaf.vaHi;
    this.nextPa = leaf.pa + leaf.pageSize;
  }

  finish(): void {
    if (!this.open) return;
    this.open = false;
    this.close(
      this.startHi,
      this.startLo,
      this.lastHi,
      this.lastLo,
      this.lastSize,
      this.flags,
      this.pages,
      this.pa,
    );
  }
}

function rangeOf(
  startHi: number,
  startLo: number,
  lastHi: number,
  lastLo: number,
  lastSize: number,
  flags: number,
  pages: number,
  pa: number | null,
): AddressRange {
  return new AddressRange(
    startHi,
    startLo,
    lastHi,
    lastLo,
    lastSize,
    (flags & F_USER) !== 0,
    (flags & F_WRITE) !== 0,
    (flags & F_EXEC) !== 0,
    (flags & F_RESERVED) !== 0,
    pages,
    pa,
    MEMORY_TYPES[(flags >> MEMORY_TYPE_SHIFT) - 1] ?? null,
  );
}

/** Column storage of folded ranges (a Linux kernel has ~65,000 of them: no object per range). */
interface RangeColumns {
  startHi: Uint32Array;
  startLo: Uint32Array;
  lastHi: Uint32Array;
  lastLo: Uint32Array;
  lastSize: Uint32Array;
  flags: Uint8Array;
  pages: Float64Array;
  pa: Float64Array;
}

function columns(capacity: number): RangeColumns {
  return {
    startHi: new Uint32Array(capacity),
    startLo: new Uint32Array(capacity),
    lastHi: new Uint32Array(capacity),
    lastLo: new Uint32Array(capacity),
    lastSize: new Uint32Array(capacity),
    flags: new Uint8Array(capacity),
    pages: new Float64Array(capacity),
    pa: new Float64Array(capacity),
  };
}

/**
 * Folded ranges in VA order. Stored as columns; `at(i)` (and iteration) builds the `AddressRange`
 * object on demand, so a view can render the visible rows of 65,000 without creating the rest.
 */
export class RangeList implements Iterable<AddressRange> {
  constructor(
    private readonly data: RangeColumns,
    readonly length: number,
    private readonly contiguousPa: boolean,
  ) {}

  at(index: number): AddressRange | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const d = this.data;
    return rangeOf(
      d.startHi[index] as number,
      d.startLo[index] as number,
      d.lastHi[index] as number,
      d.lastLo[index] as number,
      d.lastSize[index] as number,
      d.flags[index] as number,
      d.pages[index] as number,
      this.contiguousPa ? (d.pa[index] as number) : null,
    );
  }

  *[Symbol.iterator](): Iterator<AddressRange> {
    for (let i = 0; i < this.length; i++) yield this.at(i) as AddressRange;
  }

  toArray(): AddressRange[] {
    return Array.from(this);
  }
}

/** Folds leaves (visited in VA order) into a `RangeList`; feed it with `push`, then `finish`. */
export class RangeFolder {
  private data: RangeColumns;
  private n = 0;
  private readonly merger: RangeMerger;

  /** `capacity`: the ranges to make room for at once (at most the leaves pushed); the columns double when full. */
  constructor(
    private readonly contiguousPa = false,
    memoryTypes: MemoryTypeResolver | null = null,
    capacity = 1024,
  ) {
    this.data = columns(Math.max(16, capacity));
    this.merger = new RangeMerger(
      contiguousPa,
      (startHi, startLo, lastHi, lastLo, lastSize, flags, pages, pa) => {
        if (this.n === this.data.flags.length) this.grow();
        const d = this.data;
        const i = this.n++;
        d.startHi[i] = startHi;
        d.startLo[i] = startLo;
        d.lastHi[i] = lastHi;
        d.lastLo[i] = lastLo;
        d.lastSize[i] = lastSize;
        d.flags[i] = flags;
        d.pages[i] = pages;
        d.pa[i] = pa;
      },
      memoryTypes,
    );
  }

  push(leaf: LeafCursor | LeafMapping): void {
    this.merger.push(leaf);
  }

  finish(): RangeList {
    this.merger.finish();
    return new RangeList(this.data, this.n, this.contiguousPa);
  }

  private grow(): void {
    this.data = doubledColumns(this.data, this.data.flags.length, columns);
  }
}

export interface FoldedRanges extends EnumerationStats {
  readonly ranges: RangeList;
}

/**
 * `info mem` with NX: the leaves reachable from CR3 folded into ranges of consecutive VAs with equal
 * effective user/write/exec (and reserved flag; optionally contiguous PA). One pass, no leaf array.
 */
export function foldRanges(
  memory: PhysicalMemory,
  regs: Registers,
  options: EnumerateOptions & FoldOptions = {},
): FoldedRanges {
  const folder = new RangeFolder(options.contiguousPa ?? false, options.memoryTypes ?? null);
  const stats = forEachLeaf(memory, regs, (c) => folder.push(c), options);
  return { ...stats, ranges: folder.finish() };
}

/**
 * The ranges of `foldRanges`, handed to `visit` one at a time as each is closed, so that memory
 * stays flat however long the listing (the CLI's `mappings --folded`).
 */
export function forEachRange(
  memory: PhysicalMemory,
  regs: Registers,
  visit: (range: AddressRange) => void,
  options: EnumerateOptions & FoldOptions = {},
): EnumerationStats {
  const contiguousPa = options.contiguousPa ?? false;
  const merger = new RangeMerger(
    contiguousPa,
    (startHi, startLo, lastHi, lastLo, lastSize, flags, pages, pa) =>
      visit(rangeOf(startHi, startLo, lastHi, lastLo, lastSize, flags, pages, contiguousPa ? pa : null)),
    options.memoryTypes ?? null,
  );
  const stats = forEachLeaf(memory, regs, (c) => merger.push(c), options);
  merger.finish();
  return stats;
}

/** Folds an already enumerated list of leaves (in VA order). */
export function foldLeaves(leaves: Iterable<LeafMapping>, options: FoldOptions = {}): RangeList {
  const folder = new RangeFolder(options.contiguousPa ?? false, options.memoryTypes ?? null);
  for (const leaf of leaves) folder.push(leaf);
  return folder.finish();
}
