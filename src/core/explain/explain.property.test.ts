/**
 * Round trip against the walk itself: for random tables on one path (PML4 → PDPT → PD → PT, each
 * entry's P, R/W, U/S, XD and PS random), random CR0.WP, CR4.SMEP/SMAP, EFER.NXE and a random
 * access, a #PF the walk gives is printed as QEMU -d int prints it, and as a Linux oops with the
 * entries the walk read; reading either back must name the entry and the error code the walk did.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_REGISTERS, LEVEL_TABLE_NAMES, type Access, type Registers } from "../arch";
import { Ram } from "../memory";
import { walk } from "../walk";
import { explainFault } from "./explain-fault";
import { parseFaultLog } from "./parse-fault-log";

const hex = (v: bigint | number, digits: number): string => v.toString(16).padStart(digits, "0");

const entryArb = (next: number, canBeHuge: boolean) =>
  fc
    .record({ p: fc.boolean(), rw: fc.boolean(), us: fc.boolean(), xd: fc.boolean(), ps: fc.boolean() })
    .map((f) => {
      const huge = canBeHuge && f.ps;
      let e = BigInt(huge ? 0x200000 : next);
      if (f.p) e |= 1n;
      if (f.rw) e |= 2n;
      if (f.us) e |= 4n;
      if (huge) e |= 0x80n;
      if (f.xd) e |= 1n << 63n;
      return e;
    });

const caseArb = fc.record({
  pml4: entryArb(0x2000, false),
  pdpt: entryArb(0x3000, false),
  pd: entryArb(0x4000, true),
  pt: entryArb(0x5000, false),
  wp: fc.boolean(),
  smep: fc.boolean(),
  smap: fc.boolean(),
  nxe: fc.boolean(),
  op: fc.constantFrom("read" as const, "write" as const, "fetch" as const),
  mode: fc.constantFrom("user" as const, "supervisor" as const),
  offset: fc.integer({ min: 0, max: 0xfff }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function machine(c: Case): { ram: Ram; regs: Registers } {
  const ram = new Ram(0x400000);
  ram.writeEntry(0x1000, c.pml4);
  ram.writeEntry(0x2000, c.pdpt);
  ram.writeEntry(0x3000, c.pd);
  ram.writeEntry(0x4000, c.pt);
  const regs: Registers = {
    ...DEFAULT_REGISTERS,
    cr3: 0x1000,
    cr0: (0x80000001 | (c.wp ? 0x10000 : 0)) >>> 0,
    cr4: 0x20 | (c.smep ? 1 << 20 : 0) | (c.smap ? 1 << 21 : 0),
    efer: 0x500 | (c.nxe ? 0x800 : 0),
  };
  return { ram, regs };
}

describe("explain round trip", () => {
  it("a QEMU -d int log of the walk's own #PF is explained with its entry and error code", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { ram, regs } = machine(c);
        const access: Access = { op: c.op, mode: c.mode };
        const va = BigInt(c.offset) as never;
        const w = walk(ram, regs, va, access);
        if (w.verdict.ok || w.verdict.exception !== "#PF") return;
        const cpl = c.mode === "user" ? 3 : 0;
        const text = [
          `     0: v=0e e=${hex(w.verdict.errorCode, 4)} i=0 cpl=${cpl} IP=0008:${hex(0x401000, 16)} pc=${hex(0x401000, 16)} SP=0010:${hex(0x9f00, 16)} CR2=${hex(c.offset, 16)}`,
          `RIP=${hex(0x401000, 16)} RFL=00000002 [-------] CPL=${cpl} II=0 A20=1 SMM=0 HLT=0`,
          `CR0=${hex(regs.cr0, 8)} CR2=${hex(c.offset, 16)} CR3=${hex(regs.cr3, 16)} CR4=${hex(regs.cr4, 8)}`,
          `EFER=${hex(regs.efer, 16)}`,
        ].join("\n");
        const log = parseFaultLog(text);
        expect(log.ok).toBe(true);
        if (!log.ok) return;
        const e = explainFault(log.value, { memory: ram, regs });
        expect(e.kind).toBe("replayed");
        expect(e.access).toEqual(
          // An error code without I (no NXE, no SMEP) cannot tell a fetch from a read.
          c.op === "fetch" && !c.nxe && !c.smep ? { op: "read", mode: c.mode } : access,
        );
        expect(e.rootCause?.level).toBe(w.verdict.level);
        expect(e.walk?.verdict.ok === false && e.walk.verdict.errorCode).toBe(w.verdict.errorCode);
      }),
      { numRuns: 400 },
    );
  });

  it("a Linux oops printing the walk's entries is explained from them alone, as the tables would", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { ram, regs: base } = machine(c);
        const regs = { ...base, efer: 0xd01 }; // Linux runs with EFER.NXE, which an oops does not print
        const access: Access = { op: c.op, mode: c.mode };
        const w = walk(ram, regs, BigInt(c.offset) as never, access);
        if (w.verdict.ok || w.verdict.exception !== "#PF") return;
        const names = ["PGD", "PUD", "PMD", "PTE"];
        const printed = w.steps.map((s, i) => `${names[i]} ${s.raw.toString(16)}`);
        printed.splice(1, 0, `P4D ${(w.steps[0]?.raw ?? 0n).toString(16)}`); // 4-level: P4D is the PGD
        const code = w.verdict.errorCode;
        const text = [
          `BUG: unable to handle page fault for address: ${hex(c.offset, 16)}`,
          `#PF: error_code(0x${hex(code, 4)}) - ${code & 1 ? "permissions violation" : "not-present page"}`,
          printed.join(" "),
          `Oops: ${hex(code, 4)} [#1] PREEMPT SMP NOPTI`,
          `CS:  0010 DS: 0000 ES: 0000 CR0: ${hex(regs.cr0, 16)}`,
          `CR2: ${hex(c.offset, 16)} CR3: ${hex(regs.cr3, 16)} CR4: ${hex(regs.cr4, 16)}`,
        ].join("\n");
        const log = parseFaultLog(text);
        if (!log.ok) throw new Error(log.error.message);
        const e = explainFault(log.value, null);
        expect(e.kind).toBe("reconstructed");
        const root = e.rootCause;
        expect(root && `${LEVEL_TABLE_NAMES[root.level]}[${root.index}]`).toBe(
          `${LEVEL_TABLE_NAMES[w.verdict.level ?? 1]}[0]`,
        );
      }),
      { numRuns: 400 },
    );
  });
});
