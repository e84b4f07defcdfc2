/**
 * The paging rules every walker shares, in one place: which bit is which in an entry, whether an
 * entry maps a page or points to the next table, where that table or page is, and which bits are
 * reserved at a level under a MAXPHYADDR and EFER.NXE (Intel SDM vol. 3A §4.5, Tables 4-15 … 4-20).
 *
 * Every walker reads entries as two 32-bit words (DESIGN §4): `lo` holds bits 31:0, `hi` bits 63:32,
 * each as a signed or unsigned 32-bit number (the tests hold for both). The functions spell their
 * masks as literal numbers, each named by a constant above it: V8 re-reads a module-level constant
 * on every use, and these functions run in every walk's inner loop. paging-rules.test.ts checks the
 * constants against the SDM and the functions against a plain 64-bit reference model. The traced walk, the
 * address space, enumeration, the table graph and dump import call these functions; the fast
 * translator spells a few of them as literals in its unrolled loop, and a test checks that those
 * literals equal the definitions here.
 *
 * ```text
 *  63  62‒59  58‒52   51‒M   M-1 ‒ 12        11‒9  8  7      6  5  4   3   2   1   0
 *  XD  PK     avail   rsvd   address field   avail G  PS/PAT D  A  PCD PWT U/S R/W P
 * ```
 * (M = MAXPHYADDR; PK, G and D only in a leaf; bit 7 is PS in a PDPTE/PDE and PAT in a PTE.)
 */
import type { Level, PageSize } from "./address";

// ---------------------------------------------------------------------------------------------
// Bits of the low word (entry bits 31:0), SDM Tables 4-15 … 4-20.

/** Bit 0, present. When 0, every other bit is ignored by the processor (SDM §4.5). */
export const ENTRY_P = 0x1;
/** Bit 1, read/write: writes need R/W = 1 at every level (SDM §4.6.1). */
export const ENTRY_RW = 0x2;
/** Bit 2, user/supervisor: user accesses need U/S = 1 at every level (SDM §4.6.1). */
export const ENTRY_US = 0x4;
/** Bit 3, page-level write-through (a memory-type index bit, SDM §4.9). */
export const ENTRY_PWT = 0x8;
/** Bit 4, page-level cache disable (a memory-type index bit, SDM §4.9). */
export const ENTRY_PCD = 0x10;
/** Bit 5, accessed: set by the processor in every entry a successful walk uses (SDM §4.8). */
export const ENTRY_A = 0x20;
/** Bit 6, dirty: set in the leaf by a successful write (SDM §4.8). Ignored in a pointer. */
export const ENTRY_D = 0x40;
/**
 * Bit 7: PS (page size) in a PDPTE or PDE, which then maps a 1 GiB or 2 MiB page; PAT in a PTE;
 * reserved in a PML4E and PML5E (SDM Tables 4-15 … 4-20).
 */
export const ENTRY_PS = 0x80;
/** Bit 8, global: a leaf's translation survives CR3 loads when CR4.PGE = 1 (SDM §4.10.2.4). */
export const ENTRY_G = 0x100;
/** Bits 11:9, ignored by the processor (free for software). */
export const ENTRY_AVAILABLE_LOW = 0xe00;
/** Bit 12 of a 2 MiB or 1 GiB leaf: PAT (in a PTE bit 12 is part of the address). */
export const ENTRY_PAT_HUGE = 0x1000;
/** Bits 31:12 of the address field (of a table or a 4 KiB page). */
export const ENTRY_ADDRESS_LO = 0xfffff000;

// Bits of the high word (entry bits 63:32).

/** Bits 51:32 of the address field (at MAXPHYADDR = 52, its widest). */
export const ENTRY_ADDRESS_HI = 0xfffff;
/** Bit 63, execute-disable: fetches fault when set at any level and EFER.NXE = 1 (SDM §4.6.1). */
export const ENTRY_XD_HI = 0x80000000;

/** The whole address field, bits 51:12, as a 64-bit mask. */
export const ENTRY_ADDRESS_MASK = 0x000f_ffff_ffff_f000n;

// ---------------------------------------------------------------------------------------------
// Single bits, as walkers test them.

/** P = 1 (ENTRY_P): the entry is used; P = 0 and every other bit is ignored (SDM §4.5). */
export function isPresent(lo: number): boolean {
  return (lo & 0x1) !== 0;
}

/** R/W = 1 (ENTRY_RW): this level allows writes (SDM §4.6.1). */
export function allowsWrite(lo: number): boolean {
  return (lo & 0x2) !== 0;
}

/** U/S = 1 (ENTRY_US): this level allows user-mode accesses (SDM §4.6.1). */
export function allowsUser(lo: number): boolean {
  return (lo & 0x4) !== 0;
}

/** XD = 1 (ENTRY_XD_HI in the high word): fetches fault when EFER.NXE = 1 (SDM §4.6.1). */
export function hasExecuteDisable(hi: number): boolean {
  return (hi & 0x80000000) !== 0;
}

// ---------------------------------------------------------------------------------------------
// Levels.

/** Whether an entry at this level can map a page with PS = 1: only PDPTEs and PDEs (SDM §4.5). */
export function levelAllowsHugeLeaf(level: Level): level is 2 | 3 {
  return level === 2 || level === 3;
}

/**
 * Whether a present entry is a leaf (maps a page) rather than a pointer to the next table: every
 * PTE, and a PDPTE or PDE with PS = 1 (SDM §4.5). A PS bit in a PML4E/PML5E is reserved, not a leaf.
 */
