/**
 * The seed's `AddressSpace`: one tree of paging structures rooted at a PML4 (or PML5), with map /
 * unmap / protect of 4 KiB, 2 MiB and 1 GiB pages over simulated RAM.
 *
 * Rules it keeps (seed crate, DESIGN §1):
 * - intermediate tables come from the frame allocator, zeroed, and their entries get the caller's
 *   table flags (default P|R/W|U/S, so that the leaf alone decides permissions); existing parents
 *   are never changed silently;
 * - a request that overlaps a mapping, is misaligned, or would need to split a huge page (unless
 *   splitting is asked for) is refused with a specific message and changes nothing;
 * - unmap gives tables that become empty back to the allocator, except a table something else
 *   still reaches: a root (its own, or one of `knownRoots`: other processes, bookmarks' CR3s) or a
 *   table another present entry points to. Such a table stays, and the result says so (`kept`).
 *
 * The word-level methods (`mapWords`, `unmapWords`, address-space-words.ts) are the hot paths: VA
 * as two 32-bit words, entries as two words, a status number back. This class wraps them with
 * addresses as `bigint`, flags as objects and results that carry a message.
 */
import {
  ENTRY_A,
  ENTRY_ADDRESS_MASK,
  ENTRY_P,
  ENTRY_PAT_HUGE,
  ENTRY_PS,
  ENTRY_RW,
  ENTRY_US,
  indexOfWords,
  isLeafAt,
  leafPageBase,
  nextTablePfn,
  levelOfPageSize,
  pageSizeOfLevel,
  type Level,
  canonicalize,
  formatPhysAddr,
  formatVirtAddr,
  hiWord,
  loWord,
  isCanonical,
  levelSpan,
  pageSizeName,
  PAGE_1G,
  PAGE_2M,
  PAGE_4K,
  encodeEntry,
  type PageSize,
  type PagingLevels,
  type PhysAddr,
  type VirtAddr,
  type EntryFlags,
} from "../arch";
import { err, ok, type Result } from "../common";
import { FRAME_SIZE, type FrameAllocator, type Ram } from "../memory";
import { describeKeptTables, type KeptRecord, type KeptTable } from "./kept-tables";
import type { KnownRoots, TableRoot } from "./known-roots";
import {
  AddressSpaceWords,
  MAP_HUGE_IN_THE_WAY,
  MAP_NOT_MAPPED,
  MAP_OK,
  MAP_OUT_OF_FRAMES,
  MAP_OVERLAP,
  MAP_SIZE_MISMATCH,
  MAP_TABLE_OUTSIDE_RAM,
} from "./address-space-words";

export type MapErrorKind =
  | "overlap"
  | "huge-page-in-the-way"
  | "out-of-frames"
  | "table-outside-memory"
  | "not-mapped"
  | "size-mismatch"
  | "misaligned"
  | "non-canonical"
  | "address-too-wide";

export interface MapError {
  readonly kind: MapErrorKind;
  readonly message: string;
}

/** What an unmap did besides removing the page: the empty tables it had to keep, and why. */
export interface UnmapOutcome {
  readonly kept: readonly KeptTable[];
}

/** What `unmapRegion` did: the pages it removed and the empty tables it had to keep. */
export interface RegionUnmapOutcome extends UnmapOutcome {
  readonly pages: number;
}

/** What `collapseEmptyTables` did: the tables it freed and the empty ones it had to keep. */
export interface CollapseOutcome {
  readonly freed: readonly PhysAddr[];
  readonly kept: readonly KeptTable[];
}

/** Table flags used for new intermediate entries unless the caller gives others. */
const DEFAULT_TABLE_FLAGS: EntryFlags = { present: true, writable: true, user: true };

export interface MapRequest {
  readonly va: VirtAddr;
  readonly pa: number;
  readonly size: PageSize;
  readonly leafFlags: EntryFlags;
  readonly tableFlags?: EntryFlags;
}

/** Two 32-bit words of an entry. */
interface Words {
  lo: number;
  hi: number;
}

const toWords = (value: bigint): Words => ({
  lo: Number(value & 0xffffffffn),
  hi: Number((value >> 32n) & 0xffffffffn),
});

