import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Level } from "./address";
import {
  ENTRY_A,
  ENTRY_ADDRESS_HI,
  ENTRY_ADDRESS_LO,
  ENTRY_ADDRESS_MASK,
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
  hasReservedBits,
  indexOfWords,
  isCanonicalWords,
  isLeafAt,
  leafBaseMaskLo,
  leafPageBase,
  levelAllowsHugeLeaf,
  levelOfPageSize,
  nextTableAddress,
  nextTablePfn,
  pageSizeOfLevel,
  reservedHighMask,
  reservedLowBits,
} from "./paging-rules";

const bit = (n: number): bigint => 1n << BigInt(n);
const bits = (hi: number, lo: number): bigint => ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
const words = (raw: bigint): { lo: number; hi: number } => ({
  lo: Number(raw & 0xffffffffn),
  hi: Number(raw >> 32n),
});

/**
 * The reference model: the SDM's tables read literally, on whole 64-bit values (slow and plain),
 * against which the 32-bit word rules are checked.
 */
const reference = {
  isLeaf: (raw: bigint, level: Level): boolean =>
    level === 1 || ((level === 2 || level === 3) && (raw & bit(7)) !== 0n),
  reserved: (raw: bigint, level: Level, maxPhyAddr: number, nxe: boolean): bigint => {
    let mask = 0n;
    if (maxPhyAddr < 52) mask |= bits(51, maxPhyAddr);
    if (!nxe) mask |= bit(63);
    if (level >= 4) mask |= bit(7);
    if (level === 2 && (raw & bit(7)) !== 0n) mask |= bits(20, 13);
    if (level === 3 && (raw & bit(7)) !== 0n) mask |= bits(29, 13);
    return raw & mask;
  },
  target: (raw: bigint, level: Level): bigint => {
    const address = raw & bits(51, 12);
    if (!reference.isLeaf(raw, level) || level === 1) return address;
    return address & ~(level === 2 ? bits(20, 0) : bits(29, 0));
  },
  index: (va: bigint, level: Level): number => Number((va >> BigInt(12 + 9 * (level - 1))) & 511n),
  canonical: (va: bigint, levels: 4 | 5): boolean => {
    const top = va >> BigInt(levels === 5 ? 56 : 47);
    return top === 0n || top === (1n << BigInt(levels === 5 ? 8 : 17)) - 1n;
  },
};

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const level = fc.constantFrom<Level>(1, 2, 3, 4, 5);
// Entries that stress the interesting bits: PS, the huge-page alignment bits, high address bits, XD.
const entry = fc
  .tuple(u64, fc.boolean(), fc.boolean())
  .map(([raw, ps, present]) => (raw & ~(bit(7) | 1n)) | (ps ? bit(7) : 0n) | (present ? 1n : 0n));

describe("entry bits (SDM vol. 3A Tables 4-15 … 4-20)", () => {
  it("name the bits the SDM names", () => {
    expect([ENTRY_P, ENTRY_RW, ENTRY_US, ENTRY_PWT, ENTRY_PCD, ENTRY_A, ENTRY_D, ENTRY_PS, ENTRY_G]).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => 1 << n),
    );
    expect(ENTRY_PAT_HUGE).toBe(1 << 12);
    expect(BigInt(ENTRY_XD_HI) << 32n).toBe(bit(63));
    expect((BigInt(ENTRY_ADDRESS_HI) << 32n) | BigInt(ENTRY_ADDRESS_LO)).toBe(ENTRY_ADDRESS_MASK);
    expect(ENTRY_ADDRESS_MASK).toBe(bits(51, 12));
  });
});

describe("levels", () => {
  it("only PDPTEs and PDEs map huge pages; every PTE is a leaf", () => {
    expect([1, 2, 3, 4, 5].map((l) => levelAllowsHugeLeaf(l as Level))).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
    expect(isLeafAt(0x1000, 1)).toBe(true);
    expect(isLeafAt(0x1080, 1)).toBe(true); // bit 7 is PAT in a PTE
    expect(isLeafAt(0x200083, 2)).toBe(true);
    expect(isLeafAt(0x200003, 2)).toBe(false);
    expect(isLeafAt(0x40000083, 3)).toBe(true);
    expect(isLeafAt(0x1083, 4)).toBe(false); // PS in a PML4E is reserved, not a leaf
    expect(isLeafAt(0x1083, 5)).toBe(false);
  });

  it("page sizes per level, and back", () => {
    expect([1, 2, 3].map((l) => pageSizeOfLevel(l as 1 | 2 | 3))).toEqual([4096, 2097152, 1073741824]);
    for (const l of [1, 2, 3] as const) expect(levelOfPageSize(pageSizeOfLevel(l))).toBe(l);
    expect([1, 2, 3].map((l) => leafBaseMaskLo(l as 1 | 2 | 3) >>> 0)).toEqual([
      0xfffff000, 0xffe00000, 0xc0000000,
    ]);
  });

  it("leaf tests agree with the reference on any entry and level", () => {
    fc.assert(
      fc.property(entry, level, (raw, l) => {
        expect(isLeafAt(words(raw).lo, l)).toBe(reference.isLeaf(raw, l));
      }),
    );
  });
});

