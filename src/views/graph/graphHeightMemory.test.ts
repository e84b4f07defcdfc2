import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { GRAPH_HEIGHT_MAX, GRAPH_HEIGHT_MIN, defaultGraphHeight, graphHeightOf } from "./graphHeightMemory";

describe("the graph's default height", () => {
  it("is 480 px up to a 1,066 px window, then 45 % of it, at most 900", () => {
    expect([390, 720, 900, 1080, 1440, 2160].map(defaultGraphHeight)).toEqual([480, 480, 480, 486, 648, 900]);
  });
});

describe("the graph's height from storage", () => {
  it("keeps a chosen height in range, no taller than the window", () => {
    expect(graphHeightOf("720", 1080)).toBe(720);
    expect(graphHeightOf("1600", 900)).toBe(900);
    expect(graphHeightOf("300", 200)).toBe(GRAPH_HEIGHT_MIN);
  });

  it("ignores nothing stored, garbled text and heights out of range: the default", () => {
    for (const stored of [null, "", "abc", "4e2", "480.5", "-500", "100", "2400", "99999"])
      expect(graphHeightOf(stored, 1440), String(stored)).toBe(648);
  });

  it("is always a whole number of pixels between the handle's limits, whatever is stored", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.integer().map(String)),
        fc.integer({ min: 0, max: 5000 }),
        (s, h) => {
          const height = graphHeightOf(s, h);
          return Number.isInteger(height) && height >= GRAPH_HEIGHT_MIN && height <= GRAPH_HEIGHT_MAX;
        },
      ),
    );
  });
});
