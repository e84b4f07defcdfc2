import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CR0,
  CR4,
  DEFAULT_REGISTERS,
  EFER,
  RFLAGS_AC,
  accessOfKind,
  ACCESS_KINDS,
  type Access,
  type Level,
  type PhysAddr,
  type Registers,
  type VirtAddr,
} from "../arch";
import { Ram } from "../memory";
import { machineFromScenario, presetById } from "../scenario";
import { walk, type WalkResult } from "../walk";
import { checkPrediction, parsePrediction, type Prediction } from "./prediction";

const P = 1n;
const RW = 2n;
const PS = 0x80n;

/** The worked example (Writing an OS in Rust): 0x1000 → 0x4000 → 0x6000 → 0x8000 → frame 0x3000, read-only, supervisor. */
function workedExample() {
  const preset = presetById("worked-example");
  if (!preset?.build) throw new Error("worked example missing");
  return machineFromScenario(preset.build());
}
const WORKED_VA = 0x80_3fe7_f5cen as VirtAddr;
const supRead = accessOfKind("supRead");
const userRead = accessOfKind("userRead");

function check(ram: Ram, regs: Registers, va: bigint, access: Access, prediction: Prediction) {
  const result = walk(ram, regs, va as VirtAddr, access);
  return checkPrediction(ram, regs, result, prediction);
}
const translates = (pa: number): Prediction => ({ kind: "translates", pa: pa as PhysAddr });
const pf = (errorCode: number, level: Level): Prediction => ({
  kind: "faults",
  exception: "#PF",
  errorCode,
  level,
});
const GP: Prediction = { kind: "faults", exception: "#GP", errorCode: 0, level: null };

/**
 * A small machine for index mistakes: VA 0x40403010 has indices PML4 0, PDPT 1, PD 2, PT 3 and maps to
 * frame 0x10000; PD[1] (the PDPT's index used at the PD) leads elsewhere, and so does PT[4] (off by
 * one). PD[5] maps a 2 MiB page at 0x200000.
 */
function indexMachine(): { ram: Ram; regs: Registers } {
  const ram = new Ram(4 * 1024 * 1024);
  const set = (table: number, index: number, value: bigint) => ram.writeEntry(table + index * 8, value);
  set(0x1000, 0, 0x2000n | P | RW);
  set(0x2000, 1, 0x3000n | P | RW);
  set(0x3000, 2, 0x4000n | P | RW);
  set(0x4000, 3, 0x10000n | P | RW);
  set(0x4000, 4, 0x30000n | P | RW);
  set(0x3000, 1, 0x5000n | P | RW);
  set(0x5000, 3, 0x20000n | P | RW);
  set(0x3000, 5, 0x200000n | P | RW | PS);
  return { ram, regs: { ...DEFAULT_REGISTERS, cr3: 0x1000 } };
}
const INDEX_VA = (1n << 30n) | (2n << 21n) | (3n << 12n) | 0x10n;