export class AddressSpace extends AddressSpaceWords {
  /** A new, empty address space: a zeroed top-level table from the allocator. */
  static create(
    ram: Ram,
    alloc: FrameAllocator,
    levels: PagingLevels,
    roots: KnownRoots | readonly TableRoot[] = [],
  ): Result<AddressSpace, MapError> {
    const frame = alloc.alloc(ram);
    if (!frame.ok) return err("out-of-frames", frame.error.message);
    return ok(new AddressSpace(ram, alloc, frame.value, levels, roots));
  }

  /**
   * The seed's `AddressSpace::new`: a new top-level table whose upper half (entries 256–511, the
   * kernel) is copied from `current`, so both spaces share the kernel's tables. Both share one set of
   * known roots too, so neither frees a kernel table the other still reaches.
   */
  static withKernelHalfOf(current: AddressSpace): Result<AddressSpace, MapError> {
    const created = AddressSpace.create(current.ram, current.alloc, current.levels, current.knownRoots);
    if (!created.ok) return created;
    created.value.cloneUpperHalfFrom(current);
    return created;
  }

  /** Copies entries 256–511 of `other`'s top-level table into this one. */
  cloneUpperHalfFrom(other: AddressSpace): void {
    const source = other.ram.readFrame(other.root / FRAME_SIZE);
    if (!source) return;
    const upper = source.slice(512, 1024); // copy first: writing may move the arena
    this.ram.writableFrame(this.root / FRAME_SIZE).set(upper, 512);
  }

  /** Clears entries 0–255 of the top-level table (the user half); tables below are not freed. */
  clearLowerHalf(): void {
    this.ram.writableFrame(this.root / FRAME_SIZE).fill(0, 0, 512);
  }

  // ------------------------------------------------------------------- friendly API ---

  private checkVa(va: VirtAddr, size: PageSize): MapError | null {
    if (!isCanonical(va, this.levels)) {
      return {
        kind: "non-canonical",
        message: `${formatVirtAddr(va)} is not a canonical ${this.levels === 5 ? 57 : 48}-bit address.`,
      };
    }
    if (va % BigInt(size) !== 0n) {
      return {
        kind: "misaligned",
        message: `VA ${formatVirtAddr(va)} is not aligned to the ${pageSizeName(size)} page size.`,
      };
    }
    return null;
  }

  /** `map_one`: maps one page of `size` at `va` to `pa`. */
  map(request: MapRequest): Result<void, MapError> {
    const { va, pa, size } = request;
    const bad = this.checkVa(va, size);
    if (bad) return { ok: false, error: bad };
    if (pa % size !== 0 || pa < 0) {
      return err(
        "misaligned",
        `PA ${formatPhysAddr(pa)} is not aligned to the ${pageSizeName(size)} page size.`,
      );
    }
    if (pa >= 2 ** 52) return err("address-too-wide", `PA ${formatPhysAddr(pa)} does not fit in 52 bits.`);
    const level = levelOfPageSize(size);
    const leaf = toWords(encodeEntry(level, pa, request.leafFlags, true));
    const table = toWords(encodeEntry(2, 0, request.tableFlags ?? DEFAULT_TABLE_FLAGS, false));
    const status = this.mapWords(hiWord(va), loWord(va), level, leaf.lo, leaf.hi, table.lo, table.hi);
    return status === MAP_OK ? ok(undefined) : { ok: false, error: this.describe(status, va, size) };
  }

  /**
   * `unmap_one` for any size; with `split`, a bigger page covering `va` is split first. The outcome
   * lists the empty tables that stayed because something else still reaches them.
   */
  unmap(va: VirtAddr, size: PageSize, options: { split?: boolean } = {}): Result<UnmapOutcome, MapError> {
    const kept: KeptRecord[] = [];
    const done = this.onePage(va, size, options.split === true, () => {
      const status = this.unmapWords(hiWord(va), loWord(va), levelOfPageSize(size));
      if (status !== MAP_OK) return { ok: false, error: this.describe(status, va, size) };
      this.noteKept(kept);
      return ok(undefined);
    });
    return done.ok ? ok({ kept: this.describeKept(kept) }) : done;
  }

