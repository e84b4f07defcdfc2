import { describe, expect, it } from "vitest";
import {
  CR0,
  CR4,
  EFER,
  RFLAGS_AC,
  indexAt,
  virtAddr,
  type Access,
  type Level,
  type Registers,
} from "../arch";
import { Ram } from "../memory";
import { machineFromScenario, presetById } from "../scenario";
import { walk, type WalkResult } from "../walk";
import type { WalkStepView } from "./step-types";
import { walkSteps } from "./walk-steps";
import { MiB, P, RW, US, A, PS, XD, PRWU, REGS } from "../walk/__fixtures__/entry-bits";

const VA = 0x0000_1234_5678_9abcn;

/**
 * One chain of tables for `va`: `flags[k]` are the flag bits of the entry at level `levels - k`
 * (top first); the last one is the leaf. Tables at 0x10000, 0x11000, …; the page at `leafPa`.
 */
function chainWalk(
  flags: bigint[],
  access: Access,
  options: { levels?: 4 | 5; va?: bigint; leafPa?: number; regs?: Partial<Registers> } = {},
): WalkResult {
  const levels = options.levels ?? 4;
  const va = virtAddr(options.va ?? VA);
  const ram = new Ram(16 * MiB);
  let table = 0x10000;
  flags.forEach((f, k) => {
    const level = (levels - k) as Level;
    const last = k === flags.length - 1;
    const target = last ? (options.leafPa ?? 0x40_0000) : table + 0x1000;
    ram.writeEntry(table + indexAt(va, level) * 8, BigInt(target) | f);
    table += 0x1000;
  });
  const cr4 = REGS.cr4 | (levels === 5 ? CR4.LA57 : 0);
  return walk(ram, { ...REGS, cr3: 0x10000, cr4, ...options.regs }, va, access);
}

const kinds = (steps: readonly WalkStepView[]): string[] => steps.map((s) => s.kind);
const text = (step: WalkStepView | undefined): string => (step ? step.lines.join("\n") : "");
const last = <T>(xs: readonly T[]): T => xs[xs.length - 1] as T;
const supRead: Access = { op: "read", mode: "supervisor" };
const userRead: Access = { op: "read", mode: "user" };
const userWrite: Access = { op: "write", mode: "user" };

function workedExampleWalk(access: Access = supRead): WalkResult {
  const state = presetById("worked-example")?.build?.();
  if (!state) throw new Error("the worked example is a built-in preset");
  const m = machineFromScenario(state);
  return walk(m.ram, m.regs, state.va, access);
}

