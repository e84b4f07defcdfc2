import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  alignDown,
  alignDownVirt,
  canonicalize,
  formatPhysAddr,
  formatVirtAddr,
  fromWords,
  hiWord,
  indexAt,
  isAligned,
  isCanonical,
  joinIndices,
  levelSpan,
  loWord,
  PAGE_1G,
  PAGE_2M,
  PAGE_4K,
  pageSizeName,
  parsePhysAddr,
  parseVirtAddr,
  physAddr,
  splitIndices,
  vaBits,
  virtAddr,
} from "./address";
import { pageSizeOfLevel } from "./paging-rules";

describe("canonical addresses", () => {
  it("4-level: bits 63:48 must equal bit 47", () => {
    expect(vaBits(4)).toBe(48);
    expect(isCanonical(0n, 4)).toBe(true);
    expect(isCanonical(0x0000_7fff_ffff_ffffn, 4)).toBe(true);
    expect(isCanonical(0x0000_8000_0000_0000n, 4)).toBe(false);
    expect(isCanonical(0xffff_7fff_ffff_ffffn, 4)).toBe(false);
    expect(isCanonical(0xffff_8000_0000_0000n, 4)).toBe(true);
    expect(isCanonical(0xffff_ffff_ffff_ffffn, 4)).toBe(true);
    expect(isCanonical(0x0001_0000_0000_0000n, 4)).toBe(false);
    expect(isCanonical(0x8000_0000_0000_0000n, 4)).toBe(false);
    expect(isCanonical(0xfffe_8000_0000_0000n, 4)).toBe(false);
  });

  it("5-level: bits 63:57 must equal bit 56", () => {
    expect(vaBits(5)).toBe(57);
    expect(isCanonical(0x00ff_ffff_ffff_ffffn, 5)).toBe(true);
    expect(isCanonical(0x0000_8000_0000_0000n, 5)).toBe(true); // non-canonical for 4-level
    expect(isCanonical(0x0100_0000_0000_0000n, 5)).toBe(false);
    expect(isCanonical(0xff00_0000_0000_0000n, 5)).toBe(true);
    expect(isCanonical(0xfeff_ffff_ffff_ffffn, 5)).toBe(false);
    expect(isCanonical(0xff11_0000_0000_0000n, 5)).toBe(true); // Linux LA57 direct map
    expect(isCanonical(0xff11_0000_0000_0000n, 4)).toBe(false);
  });

  it("canonicalize sign-extends the low 48/57 bits", () => {
    expect(canonicalize(0x0000_8000_0000_0000n, 4)).toBe(0xffff_8000_0000_0000n);
    expect(canonicalize(0x1234_7fff_ffff_f000n, 4)).toBe(0x0000_7fff_ffff_f000n);
    expect(canonicalize(0x0200_0000_0000_0000n, 5)).toBe(0n);
    expect(canonicalize(0x0100_0000_0000_0000n, 5)).toBe(0xff00_0000_0000_0000n);
    expect(canonicalize(0x0080_0000_0000_0000n, 5)).toBe(0x0080_0000_0000_0000n);
    for (const va of [0n, 0x803fe7f5cen, 0xffff_8000_0000_0000n]) expect(canonicalize(va, 4)).toBe(va);
  });

  it("virtAddr keeps non-canonical values but refuses values outside 64 bits", () => {
    expect(virtAddr(0x8000_0000_0000_0000n)).toBe(0x8000_0000_0000_0000n);
    expect(() => virtAddr(-1n)).toThrow(RangeError);
    expect(() => virtAddr(1n << 64n)).toThrow(RangeError);
  });
});

