import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CR4, DEFAULT_REGISTERS, pagingMode, type Registers } from "../arch";
import { loggedDifferences } from "./logged-differences";
import { parseFaultLog } from "./parse-fault-log";
import { readLog } from "./__fixtures__/read-log";

const registersOf = (file: string) => {
  const r = parseFaultLog(readLog(file));
  if (!r.ok) throw new Error(r.error.message);
  return r.value.registers;
};

describe("loggedDifferences", () => {
  it("names CR4 when the log has CR4.PKE and the machine has not", () => {
    const logged = registersOf("qemu-int-pkey.log");
    expect((logged.cr4 ?? 0) & CR4.PKE).not.toBe(0);
    const regs: Registers = { ...DEFAULT_REGISTERS, cr3: 0x500000 };
    expect(loggedDifferences(logged, regs)).toEqual(["CR4"]);
    expect(loggedDifferences(logged, { ...regs, cr4: regs.cr4 | CR4.PKE })).toEqual([]);
  });

  it("passes over what QEMU and Linux print that no walk reads (CR0.ET, EFER.LMA, CR4.OSXSAVE)", () => {
    const oops = registersOf("linux-oops-write-ro.log");
    const regs: Registers = {
      ...DEFAULT_REGISTERS,
      cr3: oops.cr3 ?? 0,
      cr4: CR4.PAE | CR4.SMEP | CR4.SMAP | CR4.PKE,
    };
    expect(loggedDifferences({ ...oops, cr0: 0x80010011, efer: 0xd01 }, regs)).toEqual([]);
    expect(loggedDifferences({ cr3: (oops.cr3 ?? 0) + 0x18 }, regs)).toEqual([]);
    expect(loggedDifferences({ cr3: (oops.cr3 ?? 0) + 0x1000 }, regs)).toEqual(["CR3"]);
  });

  it("when it finds no difference, the logged registers give the machine's paging mode", () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    const name = fc.constantFrom("cr0" as const, "cr4" as const, "efer" as const);
    fc.assert(
      fc.property(u32, u32, u32, name, fc.integer({ min: 0, max: 31 }), (cr0, cr4, efer, n, bit) => {
        const regs: Registers = { ...DEFAULT_REGISTERS, cr0, cr4, efer };
        // The log differs from the machine in one bit of one register.
        const logged = { [n]: (regs[n] ^ (2 ** bit)) >>> 0 };
        if (loggedDifferences(logged, regs).length === 0)
          expect(pagingMode({ ...regs, ...logged })).toEqual(pagingMode(regs));
      }),
    );
  });
});
