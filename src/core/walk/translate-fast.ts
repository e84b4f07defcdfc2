/**
 * The allocation-free translate path, for callers that need only "which physical address, with
 * which permissions" many times (enumeration checks, benchmarks, hover previews).
 *
 * It applies the same rules as `translateTraced` — canonical check, P, reserved bits (MAXPHYADDR,
 * NXE, PS in PML4E/PML5E, huge-page alignment), tables outside RAM — but on 32-bit words with no
 * bigint and no objects: the VA comes in as two words and the answer is a small integer (PA bits
 * 31:0 wait in a field). A property test keeps it equal to the traced walk.
 *
 * Like the hardware, it keeps a paging-structure cache: per 2 MiB of VA space, what the levels
 * above the page table said (the page table, or the huge leaf, and the permissions so far). The
 * page tables it has used are copied next to that cache, so a translation reads one array: the
 * cache entry, then the page-table entry, whose P, R/W, U/S and XD bits it still tests and
 * combines each time. Unlike the hardware, it never serves stale entries: any write to the RAM
 * (counted in `Ram.writes`) empties the cache and the copies.
 */
import { pagingMode, reservedHighMask, type Registers } from "../arch";
import type { Ram } from "../memory";

export const PERM_WRITE = 1;
export const PERM_USER = 2;
export const PERM_XD = 4;

export interface FastTranslator {
  /**
   * The hot path: translates the VA whose 64 bits are (hi, lo). Returns NO_TRANSLATION when the
   * access would fault, else a result word: PA bits 51:32 in bits 19:0, the PERM_* bits in 22:20,
   * the leaf level (1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB) in 24:23; decode it with `resultPaHi`,
   * `resultPerm` and `resultPageSize`. PA bits 31:0 are left in `paLo`.
   *
   * Why this shape: a small integer stays in a register, while a 52-bit address is a double that
   * V8 boxes when it crosses a call, and every result left in memory costs a store and a reload
   * per call, which in a tight loop limits how many walks the CPU keeps in flight.
   */
  translateWords(hi: number, lo: number): number;
  /** After a successful translate: physical-address bits 31:0 (as a signed 32-bit integer). */
  readonly paLo: number;
  /** After a successful translate: physical-address bits 51:32. */
  readonly paHi: number;
  /** After a successful translate: PERM_* bits of the effective permissions. */
  readonly perm: number;
  /** After a successful translate: the page size in bytes. */
  readonly pageSize: number;
  /** Convenience form: the PA as a number, or NO_TRANSLATION. */
  translate(hi: number, lo: number): number;
}

/**
 * The paging rules (arch/paging-rules.ts) that the unrolled walk below spells as literal numbers,
 * by name. V8 re-reads a module-level constant on every use in a hot loop, so the walk keeps
 * literals; translate-fast.test.ts checks that every hex literal in this file is one of these, and
 * that each equals its shared definition.
 */
export const TRANSLATOR_LITERALS = {
  /** P and PS: a PML5E/PML4E must have P = 1 and PS = 0 (PS is reserved there). */
  presentAndPageSize: 0x81,
  /** PS: a PDPTE or PDE with it maps a 1 GiB or 2 MiB page. */
  pageSize: 0x80,
  /** P, R/W and U/S, kept in a synthesized huge-page entry. */
  presentWritableUser: 0x7,
  /** Address bits 51:32 in the high word. */
  addressHigh: 0xfffff,
  /** Reserved low bits of a 1 GiB leaf (address bits 29:13). */
  reserved1GiBLow: 0x3fffe000,
  /** Reserved low bits of a 2 MiB leaf (address bits 20:13). */
  reserved2MiBLow: 0x1fe000,
  /** Page-base bits of a 1 GiB leaf's low word. */
  base1GiBLow: 0xc0000000,
  /** Page-base bits of a 2 MiB leaf's low word. */
  base2MiBLow: 0xffe00000,
  /** VA bits 29:21: which 2 MiB slice of a 1 GiB page. */
  slice2MiBOf1GiB: 0x3fe00000,
  /** Offset bits of a 4 KiB page. */
  offset4KiB: 0xfff,
  /** Offset bits 20:12 that a 2 MiB page adds to a 4 KiB one. */
  offset2MiBAbove4KiB: 0x1ff000,
  /** VA bits 20:12 shifted to a word offset (PT index × 2). */
  ptIndexWords: 0x3fe,
  /** Not a paging rule: the tag of an empty cache entry (see PSC_EMPTY). */
  emptyTag: 0x40000000,
  /** Not a paging rule: the low 32 bits of a bigint. */
  word: 0xffffffff,
} as const;

