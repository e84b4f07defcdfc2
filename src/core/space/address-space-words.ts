/**
 * The address space's hot paths, on 32-bit words (DESIGN §4): map and unmap one page with the VA,
 * the leaf entry and the table flags as two words each, and a status number back. The friendly
 * API (`AddressSpace`, address-space.ts) builds on it: addresses as `bigint`, flags as objects,
 * results with messages, and atomic multi-page operations through the write journal kept here.
 *
 * The rules are those of paging-rules.ts: a present entry above the leaf level either maps a huge
 * page (PS = 1 in a PDPTE or PDE) or points to the next table; new tables come zeroed from the
 * frame allocator; a table that becomes empty on an unmap's path goes back to it only when nothing
 * else reaches it: not a root, and no other present entry (in any table a known root reaches) points
 * to it. Otherwise it stays, and the unmap notes it (`keptPfn`, …) for the friendly API to report.
 * Per-frame pointer counts (table-refs.ts) answer that question without a scan per table.
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
import { KnownRoots, rootName, type TableRoot } from "./known-roots";
import { TableRefs } from "./table-refs";

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
  /** Every root whose tables this space must not free under it, its own included. */
  readonly knownRoots: KnownRoots;
  /**
   * The table the last `unmapWords` left in place although it became empty (-1: none), its level,
   * and the entry on the unmap's walk that points to it.
   */
  keptPfn = -1;
  keptLevel: Level = 1;
  keptViaPfn = -1;
  keptViaWord = 0;
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
  /**
   * Pointer counts per frame, built the first time a free is considered and then kept in step by
   * this space's own writes; null until then, or after RAM changed behind them.
   */
  private refs: TableRefs | null = null;

  /**
   * `roots`: the other roots the caller knows (processes, bookmarks' CR3s), or a set shared with
   * other spaces; this space's own root is added to it.
   */
  constructor(
    ram: Ram,
    alloc: FrameAllocator,
    root: PhysAddr,
    levels: PagingLevels,
    roots: KnownRoots | readonly TableRoot[] = [],
  ) {
    this.ram = ram;
    this.alloc = alloc;
    this.root = root;
    this.levels = levels;
    this.rootPfn = Math.min(root / FRAME_SIZE, ram.frameCount) | 0;
    this.knownRoots = roots instanceof KnownRoots ? roots : new KnownRoots(roots);
    this.knownRoots.add({ addr: root, levels, name: rootName(root) });
  }

  /**
   * Writes one entry, through the journal while an atomic operation runs, keeping the pointer
   * counts (if any) in step: a write into a table read above the PT level may move a pointer.
   */
  protected write(pfn: number, word: number, lo: number, hi: number): void {
    if (this.journal !== null) this.remember(pfn, word);
    const ram = this.ram;
    const refs = this.refs;
    if (refs === null) {
      ram.writeWords(pfn, word, lo, hi);
    } else if (refs.writesSeen !== ram.writes) {
      this.refs = null; // RAM changed behind the counts: rebuilt when next needed
      ram.writeWords(pfn, word, lo, hi);
    } else if (refs.holdsPointers(pfn)) {
      const words = ram.entryWords();
      const at = ram.entryBase(pfn) + word;
      const oldLo = words[at] as number;
      const oldHi = words[at + 1] as number;
      ram.writeWords(pfn, word, lo, hi);
      if (refs.entryChanged(ram, pfn, oldLo, oldHi, lo, hi)) refs.writesSeen = ram.writes;
      else this.refs = null;
    } else {
      ram.writeWords(pfn, word, lo, hi); // a PT, or a frame no root reaches: no pointer moves
      refs.writesSeen = ram.writes;
    }
  }

  /**
   * Writes a leaf entry (maps a page, or clears the mapping: `lo` is a leaf at that level, or not
   * present) into a table at the level the walk from this space's root found it at. That moves no table pointer unless the table is also read at
   * another level, which `mixedLevels` rules out at once in the common case, without the per-frame
   * lookup of `write`. mapWords and unmapWords spell this out in their hot paths (V8 does not
   * inline it there, and the call alone costs ~10% of an unmap).
   */
  protected writeLeaf(pfn: number, word: number, lo: number, hi: number): void {
    const ram = this.ram;
    const refs = this.refs;
    if (refs !== null && !refs.mixedLevels && this.journal === null && refs.writesSeen === ram.writes) {
      ram.writeWords(pfn, word, lo, hi);
      refs.writesSeen = ram.writes;
    } else {
      this.write(pfn, word, lo, hi);
    }
  }

  /** Notes an entry's old value in the journal, so that a failed operation can put it back. */
  private remember(pfn: number, word: number): void {
    const frame = this.ram.readFrame(pfn) as Uint32Array;
    if (frame === ZERO_FRAME) this.pristine.push(pfn);
    this.journal?.push({ pfn, word, lo: frame[word] as number, hi: frame[word + 1] as number });
  }

  /**
   * Fills frame `pfn`, a table no root reaches yet, with `change` (leaves only): no pointer count
   * moves, so the counts stay in step if they were. Should the frame be reached after all (an entry
   * pointed into a free frame), they are dropped and rebuilt when next needed.
   */
  protected fillNewTable(pfn: number, change: () => void): void {
    const refs = this.refs;
    const inStep = refs !== null && refs.writesSeen === this.ram.writes && !refs.holdsPointers(pfn);
    change();
    if (inStep) refs.writesSeen = this.ram.writes;
  }

  /** Releases the frame of an empty table: it has no entry, so no pointer count changes. */
  protected zeroEmptyTable(pfn: number): void {
    const refs = this.refs;
    const inStep = refs !== null && refs.writesSeen === this.ram.writes;
    this.ram.zeroFrame(pfn);
    if (inStep) refs.writesSeen = this.ram.writes;
  }

  /** The pointer counts, built (again) if RAM changed behind them or new roots became known. */
  protected tableRefs(): TableRefs {
    let refs = this.refs;
    if (
      refs === null ||
      refs.writesSeen !== this.ram.writes ||
      refs.rootCount !== this.knownRoots.list.length
    ) {
      refs = TableRefs.build(this.ram, this.knownRoots.list);
      this.refs = refs;
    }
    return refs;
  }

  /**
   * Whether the empty table `pfn` must stay: it is a root, or another present entry than the one
   * about to be cleared points to it.
   */
  protected mustKeep(pfn: number): boolean {
    const refs = this.tableRefs();
    return refs.isRoot(pfn) || refs.pointersTo(pfn) > 1;
  }

  /** A zeroed frame for a new table, remembered so that a failed operation can release it. */
  protected allocTable(): Result<PhysAddr, AllocError> {
    // Zeroing a frame that held data moves `Ram.writes` behind the pointer counts: they are rebuilt.
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
   * (1 = PT, 2 = PD, 3 = PDPT) for the VA (hi, lo); above the PT it needs PS = 1 to map a page (else
   * it is a pointer, and written as one). Missing tables are allocated with the table flags. Returns
   * a MAP_* status; on any failure nothing has changed.
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
    // PS = 0 above the PT makes the "leaf" a pointer: the counts (rebuilt when next needed) must see it.
    if (leafLevel !== 1 && !isLeafAt(leafLo, leafLevel)) this.refs = null;
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
        const refs = this.refs; // writeLeaf, spelled out (see there)
        if (refs !== null && !refs.mixedLevels && this.journal === null && refs.writesSeen === ram.writes) {
          ram.writeWords(pfn, w, leafLo, leafHi);
          refs.writesSeen = ram.writes;
        } else this.write(pfn, w, leafLo, leafHi);
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
    this.writeLeaf(pfn, indexOfWords(vaHi, vaLo, leafLevel) << 1, leafLo, leafHi);
    return MAP_OK;
  }

  /**
   * Removes the leaf at `leafLevel` for the VA and frees every table that becomes empty on the way
   * up, until one is still reached otherwise (a root, or a table another entry points to): that one
   * stays, and is noted in `keptPfn` & co. Returns MAP_NOT_MAPPED when no leaf of that size maps the VA.
   */
  unmapWords(vaHi: number, vaLo: number, leafLevel: 1 | 2 | 3): number {
    const ram = this.ram;
    this.keptPfn = -1;
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
    // Clear the leaf; if that empties its table, walk back up (rarely: out of line).
    const leafPfn = pfns[depth - 1] as number;
    const leafWord = wordsAt[depth - 1] as number;
    const refs = this.refs; // writeLeaf, spelled out (see there)
    if (refs !== null && !refs.mixedLevels && this.journal === null && refs.writesSeen === ram.writes) {
      ram.writeWords(leafPfn, leafWord, 0, 0);
      refs.writesSeen = ram.writes;
    } else this.write(leafPfn, leafWord, 0, 0);
    if (depth > 1 && ram.isTableEmpty(leafPfn, (leafWord >>> 1) + 1)) this.releaseEmptyTables(depth - 1);
    return MAP_OK;
  }

  /**
   * After an unmap: the table at position `k` of its walk (`pathScratch`, 1 ≤ k) is empty. Frees it
   * and clears the entry pointing to it, then does the same for each table above that this empties
   * in turn, up to (never including) the root, stopping at the first one something else still reaches.
   */
  private releaseEmptyTables(k: number): void {
    const ram = this.ram;
    const pfns = this.pathScratch;
    const wordsAt = this.wordScratch;
    for (; k > 0; k--) {
      const tablePfn = pfns[k] as number;
      if (this.mustKeep(tablePfn)) {
        // Still reached otherwise: freeing it would hand a live table out again. It stays linked.
        this.keptPfn = tablePfn;
        this.keptLevel = (this.levels - k) as Level;
        this.keptViaPfn = pfns[k - 1] as number;
        this.keptViaWord = wordsAt[k - 1] as number;
        return;
      }
      // A table the allocator never handed out (loaded from a dump or a scenario) is unlinked but
      // not "freed".
      if (this.alloc.isAllocated(tablePfn)) {
        this.alloc.freeTrusted(tablePfn);
        this.zeroEmptyTable(tablePfn);
      }
      const parentPfn = pfns[k - 1] as number;
      const w = wordsAt[k - 1] as number;
      this.write(parentPfn, w, 0, 0);
      if (!ram.isTableEmpty(parentPfn, (w >>> 1) + 1)) return;
    }
  }
}