describe("walkSteps: a walk that succeeds", () => {
  it("the worked example: split, four reads with their arithmetic, PA = 0x3000 + 0x5ce, the access check", () => {
    const result = workedExampleWalk();
    const steps = walkSteps(result, { accessedDirty: false });
    expect(kinds(steps)).toEqual(["split", "read", "read", "read", "read", "translate", "access"]);
    expect(text(steps[0])).toContain("PML4 index = VA bits 47:39 = 1");
    expect(text(steps[0])).toContain("PD index = VA bits 29:21 = 511");
    expect(text(steps[0])).toContain("Offset = VA bits 11:0 = 0x5ce");
    const arithmetic = [
      "0x1000 + 1 × 8 = 0x1008",
      "0x4000 + 0 × 8 = 0x4000",
      "0x6000 + 511 × 8 = 0x6ff8",
      "0x8000 + 127 × 8 = 0x83f8",
    ];
    arithmetic.forEach((sum, k) => expect(text(steps[k + 1])).toContain(sum));
    expect(steps.slice(1, 5).map((s) => s.title)).toEqual([
      "Read PML4[1]",
      "Read PDPT[0]",
      "Read PD[511]",
      "Read PT[127]",
    ]);
    expect(text(steps[1])).toContain("from CR3");
    expect(text(steps[2])).toContain("Table base: the PDPT at 0x4000, from PML4[1]");
    expect(text(steps[4])).toContain("Read the PTE: 0x0000_0000_0000_3001");
    expect(text(steps[4])).toContain("read-only (R/W = 0 in the PTE)");
    expect(text(steps[5])).toContain("PA = frame base + offset = 0x3000 + 0x5ce = 0x35ce");
    expect(steps[5]?.bits).toEqual([{ hi: 11, lo: 0 }]);
    expect(text(steps[6])).toMatch(/Allowed: no rule denies this supervisor read/);
    expect(text(steps[6])).not.toMatch(/DENIED/);
  });

  it("each read focuses the table and entry the walk read, and uses that level's index bits", () => {
    const result = workedExampleWalk();
    const reads = walkSteps(result, { accessedDirty: false }).filter((s) => s.kind === "read");
    expect(reads.map((s) => s.focus)).toEqual(
      result.steps.map(({ level, tableAddr, index, entryAddr }) => ({ level, tableAddr, index, entryAddr })),
    );
    expect(reads.map((s) => s.bits)).toEqual([
      [{ hi: 47, lo: 39 }],
      [{ hi: 38, lo: 30 }],
      [{ hi: 29, lo: 21 }],
      [{ hi: 20, lo: 12 }],
    ]);
  });

  it("5-level paging: the PML5 read comes first, on bits 56:48; canonical on bit 56", () => {
    const va = 0x00ab_cdef_1234_5678n;
    const result = chainWalk([PRWU, PRWU, PRWU, PRWU, PRWU], supRead, { levels: 5, va });
    const steps = walkSteps(result, { accessedDirty: false });
    expect(kinds(steps)).toEqual(["split", "read", "read", "read", "read", "read", "translate", "access"]);
    expect(text(steps[0])).toContain("bits 63:57 must all equal bit 56");
    expect(text(steps[0])).toContain(`PML5 index = VA bits 56:48 = ${indexAt(va, 5)}`);
    expect(steps[1]?.title).toBe(`Read PML5[${indexAt(va, 5)}]`);
    expect(steps[1]?.bits).toEqual([{ hi: 56, lo: 48 }]);
    expect(text(steps[1])).toContain(
      `0x10000 + ${indexAt(va, 5)} × 8 = 0x${(0x10000 + indexAt(va, 5) * 8).toString(16)}`,
    );
    expect(text(steps[1])).toContain("a PML5E always points to a table: the PML4 at 0x11000");
  });

  it("a 2 MiB page ends at the PD and a 1 GiB page at the PDPT, with the wider offset", () => {
    const two = walkSteps(chainWalk([PRWU, PRWU, PRWU | PS], supRead, { leafPa: 0x60_0000 }), {
      accessedDirty: false,
    });
    expect(kinds(two)).toEqual(["split", "read", "read", "read", "translate", "access"]);
    expect(text(two[3])).toContain("PS = 1, so this PDE maps a 2 MiB page at 0x600000; the walk ends here");
    const offset2 = VA & 0x1f_ffffn;
    expect(text(two[4])).toContain(
      `PA = frame base + offset = 0x600000 + 0x${offset2.toString(16)} = 0x${(0x60_0000n + offset2).toString(16)}`,
    );
    expect(two[4]?.bits).toEqual([{ hi: 20, lo: 0 }]);

    const one = walkSteps(chainWalk([PRWU, PRWU | PS], supRead, { leafPa: 0x4000_0000 }), {
      accessedDirty: false,
    });
    expect(kinds(one)).toEqual(["split", "read", "read", "translate", "access"]);
    expect(text(one[2])).toContain("maps a 1 GiB page at 0x40000000");
    expect(text(one[3])).toContain(`Offset = VA bits 29:0 = 0x${(VA & 0x3fff_ffffn).toString(16)}`);
  });
});

