import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readBoundedText } from "./bounded-text";

const dir = mkdtempSync(join(tmpdir(), "pagewalk-bounded-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readBoundedText (logs and traces of bounded size)", () => {
  it("reads a file up to its limit whole, as UTF-8, across chunks", () => {
    const text = "CR2: 0x1000 é\n".repeat(200_000); // ~3 MiB: several 1 MiB chunks
    const file = join(dir, "log.txt");
    writeFileSync(file, text);
    const bytes = Buffer.byteLength(text);
    expect(readBoundedText(file, "log.txt", bytes, "too large")).toBe(text);
  });

  it("refuses one byte past the limit with the caller's words", () => {
    const file = join(dir, "big.txt");
    writeFileSync(file, "x".repeat(1001));
    expect(() => readBoundedText(file, "big.txt", 1000, "at most 1000 bytes")).toThrow(
      "big.txt: at most 1000 bytes",
    );
  });

  it("stops an endless device at its limit instead of reading it into memory", () => {
    if (!existsSync("/dev/zero")) return; // not on this platform
    expect(() => readBoundedText("/dev/zero", "/dev/zero", 4 << 20, "too large")).toThrow(
      "/dev/zero: too large",
    );
  });

  it("names file errors in words, not Node's codes", () => {
    mkdirSync(join(dir, "adir"));
    expect(() => readBoundedText(join(dir, "adir"), "adir", 10, "")).toThrow(
      "cannot read adir: it is a directory",
    );
    expect(() => readBoundedText(join(dir, "nope"), "nope", 10, "")).toThrow(
      "cannot read nope: no such file",
    );
    expect(() => readBoundedText(join(dir, "x".repeat(5000)), "long", 10, "")).toThrow(
      "cannot read long: the name is too long",
    );
  });
});
