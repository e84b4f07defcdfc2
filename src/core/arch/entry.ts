/**
 * The 64-bit paging-structure entry (the seed's `VirtualMemoryPageBits`), SDM vol. 3A §4.5,
 * Tables 4-15 … 4-20. One entry format serves every level, but several bits change meaning with
 * the level and with whether the entry is a leaf (maps a page) or points to the next table. The
 * rules themselves (which bit is which, leaf or pointer, reserved bits) live in `paging-rules.ts`;
 * this file decodes and encodes whole entries for people and for the store.
 */
import { LEVEL_ENTRY_NAMES, type Level, type PageSize, type PhysAddr } from "./address";
import {
  ENTRY_A,
  ENTRY_ADDRESS_HI,
  ENTRY_ADDRESS_MASK,
  ENTRY_AVAILABLE_LOW,
  ENTRY_D,
  ENTRY_G,
  ENTRY_P,
  ENTRY_PAT_HUGE,
  ENTRY_PCD,
  ENTRY_PS,
  ENTRY_PWT,
  ENTRY_RW,
  ENTRY_US,
  ENTRY_XD_HI,
  isLeafAt,
  leafPageBase,
  levelAllowsHugeLeaf,
  nextTableAddress,
  pageSizeOfLevel,
  reservedHighMask,
  reservedLowBits,
} from "./paging-rules";

/** Bit numbers of the entry's named flags (the masks are in paging-rules.ts). */
const BIT = {
  P: 0,
  RW: 1,
  US: 2,
  PWT: 3,
  PCD: 4,
  A: 5,
  D: 6,
  PS: 7,
  G: 8,
  PAT_HUGE: 12,
  XD: 63,
} as const;

const bit = (n: number): bigint => 1n << BigInt(n);
const loWordOf = (raw: bigint): number => Number(raw & 0xffffffffn);
const hiWordOf = (raw: bigint): number => Number((raw >> 32n) & 0xffffffffn);

export type EntryKind = "not-present" | "table" | "leaf";

/** Every field of an entry, decoded without judging it (reserved bits are checked separately). */
export interface DecodedEntry {
  readonly raw: bigint;
  readonly level: Level;
  readonly kind: EntryKind;
  readonly present: boolean;
  readonly writable: boolean;
  readonly user: boolean;
  readonly writeThrough: boolean;
  readonly cacheDisable: boolean;
  readonly accessed: boolean;
  /** D: meaningful in a leaf only (ignored in a pointer to a table). */
  readonly dirty: boolean;
  /** PS, bit 7 of a PDPTE or PDE: the entry maps a 1 GiB / 2 MiB page. */
  readonly pageSizeBit: boolean;
  /** G: meaningful in a leaf only. */
  readonly global: boolean;
  /** PAT: bit 7 of a PTE, bit 12 of a huge leaf; false elsewhere. */
  readonly pat: boolean;
  /** Bits 11:9, free for software. */
  readonly availableLow: number;
  /** Bits 58:52 (62:52 in a non-leaf), free for software. */
  readonly availableHigh: number;
  /** Bits 62:59 of a leaf: the protection key (used when CR4.PKE = 1). */
  readonly protectionKey: number;
  readonly executeDisable: boolean;
  /** The address field (bits 51:12, with the low bits of a huge leaf's field cleared). */
  readonly address: PhysAddr;
  /** For a leaf: the size of page it maps. */
  readonly pageSize: PageSize | null;
}

/** Whether the entry maps a page (as opposed to pointing to a table); P is not considered. */
export function isLeafEntry(raw: bigint, level: Level): boolean {
  return isLeafAt(loWordOf(raw), level);
}

/** The physical address an entry holds: next table, or page base (huge pages: aligned to size). */
export function entryAddress(raw: bigint, level: Level): PhysAddr {
  return entryAddressOfWords(loWordOf(raw), hiWordOf(raw), level);
}

function entryAddressOfWords(lo: number, hi: number, level: Level): PhysAddr {
  return (
    isLeafAt(lo, level) ? leafPageBase(lo, hi, level as 1 | 2 | 3) : nextTableAddress(lo, hi)
  ) as PhysAddr;
}

export function decodeEntry(raw: bigint, level: Level): DecodedEntry {
  return decodeEntryWords(loWordOf(raw), hiWordOf(raw), level, raw);
}

/**
 * `decodeEntry` from the entry's two 32-bit words (bits 31:0, 63:32; signed or unsigned), for walks
 * that read words: only bit tests, no bigint arithmetic. `raw` is the same entry as a bigint.
 */
export function decodeEntryWords(lo: number, hi: number, level: Level, raw: bigint): DecodedEntry {
  const present = (lo & ENTRY_P) !== 0;
  const leaf = isLeafAt(lo, level);
  return {
    raw,
    level,
    kind: !present ? "not-present" : leaf ? "leaf" : "table",
    present,
    writable: (lo & ENTRY_RW) !== 0,
    user: (lo & ENTRY_US) !== 0,
    writeThrough: (lo & ENTRY_PWT) !== 0,
    cacheDisable: (lo & ENTRY_PCD) !== 0,
    accessed: (lo & ENTRY_A) !== 0,
    dirty: (lo & ENTRY_D) !== 0,
    pageSizeBit: levelAllowsHugeLeaf(level) && (lo & ENTRY_PS) !== 0,
    global: (lo & ENTRY_G) !== 0,
    pat: level === 1 ? (lo & ENTRY_PS) !== 0 : leaf ? (lo & ENTRY_PAT_HUGE) !== 0 : false,
    availableLow: (lo & ENTRY_AVAILABLE_LOW) >>> 9,
    availableHigh: (hi >>> 20) & (leaf ? 0x7f : 0x7ff),
    protectionKey: leaf ? (hi >>> 27) & 0xf : 0,
    executeDisable: (hi & ENTRY_XD_HI) !== 0,
    address: entryAddressOfWords(lo, hi, level),
    pageSize: leaf ? pageSizeOfLevel(level as 1 | 2 | 3) : null,
  };
}

