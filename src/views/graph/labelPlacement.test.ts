import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PAGE_4K, encodeEntry, type PhysAddr } from "../../core/arch";
import { buildTableGraph } from "../../core/inspect";
import { Ram } from "../../core/memory";
import { goldenRam, goldenRegisters, readGolden } from "../../core/__fixtures__/golden";
import {
  labelRect,
  placeLabels,
  placementMayChange,
  rectsOverlap,
  type LabelRequest,
  type Rect,
} from "./labelPlacement";
import { layoutGraph, type GraphLayout } from "./layout";

/** Every pair of label boxes of a layout that overlap (as text: "PML4[510] / PML4[1]"). */
function collisions(layout: GraphLayout): string[] {
  const labelled = layout.links.filter((l) => l.label !== "");
  const rects = labelled.map((l) => labelRect(l.labelX, l.labelY, l.label, l.labelAnchor));
  const hits: string[] = [];
  for (let i = 0; i < rects.length; i++)
    for (let j = i + 1; j < rects.length; j++)
      if (rectsOverlap(rects[i] as Rect, rects[j] as Rect))
        hits.push(`${labelled[i]?.label} / ${labelled[j]?.label}`);
  return hits;
}

/** Any label the graph could ask for, in a small area so that they crowd. */
const request = fc.record({
  x: fc.integer({ min: 0, max: 400 }),
  y: fc.integer({ min: 0, max: 200 }),
  text: fc.constantFrom("PML4[1]", "PML4[510]", "PDPT[0–511]", "PD[3]", "PT[127]"),
  anchor: fc.constantFrom("start" as const, "middle" as const, "end" as const),
});

describe("placeLabels", () => {
  it("leaves labels that do not meet where they were asked for", () => {
    const requests: LabelRequest[] = [
      { x: 0, y: 0, text: "PML4[1]", anchor: "start" },
      { x: 200, y: 0, text: "PML4[510]", anchor: "start" },
    ];
    expect(placeLabels(requests)).toEqual([0, 0]);
  });

  it("moves the second of two labels asked for at one spot to the next free line", () => {
    const requests: LabelRequest[] = [
      { x: 100, y: 50, text: "PML4[510]", anchor: "end" },
      { x: 100, y: 50, text: "PML4[1]", anchor: "end" },
    ];
    const ys = placeLabels(requests);
    expect(ys[0]).toBe(50);
    expect(ys[1]).not.toBe(50);
    const [a, b] = requests.map((r, i) => labelRect(r.x, ys[i] as number, r.text, r.anchor));
    expect(rectsOverlap(a as Rect, b as Rect)).toBe(false);
  });

  it("keeps labels off the boxes given as obstacles", () => {
    const box: Rect = { left: 0, top: 0, width: 300, height: 60 };
    const [y] = placeLabels([{ x: 10, y: 30, text: "PD[0–511]", anchor: "start" }], [box]);
    expect(rectsOverlap(labelRect(10, y as number, "PD[0–511]", "start"), box)).toBe(false);
  });

  it("property: any pile of labels comes out with no two boxes overlapping", () => {
    fc.assert(
      fc.property(fc.array(request, { maxLength: 40 }), (requests) => {
        const ys = placeLabels(requests);
        const rects = requests.map((r, i) => labelRect(r.x, ys[i] as number, r.text, r.anchor));
        for (let i = 0; i < rects.length; i++)
          for (let j = i + 1; j < rects.length; j++)
            expect(rectsOverlap(rects[i] as Rect, rects[j] as Rect)).toBe(false);
      }),
    );
  });
});

describe("placementMayChange", () => {
  const rect = fc.record({
    left: fc.integer({ min: -50, max: 450 }),
    top: fc.integer({ min: -50, max: 250 }),
    width: fc.integer({ min: 1, max: 300 }),
    height: fc.integer({ min: 1, max: 120 }),
  });

  it("property: when it says no, placing the labels again with one obstacle moved gives the same places", () => {
    let unchanged = 0;
    fc.assert(
      fc.property(
        fc.array(request, { maxLength: 30 }),
        fc.array(rect, { minLength: 1, maxLength: 6 }),
        rect,
        (requests, obstacles, moved) => {
          const before = placeLabels(requests, obstacles);
          const after = [...obstacles];
          const old = after[0] as Rect;
          after[0] = moved;
          if (placementMayChange(requests, before, [old, moved])) return;
          unchanged++;
          expect(placeLabels(requests, after)).toEqual(before);
        },
      ),
      { numRuns: 400 },
    );
    // The answer "no" must come up, or the property says nothing.
    expect(unchanged).toBeGreaterThan(40);
  });

  it("says yes when the moved obstacle lies on a label's line, or on a line its search tried", () => {
    const requests: LabelRequest[] = [{ x: 0, y: 100, text: "PD[3]", anchor: "start" }];
    const far: Rect = { left: 0, top: 300, width: 50, height: 20 };
    const onLine: Rect = { left: 0, top: 90, width: 50, height: 20 };
    expect(placementMayChange(requests, [100], [far])).toBe(false);
    expect(placementMayChange(requests, [100], [onLine])).toBe(true);
    // Placed two lines up: the lines between were tried, an obstacle there decided the place.
    const between: Rect = { left: 0, top: 72, width: 50, height: 4 };
    expect(placementMayChange(requests, [68], [between])).toBe(true);
    expect(placementMayChange(requests, [100], [between])).toBe(false);
  });
});

describe("edge labels of a laid-out graph", () => {
  it("three shared edges into one table get three separate labels", () => {
    const ram = new Ram(1024 * 1024);
    const link = (from: number, index: number, to: number, level: 4 | 3): void =>
      ram.writeEntry(from + index * 8, encodeEntry(level, to, { writable: true }, false));
    // PML4[0], [1] and [2] reach three PDPTs; entry 5 of each points at one shared PD.
    for (let i = 0; i < 3; i++) {
      link(0x1000, i, 0x10000 + i * PAGE_4K, 4);
      link(0x10000 + i * PAGE_4K, 5, 0x20000, 3);
    }
    const layout = layoutGraph(buildTableGraph(ram, 0x1000 as PhysAddr, 4, { maxPhyAddr: 46, nxe: true }));
    expect(layout.links.filter((l) => l.label === "PDPT[5]")).toHaveLength(3);
    expect(collisions(layout)).toEqual([]);
  });

  it("the Linux kernel's tables: no two of its edge labels overlap", () => {
    const golden = readGolden("linux-4l");
    const regs = goldenRegisters(golden);
    const graph = buildTableGraph(goldenRam(golden), regs.cr3 as PhysAddr, 4, {
      maxPhyAddr: regs.maxPhyAddr,
      nxe: true,
    });
    const layout = layoutGraph(graph);
    expect(layout.links.filter((l) => l.label !== "").length).toBeGreaterThan(20);
    expect(collisions(layout)).toEqual([]);
  });
});