describe("parsing and printing addresses", () => {
  it("parseVirtAddr accepts non-canonical values (they #GP) and refuses junk", () => {
    const nc = parseVirtAddr("0x8000_0000_0000");
    expect(nc).toEqual({ ok: true, value: 0x8000_0000_0000n });
    expect(parseVirtAddr("0xfffff_ffff_ffff_ffff").ok).toBe(false);
    expect(parseVirtAddr("xyz").ok).toBe(false);
  });

  it("parsePhysAddr checks MAXPHYADDR", () => {
    expect(parsePhysAddr("0x7f_ffff_f000", 39)).toEqual({ ok: true, value: 0x7f_ffff_f000 });
    const wide = parsePhysAddr("0x80_0000_0000", 39);
    expect(wide.ok).toBe(false);
    if (!wide.ok) expect(wide.error.kind).toBe("out-of-range");
    expect(parsePhysAddr("0xf_ffff_ffff_ffff").ok).toBe(true); // 52 bits by default
    expect(parsePhysAddr("0x10_0000_0000_0000").ok).toBe(false);
  });

  it("physAddr range-checks", () => {
    expect(physAddr(0x1000)).toBe(0x1000);
    expect(() => physAddr(2 ** 52)).toThrow(RangeError);
    expect(() => physAddr(2 ** 39, 39)).toThrow(RangeError);
    expect(() => physAddr(-4096)).toThrow(RangeError);
    expect(() => physAddr(1.5)).toThrow(RangeError);
  });

  it("formats both kinds in hex", () => {
    expect(formatVirtAddr(0xffff_8000_0000_0000n)).toBe("0xffff800000000000");
    expect(formatVirtAddr(0xffff_8000_0000_0000n, true)).toBe("0xffff_8000_0000_0000");
    expect(formatPhysAddr(0x35ce)).toBe("0x35ce");
    expect(formatPhysAddr(0x1_0000_0000, true)).toBe("0x1_0000_0000");
  });
});

describe("index split and join", () => {
  it("the worked example: 0x803fe7f5ce = PML4 1, PDPT 0, PD 511, PT 127, offset 0x5ce", () => {
    const va = 0x803fe7f5cen;
    expect([4, 3, 2, 1].map((l) => indexAt(va, l as 1 | 2 | 3 | 4))).toEqual([1, 0, 511, 127]);
    const split = splitIndices(va, 4);
    expect(split.indices).toEqual([
      { level: 4, index: 1 },
      { level: 3, index: 0 },
      { level: 2, index: 511 },
      { level: 1, index: 127 },
    ]);
    expect(split.offset).toBe(0x5ce);
    expect(split.signExtension).toBe(0n);
    expect(joinIndices([1, 0, 511, 127], 0x5ce, 4)).toBe(va);
  });

  it("bit ranges: 47:39, 38:30, 29:21, 20:12 and 56:48 for PML5", () => {
    expect(indexAt(1n << 39n, 4)).toBe(1);
    expect(indexAt((1n << 39n) - 1n, 4)).toBe(0);
    expect(indexAt(511n << 30n, 3)).toBe(511);
    expect(indexAt(0x1ffn << 21n, 2)).toBe(511);
    expect(indexAt(0x1000n, 1)).toBe(1);
    expect(indexAt(0xfffn, 1)).toBe(0);
    expect(indexAt(0x0200_0000_0000_0000n - 1n, 5)).toBe(511);
    expect(indexAt(0x0100_0000_0000_0000n - 1n, 5)).toBe(255);
    expect(indexAt(1n << 48n, 5)).toBe(1);
    expect(indexAt(1n << 48n, 4)).toBe(0);
  });

  it("splits the sign extension off and joins back to the canonical form", () => {
    const va = 0xffff_8000_0000_1234n;
    const s = splitIndices(va, 4);
    expect(s.indices.map((i) => i.index)).toEqual([256, 0, 0, 1]);
    expect(s.offset).toBe(0x234);
    expect(s.signExtension).toBe(0xffffn);
    expect(joinIndices([256, 0, 0, 1], 0x234, 4)).toBe(va);
    const s5 = splitIndices(0xff11_0000_0000_0000n, 5);
    expect(s5.indices.map((i) => i.index)).toEqual([0x111, 0, 0, 0, 0]);
    expect(s5.signExtension).toBe(0x7fn);
    expect(joinIndices([0x111, 0, 0, 0, 0], 0, 5)).toBe(0xff11_0000_0000_0000n);
  });

  it("a walk that ends at a 2 MiB or 1 GiB leaf: the indices stop there, the bits below are the offset", () => {
    const va = 0xffff_ffff_8118_65a0n; // Linux's kernel text, a 2 MiB page
    const two = splitIndices(va, 4, 2);
    expect(two.indices).toEqual([
      { level: 4, index: 511 },
      { level: 3, index: 510 },
      { level: 2, index: 8 },
    ]);
    expect(two.offset).toBe(0x1865a0);
    expect(two.offsetBits).toBe(21);
    const one = splitIndices(va, 4, 3);
    expect(one.indices.map((i) => i.level)).toEqual([4, 3]);
    expect(one.offset).toBe(0x011865a0);
    expect(one.offsetBits).toBe(30);
    expect(splitIndices(va, 4).offsetBits).toBe(12);
  });

  it("any split puts every VA bit below the sign in exactly one field (reference: the bits as text)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.constantFrom(4 as const, 5 as const),
        fc.constantFrom(1 as const, 2 as const, 3 as const),
        (va, levels, leafLevel) => {
          const split = splitIndices(va, levels, leafLevel);
          const bits = va.toString(2).padStart(64, "0"); // bits[0] is bit 63
          const field = (hi: number, lo: number): number => parseInt(bits.slice(63 - hi, 64 - lo), 2);
          const top = vaBits(levels);
          expect(split.indices.map((i) => i.level)).toEqual(
            Array.from({ length: levels - leafLevel + 1 }, (_, k) => levels - k),
          );
          for (const { level, index } of split.indices) {
            const lo = 12 + 9 * (level - 1);
            expect(index).toBe(field(lo + 8, lo));
          }
          const lowestIndexBit = 12 + 9 * (leafLevel - 1);
          expect(split.offsetBits).toBe(lowestIndexBit);
          expect(split.offset).toBe(field(lowestIndexBit - 1, 0));
          expect(split.signExtension).toBe(BigInt("0b" + bits.slice(0, 64 - top)));
        },
      ),
    );
  });

  it("join then split round-trips for every index position", () => {
    for (const levels of [4, 5] as const) {
      for (let k = 0; k < levels; k++) {
        for (const index of [0, 1, 255, 256, 510, 511]) {
          const indices = new Array<number>(levels).fill(7);
          indices[k] = index;
          const va = joinIndices(indices, 0xabc, levels);
          expect(isCanonical(va, levels)).toBe(true);
          expect(splitIndices(va, levels).indices.map((i) => i.index)).toEqual(indices);
          expect(splitIndices(va, levels).offset).toBe(0xabc);
        }
      }
    }
  });
});

