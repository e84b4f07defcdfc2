import { linkVertical } from "d3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PAGE_4K, encodeEntry, type Level, type PhysAddr } from "../../core/arch";
import { Ram } from "../../core/memory";
import { buildTableGraph } from "../../core/inspect";
import {
  MAX_RUN_ROWS,
  intersects,
  layoutGraph,
  linkBounds,
  topLeftOf,
  verticalLink,
  type Box,
  type LaidOutRunStack,
} from "./layout";
import { labelRect } from "./labelPlacement";
import { READABLE_ZOOM, fitPathViewport, fitViewport, type Bounds } from "./panZoom";

const MiB = 1024 * 1024;
const opts = { maxPhyAddr: 46, nxe: true };
const link = (ram: Ram, from: number, index: number, to: number, level: Level): void =>
  ram.writeEntry(from + index * 8, encodeEntry(level, to, { writable: true }, false));
const leaf = (ram: Ram, table: number, index: number, target: number, flags = {}): void =>
  ram.writeEntry(table + index * 8, encodeEntry(1, target, { writable: true, ...flags }, true));

/** No two boxes overlap (boxes are centred on y). */
function assertNoOverlap(boxes: readonly Box[]): void {
  const sorted = [...boxes].sort((a, b) => a.x - b.x);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as Box;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j] as Box;
      if (b.x >= a.x + a.width) break;
      const apart = b.y - b.height / 2 >= a.y + a.height / 2 || a.y - a.height / 2 >= b.y + b.height / 2;
      expect(
        apart,
        `box at ${a.x},${a.y} (${a.width}×${a.height}) overlaps box at ${b.x},${b.y} (${b.width}×${b.height})`,
      ).toBe(true);
    }
  }
}

/** The walk's path (top-left boxes) as the first view fits it: readable, every box whole across the view. */
function expectFittedAcross(boxes: readonly Bounds[], width: number, height: number): void {
  const v = fitPathViewport(boxes, width, height);
  expect(v?.k).toBeGreaterThanOrEqual(READABLE_ZOOM);
  for (const b of boxes) {
    const left = (v?.x ?? 0) + b.x * (v?.k ?? 0);
    expect(left).toBeGreaterThanOrEqual(0);
    expect(left + b.width * (v?.k ?? 0)).toBeLessThanOrEqual(width);
  }
}

/** 140 tables: a PML4, PDPT and PD, and 137 full PTs (every 8th maps scattered frames, no runs). */
function wideRam(): Ram {
  const ram = new Ram(1024 * MiB);
  link(ram, 0x1000, 0, 0x2000, 4);
  link(ram, 0x2000, 0, 0x3000, 3);
  for (let t = 0; t < 137; t++) {
    const pt = 0x10_0000 + t * PAGE_4K;
    link(ram, 0x3000, t, pt, 2);
    for (let i = 0; i < 512; i++) {
      const target =
        t % 8 === 0 ? 0x1000_0000 + ((i * 7919) % 4096) * PAGE_4K : 0x2000_0000 + (t * 512 + i) * PAGE_4K;
      leaf(ram, pt, i, target, { executeDisable: true });
    }
  }
  return ram;
}

/** The h01 shape: recursive PML4[510], shared PD and PT, plus a pointer beyond RAM. */
function sample(): Ram {
  const ram = new Ram(64 * MiB);
  link(ram, 0x1000, 0, 0x2000, 4);
  link(ram, 0x1000, 1, 0x6000, 4);
  link(ram, 0x1000, 510, 0x1000, 4);
  link(ram, 0x1000, 300, 0x40_0000_0000, 4);
  link(ram, 0x2000, 0, 0x3000, 3);
  link(ram, 0x2000, 3, 0x3000, 3);
  link(ram, 0x3000, 1, 0x4000, 2);
  link(ram, 0x3000, 2, 0x4000, 2);
  link(ram, 0x6000, 7, 0x7000, 3);
  link(ram, 0x7000, 0, 0x4000, 2);
  for (let i = 0; i < 20; i++) leaf(ram, 0x4000, i * 2, 0x100_0000 + i * 4 * PAGE_4K); // 20 separate runs
  return ram;
}

