/**
 * The address space's hot paths, on 32-bit words (DESIGN §4): map and unmap one page with the VA,
 * the leaf entry and the table flags as two words each, and a status number back. The friendly
 * API (`AddressSpace`, address-space.ts) builds on it: addresses as `bigint`, flags as objects,
 * results with messages, and atomic multi-page operations through the write journal kept here.
 *
 * The rules are those of paging-rules.ts: a present entry above the leaf level either maps a huge
 * page (PS = 1 in a PDPTE or PDE) or points to the next table; new tables come zeroed from the
 * frame allocator; tables that become empty on an unmap's path go back to it (never the root).
 */
import {
  isPresent,
  indexOfWords,
  isLeafAt,
  nextTablePfn,
  type Level,
  type PagingLevels,
  type PhysAddr,
} from "../arch";
import type { Result } from "../common";
import { FRAME_SIZE, ZERO_FRAME, type AllocError, type FrameAllocator, type Ram } from "../memory";

/** Status codes of the word-level API. */
export const MAP_OK = 0;
export const MAP_OVERLAP = 1;
export const MAP_HUGE_IN_THE_WAY = 2;
export const MAP_OUT_OF_FRAMES = 3;
export const MAP_TABLE_OUTSIDE_RAM = 4;
export const MAP_NOT_MAPPED = 5;
export const MAP_SIZE_MISMATCH = 6;

/**
 * Table pointers whose address bits 51:32 (`eHi & 0xfffff`, ENTRY_ADDRESS_HI) reach this value lead
 * beyond any RAM we model (16 GiB, frame numbers below 2^22), so frame numbers stay small integers.
 */
const FIRST_HI_BEYOND_RAM = 1024;

/** One entry write, remembered so that a failed multi-page operation can be undone. */
interface JournalEntry {
  readonly pfn: number;
  readonly word: number;
  readonly lo: number;
  readonly hi: number;
}

export class AddressSpaceWords {
  readonly ram: Ram;
  readonly alloc: FrameAllocator;
  readonly root: PhysAddr;
  readonly levels: PagingLevels;
  /** Entry writes recorded while a multi-page operation runs, to undo it on failure. */
  protected journal: JournalEntry[] | null = null;
  /**
   * Frames that read as the zero frame before the running operation first wrote them, and tables it
   * allocated: undoing the operation makes them untouched again, not merely all-zero.
   */
  protected pristine: number[] = [];
  /** The root's frame number as a small integer (RAM's frame count when CR3 lies beyond RAM). */
  private readonly rootPfn: number;
  /** The tables on an unmap's way down (frame numbers stay below 2^22: small integers). */
  private readonly pathScratch = new Int32Array(5);
  /** The entry's word in each of those tables, computed once on the way down. */
  private readonly wordScratch = new Int32Array(5);

  constructor(ram: Ram, alloc: FrameAllocator, root: PhysAddr, levels: PagingLevels) {
    this.ram = ram;
    this.alloc = alloc;
    this.root = root;
    this.levels = levels;
    this.rootPfn = Math.min(root / FRAME_SIZE, ram.frameCount) | 0;
  }

  /** Writes one entry, through the journal while an atomic operation runs. */
  protected write(pfn: number, word: number, lo: number, hi: number): void {
    if (this.journal) {
      const frame = this.ram.readFrame(pfn) as Uint32Array;
      if (frame === ZERO_FRAME) this.pristine.push(pfn);
      this.journal.push({ pfn, word, lo: frame[word] as number, hi: frame[word + 1] as number });
    }
    this.ram.writeWords(pfn, word, lo, hi);
  }

  /** A zeroed frame for a new table, remembered so that a failed operation can release it. */
  protected allocTable(): Result<PhysAddr, AllocError> {
    const table = this.alloc.alloc(this.ram);
    if (table.ok && this.journal) this.pristine.push(table.value / FRAME_SIZE);
    return table;
  }

