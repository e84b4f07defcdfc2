import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  KEPT_IN_VIEW,
  READABLE_ZOOM,
  fitPathViewport,
  keepCentre,
  keepContentInView,
  panIntoView,
  unionOf,
  type Bounds,
  type Viewport,
} from "./panZoom";

describe("panIntoView (the stepper keeps the current table on screen)", () => {
  const view = { x: 0, y: 0, k: 1 };
  const box = { x: 100, y: 50, width: 120, height: 40 };

  it("leaves a box that is in view where it is", () => {
    expect(panIntoView(view, box, 800, 400)).toBeNull();
  });

  it("pans just enough to bring a box in from the right, the left, above or below, keeping the zoom", () => {
    expect(panIntoView(view, { ...box, x: 900 }, 800, 400)).toEqual({ x: 800 - 24 - 1020, y: 0, k: 1 });
    expect(panIntoView({ x: -300, y: 0, k: 1 }, box, 800, 400)).toEqual({ x: 24 - 100, y: 0, k: 1 });
    expect(panIntoView(view, { ...box, y: 500 }, 800, 400)).toEqual({ x: 0, y: 400 - 24 - 540, k: 1 });
    expect(panIntoView({ x: 0, y: -200, k: 1 }, box, 800, 400)).toEqual({ x: 0, y: 24 - 50, k: 1 });
  });

  it("works in screen pixels at any zoom, and aligns a box too large to fit by its top-left corner", () => {
    const zoomed = { x: 10, y: 10, k: 2 };
    const moved = panIntoView(zoomed, { ...box, x: 500 }, 800, 400);
    expect(moved).toEqual({ x: 800 - 24 - 620 * 2, y: 10, k: 2 });
    expect(panIntoView(view, { x: 100, y: 0, width: 1000, height: 40 }, 800, 400)).toEqual({
      x: -76,
      y: 24,
      k: 1,
    });
  });
});

/** Where a box (content coordinates) lands on screen under a viewport. */
const onScreen = (b: Bounds, v: Viewport): Bounds => ({
  x: b.x * v.k + v.x,
  y: b.y * v.k + v.y,
  width: b.width * v.k,
  height: b.height * v.k,
});
const inside = (b: Bounds, width: number, height: number): boolean =>
  b.x >= 0 && b.y >= 0 && b.x + b.width <= width && b.y + b.height <= height;

