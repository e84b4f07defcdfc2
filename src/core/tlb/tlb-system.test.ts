import { describe, expect, it } from "vitest";
import type { Access } from "../arch";
import { TlbSystem } from "./tlb-system";
import { P, PT, US, VA_RO, smallMachine } from "./__fixtures__/small-machine";

const userRead: Access = { op: "read", mode: "user" };

describe("two CPUs", () => {
  it("each CPU has its own TLB: INVLPG on one leaves the other stale; a shootdown clears both", () => {
    const { ram, regs } = smallMachine();
    const system = new TlbSystem(regs);
    system.cpu.access(ram, VA_RO, userRead);
    expect(system.switchCpu(1)).toBeNull();
    expect(system.cpu.access(ram, VA_RO, userRead).tlb).toBe("miss");
    ram.writeEntry(PT, 0x9000n | P | US);
    system.switchCpu(0);
    system.cpu.invlpg(VA_RO);
    expect(system.cpu.access(ram, VA_RO, userRead)).toMatchObject({ tlb: "miss", pa: 0x9000 });
    system.switchCpu(1);
    const stale = system.cpu.access(ram, VA_RO, userRead);
    expect(stale).toMatchObject({ tlb: "hit", pa: 0x5000 });
    expect(stale.stale?.kind).toBe("frame");
    expect(system.shootdown(VA_RO).invalidated).toBeGreaterThanOrEqual(2);
    expect(system.cpus.map((cpu) => cpu.tlbEntries("dtlb4k").length)).toEqual([0, 0]);
  });

  it("refuses a third CPU", () => {
    const { regs } = smallMachine();
    expect(new TlbSystem(regs).switchCpu(2)).toMatch(/CPUs 0 and 1/);
  });

  it("a clone is independent of the original", () => {
    const { ram, regs } = smallMachine();
    const system = new TlbSystem(regs);
    const copy = system.clone();
    copy.cpu.access(ram, VA_RO, userRead);
    expect(system.cpu.tlbEntries("dtlb4k")).toHaveLength(0);
    expect(copy.cpu.tlbEntries("dtlb4k")).toHaveLength(1);
  });
});