/** What `translateWords` returns for a VA whose access faults. Real result words are ≥ 0. */
export const NO_TRANSLATION = -1;

/** PA bits 51:32 of a result word. */
export function resultPaHi(result: number): number {
  return result & 0xfffff;
}

/** PERM_* bits of a result word. */
export function resultPerm(result: number): number {
  return (result >>> 20) & 7;
}

/** Page size in bytes of a result word. */
export function resultPageSize(result: number): number {
  const level = (result >>> 23) & 3;
  return level === 1 ? 4096 : level === 2 ? 2097152 : 1073741824;
}

/**
 * Builds a translator over `ram` for the registers' paging mode. Registers are decoded once here;
 * RAM contents are read live, so the translator stays valid while RAM changes in place.
 */
export function createFastTranslator(ram: Ram, regs: Registers): FastTranslator {
  return new RamTranslator(ram, regs);
}

/**
 * Paging-structure cache size (entries of 16 bytes). Each entry covers one 2 MiB slice of the VA
 * space (chosen by VA bits 33:21), so the cache holds the upper levels of 16 GiB of mappings.
 */
const PSC_ENTRIES = 8192;
const PSC_WORDS = PSC_ENTRIES * 4;
/** Page-table copies kept at most (16 MiB) before the cache starts over. */
const MAX_MIRRORS = 4096;
/**
 * Tag of an empty entry. A tag is `hi >> 2`, whose arithmetic shift copies bit 31 into bit 30: no
 * VA, canonical or not, has a tag with bit 30 ≠ bit 31.
 */
const PSC_EMPTY = 0x40000000;

class RamTranslator implements FastTranslator {
  paLo = 0;
  /** The last successful result word. */
  private result = 0;
  private readonly levels: number;
  private readonly rootPfn: number;
  private readonly frameCount: number;
  private readonly ram: Ram;
  /** RAM's entry words as of the last write seen (a write may move them: see `Ram.entryWords`). */
  private words: Int32Array;
  private readonly rsvdHi: number;
  private readonly signShift: number;
  /** PERM_XD when EFER.NXE = 1 (XD counts), else 0. */
  private readonly xdMask: number;
  /**
   * The paging-structure cache (SDM 4.10.3), then the page-table copies.
   *
   * The first PSC_WORDS words say, for a 2 MiB slice of the VA space, what the levels above the
   * page table say. Four words an entry: the tag; an info word (bits 31:5 the word offset of the
   * entries to read, bits 4:3 the leaf level, 1 to 3, bits 2:0 the PERM_* bits so far); and, for a
   * huge page, one synthesized entry (the slice's PA bits 31:21 with the leaf's P, R/W, U/S; the
   * leaf's high word) that the info word points at. For a page table the info word points at its
   * copy. Only successful walks are cached; faults take the full walk every time.
   *
   * After them, 1,024-word copies of page tables (see `mirror`), in one array with the cache so
   * that the hot path reads a single typed array.
   */
  private cache = new Int32Array(PSC_WORDS + 64 * 1024);
  /** A page table's `Ram.entryBase` → offset of its copy in `cache`, and the end of the copies. */
  private readonly mirrors = new Map<number, number>();
  private mirrorEnd = PSC_WORDS;
  private seenWrites = -1;

  get paHi(): number {
    return resultPaHi(this.result);
  }

  get perm(): number {
    return resultPerm(this.result);
  }

  get pageSize(): number {
    return resultPageSize(this.result);
  }

  constructor(ram: Ram, regs: Registers) {
    const mode = pagingMode(regs);
    this.levels = mode.levels;
    // Kept a small integer so every frame number in the loop is one. CR3 beyond RAM, or paging not
    // in a mode we model, starts the walk past the last frame: the first bound check then fails.
    this.rootPfn =
      mode.unsupported !== null ? ram.frameCount : Math.min(mode.root / 4096, ram.frameCount) | 0;
    this.frameCount = ram.frameCount;
    this.ram = ram;
    this.xdMask = mode.nxe ? PERM_XD : 0;
    // Reserved bits of the high word: address bits 51:MAXPHYADDR, and bit 63 without NXE.
    this.rsvdHi = reservedHighMask(mode.maxPhyAddr, mode.nxe);
    // Canonical check on the high word: VA bits 63:47 (63:56 with LA57) all equal.
    this.signShift = mode.levels === 5 ? 24 : 15;
    this.words = ram.entryWords();
    this.flush();
  }