describe("walkSteps: a walk that faults while reading", () => {
  it("not present at each level: the fault right after the read that found P = 0", () => {
    for (let missing = 0; missing < 4; missing++) {
      const flags = [PRWU, PRWU, PRWU, PRWU].map((f, k) => (k === missing ? 0n : f));
      const result = chainWalk(flags, userRead);
      const steps = walkSteps(result, { accessedDirty: true });
      expect(kinds(steps)).toEqual(["split", ...Array<string>(missing + 1).fill("read"), "fault"]);
      const read = steps[steps.length - 2];
      expect(text(read)).toContain("P = 0, not present. The walk stops here");
      expect(text(read)).not.toContain("Check PS");
      const fault = last(steps);
      expect(fault.focus).toEqual(read?.focus);
      expect(fault.title).toBe(`#PF: page fault at ${read?.title.replace("Read ", "")}`);
      expect(text(fault)).toContain("Error code 0x4 = U:");
      expect(text(fault)).toContain("bit 0 P = 0: the page was not present.");
      expect(text(fault)).toContain("bit 2 U = 1: the access was in user mode.");
      expect(text(fault)).toContain(`CR2 = 0x${VA.toString(16)}`);
    }
  });

  it("reserved bits: the read names them, the fault has RSVD = 1", () => {
    const result = chainWalk([PRWU, PRWU | (1n << 45n), PRWU, PRWU], supRead, { regs: { maxPhyAddr: 40 } });
    const steps = walkSteps(result, { accessedDirty: false });
    expect(kinds(steps)).toEqual(["split", "read", "read", "fault"]);
    expect(text(steps[2])).toContain(
      "Check reserved bits (MAXPHYADDR 40, EFER.NXE = 1): set! address bits 51:40",
    );
    expect(text(steps[3])).toContain("bit 3 RSVD = 1");
    expect(text(steps[3])).toContain("Error code 0x9 = P | RSVD:");
  });

  it("PS in a PML4E is a reserved bit, and XD without EFER.NXE too", () => {
    const ps = walkSteps(chainWalk([PRWU | PS, PRWU, PRWU, PRWU], supRead), { accessedDirty: false });
    expect(kinds(ps)).toEqual(["split", "read", "fault"]);
    expect(text(ps[1])).toContain("bit 7 (PS) must be 0 in a PML4E");
    const xd = walkSteps(
      chainWalk([PRWU, PRWU, PRWU | XD, PRWU], supRead, { regs: { efer: EFER.LME | EFER.LMA } }),
      {
        accessedDirty: false,
      },
    );
    expect(kinds(xd)).toEqual(["split", "read", "read", "read", "fault"]);
    expect(text(xd[3])).toContain("bit 63 (XD) is reserved while EFER.NXE = 0");
  });

  it("a table outside memory: the fault follows the read that pointed there, or the split when CR3 does", () => {
    const result = chainWalk([PRWU, PRWU], supRead); // the PDPTE points to 0x12000, a table holding nothing …
    const ram = new Ram(0x12000); // … in a RAM that ends right there
    ram.writeEntry(0x10000 + indexAt(result.va, 4) * 8, 0x11000n | PRWU);
    ram.writeEntry(0x11000 + indexAt(result.va, 3) * 8, 0x12000n | PRWU);
    const outside = walk(ram, { ...REGS, cr3: 0x10000 }, result.va, supRead);
    const steps = walkSteps(outside, { accessedDirty: false });
    expect(kinds(steps)).toEqual(["split", "read", "read", "fault"]);
    expect(last(steps).focus).toEqual(steps[2]?.focus);
    expect(text(last(steps))).toContain("lies outside physical memory");

    const rootOutside = walk(ram, { ...REGS, cr3: 0x20000 }, result.va, supRead);
    const fromCr3 = walkSteps(rootOutside, { accessedDirty: false });
    expect(kinds(fromCr3)).toEqual(["split", "fault"]);
    expect(last(fromCr3).focus).toBeNull();
  });

  it("a non-canonical VA: the split says which bits must equal bit 47, then #GP", () => {
    const result = chainWalk([PRWU, PRWU, PRWU, PRWU], userRead, { va: 0x0000_8000_0000_0000n });
    const steps = walkSteps(result, { accessedDirty: true });
    expect(kinds(steps)).toEqual(["split", "fault"]);
    expect(text(steps[0])).toContain(
      "Bit 47 is 1, but bits 63:48 are 0x0, not all 1: the address is not canonical.",
    );
    expect(steps[1]?.title).toBe("#GP: general-protection exception");
    expect(text(steps[1])).toContain("leaves CR2 unchanged");
    expect(steps[1]?.bits).toEqual([{ hi: 63, lo: 47 }]);
    expect(steps[1]?.focus).toBeNull();
  });

  it("paging off: one step", () => {
    const result = chainWalk([PRWU, PRWU, PRWU, PRWU], supRead, { regs: { cr0: CR0.PE } });
    const steps = walkSteps(result, { accessedDirty: true });
    expect(kinds(steps)).toEqual(["paging-off"]);
    expect(text(steps[0])).toContain("CR0.PG = 0");
  });
});

