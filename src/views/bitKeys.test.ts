import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { type BitBox, bitKeyTarget, bitOnNextLine, isWrapped } from "./bitKeys";

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

describe("bitOnNextLine", () => {
  // Bits laid out in lines as a wrapped toolbar draws them: bit 63 first, left to right, top down;
  // boxes of one line may differ in height by a pixel.
  const layout = fc
    .array(
      fc.array(
        fc.record({
          width: fc.integer({ min: 8, max: 60 }),
          gap: fc.integer({ min: 0, max: 12 }),
          tall: fc.integer({ min: 0, max: 1 }),
        }),
        {
          minLength: 1,
          maxLength: 12,
        },
      ),
      { minLength: 1, maxLength: 6 },
    )
    .chain((lines) =>
      fc.record({
        lines: fc.constant(lines),
        indent: fc.array(fc.integer({ min: 0, max: 40 }), {
          minLength: lines.length,
          maxLength: lines.length,
        }),
      }),
    )
    .map(({ lines, indent }) => {
      let bit = 63;
      return lines.map((line, row) => {
        let x = indent[row] ?? 0;
        return line.map(({ width, gap, tall }) => {
          const box: BitBox = {
            bit: bit--,
            left: x,
            right: x + width,
            top: row * 30,
            bottom: row * 30 + 20 + tall,
          };
          x += width + gap;
          return box;
        });
      });
    });
  const centre = (b: BitBox): number => (b.left + b.right) / 2;

  it("goes to the nearest bit across on the line below or above, and nowhere past the last or first", () => {
    fc.assert(
      fc.property(layout, fc.nat(), fc.boolean(), (lines, pick, down) => {
        const boxes = lines.flat();
        const start = boxes[pick % boxes.length]!;
        const row = lines.findIndex((line) => line.includes(start));
        const target = lines[down ? row + 1 : row - 1];
        const got = bitOnNextLine(boxes, start.bit, down ? "down" : "up");
        if (target === undefined) return got === null;
        // The reference: the target line's bit with the least distance across, ties to the higher bit.
        const best = [...target].sort(
          (a, b) =>
            Math.abs(centre(a) - centre(start)) - Math.abs(centre(b) - centre(start)) || b.bit - a.bit,
        )[0]!;
        return got === best.bit;
      }),
    );
  });

  it("between two bits equally far across, takes the one drawn to the left (the higher bit)", () => {
    const boxes: BitBox[] = [
      { bit: 12, left: 10, right: 30, top: 0, bottom: 20 },
      { bit: 11, left: 5, right: 15, top: 30, bottom: 50 },
      { bit: 10, left: 25, right: 35, top: 30, bottom: 50 },
    ];
    expect(bitOnNextLine(boxes, 12, "down")).toBe(11);
    expect(bitOnNextLine(boxes, 10, "up")).toBe(12);
    expect(bitOnNextLine(boxes, 12, "up")).toBeNull();
  });

  it("says whether the bits wrap, and knows no bit it is not given", () => {
    fc.assert(fc.property(layout, (lines) => isWrapped(lines.flat()) === lines.length > 1));
    expect(bitOnNextLine([], 3, "down")).toBeNull();
  });
});
