import { describe, expect, it } from "vitest";
import { fileNameFor } from "./scenarioIo";

describe("fileNameFor", () => {
  it("makes a file name from the title", () => {
    expect(fileNameFor("Worked example (Writing an OS in Rust)")).toBe(
      "worked-example-writing-an-os-in-rust.json",
    );
    expect(fileNameFor("Café – ünïcode")).toBe("cafe-unicode.json");
    expect(fileNameFor(undefined)).toBe("pagewalk-scenario.json");
    expect(fileNameFor("<script>/../..")).toBe("script.json");
    expect(fileNameFor("x".repeat(300))).toBe(`${"x".repeat(60)}.json`);
  });
});
