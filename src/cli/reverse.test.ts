/**
 * `pagewalk reverse` run in-process against the worked-example dumps, the real Linux tables (as a
 * raw image) and a hostile image whose one table points to itself 512 times.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./__fixtures__/run-cli";
import { reverseJson, type ReverseJson } from "./reverse-command";
import type { TranslateJson } from "./output";
import { reverseLookup } from "../core/inspect";
import {
  goldenRam,
  goldenRegisterArgs,
  goldenRegisters,
  readGolden,
  writeGoldenImage,
  writeWorkedExampleDumps,
} from "../core/__fixtures__/golden";

let dir = "";

function json<T>(r: { code: number; stdout: string; stderr: string }): T {
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pagewalk-reverse-"));
  writeWorkedExampleDumps({ raw: join(dir, "we.raw"), elf: join(dir, "we.elf") });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("reverse on the worked example", () => {
  it("finds the VA that translate sends to the PA, with its page and permissions", () => {
    const [t] = json<TranslateJson[]>(
      run("translate", "--memory", join(dir, "we.elf"), "--json", "0x803fe7f5ce"),
    );
    expect(t?.pa).toBe("0x35ce");
    const r = json<ReverseJson[]>(
      run("reverse", "--memory", join(dir, "we.elf"), "--json", "0x35ce", "0x3_5cf"),
    );
    expect(r).toEqual([
      {
        pa: "0x35ce",
        vas: [{ va: "0x803fe7f5ce", pageSize: 4096, level: 1, user: true, write: true, exec: true }],
      },
      {
        pa: "0x35cf",
        vas: [{ va: "0x803fe7f5cf", pageSize: 4096, level: 1, user: true, write: true, exec: true }],
      },
    ]);
  });

  it("the text output names the PA, then one line per VA; a PA nothing maps says so", () => {
    const r = run("reverse", "--memory", join(dir, "we.raw"), "--cr3", "0x10000", "0x35ce", "0x7000000");
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toBe(
      "PA 0x35ce: 1 VA\n  000000803fe7f5ce 4K  PT   urwx\n\nPA 0x7000000: no VA maps it\n",
    );
  });
});

describe("reverse on the real Linux tables", () => {
  const golden = readGolden("linux-4l");
  let image = "";
  beforeAll(() => {
    image = writeGoldenImage(golden, join(dir, "linux.raw"));
  });

  it("the espfix frame: its direct-map VA and its 65,536 aliases, as the core finds them", () => {
    const args = ["--memory", image, ...goldenRegisterArgs(golden)];
    const [r] = json<ReverseJson[]>(run("reverse", ...args, "--json", "0x4856123"));
    const core = reverseLookup(goldenRam(golden), goldenRegisters(golden), 0x4856123);
    expect(r).toEqual(reverseJson(core));
    expect(r?.vas.length).toBe(65537);
    expect(r?.vas[0]?.va).toBe("0xffff888004856123");
    // Every VA listed translates back to the PA (a sample, walked by the translate command).
    const sample = (r?.vas ?? []).filter((_, i) => i % 8191 === 0).map((v) => v.va);
    const walked = json<TranslateJson[]>(run("translate", ...args, "--json", ...sample));
    expect(walked.map((w) => w.pa)).toEqual(sample.map(() => "0x4856123"));
  });
});

describe("reverse: bounds and bad input", () => {
  /** One PML4 whose 512 entries all point to itself: 512⁴ leaves, every one mapping frame 0x1000. */
  const selfPointers = (): string => {
    const image = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 512; i++) image.writeUInt32LE(0x1003, 0x1000 + i * 8);
    const path = join(dir, "self.raw");
    writeFileSync(path, image);
    return path;
  };

  it("too many aliases: the first 100,000 are listed, and a warning says so", () => {
    const r = run("reverse", "--memory", selfPointers(), "--cr3", "0x1000", "--json", "0x1000");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ReverseJson[])[0]?.vas.length).toBe(100_000);
    expect(r.stderr).toBe(
      "pagewalk: warning: more than 100,000 VAs map PA 0x1000: only the first are listed\n",
    );
  });

  it("too many leaves to search: what was found, and a warning that the search was cut short", () => {
    const r = run("reverse", "--memory", selfPointers(), "--cr3", "0x1000", "0x2000");
    expect([r.code, r.stdout]).toEqual([0, "PA 0x2000: no VA maps it\n"]);
    expect(r.stderr).toMatch(
      /^pagewalk: warning: search cut short: the tables map more than 1,000,000 leaves/,
    );
  });

  it("--help and `help reverse` describe the command", () => {
    for (const argv of [
      ["reverse", "--help"],
      ["help", "reverse"],
    ]) {
      const r = run(...argv);
      expect([r.code, r.stderr]).toEqual([0, ""]);
      expect(r.stdout).toMatch(/^Usage: pagewalk reverse --memory IMAGE/);
    }
  });

  const cases: Array<[string, () => string[], RegExp]> = [
    [
      "no PA",
      () => ["reverse", "--memory", join(dir, "we.raw"), "--cr3", "0x10000"],
      /no physical address given/,
    ],
    [
      "a PA that is not hex",
      () => ["reverse", "--memory", join(dir, "we.raw"), "--cr3", "0x10000", "0x35g"],
      /physical address "0x35g" is not a hex number/i,
    ],
    [
      "a PA beyond MAXPHYADDR",
      () => [
        "reverse",
        "--memory",
        join(dir, "we.raw"),
        "--cr3",
        "0x10000",
        "--maxphyaddr",
        "36",
        "0x1000000000",
      ],
      /Physical address 0x1000000000 is wider than MAXPHYADDR \(36 bits\)/,
    ],
    [
      "a non-hex PA is refused before the file is read",
      () => ["reverse", "--memory", join(dir, "missing.raw"), "--cr3", "0x10000", "zz"],
      /"zz" is not a hex number/,
    ],
  ];
  for (const [what, argv, message] of cases) {
    it(`${what}: one line on stderr, exit 2`, () => {
      const r = run(...argv());
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^pagewalk: [^\n]+\n$/);
      expect(r.code).toBe(2);
    });
  }
});
