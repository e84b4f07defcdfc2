import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FRAME_SIZE, entryOfFrame } from "../memory";
import { exportTablesC, exportTablesNasm, tablesForExport } from "./export-code";
import { machineFromScenario, PRESETS } from "../scenario";

const has = (tool: string): boolean => {
  try {
    execFileSync(tool, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const GCC = has("gcc");
const NASM = has("nasm");

const built = PRESETS.filter((p) => p.build).map((p) => ({
  id: p.id,
  state: (p.build as NonNullable<typeof p.build>)(),
}));

/** Parses `[i] = 0x…ULL` lines per array back into entries. */
function parseC(code: string): Map<string, Map<number, bigint>> {
  const tables = new Map<string, Map<number, bigint>>();
  let current: Map<number, bigint> | null = null;
  for (const line of code.split("\n")) {
    const head = /uint64_t (\w+)\[512\] = \{(0\};)?/.exec(line);
    if (head) {
      current = new Map();
      tables.set(head[1] as string, current);
      continue;
    }
    const entry = /^\s+\[(\d+)\] = (0x[0-9a-f]+)ULL,/.exec(line);
    if (entry && current) current.set(Number(entry[1]), BigInt(entry[2] as string));
  }
  return tables;
}

/** Expands the NASM `dq` / `times n dq 0` lines per label back into 512 entries. */
function parseNasm(code: string): Map<string, bigint[]> {
  const tables = new Map<string, bigint[]>();
  let current: bigint[] | null = null;
  for (const line of code.split("\n")) {
    const label = /^(\w+):/.exec(line);
    if (label) {
      current = [];
      tables.set(label[1] as string, current);
    }
    const times = /^\s+times (\d+) dq 0/.exec(line);
    if (times && current) for (let i = 0; i < Number(times[1]); i++) current.push(0n);
    const dq = /^\s+dq (0x[0-9a-f]+)/.exec(line);
    if (dq && current) current.push(BigInt(dq[1] as string));
  }
  return tables;
}

describe("export as code", () => {
  it("finds the tables reachable from CR3, top level first, each once", () => {
    const worked = built.find((b) => b.id === "worked-example");
    if (!worked) throw new Error("no worked example");
    const m = machineFromScenario(worked.state);
    const { tables } = tablesForExport(m.ram, m.regs);
    expect(tables.map((t) => t.name)).toEqual(["pml4_0x1000", "pdpt_0x4000", "pd_0x6000", "pt_0x8000"]);
    const rec = built.find((b) => b.id === "recursive");
    if (!rec) throw new Error("no recursive preset");
    const r = machineFromScenario(rec.state);
    const recTables = tablesForExport(r.ram, r.regs).tables;
    expect(recTables[0]?.alsoAs).toEqual([3, 2, 1]); // the PML4 through slot 510
    expect(recTables.length).toBe(4);
  });

  for (const { id, state } of built) {
    it(`${id}: C and NASM give back every entry${GCC ? " (gcc compiles it)" : ""}${NASM ? " (nasm assembles it)" : ""}`, () => {
      const m = machineFromScenario(state);
      const { tables } = tablesForExport(m.ram, m.regs);
      const c = exportTablesC(m.ram, m.regs);
      expect(c).toContain(`CR3 = 0x${state.registers.cr3.toString(16)}`);
      expect(c).toContain("PHYSICAL addresses");
      const parsedC = parseC(c);
      const parsedNasm = parseNasm(exportTablesNasm(m.ram, m.regs));
      for (const t of tables) {
        const frame = m.ram.readFrame(t.addr / FRAME_SIZE) as Uint32Array;
        const expected = Array.from({ length: 512 }, (_, i) => entryOfFrame(frame, i));
        const fromC = parsedC.get(t.name);
        expect(fromC, t.name).toBeDefined();
        expect(
          Array.from({ length: 512 }, (_, i) => fromC?.get(i) ?? 0n),
          t.name,
        ).toEqual(expected);
        expect(parsedNasm.get(t.name), t.name).toEqual(expected);
      }
      const dir = mkdtempSync(join(tmpdir(), "pagewalk-export-"));
      if (GCC) {
        writeFileSync(join(dir, "tables.c"), c);
        execFileSync("gcc", [
          "-c",
          "-x",
          "c",
          "-std=c11",
          "-Wall",
          "-Wextra",
          "-Werror",
          join(dir, "tables.c"),
          "-o",
          join(dir, "tables.o"),
        ]);
      }
      if (NASM) {
        // As a flat binary the tables come out back to back, 4 KiB each: compare byte for byte.
        writeFileSync(join(dir, "tables.asm"), exportTablesNasm(m.ram, m.regs));
        execFileSync("nasm", ["-f", "bin", join(dir, "tables.asm"), "-o", join(dir, "tables.bin")]);
        const bin = readFileSync(join(dir, "tables.bin"));
        expect(bin.length).toBe(tables.length * FRAME_SIZE);
        tables.forEach((t, k) => {
          const words = new Uint32Array(
            bin.buffer.slice(bin.byteOffset + k * FRAME_SIZE, bin.byteOffset + (k + 1) * FRAME_SIZE),
          );
          expect(words, t.name).toEqual(m.ram.readFrame(t.addr / FRAME_SIZE));
        });
      }
    });
  }
});
