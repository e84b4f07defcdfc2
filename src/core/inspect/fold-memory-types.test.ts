import { describe, expect, it } from "vitest";
import { Ram } from "../memory";
import { DEFAULT_REGISTERS } from "../arch";
import { trustedResolver } from "../memtype";
import { foldRanges } from "./fold-ranges";
import { listLeaves } from "./leaf-list";
import { ALL_MAPPINGS, filterMappings } from "./mapping-filter";

// PML4 0x1000 → PDPT 0x2000 → PD 0x3000 → PT 0x4000; PT[0..3] map frames 0x10000.. with equal rights,
// PT[2] with PCD = 1 (PAT index 2: UC- with the power-on PAT).
function machine(): Ram {
  const ram = new Ram(1 << 20);
  ram.writeEntry(0x1000, 0x2003n);
  ram.writeEntry(0x2000, 0x3003n);
  ram.writeEntry(0x3000, 0x4003n);
  for (let i = 0; i < 4; i++)
    ram.writeEntry(0x4000 + 8 * i, BigInt(0x10003 + i * 0x1000) | (i === 2 ? 0x10n : 0n));
  return ram;
}

describe("foldRanges with memory types", () => {
  const regs = { ...DEFAULT_REGISTERS, cr3: 0x1000 };

  it("without them, one range of four pages and no type", () => {
    const ranges = foldRanges(machine(), regs).ranges.toArray();
    expect(ranges.map((r) => [r.pages, r.memoryType])).toEqual([[4, null]]);
  });

  it("with them, the UC- page splits the range and each range has its type", () => {
    const ranges = foldRanges(machine(), regs, { memoryTypes: trustedResolver() }).ranges.toArray();
    expect(ranges.map((r) => [r.start, r.pages, r.memoryType])).toEqual([
      [0x0n, 2, "WB"],
      [0x2000n, 1, "UC-"],
      [0x3000n, 1, "WB"],
    ]);
  });

  it("filterMappings (the Mappings panel's fold) splits and types ranges the same way", () => {
    const list = listLeaves(machine(), regs).list;
    const typed = (filter = ALL_MAPPINGS) =>
      filterMappings(list, filter, trustedResolver())
        .ranges.toArray()
        .map((r) => [r.start, r.pages, r.memoryType]);
    expect(typed()).toEqual([
      [0x0n, 2, "WB"],
      [0x2000n, 1, "UC-"],
      [0x3000n, 1, "WB"],
    ]);
    // A filter every leaf passes folds the same; without a resolver, one untyped range.
    expect(typed({ ...ALL_MAPPINGS, writable: true })).toEqual(typed());
    expect(
      filterMappings(list, ALL_MAPPINGS)
        .ranges.toArray()
        .map((r) => [r.pages, r.memoryType]),
    ).toEqual([[4, null]]);
  });
});
