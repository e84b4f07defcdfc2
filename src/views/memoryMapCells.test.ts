import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeEntry, PAGE_4K, type PhysAddr, type VirtAddr } from "../core/arch";
import { FrameAllocator, Ram } from "../core/memory";
import { AddressSpace } from "../core/space";
import { buildTableGraph } from "../core/inspect";
import { buildMemoryMap, describeCell, graphSignature, sameInputsAsBefore } from "./memoryMapCells";

const MiB = 1024 * 1024;

function machine(): Ram {
  const ram = new Ram(4 * MiB); // 1024 frames
  ram.writeEntry(0x1000, encodeEntry(4, 0x2000, { writable: true }, false));
  ram.writeEntry(0x2000, encodeEntry(3, 0x3000, { writable: true }, false));
  ram.writeEntry(0x3000, encodeEntry(2, 0x4000, { writable: true }, false));
  ram.writeEntry(0x4000, encodeEntry(1, 0x10_0000, { writable: true }, true));
  ram.writeEntry(0x4008, encodeEntry(1, 0x10_1000, { writable: true }, true));
  ram.writeEntry(0x20_0000, 0x1234n); // data nobody maps
  return ram;
}

describe("buildMemoryMap", () => {
  it("one cell per frame when RAM fits; tables beat mapped beats allocated beats touched", () => {
    const ram = machine();
    const graph = buildTableGraph(ram, 0x1000 as PhysAddr, 4, { maxPhyAddr: 46, nxe: true });
    const model = buildMemoryMap({
      frameCount: ram.frameCount,
      isTouched: (pfn) => ram.isTouched(pfn),
      graph,
      allocator: { firstPfn: 1, endPfn: 64, nextPfn: 8, freePfns: [6] },
    });
    expect(model.framesPerCell).toBe(1);
    expect(model.cells).toHaveLength(1024);
    const kinds = model.cells.slice(0, 9).map((c) => c.kind + (c.level ?? ""));
    expect(kinds).toEqual([
      "free",
      "table4",
      "table3",
      "table2",
      "table1",
      "allocated",
      "free",
      "allocated",
      "free",
    ]);
    expect(model.cells[0x100]?.kind).toBe("mapped"); // mapped, all zero
    ram.writeEntry(0x10_1000, 1n);
    const withData = buildMemoryMap({
      frameCount: ram.frameCount,
      isTouched: (pfn) => ram.isTouched(pfn),
      graph,
    });
    expect(withData.cells[0x101]?.kind).toBe("data");
    expect(model.cells[0x102]?.kind).toBe("free");
    expect(model.cells[0x200]?.kind).toBe("touched");
    expect(model.totals.tablesByLevel).toEqual({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 0 });
    expect(describeCell(model.cells[1]!)).toBe("Frame 0x1000: PML4");
    expect(describeCell(model.cells[0x200]!)).toBe("Frame 0x200000: holds data (not mapped)");
  });

  it("groups frames in powers of two for large RAM and counts per cell", () => {
    const ram = machine();
    const graph = buildTableGraph(ram, 0x1000 as PhysAddr, 4, { maxPhyAddr: 46, nxe: true });
    const model = buildMemoryMap({
      frameCount: ram.frameCount,
      isTouched: (pfn) => ram.isTouched(pfn),
      graph,
      maxCells: 100,
    });
    expect(model.framesPerCell).toBe(16);
    expect(model.cells).toHaveLength(64);
    expect(model.cells[0]).toMatchObject({ kind: "table", level: 4, tables: 4, touched: 4, tablePfn: 1 });
    expect(model.cells[16]).toMatchObject({ kind: "mapped", mapped: 2 });
    expect(describeCell(model.cells[0]!)).toBe("Frames 0x0–0xffff (16): 4 tables (top PML4), 4 touched");
  });

  it("accepts mapped frames as a set or a test", () => {
    const ram = new Ram(MiB);
    const set = buildMemoryMap({
      frameCount: ram.frameCount,
      isTouched: () => false,
      mapped: new Set([0x5000]),
    });
    expect(set.cells[5]?.kind).toBe("mapped");
    const test = buildMemoryMap({
      frameCount: ram.frameCount,
      isTouched: () => false,
      mapped: (pa) => pa === 0x7000,
    });
    expect(test.cells[7]?.kind).toBe("mapped");
    expect(test.totals.mapped).toBe(1);
  });
});

describe("touched frames given as a list", () => {
  it("count the same as asking frame by frame", () => {
    const touched = new Set([0, 1, 2, 63, 64, 700, 4095]);
    const byCallback = buildMemoryMap({ frameCount: 4096, isTouched: (pfn) => touched.has(pfn) });
    const byList = buildMemoryMap({ frameCount: 4096, isTouched: () => false, touchedFrames: [...touched] });
    expect(byList.cells.map((c) => c.touched)).toEqual(byCallback.cells.map((c) => c.touched));
    expect(byList.totals).toEqual(byCallback.totals);
  });
});

