/**
 * `pagewalk scenario` (a dump → a scenario file) and `translate`/`mappings --scenario`, in-process,
 * on the worked-example dumps and the real Linux tables as a sparse 256 MiB raw image.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./__fixtures__/run-cli";
import {
  goldenRegisterArgs,
  readGolden,
  writeGoldenImage,
  writeWorkedExampleDumps,
} from "../core/__fixtures__/golden";
import { writeFullTablesImage } from "../core/__fixtures__/full-tables-dump";

const LINUX = readGolden("linux-4l");
const WORKED_VAS = [
  "0x803fe7f5ce",
  "0x803fe7f000",
  "0x803fe7e000",
  "0x803fe80123",
  "0x803fe81fff",
  "0xffff800000000000",
];
let dir = "";

function ok(...argv: string[]): string {
  const r = run(...argv);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pagewalk-scenario-"));
  writeWorkedExampleDumps({ raw: join(dir, "we.raw"), elf: join(dir, "we.elf") });
  writeGoldenImage(LINUX, join(dir, "linux.raw"));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("pagewalk scenario", () => {
  it("turns the raw worked example (--cr3 0x10000) into a scenario that translates as the dump does", () => {
    const text = ok(
      "scenario",
      "--memory",
      join(dir, "we.raw"),
      "--cr3",
      "0x10000",
      "--title",
      "Worked example",
    );
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc).toMatchObject({
      format: "pagewalk-scenario",
      version: 1,
      title: "Worked example",
      registers: { cr0: "0x80010001", cr3: "0x10000", cr4: "0x20", efer: "0xd00", maxPhyAddr: 52 },
      ramBytes: "0x1100000",
      allocator: { first: "0x1000000", end: "0x1100000", next: "0x1000000", free: [] },
      va: "0x803fe7f000",
      access: "supRead",
      selection: { table: "0x10000", level: 4 },
    });
    expect(Object.keys(doc.frames as object)).toEqual(["0x10000", "0x24000", "0x32000", "0x41000"]);
    writeFileSync(join(dir, "we-raw.json"), text);
    const fromDump = ok(
      "translate",
      "--json",
      "--memory",
      join(dir, "we.raw"),
      "--cr3",
      "0x10000",
      ...WORKED_VAS,
    );
    expect(ok("translate", "--json", "--scenario", join(dir, "we-raw.json"), ...WORKED_VAS)).toBe(fromDump);
    expect(ok("translate", "--scenario", join(dir, "we-raw.json"), "0x803fe7f5ce")).toBe(
      ok("translate", "--memory", join(dir, "we.raw"), "--cr3", "0x10000", "0x803fe7f5ce"),
    );
  });

  it("takes the ELF core's registers from its QEMU note, and --out writes the file", () => {
    const out = join(dir, "we-elf.json");
    expect(ok("scenario", "--memory", join(dir, "we.elf"), "--maxphyaddr", "46", "--out", out)).toBe("");
    const doc = JSON.parse(readFileSync(out, "utf8")) as {
      registers: object;
      ramBytes: string;
      description: string;
    };
    expect(doc.registers).toEqual({
      cr0: "0x80010011",
      cr3: "0x10000",
      cr4: "0x20",
      efer: "0xd00",
      pkru: "0x0",
      rflags: "0x0",
      maxPhyAddr: 46,
    });
    expect(doc.ramBytes).toBe("0x100100000"); // up to the BIOS ROM's end at 4 GiB, plus the allocator window
    expect(doc.description).toMatch(
      /^Page tables found from CR3 0x10000 in we.elf, an? ELF dump of 4 GiB: 4 table frames/,
    );
    for (const flags of [["--json"], []]) {
      expect(ok("translate", ...flags, "--scenario", out, ...WORKED_VAS)).toBe(
        ok("translate", ...flags, "--memory", join(dir, "we.elf"), "--maxphyaddr", "46", ...WORKED_VAS),
      );
    }
    expect(ok("mappings", "--json", "--scenario", out)).toBe(
      ok("mappings", "--json", "--memory", join(dir, "we.elf"), "--maxphyaddr", "46"),
    );
  });

  it("lists the real Linux tables from a scenario exactly as from the 256 MiB dump", () => {
    // How long `scenario` takes on this dump is a figure of `npm run bench` (bench/cli.bench.ts).
    const regs = goldenRegisterArgs(LINUX);
    const out = join(dir, "linux.json");
    ok("scenario", "--memory", join(dir, "linux.raw"), ...regs, "--out", out);
    const doc = JSON.parse(readFileSync(out, "utf8")) as { frames: object };
    // All-zero tables (empty PDPTs Linux preallocates) are left out of a scenario: RAM reads zeros anyway.
    const nonEmpty = Object.entries(LINUX.frames).filter(([, entries]) =>
      Object.values(entries).some((v) => BigInt(v) !== 0n),
    );
    expect(Object.keys(doc.frames).sort()).toEqual(nonEmpty.map(([addr]) => addr).sort());
    for (const flags of [["--json"], ["--folded", "--json"]]) {
      expect(ok("mappings", ...flags, "--scenario", out)).toBe(
        ok("mappings", ...flags, "--memory", join(dir, "linux.raw"), ...regs),
      );
    }
  });

  it("reads compressed scenarios and lets register options override the file's", () => {
    const text = ok("scenario", "--memory", join(dir, "we.raw"), "--cr3", "0x10000");
    writeFileSync(join(dir, "we.pwscn"), deflateRawSync(Buffer.from(text)));
    const user = JSON.parse(
      ok("translate", "--json", "--scenario", join(dir, "we.pwscn"), "0x803fe7f5ce"),
    ) as [{ pa: string }];
    expect(user[0].pa).toBe("0x35ce");
    const noPaging = run("translate", "--scenario", join(dir, "we.pwscn"), "--cr0", "0x1", "0x803fe7f5ce");
    expect(noPaging).toMatchObject({
      code: 1,
      stderr: "pagewalk: paging is off (CR0.PG = 0): linear addresses are physical addresses\n",
    });
  });

  it("reports bad input on one line with a non-zero exit", () => {
    writeFileSync(join(dir, "garbage.json"), '{"format": "something else"}');
    writeFileSync(join(dir, "garbage.bin"), "definitely not deflate \u0000\u0001");
    const cases: Array<[string[], RegExp, number]> = [
      [
        ["scenario", "--memory", join(dir, "we.raw")],
        /^pagewalk: --cr3 is required for a raw memory image\n$/,
        2,
      ],
      [
        ["scenario", "--memory", join(dir, "we.raw"), "--cr3", "0x4000000"],
        /^pagewalk: CR3 0x4000000 points outside the memory image \(.*16 MiB\)\n$/,
        1,
      ],
      [["scenario", "--cr3", "0x10000"], /^pagewalk: --memory IMAGE is required/, 2],
      [
        ["scenario", "--memory", join(dir, "we.raw"), "--cr3", "0x10000", "0x1234"],
        /unexpected argument "0x1234"/,
        2,
      ],
      [
        [
          "scenario",
          "--memory",
          join(dir, "we.raw"),
          "--cr3",
          "0x10000",
          "--out",
          join(dir, "no", "such", "dir.json"),
        ],
        /^pagewalk: cannot write .*: no such file\n$/,
        1,
      ],
      [
        ["scenario", "--memory", join(dir, "we.elf"), "--out", join(dir, "we.elf")],
        /^pagewalk: --out .*we\.elf is the input file .*we\.elf: it would be overwritten; choose another file\n$/,
        2,
      ],
      [
        ["translate", "--scenario", join(dir, "we.elf"), "--memory", join(dir, "we.elf"), "0x0"],
        /^pagewalk: give either --memory IMAGE or --scenario FILE, not both\n$/,
        2,
      ],
      [["translate", "--scenario", join(dir, "garbage.json"), "0x0"], /^pagewalk: .*garbage\.json: .*\n$/, 1],
      [
        ["mappings", "--scenario", join(dir, "garbage.bin")],
        /^pagewalk: .*garbage\.bin: the file is neither a scenario \(JSON\) nor a compressed scenario\n$/,
        1,
      ],
      [
        ["mappings", "--scenario", join(dir, "missing.json")],
        /^pagewalk: cannot open .*missing\.json: no such file\n$/,
        1,
      ],
    ];
    const dumpBefore = readFileSync(join(dir, "we.elf"));
    for (const [argv, message, code] of cases) {
      const r = run(...argv);
      expect(r.stderr, argv.join(" ")).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.code, argv.join(" ")).toBe(code);
      expect(r.stdout).toBe("");
    }
    expect(readFileSync(join(dir, "we.elf")).equals(dumpBefore), "the dump --out named").toBe(true);
  });

  it("refuses what the browser refuses, with the browser's words", () => {
    const text = ok("scenario", "--memory", join(dir, "we.raw"), "--cr3", "0x10000");
    // Data after the end of the deflate stream: zlib stops reading at the end, the browser refuses.
    writeFileSync(
      join(dir, "junk.pwscn"),
      Buffer.concat([deflateRawSync(Buffer.from(text)), Buffer.from("junk")]),
    );
    expect(run("mappings", "--scenario", join(dir, "junk.pwscn"))).toEqual({
      code: 1,
      stdout: "",
      stderr: `pagewalk: ${join(dir, "junk.pwscn")}: the file is neither a scenario (JSON) nor a compressed scenario\n`,
    });
    // A JSON array is JSON, just not a scenario (it was called "neither JSON nor compressed").
    writeFileSync(join(dir, "array.json"), "[1, 2, 3]\n");
    expect(run("mappings", "--scenario", join(dir, "array.json"))).toEqual({
      code: 1,
      stdout: "",
      stderr: `pagewalk: ${join(dir, "array.json")}: this is JSON, but not a Pagewalk scenario: a scenario is a JSON object, and this is an array\n`,
    });
  });

  it("refuses tables past a scenario's entry limit while discovering them, with one line", () => {
    // 4,096 full table frames (2,097,152 entries; the bench uses 65,536): the refusal comes after
    // the same 2,049 frames either way, before any scenario is built.
    const image = writeFullTablesImage(join(dir, "full.raw"), 4096);
    expect(run("scenario", "--memory", image, "--cr3", "0x100000")).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "pagewalk: the page tables reachable from CR3 hold more than 1,048,576 non-zero entries (1,049,088 in the first 2,049 table frames read); a scenario holds at most 1,048,576, so the import stops here\n",
    });
  });

  it("warns on stderr about tables outside the dump and still writes the scenario", () => {
    const image = new Uint8Array(0x10000);
    const view = new DataView(image.buffer);
    view.setBigUint64(0x1000 + 8 * 0, 0x2003n, true); // PML4[0] → PDPT at 0x2000
    view.setBigUint64(0x1000 + 8 * 1, 0x7fff000003n, true); // PML4[1] → beyond the 64 KiB image
    view.setBigUint64(0x2000, 0x40000083n, true); // a 1 GiB page
    writeFileSync(join(dir, "small.raw"), image);
    const r = run("scenario", "--memory", join(dir, "small.raw"), "--cr3", "0x1000");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'pagewalk: warning: 1 table pointer leads outside the dump (e.g. PML4[1] of 0x1000 → 0x7fff000000); walks through it stop with "table outside memory".\n',
    );
    expect(Object.keys((JSON.parse(r.stdout) as { frames: object }).frames)).toEqual(["0x1000", "0x2000"]);
  });
});
