// The grid's keyboard map, now a pure function (TableGrid applies it to the focus).
import { describe, expect, it } from "vitest";
import { cellOf, gridKeyTarget, inRow, sameCell } from "./gridCells";

describe("gridKeyTarget", () => {
  it("arrows move by one entry or one row of 32, and stop at the grid's edges", () => {
    expect([gridKeyTarget("ArrowRight", 127, false), gridKeyTarget("ArrowLeft", 127, false)]).toEqual([
      128, 126,
    ]);
    expect([gridKeyTarget("ArrowDown", 128, false), gridKeyTarget("ArrowUp", 160, false)]).toEqual([
      160, 128,
    ]);
    expect([gridKeyTarget("ArrowRight", 511, false), gridKeyTarget("ArrowLeft", 0, false)]).toEqual([511, 0]);
    expect([gridKeyTarget("ArrowDown", 500, false), gridKeyTarget("ArrowUp", 5, false)]).toEqual([500, 5]);
  });

  it("Home and End go to the row's ends, and with Ctrl to the first and last entry", () => {
    expect([gridKeyTarget("Home", 100, false), gridKeyTarget("End", 100, false)]).toEqual([96, 127]);
    expect([gridKeyTarget("Home", 100, true), gridKeyTarget("End", 100, true)]).toEqual([0, 511]);
  });

  it("Enter and Space pick the entry; other keys are left to the page", () => {
    expect([gridKeyTarget("Enter", 3, false), gridKeyTarget(" ", 3, false)]).toEqual(["select", "select"]);
    expect([gridKeyTarget("Tab", 3, false), gridKeyTarget("a", 3, false)]).toEqual([null, null]);
  });
});

describe("inRow", () => {
  it("keeps an index only in its own row of 32", () => {
    expect([inRow(3, 96), inRow(3, 127), inRow(3, 128), inRow(3, 95), inRow(3, null)]).toEqual([
      96,
      127,
      null,
      null,
      null,
    ]);
  });
});

describe("sameCell", () => {
  const info = (index: number, entryClass: "empty" | "leaf4k", raw: string) =>
    ({ index, entryClass, raw, target: null, flags: "" }) as unknown as Parameters<typeof cellOf>[0];
  it("two tables' empty entries at one index draw the same; another kind or index does not", () => {
    const inPt = cellOf(info(7, "empty", "0x0"), 1);
    const inPd = cellOf(info(7, "empty", "0x0"), 2);
    expect(inPt).not.toBe(inPd);
    expect(inPt.tooltip()).toMatch(/^PT\[7\] = 0x0/); // "PT[7] …" and "PD[7] …": set on hover, not drawn
    expect(inPd.tooltip()).toMatch(/^PD\[7\] = 0x0/);
    expect(sameCell(inPt, inPd)).toBe(true);
    expect(sameCell(inPt, cellOf(info(8, "empty", "0x0"), 1))).toBe(false);
    expect(sameCell(inPt, cellOf(info(7, "leaf4k", "0x1003"), 1))).toBe(false);
  });
  it("pointers draw in the colour of the level they point to: a PML4's and a PDPT's differ", () => {
    const pointer = (level: 3 | 4) => cellOf({ ...info(7, "empty", "0x2003"), entryClass: "table" }, level);
    expect(pointer(4).fill).toBe("var(--level-3)");
    expect(pointer(3).fill).toBe("var(--level-2)");
    expect(sameCell(pointer(4), pointer(3))).toBe(false);
    expect(cellOf(info(7, "leaf4k", "0x1003"), 1).fill).toBeNull();
  });
});
