/** The captured Linux 6.1 kernel tables (4-level, QEMU), as RAM + registers, for the benchmarks. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ram } from "../src/core/memory";
import type { Registers } from "../src/core/registers";

interface Golden {
  readonly registers: Readonly<Record<"cr0" | "cr3" | "cr4" | "efer" | "pkru", string>> & { readonly maxPhyAddr: number };
  readonly ramMB: number;
  readonly frames: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly cases: ReadonlyArray<{ readonly va: string }>;
}

export const LINUX_FIXTURE = path.join(process.cwd(), "src/core/__fixtures__/oracle/linux-4l.golden.json");

export function loadLinux(): { ram: Ram; regs: Registers; golden: Golden } {
  const golden = JSON.parse(readFileSync(LINUX_FIXTURE, "utf8")) as Golden;
  const ram = new Ram(golden.ramMB * 1024 * 1024);
  for (const [frame, entries] of Object.entries(golden.frames)) {
    for (const [index, value] of Object.entries(entries)) ram.writeEntry(Number(BigInt(frame)) + Number(index) * 8, BigInt(value));
  }
  const r = golden.registers;
  const regs: Registers = {
    cr0: Number(r.cr0),
    cr3: Number(r.cr3),
    cr4: Number(r.cr4),
    efer: Number(r.efer),
    pkru: Number(r.pkru),
    rflags: 0,
    maxPhyAddr: r.maxPhyAddr,
  };
  return { ram, regs, golden };
}
