import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PAGE_2M, PAGE_4K, virtAddr } from "../arch";
import { FrameAllocator, Ram } from "../memory";
import { AddressSpace } from "../space";
import { buildTableGraph, TableScanCache, type TableGraph } from "./table-graph";

/** The graph as plain data (node objects are compared by content, not identity). */
function plain(g: TableGraph): unknown {
  return {
    nodes: g.nodes.map((n) => ({ ...n })),
    edges: g.edges.map((e) => ({ ...e })),
    runs: g.runs.map((r) => ({ ...r })),
    truncated: g.truncated,
    counts: [g.leafCount, g.garbageCount, g.reservedCount],
  };
}

/** 8 MiB of RAM with an empty 4-level address space in it. */
function emptySpace(): { ram: Ram; alloc: FrameAllocator; space: AddressSpace } {
  const ram = new Ram(8 << 20);
  const alloc = FrameAllocator.forRange(0x1000, 8 << 20);
  const created = AddressSpace.create(ram, alloc, 4);
  if (!created.ok) throw new Error(created.error.message);
  return { ram, alloc, space: created.value };
}

describe("TableScanCache", () => {
  it("gives the same graph as a build without it, across forks, edits in place and recycled frames", () => {
    const op = fc.record({
      kind: fc.constantFrom("map4k", "map2m", "unmap", "poke", "fork"),
      page: fc.integer({ min: 0, max: 40 }),
      region: fc.integer({ min: 0, max: 3 }),
      value: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        let ram = new Ram(8 << 20);
        let alloc = FrameAllocator.forRange(0x1000, 8 << 20);
        const created = AddressSpace.create(ram, alloc, 4);
        if (!created.ok) throw new Error(created.error.message);
        const root = created.value.root;
        const cache = new TableScanCache();
        for (const o of ops) {
          const space = new AddressSpace(ram, alloc, root, 4);
          const base = BigInt(o.region) * 0x80_0000_0000n; // a different PML4 slot per region
          if (o.kind === "fork") {
            ram = ram.fork(); // the previous state's frames become immutable (cacheable)
            alloc = alloc.clone();
          } else if (o.kind === "map4k") {
            space.map({
              va: virtAddr(base + BigInt(o.page) * 0x1000n),
              pa: o.page * PAGE_4K,
              size: PAGE_4K,
              leafFlags: { writable: o.page % 2 === 0 },
            });
          } else if (o.kind === "map2m") {
            space.map({
              va: virtAddr(base + 0x4000_0000n + BigInt(o.page) * 0x20_0000n),
              pa: o.page * PAGE_2M,
              size: PAGE_2M,
              leafFlags: {},
            });
          } else if (o.kind === "unmap") {
            space.unmap(virtAddr(base + BigInt(o.page) * 0x1000n), PAGE_4K);
          } else {
            // Write garbage into a table entry in place (the root, or any touched frame).
            const frames = [root / 4096, ...ram.touchedFrames()];
            const pfn = frames[o.page % frames.length] as number;
            ram.writeEntry(pfn * 4096 + (o.page % 512) * 8, o.value);
          }
          const options = { maxPhyAddr: 46, nxe: true };
          const cached = buildTableGraph(ram, root, 4, { ...options, cache });
          const fresh = buildTableGraph(ram, root, 4, options);
          expect(plain(cached)).toEqual(plain(fresh));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a frozen frame has a content key; a frame its RAM may still write has none", () => {
    const ram = new Ram(1 << 20);
    ram.writeEntry(0x1000, 0x2003n);
    expect(ram.frameKey(1)).toBeNull(); // written by this RAM since its last fork
    expect(ram.frameKey(5)).toBe("0"); // never written: the zero frame
    const next = ram.fork();
    const key = next.frameKey(1);
    expect(key).not.toBeNull();
    next.writeEntry(0x1000, 0x3003n);
    expect(next.frameKey(1)).toBeNull();
    expect(ram.frameKey(1)).toBe(key); // the old state still names the old contents
  });

  it("hands the same run objects back for the tables an edit did not touch", () => {
    const made = emptySpace();
    const { alloc, space } = made;
    let ram = made.ram;
    const base = 0x4000_0000n;
    for (let page = 0; page < 8; page++)
      space.map({
        va: virtAddr(base + BigInt(page) * 0x1000n),
        pa: page * 2 * PAGE_4K,
        size: PAGE_4K,
        leafFlags: {},
      });
    space.map({ va: virtAddr(0x80_0000_0000n), pa: 0x40_0000, size: PAGE_2M, leafFlags: {} });
    ram = ram.fork();
    const cache = new TableScanCache();
    const options = { maxPhyAddr: 46, nxe: true, cache };
    const before = buildTableGraph(ram, space.root, 4, options);
    // Unmap one 4 KiB page: its PT changes, the PD holding the 2 MiB page does not.
    const edited = ram.fork();
    new AddressSpace(edited, alloc, space.root, 4).unmap(virtAddr(base), PAGE_4K);
    const after = buildTableGraph(edited.fork(), space.root, 4, options);
    const huge = (g: TableGraph) => g.runs.find((r) => r.pageSize === PAGE_2M);
    expect(huge(after)).toBeDefined();
    expect(huge(after)).toBe(huge(before));
    const small = (g: TableGraph) => g.runs.filter((r) => r.pageSize === PAGE_4K);
    expect(small(after)[0]).not.toBe(small(before)[0]);
  });

  it("after a flag toggle keeps the tables and edges (the same objects) when only runs change, and builds afresh otherwise (property)", () => {
    // Entries that hold flags: pointers in the PML4, PDPT and PD, 2 MiB and 4 KiB leaves.
    const made = emptySpace();
    const space = made.space;
    let ram = made.ram;
    for (let page = 0; page < 6; page++)
      space.map({
        va: virtAddr(0x4000_0000n + BigInt(page) * 0x1000n),
        pa: page * PAGE_4K,
        size: PAGE_4K,
        leafFlags: { writable: true },
      });
    for (let page = 0; page < 4; page++)
      space.map({
        va: virtAddr(0x80_0000_0000n + BigInt(page) * 0x20_0000n),
        pa: page * PAGE_2M,
        size: PAGE_2M,
        leafFlags: { writable: true },
      });
    ram = ram.fork();
    const entries: number[] = []; // addresses of present entries
    for (const pfn of ram.touchedFrames())
      for (let i = 0; i < 512; i++)
        if ((ram.readEntry(pfn * 4096 + i * 8) & 1n) !== 0n) entries.push(pfn * 4096 + i * 8);
    const toggle = fc.record({
      entry: fc.integer({ min: 0, max: entries.length - 1 }),
      bit: fc.constantFrom(0n, 1n, 2n, 5n, 6n, 63n), // P, R/W, U/S, A, D, XD
    });
    let reused = 0;
    let rebuilt = 0;
    fc.assert(
      fc.property(fc.array(toggle, { minLength: 1, maxLength: 12 }), (toggles) => {
        let state = ram.fork();
        const cache = new TableScanCache();
        const options = { maxPhyAddr: 46, nxe: true };
        let before = buildTableGraph(state, space.root, 4, { ...options, cache });
        for (const t of toggles) {
          state = state.fork(); // as the store does: each edit on a fork of the last state
          const addr = entries[t.entry] as number;
          state.writeEntry(addr, state.readEntry(addr) ^ (1n << t.bit));
          const after = buildTableGraph(state, space.root, 4, { ...options, cache });
          expect(plain(after)).toEqual(plain(buildTableGraph(state, space.root, 4, options)));
          if (after.nodes === before.nodes) {
            reused++;
            expect(after.edges).toBe(before.edges);
          } else rebuilt++;
          before = after;
        }
      }),
      { numRuns: 80 },
    );
    // Both ways were taken: leaf flags keep the tables; P bits and pointer flags do not.
    expect(reused).toBeGreaterThan(20);
    expect(rebuilt).toBeGreaterThan(20);
  });
});
