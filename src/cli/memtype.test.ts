/** `--pat` and `--mtrr` on translate and mappings, and the scenario's memory-type fields. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./__fixtures__/run-cli";
import { presetById, serializeScenario, type ScenarioState } from "../core/scenario";
import { writeWorkedExampleDumps } from "../core/__fixtures__/golden";

let dir = "";
let worked = "";
const VA = "0x803fe7f5ce";

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const translateJson = (...argv: string[]): { memoryType: string | null } => {
  const r = run("translate", "--scenario", worked, "--json", ...argv, VA);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  return (JSON.parse(r.stdout) as { memoryType: string | null }[])[0]!;
};

const state = (): ScenarioState => presetById("worked-example")!.build!();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pagewalk-memtype-"));
  worked = file("worked.json", serializeScenario(state()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("translate: memory types", () => {
  it("is WB with the power-on PAT and no MTRRs, and says how", () => {
    expect(translateJson().memoryType).toBe("WB");
    const text = run("translate", "--scenario", worked, VA).stdout;
    expect(text).toContain("  memory type WB (PAT index 0: PA0 = WB)\n");
  });

  it("--pat changes the PAT entry the page selects", () => {
    expect(translateJson("--pat", "0x0007040600070401").memoryType).toBe("WC");
    expect(translateJson("--pat", "0").memoryType).toBe("UC");
  });

  it("--mtrr combines the MTRR type by SDM Table 11-7", () => {
    const uc = file("uc.json", JSON.stringify({ default: "UC" }));
    expect(translateJson("--mtrr", uc).memoryType).toBe("UC");
    const wc = file(
      "wc.json",
      JSON.stringify({ default: "UC", variable: [{ base: "0x0", size: "0x4000", type: "WC" }] }),
    );
    expect(translateJson("--mtrr", wc, "--pat", "0x0007040600070407").memoryType).toBe("WC"); // UC- over WC
    const text = run("translate", "--scenario", worked, "--mtrr", uc, VA).stdout;
    expect(text).toContain("  memory type UC (PAT index 0: PA0 = WB; MTRR UC; SDM Table 11-7)\n");
  });

  it("a fault has no memory type", () => {
    const r = run("translate", "--scenario", worked, "--json", "0x1000");
    expect((JSON.parse(r.stdout) as { memoryType: unknown }[])[0]!.memoryType).toBeNull();
  });

  it("takes the scenario's PAT and MTRRs, which the options override", () => {
    const withPat = file(
      "pat.json",
      serializeScenario({ ...state(), memoryTypes: { pat: 0x0000000000000005n, mtrrs: null } }),
    );
    const r = run("translate", "--scenario", withPat, "--json", VA);
    expect((JSON.parse(r.stdout) as { memoryType: string }[])[0]!.memoryType).toBe("WP");
    const over = run("translate", "--scenario", withPat, "--json", "--pat", "0x1", VA);
    expect((JSON.parse(over.stdout) as { memoryType: string }[])[0]!.memoryType).toBe("WC");
  });

  it("refuses a reserved PAT encoding (exit 2) and a bad MTRR file (exit 1) with one clear line", () => {
    expect(run("translate", "--scenario", worked, "--pat", "0x0007040600070402", VA)).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "pagewalk: --pat: IA32_PAT byte 0 (PA0) is 0x2, a reserved encoding: each byte must be 0 UC, 1 WC, 4 WT, 5 WP, 6 WB or 7 UC- (SDM Table 11-10; WRMSR would raise #GP)\n",
    });
    const bad = file("bad.json", '{"variable": [{"base": "0x1000", "size": "0x3000", "type": "WB"}]}');
    expect(run("translate", "--scenario", worked, "--mtrr", bad, VA)).toEqual({
      code: 1,
      stdout: "",
      stderr: `pagewalk: ${bad}: mtrr.variable[0].size: 0x3000 is not a power of two of at least 4 KiB (a variable range's mask is contiguous)\n`,
    });
    const notJson = file("garbage.txt", "reg00: base=0x0");
    expect(run("mappings", "--scenario", worked, "--mtrr", notJson).stderr).toMatch(
      /garbage\.txt: the MTRR file is not JSON/,
    );
    expect(run("mappings", "--scenario", worked, "--mtrr", join(dir, "missing.json")).stderr).toMatch(
      /no such file/,
    );
  });
});

describe("mappings: memory types", () => {
  it("each leaf and each folded range has one; ranges split where the type changes", () => {
    const uc = file(
      "split.json",
      JSON.stringify({ default: "WB", variable: [{ base: "0x3000", size: "0x1000", type: "UC" }] }),
    );
    const leaves = JSON.parse(run("mappings", "--scenario", worked, "--json", "--mtrr", uc).stdout) as {
      pa: string;
      memoryType: string;
    }[];
    expect(leaves.find((l) => l.pa === "0x3000")?.memoryType).toBe("UC");
    expect(leaves.filter((l) => l.memoryType === "WB").length).toBe(leaves.length - 1);
    const plain = JSON.parse(run("mappings", "--scenario", worked, "--folded", "--json").stdout) as {
      start: string;
      memoryType: string;
    }[];
    const typed = JSON.parse(
      run("mappings", "--scenario", worked, "--folded", "--json", "--mtrr", uc).stdout,
    ) as {
      start: string;
      memoryType: string;
    }[];
    expect(plain.map((r) => [r.start, r.memoryType])).toEqual([
      ["0x803fe00000", "WB"],
      ["0x803fe7f000", "WB"],
    ]);
    expect(typed.map((r) => [r.start, r.memoryType])).toEqual([
      ["0x803fe00000", "WB"],
      ["0x803fe7f000", "UC"],
    ]);
    const text = run("mappings", "--scenario", worked, "--folded", "--mtrr", uc).stdout;
    expect(text).toContain("000000803fe7f000 000000803fe80000 0000000000001000 1       -r-x UC\n");
  });
});

describe("scenario: --pat and --mtrr are stored in the scenario", () => {
  it("a dump turned into a scenario keeps the memory types given, and translate uses them", () => {
    const raw = join(dir, "we.raw");
    writeWorkedExampleDumps({ raw, elf: join(dir, "we.elf") });
    const mtrr = file(
      "store.json",
      JSON.stringify({ default: "WB", variable: [{ base: "0x0", size: "0x1000000", type: "UC" }] }),
    );
    const out = join(dir, "stored.json");
    const made = run(
      "scenario",
      "--memory",
      raw,
      "--cr3",
      "0x10000",
      "--pat",
      "0x0007040600070401",
      "--mtrr",
      mtrr,
      "--out",
      out,
    );
    expect([made.code, made.stderr]).toEqual([0, ""]);
    const doc = JSON.parse(readFileSync(out, "utf8")) as { pat: string; mtrr: { default: string } };
    expect(doc.pat).toBe("0x0007040600070401");
    expect(doc.mtrr.default).toBe("WB");
    // PA0 = WC wins over the UC MTRR range.
    const r = run("translate", "--scenario", out, "--json", VA);
    expect((JSON.parse(r.stdout) as { memoryType: string }[])[0]!.memoryType).toBe("WC");
    // Without the options, nothing is stored.
    const plain = run("scenario", "--memory", raw, "--cr3", "0x10000");
    expect(plain.stdout).not.toContain('"pat"');
  });
});
