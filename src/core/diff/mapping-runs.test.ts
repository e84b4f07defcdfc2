import { describe, expect, it } from "vitest";
import { bookmarkRegisters, machineFromScenario, presetById } from "../scenario";
import { enumerateLeaves } from "../inspect";
import { trustedResolver } from "../memtype";
import { goldenRam, goldenRegisters, readGolden } from "../__fixtures__/golden";
import { diffRuns } from "./diff";
import { mappingRuns, runStart, vaOfVpn } from "./mapping-runs";

describe("mappingRuns", () => {
  it("covers exactly the pages of the leaves, folded (Linux 6.1 capture)", () => {
    const golden = readGolden("linux-4l");
    const ram = goldenRam(golden);
    const regs = goldenRegisters(golden);
    const { runs } = mappingRuns(ram, regs, trustedResolver());
    const leaves = enumerateLeaves(ram, regs).mappings;
    const pages = (xs: readonly { pageSize: number }[]): number =>
      xs.reduce((n, l) => n + l.pageSize / 4096, 0);
    expect(runs.reduce((n, r) => n + r.endVpn - r.startVpn, 0)).toBe(pages(leaves));
    expect(runs.length).toBeLessThan(leaves.length);
    expect(runStart(runs[0]!)).toBe(leaves[0]!.va);
    // Every leaf's first page lies in a run that maps it to the leaf's frame with its rights.
    for (const leaf of leaves.filter((_, k) => k % 97 === 0)) {
      const vpn = Number(leaf.va >> 12n);
      const run = runs.find((r) => r.startVpn <= vpn && vpn < r.endVpn)!;
      expect(run.pfn + (vpn - run.startVpn)).toBe(leaf.pa / 4096);
      expect([run.user, run.write, run.exec, run.pageSize]).toEqual([
        leaf.user,
        leaf.write,
        leaf.exec,
        leaf.pageSize,
      ]);
    }
  });
});

describe("diff of two real address spaces", () => {
  it("two processes of the two-process preset differ only in their user page", () => {
    const scenario = presetById("two-processes")!.build!();
    const { ram, regs } = machineFromScenario(scenario);
    const a = mappingRuns(ram, regs, trustedResolver()).runs;
    const bRegs = bookmarkRegisters(regs, { cr3: 0x4000 });
    const b = mappingRuns(ram, bRegs, trustedResolver()).runs;
    const d = diffRuns(a, b);
    expect(d.changes).toHaveLength(1);
    const [c] = d.changes;
    expect(vaOfVpn(c!.startVpn)).toBe(0x400000n);
    expect(vaOfVpn(c!.endVpn)).toBe(0x401000n);
    expect(c!.changed).toEqual(["pa"]);
    expect([c!.before!.pfn * 4096, c!.after!.pfn * 4096]).toEqual([0x600000, 0x700000]);
  });

  it("a page whose PCD bit is set shows as a memory-type change", () => {
    const scenario = presetById("two-processes")!.build!();
    const { ram, regs } = machineFromScenario(scenario);
    const before = mappingRuns(ram, regs, trustedResolver()).runs;
    const changed = ram.fork();
    // The kernel's 2 MiB leaf: PML4[511] → PDPT[510] → PD[0]; find it through the walk of its VA.
    const leaf = enumerateLeaves(ram, regs).mappings.find((l) => l.va === 0xffffffff80000000n)!;
    const entryAddr = findEntry(ram, regs.cr3, leaf.raw);
    changed.writeEntry(entryAddr, leaf.raw | 0x10n); // PCD: PAT index 2, UC- with the default PAT
    const after = mappingRuns(changed, regs, trustedResolver()).runs;
    const d = diffRuns(before, after);
    expect(d.changes.map((c) => [c.kind, c.changed, c.before?.memoryType, c.after?.memoryType])).toEqual([
      ["changed", ["memoryType"], "WB", "UC-"],
    ]);
  });
});

/** The physical address of the entry holding `raw` among the frames reachable in a tiny preset. */
function findEntry(ram: ReturnType<typeof machineFromScenario>["ram"], _cr3: number, raw: bigint): number {
  for (let frame = 0; frame < 64; frame++)
    for (let i = 0; i < 512; i++)
      if (ram.readEntry(frame * 4096 + i * 8) === raw) return frame * 4096 + i * 8;
  throw new Error("entry not found");
}
