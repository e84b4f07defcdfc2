/**
 * The traced walk's result is plain data: every declared field is an own, enumerable value, so it
 * survives a spread, `structuredClone` (a worker message) and `JSON.stringify` with a bigint
 * replacer. Checked on every case of a few QEMU golden fixtures (4- and 5-level, reserved bits,
 * protection keys, SMEP/SMAP), under all six accesses, and on walks that end outside memory or
 * with paging off.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACCESS_KINDS, DEFAULT_REGISTERS, accessOfKind, virtAddr } from "../arch";
import { goldenRam, goldenRegisters, readGolden } from "../__fixtures__/golden";
import { Ram } from "../memory";
import { walk } from "./walk";
import type { WalkResult } from "./walk-types";

const FIXTURES = ["h00-worked-example", "h03-reserved-nxe1-pa52", "h09-pku-mixed", "case09-la57-everything"];

/** Every field a result declares, by part: what must be own and enumerable. */
const STEP_FIELDS = ["level", "tableAddr", "index", "entryAddr", "raw", "reserved"];
const FAULT_FIELDS = ["ok", "exception", "errorCode", "cr2", "level", "cause", "reason"];
const MAPPED_FIELDS = ["kind", "pa", "pageSize", "leafLevel", "permissions"];

const bigintAsText = (_key: string, value: unknown): unknown =>
  typeof value === "bigint" ? `0x${value.toString(16)}` : value;

/** The same value with every bigint written as hex text: what JSON with the replacer must give. */
function withBigintsAsText(value: unknown): unknown {
  if (typeof value === "bigint") return `0x${value.toString(16)}`;
  if (Array.isArray(value)) return value.map(withBigintsAsText);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withBigintsAsText(v)]));
  }
  return value;
}

function expectPlain(result: WalkResult): void {
  // Spread keeps every field of each part.
  expect({ ...result }).toEqual(result);
  for (const step of result.steps) {
    expect(Object.keys(step)).toEqual(expect.arrayContaining(STEP_FIELDS));
    const copy = { ...step };
    expect(copy.raw).toBe(step.raw);
    expect(copy.tableAddr).toBe(step.tableAddr);
    expect(copy.reserved).toBe(step.reserved);
  }
  if (!result.verdict.ok) {
    expect(Object.keys(result.verdict)).toEqual(expect.arrayContaining(FAULT_FIELDS));
    const copy = { ...result.verdict };
    expect(copy.reason).toBe(result.verdict.reason);
    expect(copy.reason.length).toBeGreaterThan(10);
  }
  if (result.translation.kind === "mapped") {
    expect(Object.keys(result.translation)).toEqual(expect.arrayContaining(MAPPED_FIELDS));
    expect({ ...result.translation }.permissions).toBe(result.translation.permissions);
  }
  // structuredClone (a worker message) keeps everything, bigints included.
  expect(structuredClone(result)).toEqual(result);
  // JSON with a bigint replacer writes every field.
  expect(JSON.parse(JSON.stringify(result, bigintAsText))).toEqual(withBigintsAsText(result));
}

describe("the traced walk's result is plain data", () => {
  it("the fixtures named here exist", () => {
    const names = readdirSync(join(process.cwd(), "src", "core", "__fixtures__", "oracle"));
    for (const name of FIXTURES) expect(names).toContain(`${name}.golden.json`);
  });

  for (const name of FIXTURES) {
    it(`every case of ${name}, under all six accesses`, () => {
      const golden = readGolden(name);
      const ram = goldenRam(golden);
      const regs = goldenRegisters(golden);
      const kinds = new Set<string>();
      for (const c of golden.cases) {
        for (const kind of ACCESS_KINDS) {
          const result = walk(ram, regs, virtAddr(BigInt(c.va)), accessOfKind(kind));
          kinds.add(result.translation.kind);
          expectPlain(result);
        }
      }
      expect(kinds.has("mapped")).toBe(true);
    });
  }

  it("walks that end outside memory, off canonical form, or with paging off", () => {
    const ram = new Ram(64 * 1024);
    ram.writeEntry(0x1000, 0x7fff_f000_0003n); // PML4[0] → a PDPT far beyond RAM
    const regs = { ...DEFAULT_REGISTERS, cr3: 0x1000 };
    const read = accessOfKind("supRead");
    const outside = walk(ram, regs, virtAddr(0x1234n), read);
    expect(outside.translation.kind).toBe("outside-memory");
    expectPlain(outside);
    const nonCanonical = walk(ram, regs, virtAddr(0x8000_0000_0000n), read);
    expect(nonCanonical.translation.kind).toBe("non-canonical");
    expectPlain(nonCanonical);
    const off = walk(ram, { ...regs, cr0: 0 }, virtAddr(0n), read);
    expect(off.translation.kind).toBe("paging-off");
    expectPlain(off);
  });
});
