import { describe, expect, it } from "vitest";
import { CR0, CR4, type Access, type VirtAddr } from "../arch";
import { walk } from "../walk";
import { CpuTlb } from "./cpu-tlb";
import { P, PT, RW, US, VA_2M, VA_GLOBAL, VA_RO, VA_SUP, smallMachine } from "./__fixtures__/small-machine";

const supRead: Access = { op: "read", mode: "supervisor" };
const supWrite: Access = { op: "write", mode: "supervisor" };
const userRead: Access = { op: "read", mode: "user" };
const userWrite: Access = { op: "write", mode: "user" };

function setup() {
  const { ram, regs } = smallMachine();
  return { ram, cpu: new CpuTlb(regs) };
}

describe("TLB hits and misses", () => {
  it("misses, fills, then hits with the same answer", () => {
    const { ram, cpu } = setup();
    const first = cpu.access(ram, (VA_RO + 0x123n) as VirtAddr, userRead);
    expect(first.tlb).toBe("miss");
    expect(first.pa).toBe(0x5123);
    const second = cpu.access(ram, (VA_RO + 0x456n) as VirtAddr, userRead);
    expect(second.tlb).toBe("hit");
    expect(second.pa).toBe(0x5456);
    expect(second.stale).toBeNull();
    expect([cpu.hits, cpu.misses]).toEqual([1, 1]);
    expect(cpu.tlbEntries("dtlb4k").map((e) => e.entry.frame)).toEqual([0x5000]);
  });

  it("checks a repeated hit again after CR0.WP is set or the tables are written", () => {
    const { ram, regs } = smallMachine();
    // WP = 0: a supervisor write to a read-only page is allowed.
    const cpu = new CpuTlb({ ...regs, cr0: regs.cr0 & ~CR0.WP });
    cpu.access(ram, VA_RO, supWrite);
    expect(cpu.access(ram, VA_RO, supWrite)).toMatchObject({ tlb: "hit", verdict: { ok: true } });
    expect(cpu.access(ram, VA_RO, supWrite)).toMatchObject({ tlb: "hit", verdict: { ok: true } });
    // Setting WP flushes nothing (SDM §4.10.4.1), but the same hit now faults.
    cpu.movCr0(cpu.regs.cr0 | CR0.WP);
    expect(cpu.access(ram, VA_RO, supWrite).verdict).toMatchObject({ ok: false, cause: "RW" });
    // Hit twice more as a read, then change the page's PTE: the next hit is stale.
    cpu.access(ram, VA_RO, supRead);
    expect(cpu.access(ram, VA_RO, supRead)).toMatchObject({ tlb: "hit", stale: null });
    ram.writeEntry(PT, 0x9000n | P | US); // PT[0] maps VA_RO
    expect(cpu.access(ram, VA_RO, supRead)).toMatchObject({ tlb: "hit", stale: { kind: "frame" } });
  });

  it("checks a copy's hits afresh, whatever the original had checked", () => {
    const { ram, regs } = smallMachine();
    const cpu = new CpuTlb(regs);
    cpu.access(ram, VA_GLOBAL, supRead);
    expect(cpu.access(ram, VA_GLOBAL, supRead)).toMatchObject({ tlb: "hit", verdict: { ok: true } });
    // The browser copies the CPUs for each action and sets their registers: SMAP now denies the
    // supervisor read of a user page, though the copy's entry was allowed before.
    const smap = cpu.clone();
    smap.regs = { ...smap.regs, cr4: smap.regs.cr4 | CR4.SMAP };
    expect(smap.access(ram, VA_GLOBAL, supRead).verdict).toMatchObject({ ok: false, cause: "SMAP" });
    // And a copy made before a table write sees the hit as stale.
    const later = cpu.clone();
    ram.writeEntry(PT + 8, 0x9000n | P | US);
    expect(later.access(ram, VA_GLOBAL, supRead)).toMatchObject({ tlb: "hit", stale: { kind: "frame" } });
  });

  it("keeps instruction and data translations in separate TLBs", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_RO, userRead);
    expect(cpu.access(ram, VA_RO, { op: "fetch", mode: "user" }).tlb).toBe("miss");
    expect(cpu.tlbEntries("itlb4k")).toHaveLength(1);
  });

  it("puts a 2 MiB page in the large-page TLB", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_2M, supRead);
    const hit = cpu.access(ram, (VA_2M + 0x12345n) as VirtAddr, supRead);
    expect(hit).toMatchObject({ tlb: "hit", tlbName: "dtlbLarge", pa: 0x212345, pageSize: 2097152 });
  });

  it("never caches a walk that faults (not present)", () => {
    const { ram, cpu } = setup();
    const va = 0x403000n as VirtAddr; // PT[3] is empty
    expect(cpu.access(ram, va, supRead).verdict.ok).toBe(false);
    ram.writeEntry(PT + 3 * 8, 0x8000n | P | RW);
    // No entry was made, so the new mapping is seen at once, without any invalidation.
    expect(cpu.access(ram, va, supRead)).toMatchObject({ tlb: "miss", pa: 0x8000 });
  });

  it("evicts the least recently used entry of a full set", () => {
    const { ram, regs } = smallMachine();
    const cpu = new CpuTlb(regs, {
      dtlb4k: { entries: 2, ways: 2 },
      dtlbLarge: { entries: 2, ways: 2 },
      itlb4k: { entries: 2, ways: 2 },
      itlbLarge: { entries: 2, ways: 2 },
      pml5e: 1,
      pml4e: 1,
      pdpte: 1,
      pde: 1,
    });
    cpu.access(ram, VA_RO, supRead); // A
    cpu.access(ram, VA_GLOBAL, supRead); // B
    cpu.access(ram, VA_RO, supRead); // A again: B is now the oldest
    cpu.access(ram, VA_SUP, supRead); // C evicts B
    expect(cpu.access(ram, VA_RO, supRead).tlb).toBe("hit");
    expect(cpu.access(ram, VA_GLOBAL, supRead).tlb).toBe("miss");
  });
});

