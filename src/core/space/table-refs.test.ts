/** The per-frame pointer counts unmap asks before freeing a table. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PAGE_2M, PAGE_4K, virtAddr, type PhysAddr } from "../arch";
import { FrameAllocator, Ram } from "../memory";
import { AddressSpace } from "./address-space";
import type { TableRoot } from "./known-roots";
import { TableRefs } from "./table-refs";

const MiB = 1024 * 1024;
const root = (addr: number, levels: 4 | 5 = 4): TableRoot => ({ addr, levels, name: `CR3 ${addr}` });

describe("TableRefs.build", () => {
  it("counts each present pointer entry of every reachable table, per target frame", () => {
    const ram = new Ram(MiB);
    ram.writeEntry(0x1000 + 511 * 8, 0x3003n); // root A: PML4[511] → PDPT 0x3000
    ram.writeEntry(0x2000 + 511 * 8, 0x3003n); // root B: the same PDPT
    ram.writeEntry(0x3000, 0x4003n); // PDPT[0] → PD 0x4000
    ram.writeEntry(0x4000, 0x5083n); // PD[0]: a 2 MiB page at 0x5000… (PS): no table
    ram.writeEntry(0x4008, 0x6003n); // PD[1] → PT 0x6000
    ram.writeEntry(0x6000, 0x7003n); // PT[0]: a page, never a table
    ram.writeEntry(0x8000, 0x6003n); // a frame nobody reaches points to the PT: not counted
    const refs = TableRefs.build(ram, [root(0x1000), root(0x2000)]);
    expect([0x3, 0x4, 0x5, 0x6, 0x7].map((pfn) => refs.pointersTo(pfn))).toEqual([2, 1, 0, 1, 0]);
    expect(refs.isRoot(1) && refs.isRoot(2) && !refs.isRoot(3)).toBe(true);
    expect([1, 3, 4, 6].map((pfn) => refs.holdsPointers(pfn))).toEqual([true, true, true, false]);
    expect(refs.mixedLevels).toBe(false);
  });

  it("follows PS in a PML4E as a pointer, and counts a table reached at several levels once per entry", () => {
    const ram = new Ram(MiB);
    ram.writeEntry(0x1000, 0x2083n); // PML4[0], PS set: reserved there, followed as a pointer
    ram.writeEntry(0x1000 + 510 * 8, 0x1003n); // PML4[510] → the PML4 itself
    const refs = TableRefs.build(ram, [root(0x1000)]);
    expect(refs.pointersTo(2)).toBe(1); // read as a PDPT (via PML4[0]) and as a PD (via the self-map)
    expect(refs.pointersTo(1)).toBe(1);
    expect(refs.mixedLevels).toBe(true);
    expect(refs.holdsPointers(2)).toBe(true);
  });

  it("is bounded on cycles and ignores pointers and roots outside RAM", () => {
    const ram = new Ram(64 * 1024);
    ram.writeEntry(0x1000, 0x2003n);
    ram.writeEntry(0x2000, 0x1003n); // 0x1000 → 0x2000 → 0x1000 → …
    ram.writeEntry(0x2008, 0xff_f000_0003n); // beyond RAM
    const refs = TableRefs.build(ram, [root(0x1000, 5), root(0x10_0000)]);
    expect([refs.pointersTo(1), refs.pointersTo(2)]).toEqual([1, 1]);
  });
});

/** An address space that lets the test read the counts it keeps. */
class Probe extends AddressSpace {
  counts(): TableRefs {
    return this.tableRefs();
  }
}

describe("counts kept in step by the address space's own writes", () => {
  it("equal the counts rebuilt from RAM after any sequence of map, unmap and protect", () => {
    const vas = [0n, 0x1000n, 0x20_0000n, 0x4000_0000n, 0x7f80_0000_0000n, 0xffff_8000_0000_0000n];
    const opArb = fc.record({
      kind: fc.constantFrom("map", "unmap", "protect", "collapse"),
      va: fc.constantFrom(...vas),
      size: fc.constantFrom(PAGE_4K, PAGE_4K, PAGE_2M),
      split: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.boolean(), (ops, recursive) => {
        const ram = new Ram(4 * MiB);
        const alloc = FrameAllocator.forRange(MiB, 2 * MiB);
        const top = alloc.alloc(ram);
        if (!top.ok) throw new Error(top.error.message);
        if (recursive) ram.writeEntry(top.value + 510 * 8, BigInt(top.value) | 3n);
        const space = new Probe(ram, alloc, top.value, 4);
        let reused = 0;
        let previous: TableRefs | null = null;
        for (const op of ops) {
          const va = virtAddr(op.va);
          if (op.kind === "map")
            space.map({ va, pa: 0x40_0000, size: op.size, leafFlags: { writable: true } });
          else if (op.kind === "unmap") space.unmap(va, op.size, { split: op.split });
          else if (op.kind === "protect") space.protect(va, op.size, { user: true }, { split: op.split });
          else space.collapseEmptyTables();
          const kept = space.counts();
          if (kept === previous) reused++;
          previous = kept;
          const fresh = TableRefs.build(ram, space.knownRoots.list);
          // Never fewer than the truth; exactly the truth while no table is read at two levels.
          const wrong: number[] = [];
          for (let pfn = 0; pfn < ram.frameCount; pfn++) {
            const [k, f] = [kept.pointersTo(pfn), fresh.pointersTo(pfn)];
            if (k < f || (!kept.mixedLevels && k !== f)) wrong.push(pfn);
          }
          expect(wrong).toEqual([]);
        }
        return ops.length < 10 || reused > 0; // the counts are kept, not merely rebuilt each time
      }),
      { numRuns: 80 },
    );
  });

  it("count a word-level 'leaf' above the PT without PS as the pointer it is", () => {
    const ram = new Ram(4 * MiB);
    const alloc = FrameAllocator.forRange(MiB, 2 * MiB);
    const top = alloc.alloc(ram);
    if (!top.ok) throw new Error(top.error.message);
    const space = new Probe(ram, alloc, top.value, 4);
    space.map({ va: virtAddr(0x1000n), pa: 0x5000, size: PAGE_4K, leafFlags: {} });
    expect(space.counts().pointersTo(0x9)).toBe(0);
    // PD[1] = 0x9000 | P | R/W: with PS = 0 a walk reads 0x9000 as a PT.
    expect(space.mapWords(0, 0x20_0000, 2, 0x9003, 0)).toBe(0);
    expect(space.counts().pointersTo(0x9)).toBe(1);
  });

  it("are rebuilt when RAM is written behind the address space's back", () => {
    const ram = new Ram(4 * MiB);
    const alloc = FrameAllocator.forRange(MiB, 2 * MiB);
    const space = new Probe(ram, alloc, MiB as PhysAddr, 4);
    alloc.alloc(ram);
    space.map({ va: virtAddr(0x1000n), pa: 0x5000, size: PAGE_4K, leafFlags: {} });
    const first = space.counts();
    ram.writeEntry(MiB + 8, 0x1_0003n); // PML4[1] → a table the counts do not know of
    const second = space.counts();
    expect(second).not.toBe(first);
    expect(second.pointersTo(0x10)).toBe(1);
  });
});