  /** Adds the table the last `unmapWords` kept, if any, to `kept`. */
  private noteKept(kept: KeptRecord[]): void {
    if (this.keptPfn < 0) return;
    kept.push({
      pfn: this.keptPfn,
      level: this.keptLevel,
      viaPfn: this.keptViaPfn,
      viaIndex: this.keptViaWord >>> 1,
    });
  }

  private describeKept(kept: readonly KeptRecord[]): KeptTable[] {
    return describeKeptTables(this.ram, this.knownRoots.list, this.root, kept);
  }

  /**
   * Changes the flags of the leaf that maps `va` with a page of `size`, keeping its address. With
   * `split`, a bigger page is first split so that only this page changes.
   */
  protect(
    va: VirtAddr,
    size: PageSize,
    leafFlags: EntryFlags,
    options: { split?: boolean } = {},
  ): Result<void, MapError> {
    return this.onePage(va, size, options.split === true, () => {
      const slot = this.leafSlot(va, levelOfPageSize(size));
      if (!slot.ok) return slot;
      const frame = this.ram.readFrame(slot.value.pfn) as Uint32Array;
      const level = levelOfPageSize(size);
      const address = leafPageBase(
        frame[slot.value.word] as number,
        frame[slot.value.word + 1] as number,
        level,
      );
      const next = toWords(encodeEntry(levelOfPageSize(size), address, leafFlags, true));
      this.write(slot.value.pfn, slot.value.word, next.lo, next.hi);
      return ok(undefined);
    });
  }

  /**
   * What unmap and protect share: check the VA, then, atomically, split a bigger page covering it
   * down to `size` when asked, and run `body` on the page.
   */
  private onePage(
    va: VirtAddr,
    size: PageSize,
    split: boolean,
    body: () => Result<void, MapError>,
  ): Result<void, MapError> {
    const bad = this.checkVa(va, size);
    if (bad) return { ok: false, error: bad };
    return this.atomically(() => {
      if (split) {
        const splitResult = this.splitDownTo(va, size);
        if (!splitResult.ok) return splitResult;
      }
      return body();
    });
  }

  /** `query`: the PA `va` maps to (huge pages add the in-page offset), or null. No permission checks. */
  query(va: VirtAddr): PhysAddr | null {
    if (!isCanonical(va, this.levels)) return null;
    const leaf = this.locateLeaf(hiWord(va), loWord(va));
    if (leaf === null) return null;
    const frame = this.ram.readFrame(leaf.pfn) as Uint32Array;
    const eLo = frame[leaf.word] as number;
    const eHi = frame[leaf.word + 1] as number;
    const size = pageSizeOfLevel(leaf.level);
    return (leafPageBase(eLo, eHi, leaf.level) + Number(va % BigInt(size))) as PhysAddr;
  }

  /**
   * `map_region`: maps [va, va+length) to [pa, pa+length), greedily using 1 GiB, then 2 MiB, then
   * 4 KiB pages as the alignment of both addresses and the remaining length allow. All or nothing.
   */
  mapRegion(
    va: VirtAddr,
    pa: number,
    length: number,
    leafFlags: EntryFlags,
    tableFlags?: EntryFlags,
  ): Result<number, MapError> {
    if (va % 4096n !== 0n || pa % 4096 !== 0 || length % 4096 !== 0) {
      return err(
        "misaligned",
        `Region VA ${formatVirtAddr(va)} / PA ${formatPhysAddr(pa)} / length ${length} must all be 4 KiB aligned.`,
      );
    }
    const framesLeft = this.alloc.availableIn(this.ram.frameCount);
    return this.atomically(() => {
      let pages = 0;
      let offset = 0;
      while (offset < length) {
        const v = canonicalize(va + BigInt(offset), this.levels);
        const p = pa + offset;
        const size = [PAGE_1G, PAGE_2M, PAGE_4K].find(
          (s) => v % BigInt(s) === 0n && p % s === 0 && length - offset >= s,
        ) as PageSize;
        const mapped = this.map({ va: v, pa: p, size, leafFlags, ...(tableFlags ? { tableFlags } : {}) });
        // Part-way, the page's own count of frames left would count the region's earlier tables,
        // which the rollback frees again: the region is described whole.
        if (!mapped.ok && mapped.error.kind === "out-of-frames")
          return err(
            "out-of-frames",
            `Mapping ${formatVirtAddr(va)}–${formatVirtAddr(canonicalize(va + BigInt(length - 1), this.levels))} needs more new tables than the ${framesLeft} frame${framesLeft === 1 ? "" : "s"} the frame allocator has left.`,
          );
        if (!mapped.ok) return mapped;
        offset += size;
        pages++;
      }
      return ok(pages);
    });
  }

