/**
 * Physical and virtual addresses (the seed's `PhysicalAddress` / `VirtualAddress` newtypes).
 *
 * ```text
 *  4-level: | 63‒48 sign | 47‒39 PML4 | 38‒30 PDPT | 29‒21 PD | 20‒12 PT | 11‒0 offset |
 *  5-level: | 63‒57 sign | 56‒48 PML5 | 47‒39 PML4 | ...                                |
 * ```
 *
 * A virtual address is a 64-bit `bigint` branded `VirtAddr`; a physical address is a `number`
 * branded `PhysAddr` (MAXPHYADDR is at most 52, so every physical address is an exact float64).
 * The different base types and brands make mixing them a compile error, at no runtime cost.
 */
import { formatHex, parseU64, U64_MAX, err, ok, type Result } from "../common";

export type VirtAddr = bigint & { readonly __brand: "VirtAddr" };
export type PhysAddr = number & { readonly __brand: "PhysAddr" };

/** Paging levels, numbered as the SDM's walk counts down: 5 = PML5 … 1 = PT. */
export type Level = 1 | 2 | 3 | 4 | 5;
export type PagingLevels = 4 | 5;

export const LEVEL_TABLE_NAMES: Readonly<Record<Level, string>> = {
  5: "PML5",
  4: "PML4",
  3: "PDPT",
  2: "PD",
  1: "PT",
};
export const LEVEL_ENTRY_NAMES: Readonly<Record<Level, string>> = {
  5: "PML5E",
  4: "PML4E",
  3: "PDPTE",
  2: "PDE",
  1: "PTE",
};

export const PAGE_4K = 4096;
/** 2 MiB, written out so that the type is the literal (and `PageSize` a real union). */
export const PAGE_2M = 2097152;
/** 1 GiB. */
export const PAGE_1G = 1073741824;
export type PageSize = typeof PAGE_4K | typeof PAGE_2M | typeof PAGE_1G;

/**
 * The lowest VA bit of a level's 9-bit table index (SDM vol. 3A Figures 4-8 to 4-10): 12 for the PT,
 * 21 the PD, 30 the PDPT, 39 the PML4, 48 the PML5. The bits below the index of the level where a walk
 * ends are the offset into its page: 12 of them for a 4 KiB page, 21 for 2 MiB, 30 for 1 GiB.
 */
export function indexLowBit(level: Level): number {
  return 12 + 9 * (level - 1);
}

/** Bytes of virtual address space one entry at this level covers: 4 KiB × 512^(level-1). */
export function levelSpan(level: Level): bigint {
  return 1n << BigInt(indexLowBit(level));
}

export function pageSizeName(size: PageSize): string {
  return size === PAGE_4K ? "4 KiB" : size === PAGE_2M ? "2 MiB" : "1 GiB";
}

/** `4K`, `2M`, `1G`: a page size in the columns of `pagewalk mappings`, `reverse` and `diff`. */
export const SIZE_NAMES: Readonly<Record<number, string>> = {
  [PAGE_4K]: "4K",
  [PAGE_2M]: "2M",
  [PAGE_1G]: "1G",
};

/** Virtual-address width for the paging mode: 48 bits (4-level) or 57 bits (5-level, CR4.LA57). */
export function vaBits(levels: PagingLevels): 48 | 57 {
  return levels === 5 ? 57 : 48;
}

/**
 * SDM vol. 3A §4.5: bits 63:48 (63:57 with LA57) must all equal bit 47 (56); otherwise the access
 * is a #GP, not a page fault, and no table is read.
 */
export function isCanonical(va: bigint, levels: PagingLevels): boolean {
  const top = va >> BigInt(vaBits(levels) - 1);
  return top === 0n || top === (1n << BigInt(65 - vaBits(levels))) - 1n;
}

/** Sign-extends the low 48 (or 57) bits, giving the canonical form of an address. */
export function canonicalize(va: bigint, levels: PagingLevels): VirtAddr {
  const bits = BigInt(vaBits(levels));
  const low = va & ((1n << bits) - 1n);
  const negative = (low >> (bits - 1n)) & 1n;
  return (negative ? low | (U64_MAX ^ ((1n << bits) - 1n)) : low) as VirtAddr;
}

/** Wraps any 64-bit value as a virtual address (canonical or not: the walk decides what happens). */
export function virtAddr(value: bigint): VirtAddr {
  if (value < 0n || value > U64_MAX) throw new RangeError(`virtual address out of 64-bit range: ${value}`);
  return value as VirtAddr;
}