describe("checkPrediction: translations", () => {
  const { ram, regs } = workedExample();

  it("accepts the right PA and gives the arithmetic as the answer", () => {
    const c = check(ram, regs, WORKED_VA, supRead, translates(0x35ce));
    expect(c.correct).toBe(true);
    expect(c.feedback).toEqual([]);
    expect(c.answer).toBe("It translates to PA 0x35ce: a 4 KiB page at 0x3000 plus offset 0x5ce.");
  });

  it("recognises the entry's address, the table's address and a forgotten offset", () => {
    expect(check(ram, regs, WORKED_VA, supRead, translates(0x83f8)).feedback).toEqual([
      "0x83f8 is the address of the entry PT[127], not of the byte: follow what it holds down to the page; PA = 0x3000 + 0x5ce = 0x35ce.",
    ]);
    expect(check(ram, regs, WORKED_VA, supRead, translates(0x6000)).feedback[0]).toMatch(
      /^0x6000 is where the PD itself lives/,
    );
    expect(check(ram, regs, WORKED_VA, supRead, translates(0x3000)).feedback).toEqual([
      "The page frame 0x3000 is right, but the offset is VA bits 11:0 = 0x5ce; PA = 0x3000 + 0x5ce = 0x35ce.",
    ]);
  });

  it("recognises flag bits kept in the address", () => {
    const c = check(ram, regs, WORKED_VA, supRead, translates(0x35cf));
    expect(c.correct).toBe(false);
    expect(c.feedback[0]).toMatch(/^The entry's low bits are flags, not address: PT\[127\] = 0x3001/);
  });

  it("names an index read from another level's bits, and an index off by one", () => {
    const { ram: r, regs: g } = indexMachine();
    expect(check(r, g, INDEX_VA, supRead, translates(0x10010)).correct).toBe(true);
    expect(check(r, g, INDEX_VA, supRead, translates(0x20010)).feedback).toEqual([
      "The PD index is VA bits 29:21 (2); you used bits 38:30 (1), the PDPT index.",
    ]);
    expect(check(r, g, INDEX_VA, supRead, translates(0x30010)).feedback).toEqual([
      "The PT index is 3 (VA bits 20:12); you used 4.",
    ]);
  });

  it("explains a huge page's offset and a table pointer taken for a huge page", () => {
    const { ram: r, regs: g } = indexMachine();
    const huge = (1n << 30n) | (5n << 21n) | 0x12345n;
    expect(check(r, g, huge, supRead, translates(0x212345)).correct).toBe(true);
    expect(check(r, g, huge, supRead, translates(0x200345)).feedback).toEqual([
      "This is a 2 MiB page (PD[5] has PS = 1), so the offset is VA bits 20:0 = 0x12345, not only bits 11:0; PA = 0x200000 + 0x12345 = 0x212345.",
    ]);
    // PD[2] points to the PT at 0x4000; read as a 2 MiB page it would give 0x4000 + VA bits 20:0.
    expect(check(r, g, INDEX_VA, supRead, translates(0x4000 + 0x3010)).feedback[0]).toBe(
      "PD[2] has PS = 0: it points to the next table (at 0x4000), not to a 2 MiB page, so the walk goes on; PA = 0x10000 + 0x10 = 0x10010.",
    );
  });

  it("says a faulting access does not translate, naming the entry, the field and the error code", () => {
    const c = check(ram, regs, WORKED_VA, userRead, translates(0x35ce));
    expect(c.correct).toBe(false);
    expect(c.feedback[0]).toBe(
      "The address does map to 0x35ce, but this access is not allowed: PML4[1] has U/S = 0: a user read faults there with error code 0x5 = P | U.",
    );
    expect(c.answer).toMatch(/^It raises #PF with error code 0x5 = P \| U at PML4\[1\]/);
    const gp = check(ram, regs, 0x8000_0000_0000n, supRead, translates(0x35ce));
    expect(gp.feedback[0]).toMatch(/^There is no translation: The address is not canonical/);
  });
});

describe("checkPrediction: faults", () => {
  const { ram, regs } = workedExample();

  it("accepts the right exception, error code and level", () => {
    expect(check(ram, regs, WORKED_VA, userRead, pf(0x5, 4)).correct).toBe(true);
    expect(check(ram, regs, WORKED_VA, accessOfKind("supWrite"), pf(0x3, 1)).correct).toBe(true);
    expect(check(ram, regs, 0x8000_0000_0000n, supRead, GP).correct).toBe(true);
  });

  it("names the level that faults when the learner picked another", () => {
    expect(check(ram, regs, WORKED_VA, userRead, pf(0x5, 1)).feedback).toEqual([
      "PT[127] is not what faults; the fault is at PML4[1], which has U/S = 0.",
    ]);
  });

  it("explains each wrong error-code bit", () => {
    expect(check(ram, regs, WORKED_VA, userRead, pf(0x7, 4)).feedback).toEqual([
      "The error code is 0x5 = P | U, not 0x7 = P | W | U: W (bit 1) is set only for writes; this is a read.",
    ]);
    // PT[129] is empty: a supervisor fetch faults with I (EFER.NXE = 1) and without P.
    const fetch = accessOfKind("supExec");
    const c = check(ram, regs, 0x80_3fe8_1020n, fetch, pf(0x11, 1));
    expect(c.feedback).toEqual([
      "The error code is 0x10 = I, not 0x11 = P | I: P (bit 0) is clear: the walk met an entry with P = 0.",
    ]);
    const noNx = { ...regs, efer: regs.efer & ~EFER.NXE };
    expect(check(ram, noNx, 0x80_3fe8_1020n, fetch, pf(0x10, 1)).feedback[0]).toContain(
      "I (bit 4) is set for fetches only when EFER.NXE or CR4.SMEP is 1; both are 0 here.",
    );
  });

  it("tells #PF from #GP", () => {
    expect(check(ram, regs, WORKED_VA, userRead, GP).feedback[0]).toMatch(/^It is a #PF, not a #GP/);
    expect(check(ram, regs, 0xffff_0000_0000_0000n, supRead, pf(0x0, 4)).feedback[0]).toMatch(
      /^It is a #GP, not a #PF: The address is not canonical/,
    );
  });

  it("says there is no fault, and what the blamed entry allows", () => {
    expect(check(ram, regs, WORKED_VA, supRead, pf(0x1, 2)).feedback).toEqual([
      "There is no fault: the supervisor read is allowed and reaches PA 0x35ce.",
      "PD[511] (PDE) has P = 1, R/W = 1, U/S = 0: it allows a supervisor read.",
    ]);
  });

  it("says which table the walk never reaches", () => {
    const c = check(ram, regs, 0x80_3fe8_1020n, supRead, pf(0x0, 4));
    expect(c.feedback).toEqual(["PML4[1] is not what faults; the fault is at PT[129], which has P = 0."]);
    const { ram: r, regs: g } = indexMachine();
    const huge = (1n << 30n) | (5n << 21n) | 0x12345n;
    expect(check(r, g, huge, userRead, pf(0x5, 1)).feedback[0]).toBe(
      "The walk never reads a PT: PD[5] maps a 2 MiB page. The fault is at PML4[0], which has U/S = 0.",
    );
  });
});

describe("parsePrediction", () => {
  const form = { outcome: "translates", pa: "", exception: "#PF", errorCode: "", level: "" } as const;
  it("reads a PA, an error code and a level, in hex with separators", () => {
    expect(parsePrediction({ ...form, pa: "0x35_ce" }, 52)).toEqual({ ok: true, value: translates(0x35ce) });
    expect(parsePrediction({ ...form, outcome: "faults", errorCode: "5", level: "4" }, 52)).toEqual({
      ok: true,
      value: pf(5, 4),
    });
    expect(parsePrediction({ ...form, outcome: "faults", exception: "#GP", errorCode: "zz" }, 52)).toEqual({
      ok: true,
      value: GP,
    });
  });
  it("names what is missing or wrong", () => {
    const message = (f: Parameters<typeof parsePrediction>[0]) => {
      const r = parsePrediction(f, 40);
      return r.ok ? null : r.error.message;
    };
    expect(message(form)).toBe("Type the physical address you expect, for example 0x35ce.");
    expect(message({ ...form, pa: "0x35g" })).toBe(
      'Physical address "0x35g" is not a hex number (unexpected "g").',
    );
    expect(message({ ...form, pa: "0x10000000000" })).toBe(
      "Physical address 0x10000000000 is wider than MAXPHYADDR (40 bits).",
    );
    expect(message({ ...form, outcome: "faults" })).toMatch(/^Type the error code you expect/);
    expect(message({ ...form, outcome: "faults", errorCode: "0x10000" })).toBe(
      "Error code 0x10000 is wider than 16 bits.",
    );
    expect(message({ ...form, outcome: "faults", errorCode: "5" })).toMatch(/^Choose the level/);
  });
});

/** Random small machines: 16 frames of random entries (mostly present), random control bits. */
const machineArb = fc
  .record({
    entries: fc.array(
      fc.record({
        frame: fc.integer({ min: 1, max: 15 }),
        index: fc.integer({ min: 0, max: 3 }),
        target: fc.integer({ min: 0, max: 15 }),
        flags: fc.integer({ min: 0, max: 0xff }),
        present: fc.integer({ min: 0, max: 7 }),
        xd: fc.boolean(),
        reserved: fc.integer({ min: 0, max: 15 }),
      }),
      { maxLength: 40 },
    ),
    wp: fc.boolean(),
    smep: fc.boolean(),
    smap: fc.boolean(),
    nxe: fc.boolean(),
    ac: fc.boolean(),
    indices: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
    canonical: fc.integer({ min: 0, max: 9 }),
    access: fc.constantFrom(...ACCESS_KINDS),
  })
  .map((m) => {
    const ram = new Ram(16 * 4096);
    for (const e of m.entries) {
      const flags = BigInt(e.flags) & ~1n;
      const value =
        (BigInt(e.target) << 12n) |
        flags |
        (e.present === 0 ? 0n : P) |
        (e.xd ? 1n << 63n : 0n) |
        (e.reserved === 0 ? 1n << 51n : 0n);
      ram.writeEntry(e.frame * 4096 + e.index * 8, value);
    }
    const regs: Registers = {
      ...DEFAULT_REGISTERS,
      cr3: 0x1000,
      cr0: CR0.PG | CR0.PE | (m.wp ? CR0.WP : 0),
      cr4: CR4.PAE | (m.smep ? CR4.SMEP : 0) | (m.smap ? CR4.SMAP : 0),
      efer: m.nxe ? DEFAULT_REGISTERS.efer : DEFAULT_REGISTERS.efer & ~EFER.NXE,
      rflags: m.ac ? RFLAGS_AC : 0,
      maxPhyAddr: 46,
    };
    let va = 0n;
    m.indices.forEach((index, k) => (va |= BigInt(index) << BigInt(39 - 9 * k)));
    va |= 0x123n;
    if (m.canonical === 0) va |= 1n << 60n;
    return { ram, regs, va: va as VirtAddr, access: accessOfKind(m.access) };
  });

/** The reference: the prediction a learner who knows the answer gives. */
function exactPrediction(result: WalkResult): Prediction | null {
  const v = result.verdict;
  if (v.ok) return result.translation.kind === "mapped" ? translates(result.translation.pa) : null;
  return v.exception === "#GP" ? GP : pf(v.errorCode, v.level as Level);
}

describe("checkPrediction: property", () => {
  it("judges a prediction right exactly when it equals the walk's outcome, and explains every wrong one", () => {
    fc.assert(
      fc.property(machineArb, fc.integer({ min: 0, max: 5 }), ({ ram, regs, va, access }, change) => {
        const result = walk(ram, regs, va, access);
        const exact = exactPrediction(result);
        if (exact === null) return;
        const right = checkPrediction(ram, regs, result, exact);
        expect(right).toMatchObject({ correct: true, feedback: [] });
        let wrong: Prediction;
        if (exact.kind === "translates") {
          wrong =
            change < 3 ? translates(exact.pa + 1 + change * 4096) : pf(change, ((change % 4) + 1) as Level);
        } else if (exact.exception === "#GP") {
          wrong = change < 3 ? translates(0x1000 * change) : pf(change, 4);
        } else {
          const level = exact.level as Level;
          wrong =
            change === 0
              ? GP
              : change === 1
                ? translates(0x2000)
                : change === 2
                  ? pf(exact.errorCode, level === 4 ? 3 : 4)
                  : pf(exact.errorCode ^ (1 << (change - 3)), level);
        }
        const judged = checkPrediction(ram, regs, result, wrong);
        expect(judged.correct).toBe(false);
        expect(judged.feedback.length).toBeGreaterThan(0);
        for (const line of judged.feedback) expect(line.trim().length).toBeGreaterThan(10);
        expect(judged.answer).toBe(right.answer);
      }),
      { numRuns: 2000 },
    );
  });
});
