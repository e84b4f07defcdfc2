import { describe, expect, it } from "vitest";
import { panIntoView } from "./panZoom";

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
