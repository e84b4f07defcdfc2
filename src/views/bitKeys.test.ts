import { describe, expect, it } from "vitest";
import { bitKeyTarget } from "./bitKeys";

describe("bitKeyTarget", () => {
  it("left goes to the higher bit (drawn to the left), right to the lower; Home/End to 63/0", () => {
    expect(bitKeyTarget("ArrowLeft", 1)).toBe(2);
    expect(bitKeyTarget("ArrowRight", 1)).toBe(0);
    expect(bitKeyTarget("ArrowUp", 10)).toBe(11);
    expect(bitKeyTarget("ArrowDown", 10)).toBe(9);
    expect(bitKeyTarget("Home", 5)).toBe(63);
    expect(bitKeyTarget("End", 5)).toBe(0);
  });
  it("stops at the edges and leaves other keys alone", () => {
    expect(bitKeyTarget("ArrowLeft", 63)).toBe(63);
    expect(bitKeyTarget("ArrowRight", 0)).toBe(0);
    expect(bitKeyTarget("Tab", 5)).toBeNull();
    expect(bitKeyTarget(" ", 5)).toBeNull();
  });
});
