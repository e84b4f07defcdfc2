import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EXCERPT_LINES, faultExcerpt } from "./log-excerpt";

/** Lines a log may hold: noise, and each format's report start (with the lines it may use before it). */
const NOISE = ["", "booting", "     0: v=20 e=0000 i=0 cpl=0 IP=0008:ffff", "RAX=0000000000000000 RBX=0"];
const STARTS: readonly { readonly line: string; readonly before: number }[] = [
  { line: "     0: v=0e e=0002 i=0 cpl=0 IP=0008:ffffffff8100a000", before: 0 },
  { line: "[    1.0] BUG: unable to handle page fault for address: ffffc90000a3f000", before: 2 },
  { line: "#PF: error_code(0x0002) - not-present page", before: 4 },
  { line: "Error Code: PageFaultErrorCode(CAUSED_BY_WRITE)", before: 4 },
  { line: "Error Code: CAUSED_BY_WRITE | USER_MODE", before: 4 },
];

/**
 * The excerpt from the log's lines as an editor shows them (a final newline starts no line): the
 * first line with a report start, `before` lines earlier, EXCERPT_LINES lines on.
 */
function reference(text: string) {
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  const lines = body.split("\n");
  const at = lines.findIndex((l) => STARTS.some((s) => l === s.line));
  if (at === -1) return null;
  const before = (STARTS.find((s) => s.line === lines[at]) as (typeof STARTS)[number]).before;
  const from = Math.max(0, at - before);
  const kept = lines.slice(from, from + EXCERPT_LINES);
  return {
    text: kept.join("\n"),
    firstLine: from + 1,
    lastLine: from + kept.length,
    totalLines: lines.length,
  };
}

describe("the excerpt of a long log", () => {
  it("is the reference's lines, for any mix of noise and report starts", () => {
    const line = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...NOISE) },
      { weight: 1, arbitrary: fc.constantFrom(...STARTS.map((s) => s.line)) },
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 900 }), fc.boolean(), (lines, trailing) => {
        const text = lines.join("\n") + (trailing ? "\n" : "");
        expect(faultExcerpt(text)).toEqual(reference(text));
      }),
      { numRuns: 300 },
    );
  });

  it("finds nothing in a log without a report", () => {
    expect(faultExcerpt("booting\n     0: v=20 e=0000\n")).toBeNull();
  });
});