describe("walkSteps: a fault on each permission rule", () => {
  const key = (k: number): bigint => BigInt(k) << 59n;
  const cases: {
    rule: string;
    flags: bigint[];
    access: Access;
    regs?: Partial<Registers>;
    level: Level;
    errorCode: string;
  }[] = [
    { rule: "U/S", flags: [PRWU, P | RW, PRWU, PRWU], access: userRead, level: 3, errorCode: "0x5 = P | U" },
    {
      rule: "R/W",
      flags: [PRWU, PRWU, P | US, PRWU],
      access: userWrite,
      level: 2,
      errorCode: "0x7 = P | W | U",
    },
    {
      rule: "XD",
      flags: [PRWU | XD, PRWU, PRWU, PRWU],
      access: { op: "fetch", mode: "supervisor" },
      level: 4,
      errorCode: "0x11 = P | I",
    },
    {
      rule: "SMEP",
      flags: [PRWU, PRWU, PRWU, PRWU],
      access: { op: "fetch", mode: "supervisor" },
      regs: { cr4: CR4.PAE | CR4.SMEP },
      level: 1,
      errorCode: "0x11 = P | I",
    },
    {
      rule: "SMAP",
      flags: [PRWU, PRWU, PRWU, PRWU],
      access: { op: "write", mode: "supervisor" },
      regs: { cr4: CR4.PAE | CR4.SMAP },
      level: 1,
      errorCode: "0x3 = P | W",
    },
    {
      rule: "PKRU",
      flags: [PRWU, PRWU, PRWU, PRWU | key(5)],
      access: userRead,
      regs: { cr4: CR4.PAE | CR4.PKE, pkru: 1 << 10 },
      level: 1,
      errorCode: "0x25 = P | U | PK",
    },
  ];

  it.each(cases)("$rule: the access check denies at the rule, names the level, then #PF", (c) => {
    const result = chainWalk(c.flags, c.access, { regs: c.regs ?? {} });
    const steps = walkSteps(result, { accessedDirty: true });
    expect(kinds(steps)).toEqual(["split", "read", "read", "read", "read", "translate", "access", "fault"]);
    const check = steps[6] as WalkStepView;
    const rules = check.lines.slice(0, 6);
    const denied = rules.findIndex((l) => l.endsWith("→ DENIED."));
    expect(rules[denied]).toMatch(new RegExp(`^${c.rule.replace("/", "\\/")}:`));
    rules.forEach((line, r) =>
      expect(line).toMatch(
        r < denied ? /→ passes\.$/ : r > denied ? /not checked \(already denied\)\.$/ : /DENIED/,
      ),
    );
    const read = steps[5 - c.level] as WalkStepView;
    expect(last(check.lines)).toContain(
      `Denied by the ${read.title.replace(/^Read (\w+)\[.*$/, "$1")} (${read.title.slice(5)}`,
    );
    expect(check.focus).toEqual(read.focus);
    expect(last(steps).focus).toEqual(read.focus);
    expect(text(last(steps))).toContain(`Error code ${c.errorCode}:`);
  });

  it("SMAP with RFLAGS.AC = 1 and a supervisor write under CR0.WP = 0 pass", () => {
    const ac = chainWalk([PRWU, PRWU, PRWU, PRWU], supRead, {
      regs: { cr4: CR4.PAE | CR4.SMAP, rflags: RFLAGS_AC },
    });
    expect(text(walkSteps(ac, { accessedDirty: false })[6])).toContain("RFLAGS.AC = 1 → passes.");
    const wp0 = chainWalk(
      [PRWU, PRWU, PRWU, P | US],
      { op: "write", mode: "supervisor" },
      { regs: { cr0: CR0.PG | CR0.PE } },
    );
    expect(text(walkSteps(wp0, { accessedDirty: false })[6])).toContain(
      "R/W: R/W = 0 in the PTE, but CR0.WP = 0 lets supervisor writes through → passes.",
    );
  });
});

describe("walkSteps: A/D writes", () => {
  it("with 'walk sets A/D' on, a permitted write adds one step per entry written, D in the leaf only", () => {
    const result = chainWalk([PRWU, PRWU | A, PRWU, PRWU], userWrite);
    const steps = walkSteps(result, { accessedDirty: true });
    expect(kinds(steps)).toEqual([
      "split",
      "read",
      "read",
      "read",
      "read",
      "translate",
      "access",
      "accessed-dirty",
      "accessed-dirty",
      "accessed-dirty",
    ]);
    const reads = steps.filter((s) => s.kind === "read");
    const writes = steps.filter((s) => s.kind === "accessed-dirty");
    expect(writes.map((s) => s.focus)).toEqual([reads[0]?.focus, reads[2]?.focus, reads[3]?.focus]);
    expect(writes.map((s) => s.title)).toEqual([
      reads[0]?.title.replace("Read", "Set A in"),
      reads[2]?.title.replace("Read", "Set A in"),
      reads[3]?.title.replace("Read", "Set A and D in"),
    ]);
    expect(text(writes[0])).toContain("0x0000_0000_0001_1007 → 0x0000_0000_0001_1027");
    expect(text(writes[2])).toContain("D = 1: the page was written");
  });

  it("no A/D steps when the setting is off or the access faults", () => {
    const ok = chainWalk([PRWU, PRWU, PRWU, PRWU], userWrite);
    expect(kinds(walkSteps(ok, { accessedDirty: false }))).not.toContain("accessed-dirty");
    const denied = chainWalk([PRWU, PRWU, PRWU, P | US], userWrite);
    expect(kinds(walkSteps(denied, { accessedDirty: true }))).toEqual([
      "split",
      "read",
      "read",
      "read",
      "read",
      "translate",
      "access",
      "fault",
    ]);
  });
});

describe("walkSteps is a pure function of the walk", () => {
  it("gives equal steps for equal walks and leaves the result untouched", () => {
    const a = workedExampleWalk(userWrite);
    const before = JSON.stringify(a, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(walkSteps(a, { accessedDirty: true })).toEqual(
      walkSteps(workedExampleWalk(userWrite), { accessedDirty: true }),
    );
    expect(JSON.stringify(a, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).toBe(before);
  });
});
