import { describe, expect, it } from "vitest";
import { PAGE_2M, encodeEntry, type Level, type PhysAddr } from "../../core/arch";
import { buildTableGraph } from "../../core/inspect";
import { Ram } from "../../core/memory";
import { layoutGraph } from "./layout";
import { formatVaRange, tableVaRanges } from "./vaRanges";

const opts = { maxPhyAddr: 46, nxe: true };
const ptr = (ram: Ram, from: number, index: number, to: number, level: Level): void =>
  ram.writeEntry(from + index * 8, encodeEntry(level, to, { writable: true }, false));

/** The direct map's first GiB as Linux builds it: PML4[273] → PDPT, PDPT[0] → PD of 2 MiB pages. */
function directMap(): Ram {
  const ram = new Ram(1024 * 1024);
  ptr(ram, 0x1000, 273, 0x2000, 4);
  ptr(ram, 0x2000, 0, 0x3000, 3);
  for (let i = 0; i < 4; i++)
    ram.writeEntry(0x3000 + i * 8, encodeEntry(2, i * PAGE_2M, { writable: true }, true));
  ptr(ram, 0x1000, 1, 0x4000, 4); // a user-half PDPT
  return ram;
}

describe("the VA range each table covers", () => {
  it("sign-extends the kernel half and narrows by each entry's span", () => {
    const graph = buildTableGraph(directMap(), 0x1000 as PhysAddr, 4, opts);
    const text = (addr: number): string => {
      const range = tableVaRanges(graph).get(addr);
      return range === undefined ? "none" : formatVaRange(range, 4);
    };
    expect(text(0x1000)).toBe("00000000_00000000–ffffffff_ffffffff");
    expect(text(0x2000)).toBe("ffff8880_00000000–ffff88ff_ffffffff");
    expect(text(0x3000)).toBe("ffff8880_00000000–ffff8880_3fffffff");
    expect(text(0x4000)).toBe("00000080_00000000–000000ff_ffffffff");
  });

  it("a table reached through several entries covers from its first to its last", () => {
    const ram = new Ram(1024 * 1024);
    for (let i = 2; i <= 3; i++) ptr(ram, 0x1000, i, 0x2000, 4);
    const graph = buildTableGraph(ram, 0x1000 as PhysAddr, 4, opts);
    const range = tableVaRanges(graph).get(0x2000);
    expect(range && formatVaRange(range, 4)).toBe("00000100_00000000–000001ff_ffffffff");
  });

  it("with 5-level paging the PML5's entries span 256 TiB each", () => {
    const ram = new Ram(1024 * 1024);
    ptr(ram, 0x1000, 511, 0x2000, 5);
    const graph = buildTableGraph(ram, 0x1000 as PhysAddr, 5, opts);
    const range = tableVaRanges(graph).get(0x2000);
    expect(range && formatVaRange(range, 5)).toBe("ffff0000_00000000–ffffffff_ffffffff");
  });

  it("the layout shows each table's range, and each run's VA → PA and first VA", () => {
    const layout = layoutGraph(buildTableGraph(directMap(), 0x1000 as PhysAddr, 4, opts));
    expect(layout.tableByAddr.get(0x3000)?.vaRange).toBe("ffff8880_00000000–ffff8880_3fffffff");
    const [stack] = layout.stacks;
    expect(stack?.labels).toEqual(["PD[0–3] → 4 × 2 MiB, RW"]);
    expect(stack?.mappings).toEqual(["VA ffff8880_00000000–ffff8880_007fffff → PA 0x0–0x7fffff"]);
    expect(stack?.firstVas).toEqual([0xffff888000000000n]);
  });
});
