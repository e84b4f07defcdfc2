/**
 * The fast translator's caches on address spaces with many page tables: copies are made as walks
 * need them, the array holding them grows, and past its limit it starts over — the answers never
 * change (the property tests compare it with the traced walk on random tables).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ENTRY_ADDRESS_HI,
  ENTRY_P,
  ENTRY_PS,
  ENTRY_RW,
  ENTRY_US,
  PAGE_4K,
  leafBaseMaskLo,
  pageSizeOfLevel,
  reservedLowBits,
  virtAddr,
  CR0,
  CR4,
  EFER,
  type Registers,
} from "../arch";
import { AddressSpace } from "../space";
import { FrameAllocator, Ram } from "../memory";
import {
  createFastTranslator,
  NO_TRANSLATION,
  resultPageSize,
  resultPaHi,
  resultPerm,
  TRANSLATOR_LITERALS,
} from "./translate-fast";

const MiB = 1024 * 1024;

/** One 4 KiB page in each of `tables` consecutive 2 MiB slices: one page table each. */
function spreadOut(tables: number): { ram: Ram; regs: Registers; vaOf: (k: number) => number } {
  const ram = new Ram(64 * MiB);
  const created = AddressSpace.create(ram, FrameAllocator.forRange(MiB, 64 * MiB), 4);
  if (!created.ok) throw new Error(created.error.message);
  const space = created.value;
  const vaOf = (k: number): number => 0x4000_0000 + k * 2 * MiB + (k % 511) * PAGE_4K; // never the last page: the next one stays in the slice
  for (let k = 0; k < tables; k++) {
    const r = space.map({
      va: virtAddr(BigInt(vaOf(k))),
      pa: k * PAGE_4K,
      size: PAGE_4K,
      leafFlags: { writable: k % 2 === 0, user: true },
    });
    if (!r.ok) throw new Error(r.error.message);
  }
  const regs: Registers = {
    cr0: CR0.PG | CR0.WP | CR0.PE,
    cr3: space.root,
    cr4: CR4.PAE,
    efer: EFER.LME | EFER.LMA | EFER.NXE,
    pkru: 0,
    rflags: 0,
    maxPhyAddr: 46,
  };
  return { ram, regs, vaOf };
}

function expectAll(tables: number, passes: number): void {
  const { ram, regs, vaOf } = spreadOut(tables);
  const fast = createFastTranslator(ram, regs);
  for (let pass = 0; pass < passes; pass++) {
    for (let k = 0; k < tables; k++) {
      const va = vaOf(k);
      const result = fast.translateWords(Math.floor(va / 2 ** 32), va | 0);
      expect(result, `VA 0x${va.toString(16)}`).not.toBe(NO_TRANSLATION);
      expect(fast.paLo >>> 0).toBe(k * PAGE_4K + (va % PAGE_4K));
      expect(resultPaHi(result)).toBe(0);
      expect(resultPageSize(result)).toBe(PAGE_4K);
      expect(resultPerm(result) & 1).toBe(k % 2 === 0 ? 1 : 0); // PERM_WRITE
      // The next page of the slice is not mapped: the same copy of the table answers "faults".
      expect(fast.translateWords(Math.floor(va / 2 ** 32), (va + PAGE_4K) | 0)).toBe(NO_TRANSLATION);
    }
  }
}

describe("fast translator with many page tables", () => {
  it("keeps copies of hundreds of page tables (its array grows)", () => {
    expectAll(600, 2);
  });

  it("starts over when more page tables are in use than it keeps copies of", () => {
    expectAll(4200, 2);
  });
});

describe("the literals of the unrolled walk", () => {
  it("equal the shared paging rules", () => {
    const allLow = 0xffffffff; // every low-word bit set, PS included
    expect(TRANSLATOR_LITERALS).toEqual({
      presentAndPageSize: ENTRY_P | ENTRY_PS,
      pageSize: ENTRY_PS,
      presentWritableUser: ENTRY_P | ENTRY_RW | ENTRY_US,
      addressHigh: ENTRY_ADDRESS_HI,
      reserved1GiBLow: reservedLowBits(allLow, 3),
      reserved2MiBLow: reservedLowBits(allLow, 2),
      base1GiBLow: leafBaseMaskLo(3),
      base2MiBLow: leafBaseMaskLo(2),
      slice2MiBOf1GiB: pageSizeOfLevel(3) - pageSizeOfLevel(2),
      offset4KiB: pageSizeOfLevel(1) - 1,
      offset2MiBAbove4KiB: pageSizeOfLevel(2) - pageSizeOfLevel(1),
      ptIndexWords: 511 << 1,
      emptyTag: 0x40000000,
      word: 0xffffffff,
    });
  });

  it("are the only hex numbers in the translator's code", () => {
    const source = readFileSync(join(process.cwd(), "src", "core", "walk", "translate-fast.ts"), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "") // block comments
      .replace(/\/\/.*$/gm, ""); // line comments
    const known = new Set<number>(Object.values(TRANSLATOR_LITERALS));
    const literals = source.match(/\b0x[0-9a-f_]+\b/gi) ?? [];
    expect(literals.length).toBeGreaterThan(10);
    for (const literal of literals) expect(known, literal).toContain(Number(literal.replace(/_/g, "")));
  });
});