  translate(hi: number, lo: number): number {
    const result = this.translateWords(hi, lo);
    return result === NO_TRANSLATION ? NO_TRANSLATION : resultPaHi(result) * 4294967296 + (this.paLo >>> 0);
  }

  translateWords(hi: number, lo: number): number {
    if (this.ram.writes !== this.seenWrites) this.flush();
    // The entry for a VA is chosen by its bits 33:21 and tagged with its bits 63:34. Only canonical
    // VAs fill entries, and canonicality depends on bits 63:47 alone, so a tag that matches a
    // filled entry proves the VA canonical: only a miss checks that.
    const tag = hi >> 2;
    const c = ((lo >>> 21) | ((hi & 3) << 11)) << 2;
    let cache = this.cache;
    if ((cache[c] as number) !== tag) {
      if (!this.walkUpper(hi, lo, c, tag)) return NO_TRANSLATION;
      cache = this.cache; // the walk may have grown it
    }
    // One path for every page size, without a branch on it (random pages make it unpredictable):
    // a page table's entry is found by VA bits 20:12 in its copy; a huge page's slice is described
    // by one synthesized entry inside the cache entry itself (index mask 0), whose offset is VA
    // bits 20:0. Literal numbers rather than named constants: V8 re-reads a module-level const.
    const info = cache[c | 1] as number;
    const huge = (info >>> 4) & 1; // level 2 or 3
    const w = (info >>> 5) + ((lo >>> 11) & 0x3fe & (huge - 1));
    const eLo = cache[w] as number;
    const eHi = cache[w | 1] as number;
    // Entries with reserved bits were copied as zeros, so P alone says whether the walk faults.
    if ((eLo & 1) === 0) return NO_TRANSLATION;
    // Permissions are combined without branches. Bit 63 (XD) counts as is: without EFER.NXE it is
    // reserved, and such entries read as zero.
    const perm = (info & (((eLo >>> 1) & 3) | 4)) | ((eHi >>> 29) & 4); // 4: PERM_XD
    const offset = 0xfff | (0x1ff000 & -huge);
    const paLo = (eLo & ~offset) | (lo & offset);
    const result = (eHi & 0xfffff) | (perm << 20) | (((info >>> 3) & 3) << 23);
    this.paLo = paLo;
    this.result = result;
    return result;
  }

  /**
   * Forgets every cached entry: 8,192 stores, paid once per batch of writes, which keeps the hot
   * path free of a generation or a canonical check.
   */
  private flush(): void {
    this.seenWrites = this.ram.writes;
    this.words = this.ram.entryWords(); // a write may have moved the words
    const cache = this.cache;
    for (let c = 0; c < PSC_WORDS; c += 4) cache[c] = PSC_EMPTY;
    this.mirrors.clear();
    this.mirrorEnd = PSC_WORDS;
  }

  /**
   * Fills cache entry `c` for a huge leaf's 2 MiB slice: a synthesized 4 KiB-style entry (the
   * slice's PA bits 31:21 with the leaf's P, R/W and U/S; the leaf's high word) in the entry's own
   * last two words, found with index mask 0.
   */
  private fillLeaf(
    c: number,
    tag: number,
    sliceLo: number,
    leafHi: number,
    level: 2 | 3,
    perm: number,
  ): void {
    const cache = this.cache;
    cache[c + 2] = sliceLo;
    cache[c + 3] = leafHi;
    cache[c + 1] = ((c + 2) << 5) | (level << 3) | perm;
    cache[c] = tag;
  }

  /**
   * The word offset, in `cache`, of a copy of the page table whose entries start at `base` in
   * `Ram.entryWords()`, copied on first
   * use since the last write. Entries whose reserved bits are set are copied as zeros: for the fast
   * path both mean "faults", and the hot path then tests P alone.
   */
  private mirror(base: number): number {
    const known = this.mirrors.get(base);
    if (known !== undefined) return known;
    if (this.mirrorEnd + 1024 > this.cache.length) {
      if (this.cache.length >= PSC_WORDS + MAX_MIRRORS * 1024) {
        this.flush(); // many page tables since the last write: start over rather than grow without end
      } else {
        const grown = new Int32Array(PSC_WORDS + 2 * (this.cache.length - PSC_WORDS));
        grown.set(this.cache);
        this.cache = grown;
      }
    }
    const at = this.mirrorEnd;
    this.mirrorEnd += 1024;
    const cache = this.cache;
    const words = this.words;
    const rsvdHi = this.rsvdHi;
    for (let k = 0, from = base; k < 1024; k += 2) {
      const eLo = words[from + k] as number;
      const eHi = words[from + k + 1] as number;
      const bad = (eHi & rsvdHi) !== 0;
      cache[at + k] = bad ? 0 : eLo;
      cache[at + k + 1] = bad ? 0 : eHi;
    }
    this.mirrors.set(base, at);
    return at;
  }