  /** `unmap_region`: removes every page in [va, va+length); huge leaves must be fully covered. */
  unmapRegion(va: VirtAddr, length: number): Result<RegionUnmapOutcome, MapError> {
    if (va % 4096n !== 0n || length % 4096 !== 0) {
      return err("misaligned", `Region VA ${formatVirtAddr(va)} / length ${length} must be 4 KiB aligned.`);
    }
    const kept: KeptRecord[] = [];
    const done = this.atomically((): Result<number, MapError> => {
      let pages = 0;
      let offset = 0;
      while (offset < length) {
        const v = canonicalize(va + BigInt(offset), this.levels);
        const leaf = this.leafLevelAt(v);
        if (leaf === null) {
          offset += PAGE_4K;
          continue;
        }
        const size = pageSizeOfLevel(leaf);
        if (v % BigInt(size) !== 0n || length - offset < size) {
          return err(
            "huge-page-in-the-way",
            `The region covers only part of the ${pageSizeName(size)} page at ${formatVirtAddr(v - (v % BigInt(size)))}; unmap it whole or split it first.`,
          );
        }
        const status = this.unmapWords(hiWord(v), loWord(v), leaf);
        if (status !== MAP_OK) return { ok: false, error: this.describe(status, v, size) };
        this.noteKept(kept);
        offset += size;
        pages++;
      }
      return ok(pages);
    });
    return done.ok ? ok({ pages: done.value, kept: this.describeKept(kept) }) : done;
  }

  /** Level (1–3) of the present leaf mapping `va`, or null. */
  leafLevelAt(va: VirtAddr): 1 | 2 | 3 | null {
    return this.locateLeaf(hiWord(va), loWord(va))?.level ?? null;
  }

  /** The present leaf that maps the VA (hi, lo): its level, and where its entry is; null if none. */
  private locateLeaf(hi: number, lo: number): { level: 1 | 2 | 3; pfn: number; word: number } | null {
    let pfn = this.root / FRAME_SIZE;
    for (let level = this.levels as number; level >= 1; level--) {
      const frame = this.ram.readFrame(pfn);
      if (!frame) return null;
      const word = indexOfWords(hi, lo, level as Level) << 1;
      const eLo = frame[word] as number;
      if ((eLo & ENTRY_P) === 0) return null;
      if (isLeafAt(eLo, level as Level)) return { level: level as 1 | 2 | 3, pfn, word };
      pfn = nextTablePfn(eLo, frame[word + 1] as number);
    }
    return null;
  }

  /**
   * `collapse_empty_tables`: frees every allocator-owned table below the root that holds no entry at
   * all, clearing the pointer to it, unless something else still reaches it (a root, or another
   * present entry points to it: the same rule as unmap). Cycle-safe (visited set).
   */
  collapseEmptyTables(): CollapseOutcome {
    const freed: PhysAddr[] = [];
    const kept: KeptRecord[] = [];
    const visited = new Set<number>();
    const visit = (pfn: number, level: number): boolean => {
      const frame = this.ram.readFrame(pfn);
      if (!frame || visited.has(pfn)) return false;
      visited.add(pfn);
      if (level > 1) {
        for (let i = 0; i < 512; i++) {
          const eLo = frame[2 * i] as number;
          if ((eLo & ENTRY_P) === 0 || isLeafAt(eLo, level as Level)) continue;
          const child = nextTablePfn(eLo, frame[2 * i + 1] as number);
          if (child === pfn || !visit(child, level - 1) || !this.alloc.isAllocated(child)) continue;
          if (this.mustKeep(child)) {
            kept.push({ pfn: child, level: (level - 1) as Level, viaPfn: pfn, viaIndex: i });
            continue;
          }
          this.write(pfn, 2 * i, 0, 0);
          this.alloc.freeTrusted(child);
          this.zeroEmptyTable(child);
          freed.push((child * FRAME_SIZE) as PhysAddr);
        }
      }
      return this.ram.isTableEmpty(pfn);
    };
    visit(this.root / FRAME_SIZE, this.levels);
    return { freed, kept: this.describeKept(kept) };
  }