describe("where an entry points", () => {
  it("tables and pages, with the huge page's low bits cleared", () => {
    expect(nextTableAddress(0x2003, 0)).toBe(0x2000);
    expect(nextTableAddress(0xfffff003, 0xfffff)).toBe(0x000f_ffff_ffff_f000);
    expect(nextTablePfn(0x2003, 0x1)).toBe(0x100002);
    expect(leafPageBase(0x20_1083, 0, 2)).toBe(0x20_0000);
    expect(leafPageBase(0x7fe0_0083, 0x12, 3)).toBe(0x12_4000_0000);
  });

  it("agree with the reference, signed or unsigned words", () => {
    fc.assert(
      fc.property(entry, level, (raw, l) => {
        const { lo, hi } = words(raw);
        const expected = Number(reference.target(raw, l));
        const got = isLeafAt(lo, l) ? leafPageBase(lo, hi, l as 1 | 2 | 3) : nextTableAddress(lo, hi);
        expect(got).toBe(expected);
        const signed = isLeafAt(lo | 0, l)
          ? leafPageBase(lo | 0, hi | 0, l as 1 | 2 | 3)
          : nextTableAddress(lo | 0, hi | 0);
        expect(signed).toBe(expected);
        if (!isLeafAt(lo, l)) expect(nextTablePfn(lo, hi) * 4096).toBe(expected);
      }),
    );
  });
});

describe("reserved bits (SDM §4.5, §4.6.1 RSVD)", () => {
  it("the high word: address bits beyond MAXPHYADDR, and XD without NXE", () => {
    expect(reservedHighMask(52, true)).toBe(0);
    expect(reservedHighMask(52, false)).toBe(ENTRY_XD_HI | 0);
    expect(reservedHighMask(46, true)).toBe(0xfc000);
    expect(reservedHighMask(36, true)).toBe(0xffff0);
  });

  it("the low word: PS in a PML4E/PML5E, a huge page's alignment bits", () => {
    expect(reservedLowBits(0x83, 4)).toBe(ENTRY_PS);
    expect(reservedLowBits(0x83, 5)).toBe(ENTRY_PS);
    expect(reservedLowBits(0x83, 1)).toBe(0); // PAT
    expect(reservedLowBits(0x20_1083, 2)).toBe(0); // bit 12 is PAT
    expect(reservedLowBits(0x20_3083, 2)).toBe(0x2000);
    expect(reservedLowBits(0x4000_2003, 3)).toBe(0); // a pointer: the low bits are address
    expect(reservedLowBits(0x4020_0083, 3)).toBe(0x20_0000);
  });

  it("agree with the reference for every MAXPHYADDR and NXE", () => {
    fc.assert(
      fc.property(entry, level, fc.integer({ min: 36, max: 52 }), fc.boolean(), (raw, l, maxPa, nxe) => {
        const { lo, hi } = words(raw);
        const expected = reference.reserved(raw, l, maxPa, nxe) !== 0n;
        expect(hasReservedBits(lo, hi, l, reservedHighMask(maxPa, nxe))).toBe(expected);
        expect(hasReservedBits(lo | 0, hi | 0, l, reservedHighMask(maxPa, nxe))).toBe(expected);
      }),
    );
  });
});

describe("the virtual address (SDM §4.5, Figures 4-8/4-9)", () => {
  it("indices and canonical form agree with the reference", () => {
    fc.assert(
      fc.property(u64, (va) => {
        const { lo, hi } = words(va);
        for (const l of [1, 2, 3, 4, 5] as const)
          expect(indexOfWords(hi, lo, l)).toBe(reference.index(va, l));
        expect(isCanonicalWords(hi | 0, 4)).toBe(reference.canonical(va, 4));
        expect(isCanonicalWords(hi | 0, 5)).toBe(reference.canonical(va, 5));
      }),
    );
  });
});
