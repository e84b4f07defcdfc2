import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PAGE_2M, PAGE_4K, encodeEntry, type Level, type PhysAddr } from "../../core/arch";
import { Ram } from "../../core/memory";
import { TableScanCache, buildTableGraph, type TableGraph } from "../../core/inspect";
import { layoutGraph, relayoutRuns, sameRun, type GraphLayout } from "./layout";
import type { LeafRun } from "../../core/inspect";
import { sameDrawnTables, stabilizeLayout } from "./stableLayout";

const MiB = 1024 * 1024;
const PML4 = 0x1000;
const PDPT = 0x2000;
const PD = 0x3000;
const PTS = [0x10_000, 0x11_000] as const;
const TABLES = [PD, ...PTS] as const;

const link = (ram: Ram, from: number, index: number, to: number, level: Level): void =>
  ram.writeEntry(from + index * 8, encodeEntry(level, to, { writable: true }, false));

/**
 * A PD with 2 MiB pages around its two PT pointers (PD[2], PD[7]); the first PT holds runs of
 * 4 KiB pages with mixed flags (more than a stack shows), the second one long run.
 */
function ramWithRuns(): Ram {
  const ram = new Ram(64 * MiB);
  link(ram, PML4, 0, PDPT, 4);
  link(ram, PDPT, 0, PD, 3);
  link(ram, PD, 2, PTS[0], 2);
  link(ram, PD, 7, PTS[1], 2);
  for (const i of [0, 1, 3, 4, 5, 6, 8, 9, 10, 11, 12])
    ram.writeEntry(PD + i * 8, encodeEntry(2, i * PAGE_2M, { writable: true }, true));
  for (let i = 0; i < 48; i++)
    ram.writeEntry(
      PTS[0] + i * 8,
      encodeEntry(1, 0x200_0000 + i * PAGE_4K, { writable: i % 9 < 5, executeDisable: i % 13 === 0 }, true),
    );
  for (let i = 0; i < 24; i++)
    ram.writeEntry(PTS[1] + i * 8, encodeEntry(1, 0x300_0000 + i * PAGE_4K, { writable: true }, true));
  return ram;
}

const graphOf = (ram: Ram, cache: TableScanCache): TableGraph =>
  buildTableGraph(ram, PML4 as PhysAddr, 4, { maxPhyAddr: 46, nxe: true, cache });

/** A layout as plain data (what it draws), for comparing two layouts. */
const drawn = (l: GraphLayout) => ({ ...l, tableByAddr: [...l.tableByAddr] });

interface Edit {
  readonly table: number;
  readonly index: number;
  readonly bit: number;
}
/** Flips one bit of a present leaf (or of any entry: P, PS and address bits change the tables). */
const edit = fc.record({
  table: fc.constantFrom(...TABLES),
  index: fc.integer({ min: 0, max: 50 }),
  bit: fc.constantFrom(0, 1, 1, 1, 2, 2, 8, 63, 63, 12),
});

function applied(ram: Ram, edits: readonly Edit[]): Ram {
  const next = ram.fork(); // the earlier frames stay as they were (and cached)
  for (const e of edits) {
    const at = e.table + e.index * 8;
    next.writeEntry(at, next.readEntry(at) ^ (1n << BigInt(e.bit)));
  }
  return next;
}

