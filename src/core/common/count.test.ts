import { describe, expect, it } from "vitest";
import { formatCount } from "./count";

describe("formatCount", () => {
  it("groups thousands like en-US", () => {
    for (const n of [0, 7, 999, 1000, 12345, 70726, 1048576, -1234567, 2 ** 53 - 1]) {
      expect(formatCount(n)).toBe(n.toLocaleString("en-US"));
    }
  });
});