  // ------------------------------------------------------------------------ helpers ---

  /**
   * The path to `va` above `leafLevel`, for messages: how many of its tables a mapping would have
   * to allocate, or the huge leaf (its level) that already maps `va`.
   */
  private pathAbove(va: bigint, leafLevel: 1 | 2 | 3): { missingTables: number; hugeLevel: 2 | 3 | null } {
    const hi = hiWord(va);
    const lo = loWord(va);
    let pfn = this.root / FRAME_SIZE;
    for (let level = this.levels as number; level > leafLevel; level--) {
      const frame = this.ram.readFrame(pfn);
      const w = indexOfWords(hi, lo, level as Level) << 1;
      if (!frame || ((frame[w] as number) & ENTRY_P) === 0)
        return { missingTables: level - leafLevel, hugeLevel: null };
      if (level <= 3 && isLeafAt(frame[w] as number, level as Level))
        return { missingTables: 0, hugeLevel: level as 2 | 3 };
      pfn = nextTablePfn(frame[w] as number, frame[w + 1] as number);
    }
    return { missingTables: 0, hugeLevel: null };
  }

  /** Where the leaf for `va` at `leafLevel` lives, if a present leaf of that size is there. */
  private leafSlot(va: VirtAddr, leafLevel: 1 | 2 | 3): Result<{ pfn: number; word: number }, MapError> {
    const hi = hiWord(va);
    const lo = loWord(va);
    let pfn = this.root / FRAME_SIZE;
    for (let level = this.levels as number; level >= leafLevel; level--) {
      const frame = this.ram.readFrame(pfn);
      if (!frame) return { ok: false, error: this.describe(MAP_TABLE_OUTSIDE_RAM, va, PAGE_4K) };
      const w = indexOfWords(hi, lo, level as Level) << 1;
      const eLo = frame[w] as number;
      const size = pageSizeOfLevel(leafLevel);
      if ((eLo & ENTRY_P) === 0) return { ok: false, error: this.describe(MAP_NOT_MAPPED, va, size) };
      const huge = level > 1 && isLeafAt(eLo, level as Level);
      if (level === leafLevel) {
        if (level > 1 && !huge) return { ok: false, error: this.describe(MAP_SIZE_MISMATCH, va, size) };
        return ok({ pfn, word: w });
      }
      if (huge) return { ok: false, error: this.describe(MAP_SIZE_MISMATCH, va, size) };
      pfn = nextTablePfn(eLo, frame[w + 1] as number);
    }
    return { ok: false, error: this.describe(MAP_NOT_MAPPED, va, PAGE_4K) };
  }