  /**
   * Runs `body`; if it fails, every entry write and allocator change it made is undone. Nested
   * calls join the outer operation.
   */
  protected atomically<T, E>(body: () => Result<T, E>): Result<T, E> {
    if (this.journal) return body();
    const allocBefore = this.alloc.clone(); // O(1): shares the free list
    this.journal = [];
    this.pristine = [];
    try {
      const result = body();
      if (!result.ok) {
        for (let k = this.journal.length - 1; k >= 0; k--) {
          const j = this.journal[k] as JournalEntry;
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
    // Phase 1, read only: follow present pointers down to the leaf level.
    const words = ram.entryWords();
    for (; level >= leafLevel; level--) {
      if (!(pfn < ram.frameCount)) return MAP_TABLE_OUTSIDE_RAM;
      const w = indexOfWords(vaHi, vaLo, level as Level) << 1;
      const at = ram.entryBase(pfn) + w;
      const eLo = words[at] as number;
      if (level === leafLevel) {
        if (isPresent(eLo)) return level > 1 && !isLeafAt(eLo, level) ? MAP_HUGE_IN_THE_WAY : MAP_OVERLAP;
        this.write(pfn, w, leafLo, leafHi);
        return MAP_OK;
      }
      if (!isPresent(eLo)) break;
      if (isLeafAt(eLo, level as Level)) return MAP_OVERLAP; // a huge page already maps this VA
      const eHi = words[at + 1] as number;
      if ((eHi & 0xfffff) >= FIRST_HI_BEYOND_RAM) return MAP_TABLE_OUTSIDE_RAM;
      pfn = nextTablePfn(eLo, eHi);
    }
    // Phase 2: enough frames for every missing table, or nothing is touched.
    if (this.alloc.availableIn(ram.frameCount) < level - leafLevel) return MAP_OUT_OF_FRAMES;
    for (; level > leafLevel; level--) {
      const table = this.allocTable();
      if (!table.ok) return MAP_OUT_OF_FRAMES; // unreachable after the check above
      this.write(
        pfn,
        indexOfWords(vaHi, vaLo, level as Level) << 1,
        ((table.value % 4294967296) | tableLo) >>> 0,
        (Math.floor(table.value / 4294967296) | tableHi) >>> 0,
      );
      pfn = table.value / FRAME_SIZE;
    }
    this.write(pfn, indexOfWords(vaHi, vaLo, leafLevel) << 1, leafLo, leafHi);
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
    const words = ram.entryWords();
    for (let level = this.levels as number; level >= leafLevel; level--) {
      if (!(pfn < ram.frameCount)) return MAP_TABLE_OUTSIDE_RAM;
      const w = indexOfWords(vaHi, vaLo, level as Level) << 1;
      wordsAt[depth] = w;
      pfns[depth++] = pfn;
      const at = ram.entryBase(pfn) + w;
      const eLo = words[at] as number;
      if (!isPresent(eLo)) return MAP_NOT_MAPPED;
      const huge = level > 1 && isLeafAt(eLo, level as Level);
      if (level === leafLevel) {
        if (level > 1 && !huge) return MAP_SIZE_MISMATCH; // a table, not a huge leaf
        break;
      }
      if (huge) return MAP_SIZE_MISMATCH; // a bigger page maps this VA
      const eHi = words[at + 1] as number;
      if ((eHi & 0xfffff) >= FIRST_HI_BEYOND_RAM) return MAP_TABLE_OUTSIDE_RAM;
      pfn = nextTablePfn(eLo, eHi);
    }
    // Clear the leaf, then walk back up freeing tables that became empty.
    for (let k = depth - 1; k >= 0; k--) {
      const tablePfn = pfns[k] as number;
      const w = wordsAt[k] as number;
      this.write(tablePfn, w, 0, 0);
      if (k === 0 || !ram.isTableEmpty(tablePfn, (w >>> 1) + 1)) break;
      // The table at level k is empty: the loop continues by clearing its parent entry. A table the
      // allocator never handed out (loaded from a dump or a scenario) is unlinked but not "freed".
      if (this.alloc.isAllocated(tablePfn)) {
        this.alloc.freeTrusted(tablePfn);
        ram.zeroFrame(tablePfn);
      }
    }
    return MAP_OK;
  }
}
