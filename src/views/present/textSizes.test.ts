import { describe, expect, it } from "vitest";
import { DEFAULT_TEXT_SCALE, nextTextScale, TEXT_SCALES, textScaleLabel, textScaleOf } from "./textSizes";

describe("text sizes", () => {
  it("steps up and down through the sizes and stops at either end", () => {
    expect(nextTextScale(1, 1)).toBe(1.15);
    expect(nextTextScale(1.15, -1)).toBe(1);
    expect(nextTextScale(TEXT_SCALES[0], -1)).toBe(TEXT_SCALES[0]);
    const largest = TEXT_SCALES[TEXT_SCALES.length - 1]!;
    expect(nextTextScale(largest, 1)).toBe(largest);
    let scale = TEXT_SCALES[0] as number;
    const seen = [scale];
    while (nextTextScale(scale, 1) !== scale) seen.push((scale = nextTextScale(scale, 1)));
    expect(seen).toEqual([...TEXT_SCALES]);
  });

  it("reads a stored size only when it is one of the sizes", () => {
    expect(textScaleOf("1.3")).toBe(1.3);
    expect(textScaleOf(null)).toBe(DEFAULT_TEXT_SCALE);
    expect(textScaleOf("7")).toBe(DEFAULT_TEXT_SCALE);
    expect(textScaleOf("1.3; background:url(x)")).toBe(DEFAULT_TEXT_SCALE);
    expect(nextTextScale(1.2, 1)).toBe(DEFAULT_TEXT_SCALE);
  });

  it("labels a size in percent", () => {
    expect(textScaleLabel(1.15)).toBe("115 %");
    expect(textScaleLabel(0.85)).toBe("85 %");
  });
});
