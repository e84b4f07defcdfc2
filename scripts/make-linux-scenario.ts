/**
 * Makes public/scenarios/linux-6.1.pwscn, the on-demand data of the "Real Linux 6.1" example, from
 * the golden fixture src/core/__fixtures__/oracle/linux-4l.golden.json (real page tables captured
 * from QEMU with the oracle's linux_capture.py): registers and the 96 page-table frames, plus the
 * preset's text and bookmarks, as a scenario file, raw-deflated.
 *
 * Run: npx tsx scripts/make-linux-scenario.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { PhysAddr } from "../src/core/arch";
import {
  compressScenario,
  linux61,
  LINUX_PRESET_FILE,
  checkScenario,
  type ScenarioFrame,
  type ScenarioState,
} from "../src/core/scenario";

interface Fixture {
  registers: Record<"cr0" | "cr3" | "cr4" | "efer" | "pkru", string> & { maxPhyAddr: number };
  ramMB: number;
  frames: Record<string, Record<string, string>>;
}

const root = new URL("../", import.meta.url);
const fixture = JSON.parse(
  readFileSync(new URL("src/core/__fixtures__/oracle/linux-4l.golden.json", root), "utf8"),
) as Fixture;

const frames: ScenarioFrame[] = Object.entries(fixture.frames)
  .map(([addr, entries]) => ({
    addr: Number(addr) as PhysAddr,
    entries: Object.entries(entries)
      .map(([i, v]) => [Number(i), BigInt(v)] as const)
      .filter(([, v]) => v !== 0n)
      .sort((a, b) => a[0] - b[0]),
  }))
  .filter((f) => f.entries.length > 0)
  .sort((a, b) => a.addr - b.addr);

// New tables made in the simulator come from 1–16 MiB, where the captured tables are not.
const ALLOC_FIRST = 0x10_0000;
const ALLOC_END = 0x100_0000;
if (frames.some((f) => f.addr >= ALLOC_FIRST && f.addr < ALLOC_END))
  throw new Error("allocator range overlaps a captured table");

const regs = fixture.registers;
const first = linux61.meta.bookmarks[0];
if (!first) throw new Error("the Linux preset needs a bookmark");
const state: ScenarioState = {
  ...linux61.meta,
  registers: {
    cr0: Number(regs.cr0),
    cr3: Number(regs.cr3),
    cr4: Number(regs.cr4),
    efer: Number(regs.efer),
    pkru: Number(regs.pkru),
    rflags: 0,
    maxPhyAddr: regs.maxPhyAddr,
  },
  ramBytes: fixture.ramMB * 1024 * 1024,
  frames,
  allocator: {
    firstPfn: ALLOC_FIRST / 4096,
    endPfn: ALLOC_END / 4096,
    nextPfn: ALLOC_FIRST / 4096,
    freePfns: [],
  },
  va: first.va,
  access: first.access,
  selection: { table: { addr: (Number(regs.cr3) & ~0xfff) as PhysAddr, level: 4 }, entryIndex: 511 },
  setAccessedDirty: false,
};
const problem = checkScenario(state);
if (problem) throw new Error(problem.message);

const bytes = await compressScenario(state);
const out = fileURLToPath(new URL(`public/scenarios/${LINUX_PRESET_FILE}`, root));
writeFileSync(out, bytes);
console.log(
  `${out}: ${bytes.length} bytes (${frames.length} frames, ${frames.reduce((n, f) => n + f.entries.length, 0)} entries)`,
);