describe("relayoutRuns", () => {
  it("after leaf edits gives exactly what a new layout gives, or says it cannot (property)", () => {
    let patchedRuns = 0;
    fc.assert(
      fc.property(
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<readonly number[]>([], [PTS[1]]),
        fc.boolean(),
        fc.boolean(),
        (edits, collapsedTables, straighten, stabilized) => {
          const cache = new TableScanCache();
          const ram = ramWithRuns().fork(); // frames with a content key: the scan cache keeps their runs
          const before = graphOf(ram, cache);
          const collapsed = new Set(collapsedTables);
          const focus = (straighten ? [PML4, PDPT, PD, PTS[0]] : []) as PhysAddr[];
          const after = graphOf(applied(ram, edits), cache);
          if (!sameDrawnTables(before, after)) return;
          // As the page has it: each new layout stabilized against the one before (here, after one edit).
          const prev = stabilized
            ? stabilizeLayout(
                layoutGraph(graphOf(applied(ram, edits.slice(0, 1)), cache), collapsed, focus),
                layoutGraph(before, collapsed, focus),
              )
            : layoutGraph(before, collapsed, focus);
          const patched = relayoutRuns(prev, after, collapsed);
          if (patched === null) return;
          patchedRuns++;
          expect(drawn(patched)).toEqual(drawn(layoutGraph(after, collapsed, focus)));
        },
      ),
      { numRuns: 300 },
    );
    // The fast path is the common one, not a rare corner.
    expect(patchedRuns).toBeGreaterThan(25);
  });

  it("a toggle that splits a run makes that stack again and keeps every other object", () => {
    const cache = new TableScanCache();
    const ram = ramWithRuns().fork(); // frames with a content key: the scan cache keeps their runs
    const before = layoutGraph(graphOf(ram, cache));
    // PT[1] (the second PT) maps one run of 24 pages; R/W off in its middle splits it in three.
    const after = relayoutRuns(before, graphOf(applied(ram, [{ table: PTS[1], index: 10, bit: 1 }]), cache));
    expect(after).not.toBeNull();
    const layout = after as GraphLayout;
    const changed = layout.stacks.filter((s, i) => s !== before.stacks[i]);
    expect(changed.map((s) => [s.table, s.shown.length])).toEqual([[PTS[1], 3]]);
    expect(changed[0]?.labels).toEqual([
      "PT[0–9] → 10 × 4 KiB, RW",
      "PT[10] → 1 × 4 KiB, RO",
      "PT[11–23] → 13 × 4 KiB, RW",
    ]);
    // It grew downwards from its row's top, where its link ends: the links are the same list.
    expect(layout.links).toBe(before.links);
    expect(layout.bounds).toEqual(before.bounds);
    expect(layout.tables).toBe(before.tables);
    // Toggled back, the stack is one run again, as a new layout has it.
    const back = relayoutRuns(layout, graphOf(ram, cache));
    expect(back && drawn(back)).toEqual(drawn(before));
  });

  it("patches a stabilized layout as the page keeps it, making only the changed stack again", () => {
    const cache = new TableScanCache();
    const ram = ramWithRuns().fork();
    const other = applied(ram, [{ table: PTS[0], index: 3, bit: 1 }]);
    // The page's layout: the fresh one with the previous layout's equal objects swapped in.
    const shown = stabilizeLayout(layoutGraph(graphOf(other, cache)), layoutGraph(graphOf(ram, cache)));
    const split = graphOf(applied(ram, [{ table: PTS[1], index: 10, bit: 1 }]), cache);
    const after = relayoutRuns(shown, split);
    expect(after && drawn(after)).toEqual(drawn(layoutGraph(split)));
    expect(after?.stacks.filter((s, i) => s !== shown.stacks[i]).map((s) => s.table)).toEqual([PTS[1]]);
  });

  it("is not used when a row would grow: the caller lays out afresh", () => {
    // A table whose only stack grows past the tallest box of its row makes the row taller.
    const cache = new TableScanCache();
    const ram = new Ram(16 * MiB);
    link(ram, PML4, 0, PDPT, 4);
    link(ram, PDPT, 0, PD, 3);
    link(ram, PD, 0, PTS[0], 2);
    for (let i = 0; i < 8; i++)
      ram.writeEntry(PTS[0] + i * 8, encodeEntry(1, 0x100_0000 + i * PAGE_4K, { writable: true }, true));
    const before = layoutGraph(graphOf(ram, cache));
    const split = applied(ram, [{ table: PTS[0], index: 3, bit: 1 }]);
    expect(relayoutRuns(before, graphOf(split, cache))).toBeNull();
  });
});

describe("sameRun", () => {
  it("tells apart two runs that differ in any one field, and not two copies", () => {
    // Every field of a run (the compiler checks the object is whole).
    const run: Required<LeafRun> = {
      table: 0x3000 as PhysAddr,
      level: 1,
      firstIndex: 4,
      lastIndex: 9,
      count: 6,
      pageSize: PAGE_4K,
      flags: 3,
      firstPa: 0x5000,
      contiguous: true,
    };
    expect(sameRun(run, { ...run })).toBe(true);
    for (const field of Object.keys(run) as (keyof LeafRun)[]) {
      const value = run[field];
      const other = { ...run, [field]: typeof value === "boolean" ? !value : value + 1 };
      expect(sameRun(run, other), field).toBe(false);
    }
  });
});
