import { describe, expect, it } from "vitest";
import { joinWords, lowerFirst } from "./sentence";

describe("sentence helpers", () => {
  it("joinWords lists one, two or more words with a final conjunction", () => {
    expect(joinWords([], "and")).toBe("");
    expect(joinWords(["CR3"], "and")).toBe("CR3");
    expect(joinWords(["CR3", "CR4"], "and")).toBe("CR3 and CR4");
    expect(joinWords(["read", "write", "instruction fetch"], "or")).toBe("read, write or instruction fetch");
  });
  it("lowerFirst lowers a word's capital but keeps an acronym", () => {
    expect(lowerFirst("The file")).toBe("the file");
    expect(lowerFirst("CR3 points")).toBe("CR3 points");
  });
});