describe("the legend's frame counts", () => {
  /** A machine made by mapping random pages (real tables from the allocator), with data here and there. */
  const machineArb = fc.record({
    pages: fc.array(
      fc.record({ vaPage: fc.integer({ min: 0, max: 1 << 20 }), pfn: fc.integer({ min: 0, max: 1023 }) }),
      {
        maxLength: 40,
      },
    ),
    writes: fc.array(fc.integer({ min: 0, max: 1023 }), { maxLength: 20 }),
    unmapFirst: fc.boolean(),
  });

  it("add up to the RAM's frames, match a frame-by-frame count, and do not change when cells group frames", () => {
    fc.assert(
      fc.property(machineArb, ({ pages, writes, unmapFirst }) => {
        const ram = new Ram(4 * MiB); // 1024 frames
        const alloc = FrameAllocator.forRange(0x8_0000, 0x10_0000);
        const space = AddressSpace.create(ram, alloc, 4);
        if (!space.ok) throw new Error(space.error.message);
        for (const { vaPage, pfn } of pages)
          space.value.map({
            va: BigInt(vaPage * 4096) as VirtAddr,
            pa: pfn * 4096,
            size: PAGE_4K,
            leafFlags: {},
          });
        // Unmapping may give an emptied table back to the allocator: a frame allocated, then freed.
        const first = pages[0];
        if (unmapFirst && first) space.value.unmap(BigInt(first.vaPage * 4096) as VirtAddr, PAGE_4K);
        for (const pfn of writes) ram.writeEntry(pfn * 4096, 0xabn);
        const graph = buildTableGraph(ram, space.value.root, 4, { maxPhyAddr: 46, nxe: true });
        const input = {
          frameCount: ram.frameCount,
          isTouched: (pfn: number) => ram.isTouched(pfn),
          allocator: alloc.state(),
          graph,
        };
        // One frame per cell: the cells' kinds are the frame-by-frame reference.
        const single = buildMemoryMap({ ...input, maxCells: 1024 });
        expect(single.framesPerCell).toBe(1);
        const { tablesByLevel: _levels, ...byCell } = single.totals;
        expect(single.frameTotals).toEqual(byCell);
        const sum = Object.values(single.frameTotals).reduce((a, b) => a + b, 0);
        expect(sum).toBe(ram.frameCount);
        for (const maxCells of [256, 64, 8]) {
          const grouped = buildMemoryMap({ ...input, maxCells });
          expect(grouped.framesPerCell).toBeGreaterThan(1);
          expect(grouped.frameTotals).toEqual(single.frameTotals);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("sameInputsAsBefore (a map kept across edits that change nothing it shows)", () => {
  const graphOf = (ram: Ram) => buildTableGraph(ram, 0x1000 as PhysAddr, 4, { maxPhyAddr: 46, nxe: true });
  const inputsOf = (ram: Ram) => {
    const graph = graphOf(ram);
    return {
      ram,
      graph,
      mapped: null,
      maxCells: undefined,
      allocator: null,
      touchedFrames: ram.touchedFrames(),
      graphSignature: graphSignature(graph),
    };
  };
  const edited = (edit: (ram: Ram) => void) => {
    const before = machine();
    const after = before.fork();
    edit(after);
    return { before: inputsOf(before), after, graph: graphOf(after) };
  };

  it("holds after a flag toggle, whose map is the same as one built afresh", () => {
    const { before, after, graph } = edited((ram) => ram.writeEntry(0x4000, ram.readEntry(0x4000) ^ 2n));
    expect(sameInputsAsBefore(before, after, graph, null, undefined, null)).toBe(true);
    const input = (ram: Ram) => ({
      frameCount: ram.frameCount,
      isTouched: (pfn: number) => ram.isTouched(pfn),
      graph: graphOf(ram),
    });
    expect(buildMemoryMap(input(after))).toEqual(buildMemoryMap(input(before.ram)));
  });

  it("fails when a table, a mapped frame, a touched frame or the allocator changes", () => {
    const remapped = edited((ram) => ram.writeEntry(0x4008, encodeEntry(1, 0x30_0000, {}, true)));
    expect(sameInputsAsBefore(remapped.before, remapped.after, remapped.graph, null, undefined, null)).toBe(
      false,
    );
    const touched = edited((ram) => ram.writeEntry(0x30_0000, 0x5n));
    expect(sameInputsAsBefore(touched.before, touched.after, touched.graph, null, undefined, null)).toBe(
      false,
    );
    const newTable = edited((ram) => ram.writeEntry(0x3008, encodeEntry(2, 0x5000, {}, false)));
    expect(sameInputsAsBefore(newTable.before, newTable.after, newTable.graph, null, undefined, null)).toBe(
      false,
    );
    const same = edited(() => {});
    expect(sameInputsAsBefore(same.before, same.after, same.graph, null, undefined, {})).toBe(false);
  });
});
