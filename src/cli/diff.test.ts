/** `pagewalk diff`: two CR3 values of one scenario or image, two files, and bad input. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./__fixtures__/run-cli";
import { presetById, serializeScenario } from "../core/scenario";
import { writeWorkedExampleDumps } from "../core/__fixtures__/golden";

let dir = "";
let two = "";

interface DiffJson {
  a: { source: string; cr3: string };
  b: { source: string; cr3: string };
  summary: Record<"added" | "removed" | "changed" | "addedPages" | "removedPages" | "changedPages", number>;
  changes: { kind: string; start: string; end: string; changed: string[]; before: unknown; after: unknown }[];
  truncated: boolean;
}

function json(r: { code: number; stdout: string; stderr: string }): DiffJson {
  expect([r.code, r.stderr]).toEqual([0, ""]);
  return JSON.parse(r.stdout) as DiffJson;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pagewalk-diff-"));
  two = join(dir, "two.json");
  writeFileSync(two, serializeScenario(presetById("two-processes")!.build!()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pagewalk diff", () => {
  it("two processes of one scenario differ only in their user page", () => {
    const d = json(run("diff", "--scenario", two, "--json", "0x1000", "0x4000"));
    expect(d.a).toEqual({ source: two, cr3: "0x1000" });
    expect(d.b).toEqual({ source: two, cr3: "0x4000" });
    expect(d.summary).toEqual({
      added: 0,
      removed: 0,
      changed: 1,
      addedPages: 0,
      removedPages: 0,
      changedPages: 1,
    });
    expect(d.changes).toEqual([
      {
        kind: "changed",
        start: "0x400000",
        end: "0x401000",
        changed: ["pa"],
        before: {
          pa: "0x600000",
          pageSize: 4096,
          user: true,
          write: true,
          exec: true,
          reserved: false,
          memoryType: "WB",
        },
        after: {
          pa: "0x700000",
          pageSize: 4096,
          user: true,
          write: true,
          exec: true,
          reserved: false,
          memoryType: "WB",
        },
      },
    ]);
    const text = run("diff", "--scenario", two, "0x1000", "0x4000");
    expect(text.stdout).toContain(
      "changed  0000000000400000 0000000000401000 1        PA 0x600000 4K urwx WB → PA 0x700000 4K urwx WB (PA)\n",
    );
    expect(text.stdout.trimEnd().split("\n").at(-1)).toBe("1 range: 0 added, 0 removed, 1 changed");
  });

  it("a space compared with itself has no differences", () => {
    const d = json(run("diff", "--scenario", two, "--json", "0x4000", "0x4000"));
    expect([d.changes, d.summary.added + d.summary.removed + d.summary.changed]).toEqual([[], 0]);
    expect(run("diff", two, two).stdout).toContain("0 ranges: no differences\n");
  });

  it("two files: a raw dump with @CR3 and the ELF core of the same machine are equal", () => {
    const raw = join(dir, "we.raw");
    const elf = join(dir, "we.elf");
    writeWorkedExampleDumps({ raw, elf });
    const d = json(run("diff", "--json", `${raw}@0x10000`, elf));
    expect(d.changes).toEqual([]);
    expect(d.a.cr3).toBe("0x10000");
  });

  it("two scenarios whose PATs differ: every mapping changes memory type, folded per run", () => {
    const uc = join(dir, "two-uc.json");
    const state = presetById("two-processes")!.build!();
    writeFileSync(uc, serializeScenario({ ...state, memoryTypes: { pat: 0n, mtrrs: null } }));
    const d = json(run("diff", "--json", two, uc));
    expect(d.changes.map((c) => [c.kind, c.start, c.end, c.changed])).toEqual([
      ["changed", "0x400000", "0x401000", ["memoryType"]],
      ["changed", "0xffffffff80000000", "0xffffffff80200000", ["memoryType"]],
    ]);
    expect(
      d.changes.map((c) => [
        (c.before as { memoryType: string }).memoryType,
        (c.after as { memoryType: string }).memoryType,
      ]),
    ).toEqual([
      ["WB", "UC"],
      ["WB", "UC"],
    ]);
    // --pat applies to both sides: with one PAT for both, nothing differs.
    expect(json(run("diff", "--json", "--pat", "0x0", two, uc)).changes).toEqual([]);
  });

  it("bad input: a clear line and exit 2 (usage) or 1 (data)", () => {
    expect(run("diff", "--scenario", two, "0x1000")).toMatchObject({ code: 2, stdout: "" });
    expect(run("diff", "--scenario", two, "0x1000").stderr).toMatch(
      /^pagewalk: diff takes two address spaces, got 1/,
    );
    expect(run("diff", "--scenario", two, "0x1000", "zz").stderr).toMatch(
      /^pagewalk: CR3 "zz" is not a hex number/,
    );
    const missing = run("diff", two, join(dir, "nope.json"));
    expect([missing.code, missing.stderr]).toEqual([
      1,
      `pagewalk: cannot open ${join(dir, "nope.json")}: no such file\n`,
    ]);
    const outside = run("diff", "--scenario", two, "0x1000", "0x7fff000");
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/CR3 0x7fff000 points outside the memory image/);
  });
});