describe("layoutGraph", () => {
  it("places every table once, in the row of its depth (top down), without overlaps", () => {
    const graph = buildTableGraph(sample(), 0x1000 as PhysAddr, 4, opts);
    const layout = layoutGraph(graph);
    expect(layout.tables.map((t) => t.node.addr).sort()).toEqual(graph.nodes.map((n) => n.addr).sort());
    const topByDepth = new Map<number, number>();
    for (const t of layout.tables) {
      const top = t.y - t.height / 2;
      expect(topByDepth.get(t.node.depth) ?? top).toBe(top); // one row per depth
      topByDepth.set(t.node.depth, top);
    }
    const tops = [...topByDepth.entries()].sort((a, b) => a[0] - b[0]).map(([, y]) => y);
    expect(tops).toEqual([...tops].sort((a, b) => a - b)); // deeper is further down
    assertNoOverlap([...layout.tables, ...layout.stacks, ...layout.outside]);
    expect(layout.tableByAddr.get(0x4000)?.title).toBe("PT at 0x4000");
  });

  it("draws shared edges, a back-edge arc, a dangling pointer and folds long run stacks", () => {
    const layout = layoutGraph(buildTableGraph(sample(), 0x1000 as PhysAddr, 4, opts));
    const kinds = layout.links.map((l) => `${l.kind}:${l.label}`);
    expect(kinds).toContain("back:PML4[510]");
    expect(kinds).toContain("shared:PDPT[3]");
    expect(kinds).toContain("shared:PD[0]");
    expect(kinds).toContain("outside:PML4[300]");
    expect(layout.outside.map((o) => o.label)).toEqual(["0x4000000000 beyond RAM"]);
    const back = layout.links.find((l) => l.kind === "back");
    expect(back?.d).toMatch(/^M[\d.]+,-?[\d.]+ C/);
    const [stack] = layout.stacks;
    expect(stack?.shown).toHaveLength(MAX_RUN_ROWS - 1);
    expect(stack?.hidden).toHaveLength(20 - (MAX_RUN_ROWS - 1));
    expect(stack?.hiddenLabel).toBe("+ 15 more runs (PT[10–38], 15 pages)");
    expect(stack?.labels[0]).toBe("PT[0] → 1 × 4 KiB, RW");
  });

  it("folds three or more consecutive empty sibling tables into one box", () => {
    const ram = new Ram(MiB);
    for (let i = 0; i < 5; i++) link(ram, 0x1000, 10 + i, 0x10000 + i * PAGE_4K, 4); // five empty PDPTs
    link(ram, 0x1000, 20, 0x20000, 4);
    link(ram, 0x20000, 0, 0x21000, 3); // not empty
    link(ram, 0x1000, 21, 0x30000, 4);
    link(ram, 0x1000, 22, 0x31000, 4); // only two empty: not folded
    const layout = layoutGraph(buildTableGraph(ram, 0x1000 as PhysAddr, 4, opts));
    expect(layout.empties.map((f) => [f.title, f.range, f.nodes.length])).toEqual([
      ["5 empty PDPTs", "PML4[10–14]", 5],
    ]);
    expect(layout.tableByAddr.has(0x10000)).toBe(false);
    expect(layout.tableByAddr.has(0x30000)).toBe(true);
    const folded = layout.links.find((l) => l.label === "PML4[10–14]");
    expect(folded?.targets).toHaveLength(5);
    expect(layout.links.filter((l) => l.to === 0x11000)).toHaveLength(0); // no per-table link into the fold
    assertNoOverlap([...layout.tables, ...layout.empties]);
  });

  it("a collapsed table hides its subtree, says what it hides, and expands back to the same layout", () => {
    const graph = buildTableGraph(sample(), 0x1000 as PhysAddr, 4, opts);
    const open = layoutGraph(graph);
    // PML4[0] → PDPT 0x2000 → PD 0x3000 → PT 0x4000 with its 20 runs of one page each.
    expect(open.tableByAddr.get(0x2000)?.collapsible).toBe(true);
    expect(open.tableByAddr.get(0x2000)?.collapsed).toBeNull();
    const closed = layoutGraph(graph, new Set([0x2000]));
    const pdpt = closed.tableByAddr.get(0x2000);
    expect(pdpt?.collapsed).toEqual({ tables: 2, leaves: 20 });
    expect(closed.tableByAddr.has(0x3000)).toBe(false);
    expect(closed.tableByAddr.has(0x4000)).toBe(false); // first reached under 0x3000, though shared
    expect(closed.stacks.length).toBeLessThanOrEqual(open.stacks.length);
    expect(closed.links.some((l) => l.from === 0x3000)).toBe(false);
    assertNoOverlap([...closed.tables, ...closed.stacks, ...closed.outside]);
    const reopened = layoutGraph(graph, new Set());
    expect(reopened.tables.map((t) => [t.node.addr, t.x, t.y])).toEqual(
      open.tables.map((t) => [t.node.addr, t.x, t.y]),
    );
  });

  it("an empty graph (CR3 beyond RAM) lays out nothing", () => {
    const layout = layoutGraph(buildTableGraph(new Ram(MiB), 0x10_0000 as PhysAddr, 4, opts));
    expect(layout.tables).toHaveLength(0);
    expect(layout.bounds.width).toBe(0);
  });

  it("lays out 140 tables with ~9,000 runs, each stack cut to its shown rows, without overlaps", () => {
    // The time this takes is a figure of `npm run bench` (bench/graph.bench.ts), not a test.
    const graph = buildTableGraph(wideRam(), 0x1000 as PhysAddr, 4, opts);
    const layout = layoutGraph(graph);
    expect(layout.tables).toHaveLength(140);
    expect(
      layout.stacks.reduce((n, s) => n + s.shown.length + (s.hidden.length ? 1 : 0), 0),
    ).toBeLessThanOrEqual(137 * MAX_RUN_ROWS);
    assertNoOverlap([...layout.tables, ...layout.stacks]);
  });
});

