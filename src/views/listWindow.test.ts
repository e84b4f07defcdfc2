import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listWindow, rowTop } from "./listWindow";

/** The reference: every row's box, laid out one after another. */
function boxes(rowCount: number, rowHeight: number, tallRow: number | null) {
  let y = 0;
  return Array.from({ length: rowCount }, (_, i) => {
    const h = i === tallRow ? 2 * rowHeight : rowHeight;
    const box = { top: y, bottom: y + h };
    y += h;
    return box;
  });
}

describe("listWindow", () => {
  it("renders the rows in view plus the overscan, and keeps the heights of the rest", () => {
    const w = listWindow({
      rowCount: 464,
      rowHeight: 24,
      tallRow: null,
      scrollTop: 2400,
      viewportHeight: 300,
      overscan: 4,
    });
    expect(w).toEqual({ start: 96, end: 117, before: 96 * 24, after: (464 - 117) * 24, total: 464 * 24 });
  });

  it("an empty list renders nothing", () => {
    expect(
      listWindow({
        rowCount: 0,
        rowHeight: 24,
        tallRow: null,
        scrollTop: 0,
        viewportHeight: 300,
        overscan: 4,
      }),
    ).toEqual({ start: 0, end: 0, before: 0, after: 0, total: 0 });
  });

  it("every row that meets the viewport is rendered, and the heights add up (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 60 }),
        fc.option(fc.nat(), { nil: null }),
        fc.integer({ min: -100, max: 40_000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 8 }),
        (rowCount, rowHeight, tallSeed, scrollTop, viewportHeight, overscan) => {
          const tallRow = tallSeed === null ? null : tallSeed % rowCount;
          const w = listWindow({ rowCount, rowHeight, tallRow, scrollTop, viewportHeight, overscan });
          const all = boxes(rowCount, rowHeight, tallRow);
          const total = all[all.length - 1]!.bottom;
          expect(w.total).toBe(total);
          expect(w.before).toBe(all[w.start]!.top);
          expect(w.after).toBe(total - (w.end > 0 ? all[w.end - 1]!.bottom : 0));
          expect(w.start).toBeLessThan(w.end);
          const top = Math.min(Math.max(0, scrollTop), total);
          const bottom = top + viewportHeight;
          all.forEach((b, i) => {
            if (b.bottom > top && b.top < bottom) {
              expect(i).toBeGreaterThanOrEqual(w.start);
              expect(i).toBeLessThan(w.end);
            }
          });
          for (let i = 0; i < rowCount; i++) expect(rowTop(i, rowHeight, tallRow)).toBe(all[i]!.top);
        },
      ),
    );
  });
});
