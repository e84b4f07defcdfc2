import { describe, expect, it } from "vitest";
import { decodeScenarioLink, encodeScenarioLink } from "./link";
import { presetById } from "./presets/presets";
import { LIMITS } from "./scenario-state";
import { textProblem } from "./text-limit";
import { checkScenario } from "./validate";

const noPresets = { idOf: () => null, metaOf: () => null };

describe("textProblem", () => {
  it("counts characters as code points: an emoji is one", () => {
    expect(textProblem("😀".repeat(200), 200)).toBeNull();
    expect(textProblem("😀".repeat(201), 200)).toEqual({
      kind: "too-long",
      reason: "is 201 characters long; at most 200 are allowed",
    });
    expect(textProblem("x".repeat(201), 200)?.reason).toBe("is 201 characters long; at most 200 are allowed");
  });

  it("refuses a lone surrogate, and lets a pair through", () => {
    expect(textProblem("a\ud800b", 10)?.kind).toBe("malformed");
    expect(textProblem("\udc00", 10)?.kind).toBe("malformed");
    expect(textProblem("a\ud83d\ude00", 10)).toBeNull();
  });

  it("a title of 200 emoji is valid, and a link carries it", async () => {
    const base = presetById("worked-example")!.build!();
    const state = { ...base, title: "😀".repeat(LIMITS.titleLength) };
    expect(checkScenario(state)).toBeNull();
    const decoded = await decodeScenarioLink(await encodeScenarioLink(state, noPresets));
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.title).toBe(state.title);
    expect(checkScenario({ ...base, title: "😀".repeat(LIMITS.titleLength + 1) })?.message).toMatch(
      /title: is 201 characters long/,
    );
  });
});
