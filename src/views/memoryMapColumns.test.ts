import { describe, expect, it } from "vitest";
import { gridColumnsFor } from "./memoryMapColumns";

describe("gridColumnsFor", () => {
  it("gives the widest power-of-two row that fits, 8 to 64 cells", () => {
    expect(gridColumnsFor(1200)).toBe(64);
    expect(gridColumnsFor(647)).toBe(64); // 64 cells: 640 px less the last gap, and 8 px of edges
    expect(gridColumnsFor(646)).toBe(32);
    expect(gridColumnsFor(550)).toBe(32);
    expect(gridColumnsFor(327)).toBe(32);
    expect(gridColumnsFor(326)).toBe(16);
    expect(gridColumnsFor(167)).toBe(16);
    expect(gridColumnsFor(166)).toBe(8); // a 360 px phone's panel at 200 % text
    expect(gridColumnsFor(40)).toBe(8); // never fewer: a narrower map scrolls
  });

  it("always fits the row it gives when 8 cells fit at all", () => {
    for (let width = 87; width < 2000; width += 7) {
      const c = gridColumnsFor(width);
      expect(c * 10 - 1 + 8).toBeLessThanOrEqual(width);
      if (c < 64) expect(c * 2 * 10 - 1 + 8).toBeGreaterThan(width);
    }
  });
});