describe("staleness", () => {
  it("a hit after a PTE edit uses the old frame and says so; INVLPG makes it a miss", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_RO, userRead);
    ram.writeEntry(PT, 0x9000n | P | US);
    const stale = cpu.access(ram, VA_RO, userRead);
    expect(stale).toMatchObject({ tlb: "hit", pa: 0x5000 });
    expect(stale.stale?.kind).toBe("frame");
    expect(stale.stale?.now).toContain("0x9000");
    expect(cpu.invlpg(VA_RO).invalidated).toBeGreaterThanOrEqual(1);
    expect(cpu.access(ram, VA_RO, userRead)).toMatchObject({ tlb: "miss", pa: 0x9000, stale: null });
  });

  it("a hit whose page was unmapped is stale with a fault", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_RO, userRead);
    ram.writeEntry(PT, 0n);
    const hit = cpu.access(ram, VA_RO, userRead);
    expect(hit.pa).toBe(0x5000);
    expect(hit.stale?.kind).toBe("fault");
    expect(hit.stale?.now).toMatch(/^#PF/);
  });

  it("a permission upgraded without invalidation faults once (spurious #PF), then the retry walks", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_RO, userRead); // cached read-only
    ram.writeEntry(PT, 0x5000n | P | US | RW);
    const first = cpu.access(ram, VA_RO, userWrite);
    expect(first.tlb).toBe("hit");
    expect(first.verdict).toMatchObject({ ok: false, exception: "#PF", errorCode: 0x7 });
    expect(first.stale?.kind).toBe("rights");
    expect(first.invalidated).toBeGreaterThanOrEqual(1);
    const retry = cpu.access(ram, VA_RO, userWrite);
    expect(retry).toMatchObject({ tlb: "miss", pa: 0x5000 });
    expect(retry.verdict.ok).toBe(true);
  });

  it("a #PF on a miss removes the VA's paging-structure-cache entries", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_RO, supRead);
    expect(cpu.pscEntries(2)).toHaveLength(1);
    cpu.access(ram, 0x403000n as VirtAddr, supRead); // same PD entry, PT[3] not present
    expect(cpu.pscEntries(2)).toHaveLength(0);
    expect(cpu.tlbEntries("dtlb4k")).toHaveLength(1); // another page's entry stays
  });
});

