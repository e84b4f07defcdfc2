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
 * - unmap gives tables that become empty back to the allocator (never the root).
 *
 * The word-level methods (`mapWords`, `unmapWords`) are the hot paths: VA as two 32-bit words,
 * entries as two words, a status number back. The bigint/flag-object methods wrap them.
 */
import {
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
import { FRAME_SIZE, ZERO_FRAME, type AllocError, type FrameAllocator, type Ram } from "../memory";
import { err, ok, type Result } from "../common";

/** Status codes of the word-level API. */
export const MAP_OK = 0;
export const MAP_OVERLAP = 1;
export const MAP_HUGE_IN_THE_WAY = 2;
export const MAP_OUT_OF_FRAMES = 3;
export const MAP_TABLE_OUTSIDE_RAM = 4;
export const MAP_NOT_MAPPED = 5;
export const MAP_SIZE_MISMATCH = 6;

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

/** Table flags used for new intermediate entries unless the caller gives others. */
export const DEFAULT_TABLE_FLAGS: EntryFlags = { present: true, writable: true, user: true };

export interface MapRequest {
  readonly va: VirtAddr;
  readonly pa: number;
  readonly size: PageSize;
  readonly leafFlags: EntryFlags;
  readonly tableFlags?: EntryFlags;
}

const levelOfSize = (size: PageSize): 1 | 2 | 3 => (size === PAGE_4K ? 1 : size === PAGE_2M ? 2 : 3);

/** Two 32-bit words of an entry. */
interface Words {
  lo: number;
  hi: number;
}

const toWords = (value: bigint): Words => ({
  lo: Number(value & 0xffffffffn),
  hi: Number((value >> 32n) & 0xffffffffn),
});

export class AddressSpace {
  readonly ram: Ram;
  readonly alloc: FrameAllocator;
  readonly root: PhysAddr;
  readonly levels: PagingLevels;
  /** Entry writes recorded while a multi-page operation runs, to undo it on failure. */
  private journal: { pfn: number; word: number; lo: number; hi: number }[] | null = null;
  /** The root's frame number as a small integer (RAM's frame count when CR3 lies beyond RAM). */
  private readonly rootPfn: number;
  /** Frame numbers of the tables on one unmap's path (no allocation per call). */
  /** The tables on an unmap's way down (frame numbers stay below 2^22: small integers). */
  private readonly pathScratch = new Int32Array(5);
  /** The entry's word in each of those tables, computed once on the way down. */
  private readonly wordScratch = new Int32Array(5);
  /**
   * Frames that read as the zero frame before the running operation first wrote them, and tables it
   * allocated: undoing the operation makes them untouched again, not merely all-zero.
   */
  private pristine: number[] = [];

  constructor(ram: Ram, alloc: FrameAllocator, root: PhysAddr, levels: PagingLevels) {
    this.ram = ram;
    this.alloc = alloc;
    this.root = root;
    this.levels = levels;
    this.rootPfn = Math.min(root / FRAME_SIZE, ram.frameCount) | 0;
  }

  /** A new, empty address space: a zeroed top-level table from the allocator. */
  static create(ram: Ram, alloc: FrameAllocator, levels: PagingLevels): Result<AddressSpace, MapError> {
    const frame = alloc.alloc(ram);
    if (!frame.ok) return err("out-of-frames", frame.error.message);
    return ok(new AddressSpace(ram, alloc, frame.value, levels));
  }

  /**
   * The seed's `AddressSpace::new`: a new top-level table whose upper half (entries 256–511, the
   * kernel) is copied from `current`, so both spaces share the kernel's tables.
   */
  static withKernelHalfOf(current: AddressSpace): Result<AddressSpace, MapError> {
    const created = AddressSpace.create(current.ram, current.alloc, current.levels);
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

  // ---------------------------------------------------------------- word-level hot paths ---

  private write(pfn: number, word: number, lo: number, hi: number): void {
    if (this.journal) {
      const frame = this.ram.readFrame(pfn) as Uint32Array;
      if (frame === ZERO_FRAME) this.pristine.push(pfn);
      this.journal.push({ pfn, word, lo: frame[word] as number, hi: frame[word + 1] as number });
    }
    this.ram.writeWords(pfn, word, lo, hi);
  }

  /** A zeroed frame for a new table, remembered so that a failed operation can release it. */
  private allocTable(): Result<PhysAddr, AllocError> {
    const table = this.alloc.alloc(this.ram);
    if (table.ok && this.journal) this.pristine.push(table.value / FRAME_SIZE);
    return table;
  }

  /**
   * Maps one page: the leaf entry (`leafLo`, `leafHi`, address included) goes at `leafLevel`
   * (1 = PT, 2 = PD, 3 = PDPT) for the VA (hi, lo). Missing tables are allocated with the table
   * flags. Returns a MAP_* status; on any failure nothing has changed.
   */
  mapWords(
    vaHi: number,
    vaLo: number,
    leafLevel: 1 | 2 | 3,
    leafLo: number,
    leafHi: number,
    tableLo = 0x7,
    tableHi = 0,
  ): number {
    const ram = this.ram;
    let pfn = this.rootPfn;
    let level = this.levels as number;
    // Phase 1, read only: follow present pointers down to the leaf level. Entries are read straight
    // from the arena (RAM's slot table), as the translator does: this is the hot path of map.
    const words = ram.store.words;
    const slots = ram.slots;
    for (; level >= leafLevel; level--) {
      if (!(pfn < ram.frameCount)) return MAP_TABLE_OUTSIDE_RAM;
      const w = wordIndex(vaHi, vaLo, level);
      const base = ((slots[pfn] as number) << 10) + w;
      const eLo = words[base] as number;
      if (level === leafLevel) {
        if ((eLo & 1) !== 0) return (eLo & 0x80) === 0 && level > 1 ? MAP_HUGE_IN_THE_WAY : MAP_OVERLAP;
        this.write(pfn, w, leafLo, leafHi);
        return MAP_OK;
      }
      if ((eLo & 1) === 0) break;
      if ((eLo & 0x80) !== 0 && level <= 3) return MAP_OVERLAP; // a huge page already maps this VA
      const eHi = (words[base + 1] as number) & 0xfffff;
      if (eHi >= 1024) return MAP_TABLE_OUTSIDE_RAM; // beyond any RAM we model (16 GiB)
      pfn = (eHi << 20) | (eLo >>> 12);
    }
    // Phase 2: enough frames for every missing table, or nothing is touched.
    if (this.alloc.available() < level - leafLevel) return MAP_OUT_OF_FRAMES;
    if (this.alloc.endPfn > ram.frameCount) {
      // available() also counts frames past the end of RAM, which alloc() never hands out.
      const state = this.alloc.state();
      const inRam = state.freePfns.length + Math.max(0, ram.frameCount - state.nextPfn);
      if (inRam < level - leafLevel) return MAP_OUT_OF_FRAMES;
    }
    for (; level > leafLevel; level--) {
      const table = this.allocTable();
      if (!table.ok) return MAP_OUT_OF_FRAMES; // unreachable after the check above
      this.write(
        pfn,
        wordIndex(vaHi, vaLo, level),
        ((table.value % 4294967296) | tableLo) >>> 0,
        (Math.floor(table.value / 4294967296) | tableHi) >>> 0,
      );
      pfn = table.value / FRAME_SIZE;
    }
    this.write(pfn, wordIndex(vaHi, vaLo, leafLevel), leafLo, leafHi);
    return MAP_OK;
  }

  /**
   * Removes the leaf at `leafLevel` for the VA and frees every table that becomes empty on the way
   * up (never the root). Returns MAP_NOT_MAPPED when no leaf of that size maps the VA.
   */
  unmapWords(vaHi: number, vaLo: number, leafLevel: 1 | 2 | 3): number {
    const ram = this.ram;
    const pfns = this.pathScratch; // the tables on the way down, top first
    const wordsAt = this.wordScratch;
    let depth = 0;
    let pfn = this.rootPfn;
    const words = ram.store.words;
    const slots = ram.slots;
    for (let level = this.levels as number; level >= leafLevel; level--) {
      if (!(pfn < ram.frameCount)) return MAP_TABLE_OUTSIDE_RAM;
      const w = wordIndex(vaHi, vaLo, level);
      wordsAt[depth] = w;
      pfns[depth++] = pfn;
      const base = ((slots[pfn] as number) << 10) + w;
      const eLo = words[base] as number;
      if ((eLo & 1) === 0) return MAP_NOT_MAPPED;
      const huge = (eLo & 0x80) !== 0 && level <= 3 && level > 1;
      if (level === leafLevel) {
        if (level > 1 && !huge) return MAP_SIZE_MISMATCH; // a table, not a huge leaf
        break;
      }
      if (huge) return MAP_SIZE_MISMATCH; // a bigger page maps this VA
      const eHi = (words[base + 1] as number) & 0xfffff;
      if (eHi >= 1024) return MAP_TABLE_OUTSIDE_RAM;
      pfn = (eHi << 20) | (eLo >>> 12);
    }
    // Clear the leaf, then walk back up freeing tables that became empty.
    for (let k = depth - 1; k >= 0; k--) {
      const tablePfn = pfns[k] as number;
      const w = wordsAt[k] as number;
      this.write(tablePfn, w, 0, 0);
      if (k === 0 || !isTableEmptyFrom(ram.store.words, (ram.slots[tablePfn] as number) << 10, w)) break;
      // The table at level k is empty: the loop continues by clearing its parent entry. A table the
      // allocator never handed out (loaded from a dump or a scenario) is unlinked but not "freed".
      if (this.alloc.isAllocated(tablePfn)) {
        this.alloc.freeTrusted(tablePfn);
        ram.zeroFrame(tablePfn);
      }
    }
    return MAP_OK;
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
    const level = levelOfSize(size);
    const leaf = toWords(encodeEntry(level, pa, request.leafFlags, true));
    const table = toWords(encodeEntry(2, 0, request.tableFlags ?? DEFAULT_TABLE_FLAGS, false));
    const status = this.mapWords(hiWord(va), loWord(va), level, leaf.lo, leaf.hi, table.lo, table.hi);
    return status === MAP_OK ? ok(undefined) : { ok: false, error: this.describe(status, va, size) };
  }

  /** `unmap_one` for any size; with `split`, a bigger page covering `va` is split first. */
  unmap(va: VirtAddr, size: PageSize, options: { split?: boolean } = {}): Result<void, MapError> {
    return this.onePage(va, size, options.split === true, () => {
      const status = this.unmapWords(hiWord(va), loWord(va), levelOfSize(size));
      return status === MAP_OK ? ok(undefined) : { ok: false, error: this.describe(status, va, size) };
    });
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
      const slot = this.leafSlot(va, levelOfSize(size));
      if (!slot.ok) return slot;
      const frame = this.ram.readFrame(slot.value.pfn) as Uint32Array;
      const current =
        (BigInt(frame[slot.value.word + 1] as number) << 32n) | BigInt(frame[slot.value.word] as number);
      const address = Number(current & 0x000f_ffff_ffff_f000n & ~(BigInt(size) - 1n));
      const next = toWords(encodeEntry(levelOfSize(size), address, leafFlags, true));
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
    const base = (eHi & 0xfffff) * 4294967296 + ((eLo & 0xfffff000) >>> 0);
    const size = leaf.level === 1 ? PAGE_4K : leaf.level === 2 ? PAGE_2M : PAGE_1G;
    return (base - (base % size) + Number(va % BigInt(size))) as PhysAddr;
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
        if (!mapped.ok) return mapped;
        offset += size;
        pages++;
      }
      return ok(pages);
    });
  }

  /** `unmap_region`: removes every page in [va, va+length); huge leaves must be fully covered. */
  unmapRegion(va: VirtAddr, length: number): Result<number, MapError> {
    if (va % 4096n !== 0n || length % 4096 !== 0) {
      return err("misaligned", `Region VA ${formatVirtAddr(va)} / length ${length} must be 4 KiB aligned.`);
    }
    return this.atomically(() => {
      let pages = 0;
      let offset = 0;
      while (offset < length) {
        const v = canonicalize(va + BigInt(offset), this.levels);
        const leaf = this.leafLevelAt(v);
        if (leaf === null) {
          offset += PAGE_4K;
          continue;
        }
        const size = leaf === 1 ? PAGE_4K : leaf === 2 ? PAGE_2M : PAGE_1G;
        if (v % BigInt(size) !== 0n || length - offset < size) {
          return err(
            "huge-page-in-the-way",
            `The region covers only part of the ${pageSizeName(size)} page at ${formatVirtAddr(v - (v % BigInt(size)))}; unmap it whole or split it first.`,
          );
        }
        const status = this.unmapWords(hiWord(v), loWord(v), leaf);
        if (status !== MAP_OK) return { ok: false, error: this.describe(status, v, size) };
        offset += size;
        pages++;
      }
      return ok(pages);
    });
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
      const word = wordIndex(hi, lo, level);
      const eLo = frame[word] as number;
      if ((eLo & 1) === 0) return null;
      if (level === 1 || ((eLo & 0x80) !== 0 && level <= 3)) return { level: level as 1 | 2 | 3, pfn, word };
      pfn = ((frame[word + 1] as number) & 0xfffff) * 1048576 + (eLo >>> 12);
    }
    return null;
  }

  /**
   * `collapse_empty_tables`: frees every table below the root that holds no entry at all, clearing
   * the pointer to it. Returns the freed table addresses. Cycle-safe (visited set).
   */
  collapseEmptyTables(): PhysAddr[] {
    const freed: PhysAddr[] = [];
    const freedPfns = new Set<number>();
    const visited = new Set<number>();
    const visit = (pfn: number, level: number): boolean => {
      const frame = this.ram.readFrame(pfn);
      if (!frame || visited.has(pfn)) return false;
      visited.add(pfn);
      if (level > 1) {
        for (let i = 0; i < 512; i++) {
          const eLo = frame[2 * i] as number;
          if ((eLo & 1) === 0 || ((eLo & 0x80) !== 0 && level <= 3)) continue;
          const child = ((frame[2 * i + 1] as number) & 0xfffff) * 1048576 + (eLo >>> 12);
          if (freedPfns.has(child)) {
            this.write(pfn, 2 * i, 0, 0); // a shared table freed through another parent: no dangling pointer
          } else if (child !== pfn && visit(child, level - 1) && this.alloc.isAllocated(child)) {
            this.write(pfn, 2 * i, 0, 0);
            this.alloc.freeTrusted(child);
            this.ram.zeroFrame(child);
            freedPfns.add(child);
            freed.push((child * FRAME_SIZE) as PhysAddr);
          }
        }
      }
      return isTableEmptyFrom(this.ram.store.words, (this.ram.slots[pfn] as number) << 10, -2);
    };
    visit(this.root / FRAME_SIZE, this.levels);
    return freed;
  }

  // ------------------------------------------------------------------------ helpers ---

  /** Runs `body`; if it fails, every entry write and allocator change it made is undone. */
  private atomically<T>(body: () => Result<T, MapError>): Result<T, MapError> {
    if (this.journal) return body(); // already inside an atomic operation
    const allocBefore = this.alloc.state();
    this.journal = [];
    this.pristine = [];
    try {
      const result = body();
      if (!result.ok) {
        for (let k = this.journal.length - 1; k >= 0; k--) {
          const j = this.journal[k] as { pfn: number; word: number; lo: number; hi: number };
          this.ram.writeWords(j.pfn, j.word, j.lo, j.hi);
        }
        for (const pfn of this.pristine) this.ram.zeroFrame(pfn);
        this.alloc.restore(allocBefore);
      }
      return result;
    } finally {
      this.journal = null;
      this.pristine = [];
    }
  }

  /** Where the leaf for `va` at `leafLevel` lives, if a present leaf of that size is there. */
  private leafSlot(va: VirtAddr, leafLevel: 1 | 2 | 3): Result<{ pfn: number; word: number }, MapError> {
    const hi = hiWord(va);
    const lo = loWord(va);
    let pfn = this.root / FRAME_SIZE;
    for (let level = this.levels as number; level >= leafLevel; level--) {
      const frame = this.ram.readFrame(pfn);
      if (!frame) return { ok: false, error: this.describe(MAP_TABLE_OUTSIDE_RAM, va, PAGE_4K) };
      const w = wordIndex(hi, lo, level);
      const eLo = frame[w] as number;
      const size = leafLevel === 1 ? PAGE_4K : leafLevel === 2 ? PAGE_2M : PAGE_1G;
      if ((eLo & 1) === 0) return { ok: false, error: this.describe(MAP_NOT_MAPPED, va, size) };
      const huge = (eLo & 0x80) !== 0 && level <= 3 && level > 1;
      if (level === leafLevel) {
        if (level > 1 && !huge) return { ok: false, error: this.describe(MAP_SIZE_MISMATCH, va, size) };
        return ok({ pfn, word: w });
      }
      if (huge) return { ok: false, error: this.describe(MAP_SIZE_MISMATCH, va, size) };
      pfn = ((frame[w + 1] as number) & 0xfffff) * 1048576 + (eLo >>> 12);
    }
    return { ok: false, error: this.describe(MAP_NOT_MAPPED, va, PAGE_4K) };
  }

  /**
   * Replaces huge leaves above `size` that cover `va` by tables of 512 smaller leaves with the same
   * flags and contiguous addresses (1 GiB → 512 × 2 MiB → 512 × 4 KiB), until `va` is mapped by a
   * page of `size`. Does nothing when no huge page covers `va`.
   */
  private splitDownTo(va: VirtAddr, size: PageSize): Result<void, MapError> {
    const target = levelOfSize(size);
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
      const raw = (BigInt(eHi) << 32n) | BigInt(eLo);
      const childLevel = (leaf - 1) as 1 | 2;
      const childSize = childLevel === 1 ? PAGE_4K : PAGE_2M;
      const base = Number(raw & 0x000f_ffff_ffff_f000n & ~(BigInt(leaf === 3 ? PAGE_1G : PAGE_2M) - 1n));
      const pat = (raw >> 12n) & 1n;
      // Child flags: same bits, but PAT moves from bit 12 to bit 7 in a PTE, and PS stays only for 2 MiB.
      let flags = raw & ~0x000f_ffff_ffff_f000n & ~0x80n;
      if (childLevel === 1) flags |= pat << 7n;
      else flags |= 0x80n | (pat << 12n);
      const childPfn = table.value / FRAME_SIZE;
      for (let i = 0; i < 512; i++) {
        const e = flags | BigInt(base + i * childSize);
        this.ram.writeWords(childPfn, 2 * i, Number(e & 0xffffffffn), Number(e >> 32n));
      }
      // The new table keeps the page's permissions on its leaves; the pointer is permissive
      // (P|R/W|U/S), so that protecting one of the smaller pages can also widen its rights.
      const pointer = toWords(BigInt(table.value) | 0x7n | 0x20n);
      this.write(slot.value.pfn, slot.value.word, pointer.lo, pointer.hi);
    }
  }

  private describe(status: number, va: bigint, size: PageSize): MapError {
    const where = formatVirtAddr(va);
    switch (status) {
      case MAP_OVERLAP:
        return { kind: "overlap", message: `${where} is already mapped; unmap it first.` };
      case MAP_HUGE_IN_THE_WAY:
        return {
          kind: "huge-page-in-the-way",
          message: `A ${pageSizeName(size)} page at ${where} would replace a table that maps smaller pages; unmap them first.`,
        };
      case MAP_OUT_OF_FRAMES:
        return {
          kind: "out-of-frames",
          message: `Mapping ${where} needs new tables, but the frame allocator is out of frames.`,
        };
      case MAP_TABLE_OUTSIDE_RAM:
        return {
          kind: "table-outside-memory",
          message: `A table on the path of ${where} lies outside physical memory.`,
        };
      case MAP_NOT_MAPPED:
        return { kind: "not-mapped", message: `No ${pageSizeName(size)} page is mapped at ${where}.` };
      case MAP_SIZE_MISMATCH: {
        const leaf = this.leafLevelAt(va as VirtAddr);
        const actual = leaf === null ? null : leaf === 1 ? PAGE_4K : leaf === 2 ? PAGE_2M : PAGE_1G;
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

/**
 * Word offset (2 × index) of the entry that the VA (hi, lo) selects at `level`. walk.ts has its own
 * `indexOfWords`: sharing one function between the two hot paths measured the traced walk ~15%
 * slower here (median of runs on a noisy machine), so each hot path keeps its own.
 */
function wordIndex(hi: number, lo: number, level: number): number {
  const shift = 3 + 9 * level; // 12 + 9 (level - 1)
  const index =
    shift >= 32
      ? (hi >>> (shift - 32)) & 511
      : shift > 23
        ? ((lo >>> shift) | (hi << (32 - shift))) & 511
        : (lo >>> shift) & 511;
  return index << 1;
}

/**
 * True when the frame whose words start at `base` holds only zeros; `from` is the word of the entry
 * just cleared, where the scan starts because its neighbours are the likeliest to be in use.
 */
function isTableEmptyFrom(words: Uint32Array, base: number, from: number): boolean {
  // Two entries (four words, OR-ed) per step: half the loop's branches of an entry-by-entry scan.
  return wordsZero(words, base + from + 2, base + 1024) && wordsZero(words, base, base + from + 2);
}

/** True when words [start, end) are all zero (end - start is even). */
function wordsZero(w: Uint32Array, start: number, end: number): boolean {
  let k = start;
  for (; k + 4 <= end; k += 4) {
    if (((w[k] as number) | (w[k + 1] as number) | (w[k + 2] as number) | (w[k + 3] as number)) !== 0)
      return false;
  }
  return k === end || ((w[k] as number) | (w[k + 1] as number)) === 0;
}
