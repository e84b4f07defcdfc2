import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { countLogLines as countLines } from "../../core/explain";
import { logPreview } from "./logPreview";

const numbered = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n");

describe("a held log's preview", () => {
  it("counts lines as an editor does: a final newline starts none", () => {
    expect([
      countLines(""),
      countLines("a"),
      countLines("a\n"),
      countLines("a\nb"),
      countLines("\n\n"),
    ]).toEqual([0, 1, 1, 2, 2]);
  });

  it("keeps the first and last lines and says how many are between", () => {
    const preview = logPreview(numbered(1000), 3);
    expect(preview.split("\n")).toEqual([
      "line 1",
      "line 2",
      "line 3",
      "… 994 lines not shown …",
      "line 998",
      "line 999",
      "line 1000",
    ]);
    expect(logPreview(numbered(1000) + "\n", 3)).toBe(preview);
  });

  it("counts empty lines, at the end too", () => {
    expect(logPreview("\n\n\n\n", 1)).toBe("\n… 2 lines not shown …\n");
    expect(logPreview("a\n\n\n\n", 1)).toBe("a\n… 2 lines not shown …\n");
  });

  it("is the whole text when hiding lines would not shorten it", () => {
    expect(logPreview(numbered(7), 3)).toBe(numbered(7));
    expect(logPreview("", 3)).toBe("");
  });

  it("matches a reference built from split lines, for any text", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constant(""),
            fc.string({ maxLength: 4 }).map((s) => s.replace(/\n/g, "")),
          ),
          { maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 6 }),
        (lines, keep) => {
          const text = lines.join("\n");
          // A final newline ends the last line: the reference drops it, then splits.
          const body = text.endsWith("\n") ? text.slice(0, -1) : text;
          const all = text === "" ? [] : body.split("\n");
          const expected =
            all.length <= 2 * keep + 1
              ? body
              : [
                  ...all.slice(0, keep),
                  `… ${all.length - 2 * keep} lines not shown …`,
                  ...all.slice(-keep),
                ].join("\n");
          expect(logPreview(text, keep)).toBe(expected);
          expect(countLines(text)).toBe(all.length);
        },
      ),
    );
  });
});
