import { describe, expect, it } from "vitest";
import { unexpectedErrorText } from "./unexpectedError";

describe("unexpectedErrorText", () => {
  it("keeps a short message whole, on one line", () => {
    expect(unexpectedErrorText(new Error("quota\n  exceeded"))).toBe("quota exceeded");
  });

  it("cuts a long one to 80 characters, ending in an ellipsis", () => {
    const text = unexpectedErrorText(new TypeError("x".repeat(500)));
    expect(text).toHaveLength(80);
    expect(text.endsWith("…")).toBe(true);
  });

  it("says unknown error for a thrown non-Error or an empty message", () => {
    expect(unexpectedErrorText("boom")).toBe("unknown error");
    expect(unexpectedErrorText(new Error("  "))).toBe("unknown error");
  });
});