describe("view helpers", () => {
  it("straightens a focused walk's path over its last table, so a readable view holds all of it", () => {
    const graph = buildTableGraph(wideRam(), 0x1000 as PhysAddr, 4, opts);
    const path = [0x1000, 0x2000, 0x3000, 0x10_0000 + 136 * PAGE_4K] as PhysAddr[];
    const centre = (l: ReturnType<typeof layoutGraph>, addr: number): number => {
      const t = l.tableByAddr.get(addr) as Box;
      return t.x + t.width / 2;
    };
    const plain = layoutGraph(graph);
    const focused = layoutGraph(graph, new Set(), path);
    const end = centre(focused, path[3] as number);
    // Centred over 137 PTs, the PD sat ~20,000 px left of the last one; now the path is one column.
    expect(Math.abs(centre(plain, 0x3000) - end)).toBeGreaterThan(10_000);
    for (const addr of path) expect(centre(focused, addr)).toBeCloseTo(end, 6);
    // Only the path moved: every other box is where it was.
    expect(centre(focused, path[3] as number)).toBe(centre(plain, path[3] as number));
    for (const t of plain.tables)
      if (!path.includes(t.node.addr)) expect(centre(focused, t.node.addr)).toBe(t.x + t.width / 2);
    expectFittedAcross(
      path.map((a) => topLeftOf(focused.tableByAddr.get(a) as Box)),
      400,
      700,
    );
  });

  it("a walk that ends in a run stack (at a leaf or between its runs) straightens over it, so a phone's readable view holds it all", () => {
    // The kernel text's shape on the Linux tables: a PD with a run of 2 MiB leaves (PD[8–24]) and six
    // PTs after it; the tidy tree centres the PD over all seven children, far from the run.
    const ram = new Ram(256 * MiB);
    link(ram, 0x1000, 511, 0x2000, 4);
    link(ram, 0x2000, 510, 0x3000, 3);
    // PD[17] is not present: two runs, PD[8–16] and PD[18–24], in one stack.
    for (let i = 8; i <= 24; i++)
      if (i !== 17)
        ram.writeEntry(0x3000 + i * 8, encodeEntry(2, 0x400_0000 + i * 2 * MiB, { writable: true }, true));
    for (let t = 0; t < 6; t++) {
      link(ram, 0x3000, 25 + t, 0x10_000 + t * PAGE_4K, 2);
      leaf(ram, 0x10_000 + t * PAGE_4K, 0, 0x200_0000 + t * PAGE_4K);
    }
    const graph = buildTableGraph(ram, 0x1000 as PhysAddr, 4, opts);
    const path = [0x1000, 0x2000, 0x3000] as PhysAddr[];
    const centre = (b: Box): number => b.x + b.width / 2;
    const stackOf = (l: ReturnType<typeof layoutGraph>) =>
      l.stacks.find(
        (st) => st.table === 0x3000 && st.firstIndex <= 10 && 10 <= st.lastIndex,
      ) as LaidOutRunStack;

    const overTable = layoutGraph(graph, new Set(), path);
    const overRun = layoutGraph(graph, new Set(), path, 10);
    // Without the leaf, the path lines up over its last table, 300 px and more from the run.
    const pd = overTable.tableByAddr.get(0x3000) as Box;
    expect(Math.abs(centre(pd) - centre(stackOf(overTable)))).toBeGreaterThan(300);
    // With it, every table of the path stands over the run's stack; nothing else moved.
    const run = stackOf(overRun);
    expect(centre(run)).toBe(centre(stackOf(overTable)));
    for (const addr of path) expect(centre(overRun.tableByAddr.get(addr) as Box)).toBeCloseTo(centre(run), 6);
    for (const t of overTable.tables)
      if (!path.includes(t.node.addr)) expect(overRun.tableByAddr.get(t.node.addr)?.x).toBe(t.x);
    assertNoOverlap([...overRun.tables, ...overRun.stacks]);
    // A 360 × 440 graph (a phone) holds the path whole at a readable zoom.
    expectFittedAcross(
      [...path.map((a) => topLeftOf(overRun.tableByAddr.get(a) as Box)), topLeftOf(run)],
      360,
      440,
    );
    // A walk that faults at PD[17], between the stack's two runs, ends in that stack too (the view's
    // fit ends at its row): the path lines up over it all the same.
    expect(run.firstIndex).toBe(8);
    expect(run.lastIndex).toBe(24);
    const atGap = layoutGraph(graph, new Set(), path, 17);
    for (const addr of path) expect(atGap.tableByAddr.get(addr)?.x).toBe(overRun.tableByAddr.get(addr)?.x);
    // An entry outside every stack (a fault at PD[3]) leaves the path over its table.
    expect(layoutGraph(graph, new Set(), path, 3).tableByAddr.get(0x3000)?.x).toBe(pd.x);
  });

  it("a focused path never overlaps its row's neighbours, whichever path it is (property)", () => {
    const graph = buildTableGraph(sample(), 0x1000 as PhysAddr, 4, opts);
    const addrs = graph.nodes.map((n) => n.addr);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...addrs), { maxLength: 5 }), (focus) => {
        const l = layoutGraph(graph, new Set(), focus);
        assertNoOverlap([...l.tables, ...l.stacks, ...l.outside, ...l.empties]);
      }),
      { numRuns: 60 },
    );
    // The wide tree: a path into the middle of 137 PTs moves only within its row.
    const wide = buildTableGraph(wideRam(), 0x1000 as PhysAddr, 4, opts);
    const l = layoutGraph(wide, new Set(), [0x1000, 0x2000, 0x3000, 0x10_0000 + 60 * PAGE_4K] as PhysAddr[]);
    assertNoOverlap(l.tables);
  });

  it("fitViewport centres the bounds and caps the zoom", () => {
    const v = fitViewport({ x: 0, y: -50, width: 1000, height: 100 }, 500, 400, { padding: 0 });
    expect(v).toEqual({ x: 0, y: 200, k: 0.5 });
    expect(fitViewport({ x: 0, y: 0, width: 10, height: 10 }, 500, 400, { padding: 0 }).k).toBe(1.25);
  });
  it("fitViewport with a minimum zoom shows the left edge, centred on focusY", () => {
    const v = fitViewport({ x: 0, y: -50, width: 1000, height: 100 }, 500, 400, {
      padding: 10,
      minZoom: 0.8,
      focusY: 20,
    });
    expect(v).toEqual({ x: 10, y: 200 - 16, k: 0.8 });
  });
  it("linkBounds holds every link's whole curve and its label (every kind of link)", () => {
    const layout = layoutGraph(buildTableGraph(sample(), 0x1000 as PhysAddr, 4, opts));
    expect(new Set(layout.links.map((l) => l.kind))).toEqual(
      new Set(["tree", "shared", "back", "outside", "runs"]),
    );
    const inside = (b: Box, x: number, y: number): boolean =>
      x >= b.x - 1e-6 && x <= b.x + b.width + 1e-6 && Math.abs(y - b.y) <= b.height / 2 + 1e-6;
    for (const l of layout.links) {
      const box = linkBounds(l);
      // The path is M then cubic segments: sample each curve.
      const n = (l.d.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
      for (let s = 2; s + 5 < n.length; s += 6) {
        const [x0, y0, x1, y1, x2, y2, x3, y3] = n.slice(s - 2, s + 6);
        for (let t = 0; t <= 1; t += 0.05) {
          const u = 1 - t;
          const x = u ** 3 * x0! + 3 * u * u * t * x1! + 3 * u * t * t * x2! + t ** 3 * x3!;
          const y = u ** 3 * y0! + 3 * u * u * t * y1! + 3 * u * t * t * y2! + t ** 3 * y3!;
          expect(inside(box, x, y), `${l.key} at t=${t}`).toBe(true);
        }
      }
      if (l.label !== "") {
        const r = labelRect(l.labelX, l.labelY, l.label, l.labelAnchor);
        expect(inside(box, r.left, r.top) && inside(box, r.left + r.width, r.top + r.height)).toBe(true);
      }
    }
  });

  it("intersects uses y as the centre of a box", () => {
    const view = { x: 0, y: 0, width: 100, height: 100 };
    expect(intersects({ x: 50, y: -10, width: 10, height: 30 }, view)).toBe(true);
    expect(intersects({ x: 50, y: -20, width: 10, height: 30 }, view)).toBe(false);
    expect(intersects({ x: 101, y: 50, width: 10, height: 10 }, view)).toBe(false);
  });
});

describe("verticalLink", () => {
  it("draws exactly d3's linkVertical curve, as its path string (property)", () => {
    const reference = linkVertical<{ source: [number, number]; target: [number, number] }, [number, number]>()
      .source((l) => l.source)
      .target((l) => l.target);
    const coordinate = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    fc.assert(
      fc.property(coordinate, coordinate, coordinate, coordinate, (x0, y0, x1, y1) => {
        const link = { source: [x0, y0] as [number, number], target: [x1, y1] as [number, number] };
        expect(verticalLink(link)).toBe(reference(link));
      }),
    );
  });
});