describe("dirty flag", () => {
  it("a write hitting an entry with D = 0 walks again and records D", () => {
    const { ram, cpu } = setup();
    expect(cpu.access(ram, VA_SUP, supRead).entry?.dirty).toBe(false);
    const write = cpu.access(ram, VA_SUP, supWrite);
    expect(write).toMatchObject({ tlb: "hit", dirtyRewalk: true, pa: 0x7000 });
    expect(write.walk).not.toBeNull();
    expect(write.entry?.dirty).toBe(true);
    expect(cpu.access(ram, VA_SUP, supWrite)).toMatchObject({ tlb: "hit", dirtyRewalk: false });
  });

  it("the D re-walk sees the tables as they are now", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_SUP, supRead);
    ram.writeEntry(PT + 2 * 8, 0x7000n | P); // now read-only
    const write = cpu.access(ram, VA_SUP, supWrite);
    expect(write.dirtyRewalk).toBe(true);
    expect(write.verdict).toMatchObject({ ok: false, cause: "RW" });
  });

  it("a fill made by a write is dirty, and a leaf with D = 1 needs no re-walk", () => {
    const { ram, cpu } = setup();
    expect(cpu.access(ram, VA_SUP, supWrite).entry?.dirty).toBe(true);
    cpu.access(ram, VA_GLOBAL, supRead);
    expect(cpu.access(ram, VA_GLOBAL, supWrite).dirtyRewalk).toBe(false);
  });
});

describe("PCIDs and global pages", () => {
  function pcidSetup() {
    const { ram, regs } = smallMachine();
    return { ram, cpu: new CpuTlb({ ...regs, cr3: 0x1001, cr4: regs.cr4 | CR4.PCIDE }) };
  }

  it("tags entries with CR3's PCID; another PCID does not see them", () => {
    const { ram, cpu } = pcidSetup();
    cpu.access(ram, VA_RO, supRead);
    expect(cpu.tlbEntries("dtlb4k")[0]?.entry.pcid).toBe(1);
    expect(cpu.movCr3(0x1002n).invalidated).toBe(0); // PCID 2 had nothing cached
    expect(cpu.access(ram, VA_RO, supRead).tlb).toBe("miss");
    expect(
      cpu
        .tlbEntries("dtlb4k")
        .map((e) => e.entry.pcid)
        .sort(),
    ).toEqual([1, 2]);
  });

  it("MOV CR3 with PCIDE = 1 flushes the new PCID's entries, or none with bit 63 set", () => {
    const { ram, cpu } = pcidSetup();
    cpu.access(ram, VA_RO, supRead); // PCID 1
    cpu.movCr3(0x1002n);
    cpu.access(ram, VA_RO, supRead); // PCID 2
    expect(cpu.movCr3((1n << 63n) | 0x1001n).invalidated).toBe(0);
    expect(cpu.regs.cr3).toBe(0x1001); // bit 63 is not stored
    expect(cpu.access(ram, VA_RO, supRead).tlb).toBe("hit");
    const flush = cpu.movCr3(0x1001n);
    // PCID 1's TLB entry and its three paging-structure-cache entries; PCID 2's stay.
    expect(flush.invalidated).toBe(4);
    expect(cpu.tlbEntries("dtlb4k").map((e) => e.entry.pcid)).toEqual([2]);
  });

  it("MOV CR3 with PCIDE = 0 flushes every non-global entry, and global ones survive", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_RO, supRead);
    cpu.access(ram, VA_GLOBAL, supRead);
    cpu.movCr3(0x1000n);
    expect(cpu.access(ram, VA_GLOBAL, supRead).tlb).toBe("hit");
    expect(cpu.access(ram, VA_RO, supRead).tlb).toBe("miss");
  });

  it("MOV CR3 with PCIDE = 0 flushes PCID 0 only: another PCID's entries (a replayed state) stay", () => {
    const { ram, cpu } = pcidSetup();
    cpu.movCr3(0x1003n);
    cpu.access(ram, VA_RO, supRead); // PCID 3
    // A replayed state: PCIDE cleared without the flush MOV to CR4 would have made.
    cpu.regs = { ...cpu.regs, cr3: 0x1000, cr4: cpu.regs.cr4 & ~CR4.PCIDE };
    cpu.access(ram, VA_RO, supRead); // PCID 0
    const flush = cpu.movCr3(0x1000n);
    // PCID 0's TLB entry and its three paging-structure-cache entries (SDM vol. 3A §4.10.4.1).
    expect(flush.invalidated).toBe(4);
    expect(cpu.tlbEntries("dtlb4k").map((e) => e.entry.pcid)).toEqual([3]);
    expect(cpu.pscEntries(2).map((e) => e.entry.pcid)).toEqual([3]);
  });

  it("G = 1 makes a global entry only while CR4.PGE = 1", () => {
    const { ram, regs } = smallMachine();
    const cpu = new CpuTlb({ ...regs, cr4: CR4.PAE });
    expect(cpu.access(ram, VA_GLOBAL, supRead).entry?.global).toBe(false);
  });

  it("a global entry answers under every PCID", () => {
    const { ram, cpu } = pcidSetup();
    cpu.access(ram, VA_GLOBAL, supRead);
    cpu.movCr3(0x1005n);
    expect(cpu.access(ram, VA_GLOBAL, supRead).tlb).toBe("hit");
  });

  it("INVLPG removes the page's global entry and the current PCID's entry, not other PCIDs'", () => {
    const { ram, cpu } = pcidSetup();
    cpu.access(ram, VA_RO, supRead); // PCID 1
    cpu.access(ram, VA_GLOBAL, supRead);
    cpu.movCr3(0x1002n);
    cpu.access(ram, VA_RO, supRead); // PCID 2
    cpu.invlpg(VA_RO);
    cpu.invlpg(VA_GLOBAL);
    const left = cpu.tlbEntries("dtlb4k").map((e) => [e.entry.pcid, e.entry.frame]);
    expect(left).toEqual([[1, 0x5000]]);
    expect(cpu.pscEntries(2).every((e) => e.entry.pcid !== 2)).toBe(true);
  });
});

