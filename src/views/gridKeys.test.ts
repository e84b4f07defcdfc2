import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PAGE_ROWS, gridMove } from "./gridKeys";

describe("gridMove", () => {
  it("Page Up / Page Down move eight rows in the column, stopping at the first or last row", () => {
    // The table's grid: 16 rows of 32.
    expect(gridMove("PageDown", 5, false, 32, 512)).toBe(5 + 8 * 32);
    expect(gridMove("PageDown", 5 + 10 * 32, false, 32, 512)).toBe(5 + 15 * 32);
    expect(gridMove("PageUp", 5 + 3 * 32, false, 32, 512)).toBe(5);
    // The memory map's last row may be short: the same column if it has one, else its last cell.
    expect(gridMove("PageDown", 30, false, 32, 100)).toBe(99);
    expect(gridMove("PageDown", 2, false, 32, 100)).toBe(98);
  });

  it("Ctrl+Home / Ctrl+End go to the grid's first and last cell; without Ctrl, the row's", () => {
    expect(gridMove("End", 40, true, 32, 100)).toBe(99);
    expect(gridMove("Home", 40, true, 32, 100)).toBe(0);
    expect(gridMove("End", 40, false, 32, 100)).toBe(63);
    expect(gridMove("End", 97, false, 32, 100)).toBe(99);
    expect(gridMove("Home", 40, false, 32, 100)).toBe(32);
    expect(gridMove("Tab", 40, false, 32, 100)).toBeNull();
  });

  it("always lands on a cell, and arrows and pages match a row-and-column reference", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.nat(),
        fc.constantFrom(
          "ArrowRight",
          "ArrowLeft",
          "ArrowDown",
          "ArrowUp",
          "Home",
          "End",
          "PageUp",
          "PageDown",
        ),
        fc.boolean(),
        (columns, count, at, key, ctrl) => {
          const index = at % count;
          const next = gridMove(key, index, ctrl, columns, count);
          expect(next).not.toBeNull();
          expect(next!).toBeGreaterThanOrEqual(0);
          expect(next!).toBeLessThan(count);
          const row = Math.floor(index / columns);
          const col = index % columns;
          const rows = Math.ceil(count / columns);
          const at2 = (r: number, c: number) => Math.min(count - 1, r * columns + c);
          const expected: Record<string, number> = {
            ArrowRight: Math.min(count - 1, index + 1),
            ArrowLeft: Math.max(0, index - 1),
            ArrowDown: index + columns < count ? index + columns : index,
            ArrowUp: index >= columns ? index - columns : index,
            Home: ctrl ? 0 : row * columns,
            End: ctrl ? count - 1 : at2(row, columns - 1),
            PageDown: at2(Math.min(rows - 1, row + PAGE_ROWS), col),
            PageUp: at2(Math.max(0, row - PAGE_ROWS), col),
          };
          expect(next).toBe(expected[key]);
        },
      ),
    );
  });
});
