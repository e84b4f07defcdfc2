/**
 * The 64-bit paging-structure entry (the seed's `VirtualMemoryPageBits`), SDM vol. 3A §4.5,
 * Tables 4-15 … 4-20. One entry format serves every level, but several bits change meaning with
 * the level and with whether the entry is a leaf (maps a page) or points to the next table.
 */
import { LEVEL_ENTRY_NAMES, pageSizeOfLevel, type Level, type PageSize, type PhysAddr } from "./address";

export const BIT = {
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

/** Bits 51:12: the physical address field at its widest (MAXPHYADDR = 52). */
export const ADDRESS_MASK = 0x000f_ffff_ffff_f000n;
const bit = (n: number): bigint => 1n << BigInt(n);
const bitsMask = (lo: number, hi: number): bigint => ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);

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

/** Whether bit 7 (PS) may make an entry at this level a leaf: only PDPTEs and PDEs (SDM §4.5). */
export function levelAllowsHugeLeaf(level: Level): level is 2 | 3 {
  return level === 2 || level === 3;
}

/** Whether the entry maps a page (as opposed to pointing to a table); P is not considered. */
export function isLeafEntry(raw: bigint, level: Level): boolean {
  return level === 1 || (levelAllowsHugeLeaf(level) && (raw & bit(BIT.PS)) !== 0n);
}

/** The physical address an entry holds: next table, or page base (huge pages: aligned to size). */
export function entryAddress(raw: bigint, level: Level): PhysAddr {
  let address = raw & ADDRESS_MASK;
  if (level !== 1 && isLeafEntry(raw, level)) address &= ~(BigInt(pageSizeOfLevel(level as 2 | 3)) - 1n);
  return Number(address) as PhysAddr;
}

export function decodeEntry(raw: bigint, level: Level): DecodedEntry {
  const has = (n: number): boolean => (raw & bit(n)) !== 0n;
  const present = has(BIT.P);
  const leaf = isLeafEntry(raw, level);
  return {
    raw,
    level,
    kind: !present ? "not-present" : leaf ? "leaf" : "table",
    present,
    writable: has(BIT.RW),
    user: has(BIT.US),
    writeThrough: has(BIT.PWT),
    cacheDisable: has(BIT.PCD),
    accessed: has(BIT.A),
    dirty: has(BIT.D),
    pageSizeBit: levelAllowsHugeLeaf(level) && has(BIT.PS),
    global: has(BIT.G),
    pat: level === 1 ? has(BIT.PS) : leaf ? has(BIT.PAT_HUGE) : false,
    availableLow: Number((raw >> 9n) & 7n),
    availableHigh: Number((raw >> 52n) & (leaf ? 0x7fn : 0x7ffn)),
    protectionKey: leaf ? Number((raw >> 59n) & 0xfn) : 0,
    executeDisable: has(BIT.XD),
    address: entryAddress(raw, level),
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
  let raw = BigInt(address) & ADDRESS_MASK;
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
  return (raw & ~ADDRESS_MASK) | (BigInt(address) & ADDRESS_MASK);
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
 * Reserved bits set in a present entry (SDM §4.5, §4.6.1 "RSVD"): address bits 51:MAXPHYADDR;
 * bit 63 when EFER.NXE = 0; PS in a PML4E/PML5E; the low address bits of a huge leaf
 * (20:13 of a 2 MiB PDE, 29:13 of a 1 GiB PDPTE). A not-present entry has none: hardware ignores it.
 */
export function reservedBitReasons(
  raw: bigint,
  level: Level,
  context: ReservedCheckContext,
): ReservedBitReason[] {
  if ((raw & 1n) === 0n) return [];
  const reasons: ReservedBitReason[] = [];
  const name = LEVEL_ENTRY_NAMES[level];
  if (context.maxPhyAddr < 52) {
    const mask = raw & bitsMask(context.maxPhyAddr, 51);
    if (mask) {
      reasons.push({
        mask,
        description: `address bits 51:${context.maxPhyAddr} are beyond MAXPHYADDR (${context.maxPhyAddr}) and must be 0`,
      });
    }
  }
  if (!context.nxe && (raw & bit(BIT.XD)) !== 0n) {
    reasons.push({ mask: bit(BIT.XD), description: "bit 63 (XD) is reserved while EFER.NXE = 0" });
  }
  if ((level === 4 || level === 5) && (raw & bit(BIT.PS)) !== 0n) {
    reasons.push({ mask: bit(BIT.PS), description: `bit 7 (PS) must be 0 in a ${name}` });
  }
  if (levelAllowsHugeLeaf(level) && (raw & bit(BIT.PS)) !== 0n) {
    const high = level === 2 ? 20 : 29;
    const mask = raw & bitsMask(13, high);
    if (mask) {
      reasons.push({
        mask,
        description: `bits ${high}:13 of a ${level === 2 ? "2 MiB" : "1 GiB"} page's address must be 0 (the page is aligned to its size)`,
      });
    }
  }
  return reasons;
}

/** The union of all reserved bits set (0n when the entry is fine or not present). */
export function reservedBits(raw: bigint, level: Level, context: ReservedCheckContext): bigint {
  return reservedBitReasons(raw, level, context).reduce((all, r) => all | r.mask, 0n);
}