describe("MOV CR3 with reserved bits", () => {
  it("is a #GP that changes nothing: bits above MAXPHYADDR, or bit 63 without PCIDE", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_GLOBAL, supRead);
    const before = cpu.regs.cr3;
    for (const value of [0x7ff0000000010000n, 1n << 52n, (1n << 63n) | BigInt(before)]) {
      const outcome = cpu.movCr3(value);
      expect(outcome.fault, value.toString(16)).toMatch(/sets bits above MAXPHYADDR \(52\).*a #GP/);
      expect(outcome.invalidated).toBe(0);
      expect(cpu.regs.cr3).toBe(before);
    }
    expect(cpu.access(ram, VA_GLOBAL, supRead).tlb).toBe("hit");
    cpu.regs = { ...cpu.regs, maxPhyAddr: 36 };
    expect(cpu.movCr3(1n << 40n).fault).toMatch(/MAXPHYADDR \(36\)/);
  });
});

describe("MOV CR4, MOV CR0, INVPCID", () => {
  it("changing PGE flushes everything, globals too", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_GLOBAL, supRead);
    expect(cpu.movCr4(CR4.PAE).invalidated).toBe(4);
    expect(cpu.access(ram, VA_GLOBAL, supRead).tlb).toBe("miss");
  });

  it("clearing PCIDE flushes every PCID; setting it keeps PCID 0's entries", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_RO, supRead);
    expect(cpu.movCr4(cpu.regs.cr4 | CR4.PCIDE).invalidated).toBe(0);
    expect(cpu.access(ram, VA_RO, supRead).tlb).toBe("hit");
    expect(cpu.movCr4(cpu.regs.cr4 & ~CR4.PCIDE).invalidated).toBe(4);
  });

  it("setting PCIDE while CR3 has a PCID is a #GP that changes nothing", () => {
    const { regs } = smallMachine();
    const cpu = new CpuTlb({ ...regs, cr3: 0x1003 });
    const out = cpu.movCr4(regs.cr4 | CR4.PCIDE);
    expect(out.fault).toContain("#GP");
    expect(cpu.regs.cr4 & CR4.PCIDE).toBe(0);
  });

  it("in IA-32e mode, clearing PAE or changing LA57 is a #GP that changes nothing; with paging off both are allowed", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_RO, supRead);
    const before = cpu.regs;
    const clearPae = cpu.movCr4(cpu.regs.cr4 & ~CR4.PAE);
    expect(clearPae.fault).toBe(
      "MOV to CR4 that clears PAE in IA-32e mode is a #GP (SDM vol. 3A §4.1.2): clear CR0.PG first.",
    );
    expect(clearPae.invalidated).toBe(0);
    expect(cpu.movCr4(cpu.regs.cr4 | CR4.LA57).fault).toMatch(
      /^MOV to CR4 that changes LA57 in IA-32e mode is a #GP/,
    );
    expect(cpu.regs).toEqual(before);
    expect(cpu.access(ram, VA_RO, supRead).tlb).toBe("hit");
    expect(cpu.movCr0(cpu.regs.cr0 & ~CR0.PG).fault).toBeNull();
    expect(cpu.movCr4((cpu.regs.cr4 | CR4.LA57) & ~CR4.PAE).fault).toBeNull();
    expect(cpu.regs.cr4 & (CR4.LA57 | CR4.PAE)).toBe(CR4.LA57);
  });

  it("setting SMEP flushes the current PCID's entries; setting SMAP flushes nothing", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_RO, supRead);
    expect(cpu.movCr4(cpu.regs.cr4 | CR4.SMAP).invalidated).toBe(0);
    expect(cpu.movCr4(cpu.regs.cr4 | CR4.SMEP).invalidated).toBe(4);
  });

  it("clearing CR0.PG flushes everything", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_GLOBAL, supRead);
    expect(cpu.movCr0(cpu.regs.cr0 & ~CR0.PG).invalidated).toBe(4);
  });

  it("INVPCID: type 0 one page of one PCID, 1 one PCID, 3 all but globals, 2 all", () => {
    const { ram, regs } = smallMachine();
    const fill = () => {
      const cpu = new CpuTlb({ ...regs, cr3: 0x1001, cr4: regs.cr4 | CR4.PCIDE });
      cpu.access(ram, VA_RO, supRead);
      cpu.access(ram, VA_SUP, supRead);
      cpu.access(ram, VA_GLOBAL, supRead);
      return cpu;
    };
    const frames = (cpu: CpuTlb) =>
      cpu
        .tlbEntries("dtlb4k")
        .map((e) => e.entry.frame)
        .sort();
    let cpu = fill();
    cpu.invpcid(0, 1, VA_RO);
    expect(frames(cpu)).toEqual([0x6000, 0x7000]);
    cpu = fill();
    cpu.invpcid(0, 2, VA_RO); // another PCID: nothing of PCID 1 goes
    expect(frames(cpu)).toEqual([0x5000, 0x6000, 0x7000]);
    cpu = fill();
    cpu.invpcid(1, 1, 0n as VirtAddr);
    expect(frames(cpu)).toEqual([0x6000]);
    cpu = fill();
    cpu.invpcid(3, 0, 0n as VirtAddr);
    expect(frames(cpu)).toEqual([0x6000]);
    cpu = fill();
    cpu.invpcid(2, 0, 0n as VirtAddr);
    expect(frames(cpu)).toEqual([]);
    expect(cpu.pscEntries(2)).toEqual([]);
  });

  it("INVPCID refuses a type above 3 and a PCID while PCIDE = 0 (#GP)", () => {
    const { cpu } = setup();
    expect(cpu.invpcid(4, 0, 0n as VirtAddr).fault).toContain("#GP");
    expect(cpu.invpcid(1, 3, 0n as VirtAddr).fault).toContain("#GP");
  });
});