export function isLeafAt(lo: number, level: Level): boolean {
  return level === 1 || ((lo & 0x80) !== 0 && (level === 2 || level === 3)); // 0x80: ENTRY_PS
}

/** The page size a leaf at this level maps (PT → 4 KiB, PD → 2 MiB, PDPT → 1 GiB; SDM §4.5). */
export function pageSizeOfLevel(level: 1 | 2 | 3): PageSize {
  return level === 1 ? 4096 : level === 2 ? 2097152 : 1073741824;
}

/** The level whose leaf maps a page of this size (the inverse of `pageSizeOfLevel`). */
export function levelOfPageSize(size: PageSize): 1 | 2 | 3 {
  return size === 4096 ? 1 : size === 2097152 ? 2 : 3;
}

/**
 * The low-word mask of a leaf's page base: address bits 31:12 of a 4 KiB page, 31:21 of a 2 MiB
 * page, 31:30 of a 1 GiB page (the bits below are the offset, or reserved, SDM Tables 4-17/4-19).
 */
export function leafBaseMaskLo(level: 1 | 2 | 3): number {
  return level === 1 ? 0xfffff000 : level === 2 ? 0xffe00000 : 0xc0000000;
}

// ---------------------------------------------------------------------------------------------
// Where an entry points.

/**
 * The physical address of the next table a pointer entry names: address bits 51:12 (SDM §4.5).
 * An exact double (at most 52 bits).
 */
export function nextTableAddress(lo: number, hi: number): number {
  return (hi & 0xfffff) * 4294967296 + ((lo & 0xfffff000) >>> 0); // ENTRY_ADDRESS_HI, ENTRY_ADDRESS_LO
}

/** The frame number of the next table a pointer entry names (address bits 51:12). */
export function nextTablePfn(lo: number, hi: number): number {
  const high = hi & 0xfffff; // ENTRY_ADDRESS_HI
  // Below 2^31 frames (every RAM we model) the frame number is a small integer: integer arithmetic.
  return high < 2048 ? (high << 20) | (lo >>> 12) : high * 1048576 + (lo >>> 12);
}

/** The page base a leaf at `level` maps: its address field, aligned to the page size. */
export function leafPageBase(lo: number, hi: number, level: 1 | 2 | 3): number {
  return (hi & 0xfffff) * 4294967296 + ((lo & leafBaseMaskLo(level)) >>> 0); // 0xfffff: ENTRY_ADDRESS_HI
}

/** Bits 62:59 of a leaf: its protection key, checked against PKRU when CR4.PKE = 1 (SDM §4.6.2). */
export function protectionKeyOf(hi: number): number {
  return (hi >>> 27) & 0xf;
}

// ---------------------------------------------------------------------------------------------
// Reserved bits (SDM §4.5 and §4.6.1 "RSVD"): a present entry with any of them set makes the walk
// fault with #PF, P = 1 and RSVD = 1.

/**
 * The reserved bits of the high word, the same at every level: address bits 51:MAXPHYADDR, and
 * bit 63 while EFER.NXE = 0 (then XD is not a feature but a reserved bit). A signed 32-bit mask.
 */
export function reservedHighMask(maxPhyAddr: number, nxe: boolean): number {
  const width = Math.min(52, Math.max(32, maxPhyAddr)); // CPUID reports 36–52; clamped for safety
  const address = width < 52 ? 0xfffff & ~((1 << (width - 32)) - 1) : 0; // within ENTRY_ADDRESS_HI
  return address | (nxe ? 0 : 0x80000000) | 0; // 0x80000000: ENTRY_XD_HI
}

/**
 * The reserved bits of the low word that are set in a present entry at `level`: PS in a PML4E or
 * PML5E; the address bits below a huge page's alignment (20:13 of a 2 MiB page, 29:13 of a 1 GiB
 * page; bit 12 is PAT). 0 when none.
 */
export function reservedLowBits(lo: number, level: Level): number {
  if ((lo & 0x80) === 0 || level === 1) return 0; // 0x80: ENTRY_PS
  if (level >= 4) return 0x80;
  return lo & (level === 2 ? 0x1fe000 : 0x3fffe000);
}

/** Whether a present entry has any reserved bit set, given `reservedHighMask` for the mode. */
export function hasReservedBits(lo: number, hi: number, level: Level, highMask: number): boolean {
  return (hi & highMask) !== 0 || reservedLowBits(lo, level) !== 0;
}

// ---------------------------------------------------------------------------------------------
// The virtual address (SDM §4.5, Figures 4-8 and 4-9).

/**
 * The 9-bit index a VA selects at a level, from the VA's words (bits 63:32, 31:0): bits 20:12 for
 * the PT, 29:21 the PD, 38:30 the PDPT, 47:39 the PML4, 56:48 the PML5.
 */
export function indexOfWords(hi: number, lo: number, level: Level): number {
  const shift = 3 + 9 * level; // 12 + 9 (level - 1)
  if (shift >= 32) return (hi >>> (shift - 32)) & 511;
  if (shift > 23) return ((lo >>> shift) | (hi << (32 - shift))) & 511;
  return (lo >>> shift) & 511;
}

/**
 * Whether a VA is canonical (SDM §4.5): bits 63:47 (63:56 with 5-level paging) all equal, read from
 * the VA's high word. A non-canonical access is a #GP, and no table is read.
 */
export function isCanonicalWords(hi: number, levels: 4 | 5): boolean {
  const top = hi >> (levels === 5 ? 24 : 15);
  return top === 0 || top === -1;
}
