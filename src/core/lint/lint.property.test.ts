/**
 * The page-level lint rules against a reference built from the enumeration's leaf list: on random
 * tables (a few frames whose entries point at each other, huge leaves, sharing, self-pointers), the
 * pages flagged W+X are exactly the listed leaves that are writable and executable, and the pages
 * flagged user in the kernel half exactly the user leaves at VAs with bit 63 set.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_REGISTERS, type Registers } from "../arch";
import { enumerateLeaves } from "../inspect";
import { Ram } from "../memory";
import { lintAddressSpace } from "./lint";
import type { LintKind } from "./lint-types";

const FRAMES = [0x1000, 0x2000, 0x3000, 0x4000];

const entryArb = fc
  .record({
    index: fc.constantFrom(0, 256, 511),
    target: fc.constantFrom(...FRAMES, 0x200000, 0x200000, 0x10000),
    flags: fc.integer({ min: 0, max: 0xff }),
    xd: fc.boolean(),
  })
  .map((e) => ({ ...e, value: BigInt(e.target) | BigInt(e.flags | 1) | (e.xd ? 1n << 63n : 0n) }));

const spaceArb = fc.array(fc.tuple(fc.constantFrom(...FRAMES), entryArb), { maxLength: 24 });

function pagesOf(report: ReturnType<typeof lintAddressSpace>, kind: LintKind): bigint {
  return report.findings.filter((f) => f.kind === kind).reduce((n, f) => n + (f.va.end - f.va.start), 0n);
}

describe("lint against the leaf list", () => {
  it("W+X and user pages in the kernel half cover exactly the leaves the reference picks", () => {
    fc.assert(
      fc.property(spaceArb, fc.boolean(), (entries, nxe) => {
        const ram = new Ram(0x400000);
        for (const [frame, e] of entries) ram.writeEntry(frame + e.index * 8, e.value);
        const regs: Registers = {
          ...DEFAULT_REGISTERS,
          cr3: 0x1000,
          maxPhyAddr: 46,
          efer: nxe ? 0xd00 : 0x500,
        };
        const report = lintAddressSpace(ram, regs);
        const leaves = enumerateLeaves(ram, regs, { includeReserved: false }).mappings;
        const size = (pick: (l: (typeof leaves)[number]) => boolean): bigint =>
          leaves.filter(pick).reduce((n, l) => n + BigInt(l.pageSize), 0n);
        expect(pagesOf(report, "write-exec")).toBe(size((l) => l.write && l.exec));
        expect(pagesOf(report, "user-kernel-half")).toBe(size((l) => l.user && l.va >> 63n === 1n));
        expect(report.summary.errors + report.summary.warnings).toBe(report.findings.length);
      }),
      { numRuns: 500 },
    );
  });
});
