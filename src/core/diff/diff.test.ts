import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyDiff, diffRuns } from "./diff";
import { describeSummary } from "./describe";
import { pushRun, type MappingAttributes, type MappingRun } from "./mapping-runs";
import type { MemoryType } from "../memtype";
import type { PageSize } from "../arch";

// A small address space as the reference model sees it: page number → what it maps (or nothing).
type Page = { readonly pfn: number } & MappingAttributes;
type Space = ReadonlyMap<number, Page>;

const PAGES = 48;

const pageArb: fc.Arbitrary<Omit<Page, "pfn">> = fc.record({
  pageSize: fc.constantFrom<PageSize>(4096, 2097152),
  user: fc.boolean(),
  write: fc.boolean(),
  exec: fc.constantFrom(true, false),
  reserved: fc.constantFrom(false, false, false, true),
  memoryType: fc.constantFrom<MemoryType>("WB", "WB", "UC", "WC"),
});

/** Random spaces built from runs (so most pages continue their neighbours, as real tables do). */
const spaceArb: fc.Arbitrary<Space> = fc
  .array(
    fc.record({
      start: fc.integer({ min: 0, max: PAGES - 1 }),
      length: fc.integer({ min: 1, max: 8 }),
      pfn: fc.integer({ min: 0, max: 40 }),
      attrs: pageArb,
    }),
    { maxLength: 8 },
  )
  .map((runs) => {
    const space = new Map<number, Page>();
    for (const r of runs)
      for (let k = 0; k < r.length && r.start + k < PAGES; k++)
        space.set(r.start + k, { ...r.attrs, pfn: r.pfn + k });
    return space;
  });

/** Two spaces that mostly agree (B is A with a few edits), the interesting case for a diff. */
const pairArb: fc.Arbitrary<[Space, Space]> = fc
  .tuple(spaceArb, spaceArb, fc.array(fc.integer({ min: 0, max: PAGES - 1 }), { maxLength: 12 }))
  .map(([a, other, picks]) => {
    const b = new Map(a);
    for (const p of picks) {
      const o = other.get(p);
      if (o === undefined) b.delete(p);
      else b.set(p, o);
    }
    return [a, b];
  });

/** The maximal runs of a space (offset into the upper half, to exercise large page numbers). */
const BASE = 2 ** 52 - 2 * PAGES;
function runsOf(space: Space): MappingRun[] {
  const runs: MappingRun[] = [];
  for (let v = 0; v < PAGES; v++) {
    const p = space.get(v);
    if (p !== undefined) pushRun(runs, { ...p, startVpn: BASE + v, endVpn: BASE + v + 1 });
  }
  return runs;
}

const samePage = (a: Page | undefined, b: Page | undefined): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

describe("diffRuns (property tests against a page-by-page model)", () => {
  it("diff(A, A) is empty", () => {
    fc.assert(
      fc.property(spaceArb, (a) => {
        const d = diffRuns(runsOf(a), runsOf(a));
        expect(d.changes).toEqual([]);
        expect(d.summary).toEqual({
          added: 0,
          removed: 0,
          changed: 0,
          addedPages: 0,
          removedPages: 0,
          changedPages: 0,
        });
      }),
    );
  });

  it("applying diff(A, B) to A's runs gives B's", () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        expect(applyDiff(runsOf(a), diffRuns(runsOf(a), runsOf(b)))).toEqual(runsOf(b));
      }),
    );
  });

  it("covers exactly the pages that differ, each with the right kind, in VA order", () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        const { changes, summary } = diffRuns(runsOf(a), runsOf(b));
        let previousEnd = -Infinity;
        for (const c of changes) {
          expect(c.startVpn).toBeGreaterThanOrEqual(previousEnd);
          expect(c.endVpn).toBeGreaterThan(c.startVpn);
          previousEnd = c.endVpn;
        }
        for (let v = 0; v < PAGES; v++) {
          const pa = a.get(v);
          const pb = b.get(v);
          const c = changes.find((x) => x.startVpn <= BASE + v && BASE + v < x.endVpn);
          if (samePage(pa, pb)) {
            expect(c).toBeUndefined();
            continue;
          }
          expect(c?.kind).toBe(pa === undefined ? "added" : pb === undefined ? "removed" : "changed");
          if (c?.kind === "changed" && pa && pb) {
            const expected = [
              pa.pfn !== pb.pfn && "pa",
              (pa.user !== pb.user ||
                pa.write !== pb.write ||
                pa.exec !== pb.exec ||
                pa.reserved !== pb.reserved) &&
                "rights",
              pa.pageSize !== pb.pageSize && "pageSize",
              pa.memoryType !== pb.memoryType && "memoryType",
            ].filter(Boolean);
            expect(c.changed).toEqual(expected);
          }
        }
        const pagesOf = (kind: string): number =>
          changes.filter((c) => c.kind === kind).reduce((n, c) => n + c.endVpn - c.startVpn, 0);
        expect(summary.addedPages).toBe(pagesOf("added"));
        expect(summary.changed).toBe(changes.filter((c) => c.kind === "changed").length);
      }),
    );
  });

  it("folds: a remap of a whole run is one changed range, not one per page", () => {
    const attrs: MappingAttributes = {
      pageSize: 4096,
      user: false,
      write: true,
      exec: false,
      reserved: false,
      memoryType: "WB",
    };
    const a: MappingRun[] = [{ ...attrs, startVpn: 0x100, endVpn: 0x200, pfn: 0x1000 }];
    const b: MappingRun[] = [
      { ...attrs, startVpn: 0x80, endVpn: 0x100, pfn: 0x10 },
      { ...attrs, startVpn: 0x100, endVpn: 0x180, pfn: 0x2000 },
      { ...attrs, memoryType: "UC", startVpn: 0x180, endVpn: 0x200, pfn: 0x2080 },
    ];
    const d = diffRuns(a, b);
    expect(d.changes.map((c) => [c.kind, c.startVpn, c.endVpn, c.changed])).toEqual([
      ["added", 0x80, 0x100, []],
      ["changed", 0x100, 0x180, ["pa"]],
      ["changed", 0x180, 0x200, ["pa", "memoryType"]],
    ]);
    expect(d.summary).toMatchObject({ added: 1, removed: 0, changed: 2, changedPages: 0x100 });
  });
});

describe("describeSummary", () => {
  it("counts with thousands separators, as the rest of the dialog does", () => {
    expect(
      describeSummary({
        added: 65_708,
        removed: 2,
        changed: 1_000,
        addedPages: 0,
        removedPages: 0,
        changedPages: 0,
      }),
    ).toBe("65,708 added, 2 removed, 1,000 changed");
    expect(
      describeSummary({ added: 0, removed: 0, changed: 0, addedPages: 0, removedPages: 0, changedPages: 0 }),
    ).toBe("no differences");
  });
});