  /**
   * The full walk of the levels above the page table, for a cache miss. On success it fills cache
   * entry `c` for the VA's 2 MiB slice and returns true; on a fault it returns false and caches
   * nothing. Each level is two typed-array loads and a few integer tests; frame numbers stay below
   * 2^22 (RAM ≤ 16 GiB), so they are plain 32-bit integers throughout.
   */
  private walkUpper(hi: number, lo: number, c: number, tag: number): boolean {
    const top = hi >> this.signShift; // arithmetic shift: 0 or -1 when canonical
    if (top !== 0 && top !== -1) return false;
    const words = this.words;
    const ram = this.ram;
    const frameCount = this.frameCount;
    const rsvdHi = this.rsvdHi;
    let pfn = this.rootPfn;
    let w: number;
    let eLo: number;
    let eHi: number;
    let andBits = -1;
    let xd = 0;
    if (this.levels === 5) {
      if (pfn >= frameCount) return false;
      w = ram.entryBase(pfn) + (((hi >>> 16) & 511) << 1);
      eLo = words[w] as number;
      eHi = words[w + 1] as number;
      // P must be set; no reserved high bits; PS is reserved in a PML5E.
      if ((eLo & 0x81) !== 1 || (eHi & rsvdHi) !== 0 || (eHi & 0xfffff) >= 1024) return false;
      andBits = eLo;
      xd = eHi;
      pfn = (eHi << 20) | (eLo >>> 12);
    }
    // PML4
    if (pfn >= frameCount) return false;
    w = ram.entryBase(pfn) + (((hi >>> 7) & 511) << 1);
    eLo = words[w] as number;
    eHi = words[w + 1] as number;
    if ((eLo & 0x81) !== 1 || (eHi & rsvdHi) !== 0 || (eHi & 0xfffff) >= 1024) return false;
    andBits &= eLo;
    xd |= eHi;
    pfn = (eHi << 20) | (eLo >>> 12);
    // PDPT
    if (pfn >= frameCount) return false;
    w = ram.entryBase(pfn) + ((((lo >>> 30) | (hi << 2)) & 511) << 1);
    eLo = words[w] as number;
    eHi = words[w + 1] as number;
    if ((eLo & 1) === 0 || (eHi & rsvdHi) !== 0) return false;
    andBits &= eLo;
    xd |= eHi;
    let perm = ((andBits >>> 1) & 3) | ((xd >>> 29) & this.xdMask);
    if ((eLo & 0x80) !== 0) {
      if ((eLo & 0x3fffe000) !== 0) return false; // bits 29:13 of a 1 GiB leaf are reserved
      // Cached as the 2 MiB slice of the 1 GiB page that holds the VA.
      this.fillLeaf(c, tag, (eLo & 0xc0000000) | (lo & 0x3fe00000) | (eLo & 0x7), eHi, 3, perm);
      return true;
    }
    if ((eHi & 0xfffff) >= 1024) return false;
    pfn = (eHi << 20) | (eLo >>> 12);
    // PD
    if (pfn >= frameCount) return false;
    w = ram.entryBase(pfn) + (((lo >>> 21) & 511) << 1);
    eLo = words[w] as number;
    eHi = words[w + 1] as number;
    if ((eLo & 1) === 0 || (eHi & rsvdHi) !== 0) return false;
    andBits &= eLo;
    xd |= eHi;
    perm = ((andBits >>> 1) & 3) | ((xd >>> 29) & this.xdMask);
    if ((eLo & 0x80) !== 0) {
      if ((eLo & 0x1fe000) !== 0) return false; // bits 20:13 of a 2 MiB leaf are reserved
      this.fillLeaf(c, tag, (eLo & 0xffe00000) | (eLo & 0x7), eHi, 2, perm);
      return true;
    }
    if ((eHi & 0xfffff) >= 1024) return false;
    pfn = (eHi << 20) | (eLo >>> 12);
    if (pfn >= frameCount) return false;
    const at = this.mirror(ram.entryBase(pfn));
    const cache = this.cache; // the mirror may have grown it, or flushed it (then fill afresh)
    cache[c + 1] = (at << 5) | (1 << 3) | perm;
    cache[c] = tag;
    return true;
  }
}
