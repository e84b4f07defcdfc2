// The grid's keyboard map, now a pure function (TableGrid applies it to the focus).
import { describe, expect, it } from "vitest";
import { gridKeyTarget, inRow } from "./gridCells";

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