  /**
   * Replaces huge leaves above `size` that cover `va` by tables of 512 smaller leaves with the same
   * flags and contiguous addresses (1 GiB → 512 × 2 MiB → 512 × 4 KiB), until `va` is mapped by a
   * page of `size`. Does nothing when no huge page covers `va`.
   */
  private splitDownTo(va: VirtAddr, size: PageSize): Result<void, MapError> {
    const target = levelOfPageSize(size);
    for (;;) {
      const leaf = this.leafLevelAt(va);
      if (leaf === null || leaf <= target) return ok(undefined);
      const slot = this.leafSlot(va, leaf);
      if (!slot.ok) return slot;
      const table = this.allocTable();
      if (!table.ok)
        return err(
          "out-of-frames",
          `Splitting the ${pageSizeName(leaf === 3 ? PAGE_1G : PAGE_2M)} page needs a new table, but ${table.error.message[0]?.toLowerCase()}${table.error.message.slice(1)}`,
        );
      const frame = this.ram.readFrame(slot.value.pfn) as Uint32Array;
      const eLo = frame[slot.value.word] as number;
      const eHi = frame[slot.value.word + 1] as number;
      const raw = (BigInt(eHi >>> 0) << 32n) | BigInt(eLo >>> 0);
      const childLevel = (leaf - 1) as 1 | 2;
      const childSize = pageSizeOfLevel(childLevel);
      const base = leafPageBase(eLo, eHi, leaf);
      const pat = (eLo & ENTRY_PAT_HUGE) !== 0;
      // Child flags: same bits, but PAT moves from bit 12 to bit 7 in a PTE, and PS stays only for 2 MiB.
      let flags = raw & ~ENTRY_ADDRESS_MASK & ~BigInt(ENTRY_PS);
      if (childLevel === 1) flags |= pat ? BigInt(ENTRY_PS) : 0n;
      else flags |= BigInt(ENTRY_PS) | (pat ? BigInt(ENTRY_PAT_HUGE) : 0n);
      const childPfn = table.value / FRAME_SIZE;
      this.fillNewTable(childPfn, () => {
        for (let i = 0; i < 512; i++) {
          const e = flags | BigInt(base + i * childSize);
          this.ram.writeWords(childPfn, 2 * i, Number(e & 0xffffffffn), Number(e >> 32n));
        }
      });
      // The new table keeps the page's permissions on its leaves; the pointer is permissive
      // (P|R/W|U/S), so that protecting one of the smaller pages can also widen its rights.
      const pointer = toWords(BigInt(table.value) | BigInt(ENTRY_P | ENTRY_RW | ENTRY_US | ENTRY_A));
      this.write(slot.value.pfn, slot.value.word, pointer.lo, pointer.hi);
    }
  }

  private describe(status: number, va: bigint, size: PageSize): MapError {
    const where = formatVirtAddr(va);
    switch (status) {
      case MAP_OVERLAP: {
        const bigger = this.pathAbove(va, levelOfPageSize(size)).hugeLevel;
        if (bigger === null)
          return { kind: "overlap", message: `${where} is already mapped; unmap it first.` };
        const page = pageSizeOfLevel(bigger);
        return {
          kind: "overlap",
          message: `${where} lies in the ${pageSizeName(page)} page at ${formatVirtAddr(va & ~BigInt(page - 1))}: unmap that page first (or split it, to change one page of it).`,
        };
      }
      case MAP_HUGE_IN_THE_WAY:
        return {
          kind: "huge-page-in-the-way",
          message: `A ${pageSizeName(size)} page at ${where} would replace a table that maps smaller pages; unmap them first.`,
        };
      case MAP_OUT_OF_FRAMES: {
        const needed = this.pathAbove(va, levelOfPageSize(size)).missingTables;
        const left = this.alloc.availableIn(this.ram.frameCount);
        return {
          kind: "out-of-frames",
          message: `Mapping ${where} needs ${needed} new table${needed === 1 ? "" : "s"}, but the frame allocator has ${left === 0 ? "no frame" : `only ${left} frame${left === 1 ? "" : "s"}`} left.`,
        };
      }
      case MAP_TABLE_OUTSIDE_RAM:
        return {
          kind: "table-outside-memory",
          message: `A table on the path of ${where} lies outside physical memory.`,
        };
      case MAP_NOT_MAPPED:
        return { kind: "not-mapped", message: `No ${pageSizeName(size)} page is mapped at ${where}.` };
      case MAP_SIZE_MISMATCH: {
        const leaf = this.leafLevelAt(va as VirtAddr);
        const actual = leaf === null ? null : pageSizeOfLevel(leaf);
        return {
          kind: "size-mismatch",
          message:
            actual !== null && actual > size
              ? `${where} is mapped by a ${pageSizeName(actual)} page; splitting it is needed to change one ${pageSizeName(size)} page.`
              : `${where} is not mapped by a ${pageSizeName(size)} page${actual !== null ? ` (it is a ${pageSizeName(actual)} page)` : ""}.`,
        };
      }
      default:
        return { kind: "overlap", message: `Unexpected status ${status} at ${where}.` };
    }
  }

  /** Bytes of VA one top-level entry covers. */
  topLevelSpan(): bigint {
    return levelSpan(this.levels);
  }
}