/** Flags an entry can be built from; the address is given separately. */
export interface EntryFlags {
  readonly present?: boolean;
  readonly writable?: boolean;
  readonly user?: boolean;
  readonly writeThrough?: boolean;
  readonly cacheDisable?: boolean;
  readonly accessed?: boolean;
  readonly dirty?: boolean;
  readonly global?: boolean;
  readonly pat?: boolean;
  readonly protectionKey?: number;
  readonly executeDisable?: boolean;
  readonly availableLow?: number;
  readonly availableHigh?: number;
}

/**
 * Encodes an entry. `leaf` decides where PS and PAT go: a huge leaf (level 2/3) gets PS=1 and PAT in
 * bit 12; a PTE gets PAT in bit 7; a pointer to a table gets neither.
 */
export function encodeEntry(level: Level, address: number, flags: EntryFlags, leaf: boolean): bigint {
  let raw = BigInt(address) & ENTRY_ADDRESS_MASK;
  const set = (cond: boolean | undefined, n: number): void => {
    if (cond) raw |= bit(n);
  };
  set(flags.present ?? true, BIT.P);
  set(flags.writable, BIT.RW);
  set(flags.user, BIT.US);
  set(flags.writeThrough, BIT.PWT);
  set(flags.cacheDisable, BIT.PCD);
  set(flags.accessed, BIT.A);
  set(flags.executeDisable, BIT.XD);
  raw |= BigInt((flags.availableLow ?? 0) & 7) << 9n;
  if (leaf) {
    set(flags.dirty, BIT.D);
    set(flags.global, BIT.G);
    if (level === 1) set(flags.pat, BIT.PS);
    else {
      raw |= bit(BIT.PS);
      set(flags.pat, BIT.PAT_HUGE);
    }
    raw |= BigInt((flags.availableHigh ?? 0) & 0x7f) << 52n;
    raw |= BigInt((flags.protectionKey ?? 0) & 0xf) << 59n;
  } else {
    raw |= BigInt((flags.availableHigh ?? 0) & 0x7ff) << 52n;
  }
  return raw;
}

/** Returns the raw value with one bit flipped. */
export function toggleBit(raw: bigint, n: number): bigint {
  return raw ^ bit(n);
}

/** Replaces the address field (bits 51:12), keeping every flag. */
export function withAddress(raw: bigint, address: number): bigint {
  return (raw & ~ENTRY_ADDRESS_MASK) | (BigInt(address) & ENTRY_ADDRESS_MASK);
}

export interface ReservedCheckContext {
  readonly maxPhyAddr: number;
  /** EFER.NXE: without it bit 63 is reserved in every present entry. */
  readonly nxe: boolean;
}

/** One reason an entry has reserved bits set, named as the SDM names it. */
export interface ReservedBitReason {
  readonly mask: bigint;
  readonly description: string;
}

/**
 * Reserved bits set in a present entry (SDM §4.5, §4.6.1 "RSVD"), each with the rule it breaks:
 * address bits 51:MAXPHYADDR; bit 63 when EFER.NXE = 0; PS in a PML4E/PML5E; the low address bits
 * of a huge leaf (20:13 of a 2 MiB PDE, 29:13 of a 1 GiB PDPTE). The masks come from
 * paging-rules.ts. A not-present entry has none: hardware ignores it.
 */
export function reservedBitReasons(
  raw: bigint,
  level: Level,
  context: ReservedCheckContext,
): ReservedBitReason[] {
  const lo = loWordOf(raw);
  if ((lo & ENTRY_P) === 0) return [];
  const hi = hiWordOf(raw);
  const reasons: ReservedBitReason[] = [];
  const beyondMaxPhyAddr = hi & reservedHighMask(context.maxPhyAddr, true) & ENTRY_ADDRESS_HI;
  if (beyondMaxPhyAddr !== 0) {
    reasons.push({
      mask: BigInt(beyondMaxPhyAddr) << 32n,
      description: `address bits 51:${context.maxPhyAddr} are beyond MAXPHYADDR (${context.maxPhyAddr}) and must be 0`,
    });
  }
  if ((hi & reservedHighMask(52, context.nxe)) !== 0) {
    reasons.push({ mask: bit(BIT.XD), description: "bit 63 (XD) is reserved while EFER.NXE = 0" });
  }
  const low = reservedLowBits(lo, level);
  if (low !== 0 && level >= 4) {
    reasons.push({ mask: BigInt(low), description: `bit 7 (PS) must be 0 in a ${LEVEL_ENTRY_NAMES[level]}` });
  } else if (low !== 0) {
    reasons.push({
      mask: BigInt(low >>> 0),
      description: `bits ${level === 2 ? 20 : 29}:13 of a ${level === 2 ? "2 MiB" : "1 GiB"} page's address must be 0 (the page is aligned to its size)`,
    });
  }
  return reasons;
}

/** The union of all reserved bits set (0n when the entry is fine or not present). */
export function reservedBits(raw: bigint, level: Level, context: ReservedCheckContext): bigint {
  return reservedBitReasons(raw, level, context).reduce((all, r) => all | r.mask, 0n);
}
