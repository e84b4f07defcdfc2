import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listWindow, rowTop, slotKey, slotShiftAfterMove, type RowSpan } from "./listWindow";

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

describe("row keys while a list scrolls (slotKey, slotShiftAfterMove)", () => {
  const keys = (span: RowSpan, shift: number) =>
    Array.from({ length: span.end - span.start }, (_, k) =>
      slotKey(span.start + k + shift, span.end - span.start),
    );

  it("a short scroll keeps the keys of the rows still in view; a fling gives the new rows the old rows' keys", () => {
    const from = { start: 100, end: 125 };
    // Three rows on: 22 rows stay, each with its key; three new keys for the rows that enter.
    const short = slotShiftAfterMove(0, from, { start: 103, end: 128 });
    expect(short).toBe(0);
    expect(keys({ start: 103, end: 128 }, short).slice(0, 22)).toEqual(keys(from, 0).slice(3));
    // 25 rows on (the bench's fling): no row stays; the same 25 keys, in the same order.
    const fling = slotShiftAfterMove(0, from, { start: 125, end: 150 });
    expect(keys({ start: 125, end: 150 }, fling)).toEqual(keys(from, 0));
    // Back up by 20 (5 rows stay, fewer than half): rewritten in place as well.
    const back = slotShiftAfterMove(7, from, { start: 80, end: 105 });
    expect(keys({ start: 80, end: 105 }, back)).toEqual(keys(from, 7));
  });

  it("any run of moves: a window's keys are distinct, and a move keeps its kept rows' keys or all keys in order (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 30 }),
        (length, starts) => {
          let shift = 0;
          let from: RowSpan = { start: 0, end: length };
          for (const start of starts) {
            const to = { start, end: start + length };
            const next = slotShiftAfterMove(shift, from, to);
            const before = keys(from, shift);
            const after = keys(to, next);
            expect(new Set(after).size).toBe(length);
            const kept = Math.max(0, Math.min(from.end, to.end) - Math.max(from.start, to.start));
            if (2 * kept > length) {
              // Every row in both windows has the same key in both.
              for (let p = Math.max(from.start, to.start); p < Math.min(from.end, to.end); p++)
                expect(after[p - to.start]).toBe(before[p - from.start]);
            } else {
              expect(after).toEqual(before);
            }
            shift = next;
            from = to;
          }
        },
      ),
    );
  });
});
