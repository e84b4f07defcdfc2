import { describe, expect, it } from "vitest";
import { CR0, CR4, DEFAULT_REGISTERS, EFER, RFLAGS_AC } from "../../core/arch";
import { presetById } from "../../core/scenario";
import { describeOverrides } from "./describeOverrides";

const base = { ...DEFAULT_REGISTERS, cr3: 0x1000, cr4: CR4.PAE | CR4.SMEP | CR4.SMAP };

describe("describeOverrides", () => {
  it("names the control bits that differ from the scenario's registers", () => {
    expect(describeOverrides({ cr0: base.cr0 & ~CR0.WP }, base)).toEqual(["CR0.WP = 0"]);
    expect(describeOverrides({ rflags: RFLAGS_AC }, base)).toEqual(["RFLAGS.AC = 1"]);
    expect(describeOverrides({ cr4: CR4.PAE | CR4.LA57 | CR4.SMEP | CR4.SMAP }, base)).toEqual(["LA57 on"]);
    expect(describeOverrides({ cr4: CR4.PAE }, base)).toEqual(["SMEP off", "SMAP off"]);
    expect(describeOverrides({ efer: base.efer & ~EFER.NXE }, base)).toEqual(["EFER.NXE = 0"]);
  });

  it("falls back to hex for bits without a name, and says nothing for an unchanged value", () => {
    expect(describeOverrides({ cr0: (base.cr0 | (1 << 5)) & ~CR0.WP }, base)).toEqual([
      "CR0.WP = 0",
      "CR0 = 0x80000021",
    ]);
    expect(describeOverrides({ pkru: 0xc, maxPhyAddr: 39, cr0: base.cr0 }, base)).toEqual([
      "PKRU = 0xc",
      "MAXPHYADDR = 39",
    ]);
    expect(describeOverrides(undefined, base)).toEqual([]);
  });

  it("names another address space by its process", () => {
    const processes = [
      { name: "process A", cr3: 0x1000 },
      { name: "process B", cr3: 0x4000 },
    ];
    expect(describeOverrides({ cr3: 0x4000 }, base, processes)).toEqual(["CR3 0x4000 (process B)"]);
    expect(describeOverrides({ cr3: 0x9000 }, base, processes)).toEqual(["CR3 0x9000"]);
  });

  it("reads every override of the examples as flags or a process, never as a bare register value", () => {
    for (const id of ["fault-gallery", "la57", "two-processes"]) {
      const state = presetById(id)?.build?.();
      if (!state) throw new Error(id);
      for (const b of state.bookmarks) {
        for (const phrase of describeOverrides(b.registers, state.registers, state.processes))
          expect(phrase).toMatch(
            /^(CR0\.WP = [01]|RFLAGS\.AC = [01]|LA57 o(n|ff)|CR3 0x[0-9a-f]+ \(.+\)|PKRU = 0x[0-9a-f]+)$/,
          );
      }
    }
  });
});
