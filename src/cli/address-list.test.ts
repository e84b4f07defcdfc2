/** `translate --vas FILE` and `reverse --pas FILE`: addresses from a list rather than the command line. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, runWithStdin } from "./__fixtures__/run-cli";
import type { TranslateJson } from "./output";
import type { ReverseJson } from "./reverse-command";
import { writeWorkedExampleDumps } from "../core/__fixtures__/golden";

let dir = "";
let elf = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pagewalk-list-"));
  elf = join(dir, "we.elf");
  writeWorkedExampleDumps({ raw: join(dir, "we.raw"), elf });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const vasOf = (stdout: string): string[] => (JSON.parse(stdout) as TranslateJson[]).map((t) => t.va);

describe("translate --vas", () => {
  it("walks the command line's VAs, then the list's: white space, commas, comments and blank lines", () => {
    const list = join(dir, "vas.txt");
    writeFileSync(list, "0x803fe7f5ce, 0x803f_e810_20  # the post's two pages\n\n\t0x1 # not mapped\n");
    const r = run("translate", "--memory", elf, "--json", "0x2", "--vas", list);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(vasOf(r.stdout)).toEqual(["0x2", "0x803fe7f5ce", "0x803fe81020", "0x1"]);
    const [, first] = JSON.parse(r.stdout) as TranslateJson[];
    expect(first?.pa).toBe("0x35ce");
  });

  it("reads stdin for '-', as many VAs as a shell could not pass", () => {
    const many = Array.from({ length: 30_000 }, (_, i) => `0x${(i * 4096).toString(16)}`).join("\n");
    const r = runWithStdin(many, "translate", "--memory", elf, "--json", "--vas", "-");
    expect(r.code).toBe(0);
    const vas = vasOf(r.stdout);
    expect(vas).toHaveLength(30_000);
    expect(vas[29_999]).toBe(`0x${(29_999 * 4096).toString(16)}`);
  });

  it("a bad VA is named with its line, and nothing is walked; an empty list or a missing file says so", () => {
    const list = join(dir, "bad.txt");
    writeFileSync(list, "0x803fe7f5ce\n# fine so far\n0x1 zork\n");
    const bad = run("translate", "--memory", elf, "--vas", list);
    expect(bad).toEqual({
      code: 1,
      stdout: "",
      stderr: `pagewalk: the --vas list ${list}, line 3: Virtual address "zork" is not a hex number (unexpected "z")\n`,
    });
    const empty = join(dir, "empty.txt");
    writeFileSync(empty, "# nothing yet\n\n");
    expect(run("translate", "--memory", elf, "--vas", empty).stderr).toBe(
      `pagewalk: the --vas list ${empty} holds no address\n`,
    );
    expect(run("translate", "--memory", elf, "--vas", join(dir, "none.txt")).stderr).toBe(
      `pagewalk: cannot read the --vas list ${join(dir, "none.txt")}: no such file\n`,
    );
    expect(run("translate", "--memory", elf).stderr).toContain("no virtual address given");
  });
});

describe("reverse --pas", () => {
  it("looks up the list's PAs after the command line's, from stdin too; a bad one names its line", () => {
    const r = runWithStdin("0x35cf\n", "reverse", "--memory", elf, "--json", "0x35ce", "--pas", "-");
    expect(r.stderr).toBe("");
    expect((JSON.parse(r.stdout) as ReverseJson[]).map((p) => [p.pa, p.vas.map((v) => v.va)])).toEqual([
      ["0x35ce", ["0x803fe7f5ce"]],
      ["0x35cf", ["0x803fe7f5cf"]],
    ]);
    const bad = runWithStdin("0x35ce\n\n0x1_0000_0000_0000_0000\n", "reverse", "--memory", elf, "--pas", "-");
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^pagewalk: the --pas list on stdin, line 3: Physical address .+\n$/);
  });
});
