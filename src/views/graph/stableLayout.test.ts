import { describe, expect, it } from "vitest";
import { PAGE_4K, toggleBit, virtAddr } from "../../core/arch";
import { FrameAllocator, Ram } from "../../core/memory";
import { AddressSpace } from "../../core/space";
import { buildTableGraph } from "../../core/inspect";
import { layoutGraph } from "./layout";
import { sameDrawnGraph, stabilizeLayout } from "./stableLayout";

function space() {
  const ram = new Ram(8 << 20);
  const alloc = FrameAllocator.forRange(0x1000, 8 << 20);
  const created = AddressSpace.create(ram, alloc, 4);
  if (!created.ok) throw new Error(created.error.message);
  const s = created.value;
  for (const va of [0x400000n, 0x7f0000000000n, 0xffff800000000000n]) {
    const r = s.map({ va: virtAddr(va), pa: 0x200000, size: PAGE_4K, leafFlags: { writable: true } });
    if (!r.ok) throw new Error(r.error.message);
  }
  return s;
}
const layoutOf = (s: AddressSpace) =>
  layoutGraph(buildTableGraph(s.ram, s.root, 4, { maxPhyAddr: 52, nxe: true }));

describe("stabilizeLayout", () => {
  it("keeps every object of an unchanged layout, and the lists themselves", () => {
    const s = space();
    const first = layoutOf(s);
    const again = stabilizeLayout(first, layoutOf(s));
    expect(again.tables).toBe(first.tables);
    expect(again.links).toBe(first.links);
    expect(again.stacks).toBe(first.stacks);
    expect(again).toBe(first); // the layout object too: whatever is keyed on it stays put
  });

  it("replaces only what an edit changed", () => {
    const s = space();
    const first = layoutOf(s);
    // A new leaf in the PT of 0x400000 changes that PT's run stack and summary only.
    const r = s.map({ va: virtAddr(0x401000n), pa: 0x300000, size: PAGE_4K, leafFlags: {} });
    expect(r.ok).toBe(true);
    const next = stabilizeLayout(first, layoutOf(s));
    const changedTables = next.tables.filter((t, i) => t !== first.tables[i]);
    expect(changedTables.map((t) => t.title)).toEqual([expect.stringMatching(/^PT at/)]);
    expect(next.tables.filter((t) => first.tables.includes(t))).toHaveLength(first.tables.length - 1);
    const changedStacks = next.stacks.filter((st) => !first.stacks.includes(st));
    expect(changedStacks).toHaveLength(1);
    expect(next).not.toBe(first);
  });
});

describe("sameDrawnGraph", () => {
  const graphOf = (s: AddressSpace) => buildTableGraph(s.ram, s.root, 4, { maxPhyAddr: 52, nxe: true });
  /** Toggles bit `bit` of entry `index` of the table at `table`, in a copy of the space's RAM. */
  const toggled = (s: AddressSpace, table: number, index: number, bit: number) => {
    const ram = s.ram.fork();
    const pa = table + index * 8;
    ram.writeEntry(pa, toggleBit(ram.readEntry(pa), bit));
    return buildTableGraph(ram, s.root, 4, { maxPhyAddr: 52, nxe: true });
  };

  it("holds across a pointer's R/W, U/S or XD toggle (not drawn), not across a drawn change", () => {
    const s = space();
    const before = graphOf(s);
    const first = before.edges.find((e) => e.from === s.root);
    if (!first) throw new Error("no PML4 edge");
    for (const bit of [1, 2, 63]) {
      const after = toggled(s, s.root, first.firstIndex, bit);
      expect(after).not.toBe(before);
      expect(sameDrawnGraph(before, after), `bit ${bit}`).toBe(true);
    }
    // A leaf's R/W is drawn (its run's label), and so is a pointer made not present.
    const leaf = before.runs[0];
    if (!leaf) throw new Error("no leaf");
    expect(sameDrawnGraph(before, toggled(s, leaf.table, leaf.firstIndex, 1))).toBe(false);
    expect(sameDrawnGraph(before, toggled(s, s.root, first.firstIndex, 0))).toBe(false);
  });
});
