import { describe, expect, it } from "vitest";
import { CR0, CR4, DEFAULT_REGISTERS, EFER, currentPcid, ia32eModeActive } from "./registers";

describe("register-derived state", () => {
  it("currentPcid: CR3 bits 11:0 only with CR4.PCIDE = 1", () => {
    expect(currentPcid({ ...DEFAULT_REGISTERS, cr3: 0x1001 })).toBe(0);
    expect(currentPcid({ ...DEFAULT_REGISTERS, cr3: 0x1001, cr4: DEFAULT_REGISTERS.cr4 | CR4.PCIDE })).toBe(
      1,
    );
  });

  it("ia32eModeActive: paging on with EFER.LME", () => {
    expect(ia32eModeActive(DEFAULT_REGISTERS)).toBe(true);
    expect(ia32eModeActive({ ...DEFAULT_REGISTERS, cr0: DEFAULT_REGISTERS.cr0 & ~CR0.PG })).toBe(false);
    expect(ia32eModeActive({ ...DEFAULT_REGISTERS, efer: DEFAULT_REGISTERS.efer & ~EFER.LME })).toBe(false);
  });
});