describe("fitPathViewport (the first view and Show walk)", () => {
  // A walk top-down: four tables 310 × 60, 104 apart, then the run row it ends in.
  const path: Bounds[] = [0, 1, 2, 3].map((i) => ({ x: 100 + i * 20, y: i * 104, width: 310, height: 60 }));
  path.push({ x: 120, y: 4 * 104, width: 300, height: 20 });

  it("fits a path that has room whole, centred, never below the readable zoom", () => {
    const v = fitPathViewport(path, 600, 480) as Viewport;
    expect(v.k).toBeGreaterThanOrEqual(READABLE_ZOOM);
    for (const b of path) expect(inside(onScreen(b, v), 600, 480)).toBe(true);
  });

  it("does not zoom a short path in beyond 1.25", () => {
    const v = fitPathViewport(path.slice(0, 1), 2000, 2000) as Viewport;
    expect(v.k).toBe(1.25);
  });

  it("in a view too small for all of it, stays readable and shows the end of the path", () => {
    const v = fitPathViewport(path, 360, 300) as Viewport;
    expect(v.k).toBeGreaterThanOrEqual(READABLE_ZOOM);
    const shown = path.map((b) => inside(onScreen(b, v), 360, 300));
    expect(shown[shown.length - 1]).toBe(true); // the run row
    expect(shown[shown.length - 2]).toBe(true); // the PT
    expect(shown[0]).toBe(false); // the PML4 has no room left
  });

  it("property: whatever the view, the last box is on screen when it fits at the readable zoom", () => {
    for (let w = 300; w <= 1600; w += 130)
      for (let h = 120; h <= 900; h += 90) {
        const v = fitPathViewport(path, w, h) as Viewport;
        expect(v.k).toBeGreaterThanOrEqual(READABLE_ZOOM);
        expect(inside(onScreen(path[path.length - 1] as Bounds, v), w, h)).toBe(true);
      }
  });

  it("a path too wide to fit (tables in a column, their leaf run to the left): readable, every table in view", () => {
    // As on the Linux tables in a 1280×720 laptop's graph (515 × 440): PML4, PDPT and PD one above
    // the other, the PD's 2 MiB run row beside the PT it also points to, 640 px from end to end.
    const column: Bounds[] = [0, 1, 2].map((i) => ({ x: 350, y: i * 104, width: 320, height: 60 }));
    const run: Bounds = { x: 30, y: 312, width: 305, height: 20 };
    const v = fitPathViewport([...column, run], 515, 440) as Viewport;
    expect(v.k).toBe(READABLE_ZOOM);
    expect(inside(onScreen(run, v), 515, 440)).toBe(true);
    for (const table of column) {
      const b = onScreen(table, v);
      // Cut at the right edge, but the head (a table's name and address, its left 200 px) shows.
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + 200 * v.k).toBeLessThanOrEqual(515);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.y + b.height).toBeLessThanOrEqual(440);
    }
  });

  it("property: too big to fit, at the readable zoom; along an axis the path fits, all of it; the end in view", () => {
    const box = fc.record({
      x: fc.integer({ min: -3000, max: 3000 }),
      y: fc.integer({ min: -3000, max: 3000 }),
      width: fc.integer({ min: 20, max: 400 }),
      height: fc.integer({ min: 20, max: 120 }),
    });
    fc.assert(
      fc.property(
        fc.array(box, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 200, max: 2000 }),
        fc.integer({ min: 150, max: 1200 }),
        (path, w, h) => {
          const v = fitPathViewport(path, w, h) as Viewport;
          const union = onScreen(unionOf(path) as Bounds, v);
          const end = onScreen(path[path.length - 1] as Bounds, v);
          // Spans that fit inside the padding (16 px a side), and a span within a view, to rounding.
          const fits = (span: number, view: number): boolean => span <= view - 32 + 1e-9;
          const within = (lo: number, span: number, view: number): boolean =>
            lo >= -1e-9 && lo + span <= view + 1e-9;
          expect(v.k).toBeGreaterThanOrEqual(READABLE_ZOOM);
          if (!inside(union, w, h)) expect(v.k).toBe(READABLE_ZOOM);
          if (fits(union.width, w)) expect(within(union.x, union.width, w)).toBe(true);
          if (fits(union.height, h)) expect(within(union.y, union.height, h)).toBe(true);
          if (fits(end.width, w)) expect(within(end.x, end.width, w)).toBe(true);
          if (fits(end.height, h)) expect(within(end.y, end.height, h)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("has nothing to fit without a path", () => {
    expect(fitPathViewport([], 600, 400)).toBeNull();
  });
});

describe("keepCentre (a resized graph keeps what was at its centre)", () => {
  it("the content point at the old view's centre is at the new view's centre, at any zoom", () => {
    const views: Viewport[] = [
      { x: 0, y: 0, k: 1 },
      { x: -340, y: 75, k: 0.6 },
      { x: 120.5, y: -900, k: 2.25 },
    ];
    const sizes: [number, number][] = [
      [674, 443],
      [514, 443],
      [1920, 1080],
      [350, 300],
    ];
    for (const v of views)
      for (const from of sizes)
        for (const to of sizes) {
          const after = keepCentre(v, from, to);
          expect(after.k).toBe(v.k);
          // The content point under the old centre, and where it lands on the new screen.
          const cx = (from[0] / 2 - v.x) / v.k;
          const cy = (from[1] / 2 - v.y) / v.k;
          expect(cx * after.k + after.x).toBeCloseTo(to[0] / 2, 9);
          expect(cy * after.k + after.y).toBeCloseTo(to[1] / 2, 9);
        }
  });
});

describe("keepContentInView (a gesture cannot push the drawing out of view)", () => {
  const content = { x: 100, y: -50, width: 800, height: 400 };

  it("leaves a view that shows enough of the drawing alone, and pulls back one that does not", () => {
    const inView = { x: -300, y: 20, k: 0.5 };
    expect(keepContentInView(inView, content, 400, 300)).toEqual(inView);
    // Dragged far left: the drawing's right edge (x (100 + 800) × 1 − 2000 < 0) comes back to 64 px.
    const v = keepContentInView({ x: -2000, y: 0, k: 1 }, content, 400, 300);
    expect((content.x + content.width) * v.k + v.x).toBeCloseTo(KEPT_IN_VIEW, 9);
    // Dragged far down: its top edge stops 64 px above the view's bottom.
    const w = keepContentInView({ x: 0, y: 5000, k: 2 }, content, 400, 300);
    expect(content.y * w.k + w.y).toBeCloseTo(300 - KEPT_IN_VIEW, 9);
  });

  it("keeps at least 64 px of the drawing (all of it when smaller) on both axes, moving as little as it must", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.double({ min: 0.02, max: 4, noNaN: true }),
        fc.double({ min: 1, max: 3000, noNaN: true }),
        fc.double({ min: 1, max: 3000, noNaN: true }),
        (x, y, k, width, height) => {
          const v = keepContentInView({ x, y, k }, content, width, height);
          expect(v.k).toBe(k);
          const shown = (lo: number, span: number, pos: number, view: number) =>
            Math.min(view, (lo + span) * k + pos) - Math.max(0, lo * k + pos);
          const need = (span: number, view: number) => Math.min(KEPT_IN_VIEW, span * k, view);
          expect(shown(content.x, content.width, v.x, width)).toBeGreaterThanOrEqual(
            need(content.width, width) - 1e-6,
          );
          expect(shown(content.y, content.height, v.y, height)).toBeGreaterThanOrEqual(
            need(content.height, height) - 1e-6,
          );
          // A view that already showed enough is not moved.
          if (shown(content.x, content.width, x, width) >= need(content.width, width)) expect(v.x).toBe(x);
          if (shown(content.y, content.height, y, height) >= need(content.height, height))
            expect(v.y).toBe(y);
        },
      ),
    );
  });
});