describe("page sizes and alignment", () => {
  it("levels map to page sizes and spans", () => {
    expect(pageSizeOfLevel(1)).toBe(PAGE_4K);
    expect(pageSizeOfLevel(2)).toBe(PAGE_2M);
    expect(pageSizeOfLevel(3)).toBe(PAGE_1G);
    expect(levelSpan(1)).toBe(4096n);
    expect(levelSpan(2)).toBe(2n ** 21n);
    expect(levelSpan(3)).toBe(2n ** 30n);
    expect(levelSpan(4)).toBe(2n ** 39n);
    expect(levelSpan(5)).toBe(2n ** 48n);
    expect(pageSizeName(PAGE_2M)).toBe("2 MiB");
  });

  it("isAligned and alignDown for numbers and bigints", () => {
    expect(isAligned(0x200000, PAGE_2M)).toBe(true);
    expect(isAligned(0x201000, PAGE_2M)).toBe(false);
    expect(isAligned(0xffff_ffff_c000_0000n, PAGE_1G)).toBe(true);
    expect(isAligned(0xffff_ffff_c000_1000n, PAGE_1G)).toBe(false);
    expect(isAligned(0x1000n, PAGE_4K)).toBe(true);
    expect(alignDown(0x3fffff, PAGE_2M)).toBe(0x200000);
    expect(alignDown(2 ** 40 + 5, PAGE_4K)).toBe(2 ** 40);
    expect(alignDownVirt(0xffff_8000_3fff_ffffn, PAGE_1G)).toBe(0xffff_8000_0000_0000n);
  });

  it("splits 64-bit values into 32-bit words and back", () => {
    const v = 0xffff_8000_1234_5678n;
    expect(hiWord(v)).toBe(0xffff8000);
    expect(loWord(v)).toBe(0x12345678);
    expect(fromWords(hiWord(v), loWord(v))).toBe(v);
    expect(fromWords(-1, -1)).toBe(0xffff_ffff_ffff_ffffn); // signed int32 words are taken as unsigned
  });
});
