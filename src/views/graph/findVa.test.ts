import { describe, expect, it } from "vitest";
import { encodeEntry, type Access, type Registers, type VirtAddr } from "../../core/arch";
import { Ram } from "../../core/memory";
import { walk } from "../../core/walk";
import { findVaOutcome, parseFindVa } from "./findVa";

const regs: Registers = {
  cr0: 0x8001_0001,
  cr3: 0x1000,
  cr4: 0x20,
  efer: 0xd00,
  pkru: 0,
  rflags: 0,
  maxPhyAddr: 46,
};

/** PML4[0] → PDPT[0] → PD[0] → PT, whose entry 5 maps frame 0x9000. */
function ram(): Ram {
  const r = new Ram(1024 * 1024);
  r.writeEntry(0x1000, encodeEntry(4, 0x2000, { writable: true }, false));
  r.writeEntry(0x2000, encodeEntry(3, 0x3000, { writable: true }, false));
  r.writeEntry(0x3000, encodeEntry(2, 0x4000, { writable: true }, false));
  r.writeEntry(0x4000 + 5 * 8, encodeEntry(1, 0x9000, { writable: true }, true));
  return r;
}
const read: Access = { op: "read", mode: "supervisor" };

describe("Find VA", () => {
  it("refuses what is not an address, and a non-canonical one with its canonical form", () => {
    expect(parseFindVa("", 4)).toMatchObject({ ok: false });
    expect(parseFindVa("xyz", 4)).toMatchObject({ ok: false });
    const bad = parseFindVa("0x0000_8000_0000_0000", 4);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/not canonical.*#GP.*0xffff_8000_0000_0000/);
    expect(!bad.ok && bad.message).toContain("It is canonical with 5-level paging (CR4.LA57 = 1).");
    // An address whose nearest canonical form is 0 gets no suggestion of 0.
    const far = parseFindVa("0x0100_0000_0000_0000", 4);
    expect(!far.ok && far.message).toMatch(/#GP and reads no table\)\.$/);
    // The same bits are canonical under 5-level paging.
    expect(parseFindVa("0x0000_8000_0000_0000", 5)).toMatchObject({ ok: true, va: 0x8000_0000_0000n });
    expect(parseFindVa(" ffff_8880_0000_0000 ", 4)).toMatchObject({ ok: true, va: 0xffff_8880_0000_0000n });
  });

  it("says where the walk goes: mapped to its PA, or unmapped at the entry that is not present", () => {
    const mapped = walk(ram(), regs, 0x5123n as VirtAddr, read);
    expect(findVaOutcome(mapped)).toBe("0x5123 is mapped → PA 0x9123: its path is highlighted.");
    const user = walk(ram(), regs, 0x5123n as VirtAddr, { op: "read", mode: "user" });
    expect(findVaOutcome(user)).toMatch(/^0x5123 is mapped → PA 0x9123, but this access faults: ./);
    const unmapped = walk(ram(), regs, 0x20_0000n as VirtAddr, read);
    expect(findVaOutcome(unmapped)).toBe(
      "0x20_0000 is unmapped: PD[1] is not present, so the walk stops there.",
    );
  });
});
