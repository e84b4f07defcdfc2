/** How the exercises read typed answers (numbers, flag changes), and what they say about ones they cannot read. */
import { describe, expect, it } from "vitest";
import { parseAnswerNumber } from "./exercise-text";
import { parseChanges } from "./entry-changes";
import { checkExercise, generateExercise } from "./families";

const value = (text: string, radix: "hex" | "decimal"): bigint | string => {
  const r = parseAnswerNumber(text, radix);
  return r.ok ? r.value : r.error.message;
};

describe("parseAnswerNumber", () => {
  it("a decimal field reads decimal digits, or a number with its 0x or 0d; nothing else", () => {
    expect(value(" 113 ", "decimal")).toBe(113n);
    expect(value("0x71", "decimal")).toBe(113n);
    expect(value("0d113", "decimal")).toBe(113n);
    for (const typed of ["7 1", "0_71", "7'1", "4_99", "1f3", "ff", "113\n114"])
      expect(value(typed, "decimal"), typed).toMatch(
        / is not a number: write it in decimal, or in hex with 0x\.$/,
      );
    expect(value("0xzz", "decimal")).toBe('"0xzz" is not a hex number.');
    expect(value("0d1f", "decimal")).toBe('"0d1f" is not a decimal number.');
  });

  it("a hex field reads hex as the address fields do; too wide is not 'not hex'; long text is quoted short", () => {
    expect(value("fff", "hex")).toBe(0xfffn);
    expect(value("0x0000_0fff", "hex")).toBe(0xfffn);
    expect(value("0d4095", "hex")).toBe(4095n);
    expect(value("zz", "hex")).toBe('"zz" is not a hex number.');
    expect(value("0x1ffffffffffffffffff", "hex")).toBe('"0x1ffffffffffffffffff" does not fit in 64 bits.');
    const long = value(`0x${"c".repeat(10_000)}z`, "hex") as string;
    expect(long.length).toBeLessThan(80);
    expect(long).toMatch(/^"0xc+…" is not a hex number\.$/);
    expect(value("0x1\u0007", "hex")).toBe('"0x1\\u0007" is not a hex number.');
  });
});

describe("the families' words for a number they cannot use", () => {
  it("split-va: an index typed as '7 1' is refused, not read as hex 0x71", () => {
    const e = generateExercise("split-va", 42, "normal");
    const pt = e.answer.pt as string;
    const asHex = Number(pt).toString(16).split("").join(" ");
    const check = checkExercise(e, { ...e.answer, pt: asHex });
    expect(check.correct).toBe(false);
    expect(check.feedback).toEqual([
      `PT index: "${asHex}" is not a number: write it in decimal, or in hex with 0x.`,
    ]);
    expect(checkExercise(e, { ...e.answer, pt: `0x${Number(pt).toString(16)}` }).correct).toBe(true);
  });

  it("error-code: a code wider than 16 bits is quoted as typed", () => {
    const e = generateExercise("error-code", 42, "normal");
    expect(checkExercise(e, { ...e.answer, errorCode: "0x10000" }).feedback).toEqual([
      "Error code: 0x10000 is wider than 16 bits (a #PF error code uses bits 15:0).",
    ]);
    expect(checkExercise(e, { ...e.answer, errorCode: "0x1ffffffffffffffffff" }).feedback).toEqual([
      'Error code: "0x1ffffffffffffffffff" does not fit in 64 bits.',
    ]);
  });

  it("translate: a PA wider than 52 bits is called that, not 'neither hex nor fault'", () => {
    const e = generateExercise("translate", 42, "normal");
    expect(checkExercise(e, { pa: "0x10000000000000" }).feedback).toEqual([
      '"0x10000000000000" is wider than a physical address (at most 52 bits).',
    ]);
    expect(checkExercise(e, { pa: "0x1ffffffffffffffffff" }).feedback).toEqual([
      '"0x1ffffffffffffffffff" is wider than a physical address (at most 52 bits).',
    ]);
    expect(checkExercise(e, { pa: "banana" }).feedback).toEqual([
      '"banana" is neither a physical address in hex (e.g. 0x35ce) nor "fault".',
    ]);
  });

  it("build-mapping: an entry wider than 64 bits, and one of 10,000 characters, are quoted short", () => {
    const e = generateExercise("build-mapping", 42, "normal");
    const field = e.fields[0]?.name as string;
    const [first] = checkExercise(e, { ...e.answer, [field]: "0x1ffffffffffffffffff" }).feedback;
    expect(first).toMatch(/^[A-Z0-9]+E: "0x1ffffffffffffffffff" does not fit in 64 bits\.$/);
    const [long] = checkExercise(e, { ...e.answer, [field]: "x".repeat(10_000) }).feedback;
    expect((long as string).length).toBeLessThan(80);
  });
});

describe("fix-tables: the changes as typed", () => {
  it("entries separated by spaces (a pasted line break in a one-line field) are separate entries", () => {
    const spaced = parseChanges("PML4E +P PDE +P -XD");
    const commas = parseChanges("PML4E +P, PDE +P -XD");
    expect(spaced).toEqual(commas);
    expect(spaced.ok && spaced.value.length).toBe(3);
    const bad = parseChanges("PML4E +P PDE");
    expect(bad.ok ? null : bad.error.message).toBe(
      '"PDE": say which flag to set (+) or clear (-), e.g. PDE +U/S.',
    );
    const unknown = parseChanges("PTE +Q");
    expect(unknown.ok ? null : unknown.error.message).toBe(
      '"PTE +Q": Q is not a flag you can change here (P, R/W, U/S or XD).',
    );
    const long = parseChanges(`PTE +${"Q".repeat(10_000)}`);
    expect(long.ok ? 0 : long.error.message.length).toBeLessThan(160);
  });
});