describe("paging-structure caches", () => {
  it("a miss starts from the cached PDE, even when the PML4E was removed since", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_RO, supRead);
    expect(cpu.pscEntries(4)).toHaveLength(1);
    ram.writeEntry(0x1000, 0n); // PML4[0] gone: a fresh walk faults
    const viaPsc = cpu.access(ram, VA_SUP, supRead); // another page under the same PDE
    expect(viaPsc).toMatchObject({ tlb: "miss", pscLevels: 3, pa: 0x7000 });
    expect(viaPsc.stale?.kind).toBe("fault");
    expect(walk(ram, cpu.regs, VA_SUP, supRead).verdict.ok).toBe(false);
    cpu.invlpg(VA_RO); // INVLPG empties the current PCID's paging-structure caches
    expect(cpu.pscEntries(2)).toHaveLength(0);
    expect(cpu.access(ram, 0x403000n as VirtAddr, supRead).verdict.ok).toBe(false);
  });

  it("writes to page-table memory never touch the TLB", () => {
    const { ram, cpu } = setup();
    cpu.access(ram, VA_RO, supRead);
    const before = cpu.tlbEntries("dtlb4k");
    ram.writeEntry(PT, 0n);
    expect(cpu.tlbEntries("dtlb4k")).toEqual(before);
  });
});