/** Checks a physical address against MAXPHYADDR (SDM §4.1.4: at most 52 bits). */
export function physAddr(value: number, maxPhyAddr = 52): PhysAddr {
  if (!Number.isSafeInteger(value) || value < 0 || value >= 2 ** maxPhyAddr) {
    throw new RangeError(`physical address ${value} outside ${maxPhyAddr}-bit range`);
  }
  return value as PhysAddr;
}

/** Parses a VA as typed by a person (hex, `_` allowed). Non-canonical values are accepted: they #GP. */
export function parseVirtAddr(text: string): Result<VirtAddr> {
  const parsed = parseU64(text, "virtual address");
  return parsed.ok ? ok(parsed.value as VirtAddr) : parsed;
}

/** Parses a physical address and checks it fits MAXPHYADDR bits. */
export function parsePhysAddr(text: string, maxPhyAddr = 52): Result<PhysAddr> {
  const parsed = parseU64(text, "physical address");
  if (!parsed.ok) return parsed;
  if (parsed.value >= 1n << BigInt(maxPhyAddr)) {
    return err(
      "out-of-range",
      `Physical address ${text.trim()} is wider than MAXPHYADDR (${maxPhyAddr} bits).`,
    );
  }
  return ok(Number(parsed.value) as PhysAddr);
}

export function formatVirtAddr(va: bigint, separators = false): string {
  return formatHex(va, { separators });
}

export function formatPhysAddr(pa: number, separators = false): string {
  return formatHex(pa, { separators });
}

/** The 9-bit table index a VA selects at a level (SDM §4.5, Figure 4-8/4-9). */
export function indexAt(va: bigint, level: Level): number {
  return Number((va >> BigInt(indexLowBit(level))) & 511n);
}

/** Per-level indices, top level first, plus the offset into the page. */
export interface SplitAddress {
  /** One index per level the walk reads, top first. */
  readonly indices: ReadonlyArray<{ level: Level; index: number }>;
  /** The offset into the page: VA bits `offsetBits - 1`:0. */
  readonly offset: number;
  /** 12, or 21 / 30 when the walk ends at a 2 MiB / 1 GiB leaf. */
  readonly offsetBits: number;
  readonly signExtension: bigint;
}

/**
 * The seed's `split_indices`: the VA cut into sign extension, one index per level, and offset. With
 * `leafLevel` 2 or 3 (the walk ends at a PDE or PDPTE with PS = 1), the indices stop at that level and
 * every bit below its index is the offset into the 2 MiB / 1 GiB page (SDM vol. 3A Figures 4-8 to 4-10).
 */
export function splitIndices(va: bigint, levels: PagingLevels, leafLevel: 1 | 2 | 3 = 1): SplitAddress {
  const indices: { level: Level; index: number }[] = [];
  for (let level = levels; level >= leafLevel; level--)
    indices.push({ level: level, index: indexAt(va, level) });
  const offsetBits = indexLowBit(leafLevel);
  return {
    indices,
    offset: Number(va & ((1n << BigInt(offsetBits)) - 1n)),
    offsetBits,
    signExtension: va >> BigInt(vaBits(levels)),
  };
}

/** Builds a VA from per-level indices (top first) and an offset, in canonical form. */
export function joinIndices(indices: readonly number[], offset: number, levels: PagingLevels): VirtAddr {
  let va = 0n;
  indices.forEach((index, k) => {
    va |= BigInt(index & 511) << BigInt(indexLowBit((levels - k) as Level));
  });
  return canonicalize(va | BigInt(offset & 0xfff), levels);
}

export function isAligned(value: bigint | number, size: PageSize): boolean {
  return typeof value === "bigint" ? value % BigInt(size) === 0n : value % size === 0;
}

export function alignDown(value: number, size: PageSize): number {
  return value - (value % size);
}

export function alignDownVirt(va: bigint, size: PageSize): VirtAddr {
  return (va - (va % BigInt(size))) as VirtAddr;
}

/** Splits a 64-bit value into 32-bit words for the typed-array hot paths (DESIGN §4). */
export function hiWord(value: bigint): number {
  return Number((value >> 32n) & 0xffffffffn);
}
export function loWord(value: bigint): number {
  return Number(value & 0xffffffffn);
}
export function fromWords(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}
