/**
 * The CLI run in-process (`main(argv, io)`) against the committed dumps and the QEMU golden fixtures
 * turned into raw images, plus every kind of bad input.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_KINDS, type AccessKind } from "../core/arch";
import { main } from "./cli";
import {
  RANGES_HEADER,
  rangeJson,
  rangeText,
  type MappingJson,
  type RangeJson,
  type TranslateJson,
} from "./output";
import { OutputClosed } from "./io";
import { foldRanges } from "../core/inspect";
import { trustedResolver } from "../core/memtype";
import {
  goldenRam,
  goldenRegisterArgs,
  goldenRegisters,
  writeGoldenImage,
  writeWorkedExampleDumps,
} from "../core/__fixtures__/golden";

const ROOT = join(__dirname, "..", "..");
const FIXTURES = join(ROOT, "src", "core", "__fixtures__");
const ORACLE = join(FIXTURES, "oracle");
let dir = "";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(...argv: string[]): Run {
  let stdout = "";
  let stderr = "";
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function json<T>(r: Run): T {
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

interface GoldenAccess {
  readonly outcome: "ok" | "fault" | "skipped";
  readonly exception?: "#PF" | "#GP";
  readonly errorCode?: string;
}
interface Golden {
  readonly name: string;
  readonly registers: Readonly<Record<"cr0" | "cr3" | "cr4" | "efer" | "pkru", string>> & {
    readonly maxPhyAddr: number;
  };
  readonly ramMB: number;
  readonly frames: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly cases: ReadonlyArray<{
    va: string;
    canonical: boolean;
    expected: { pa?: string; pageSize?: number; fault?: string };
    access: Readonly<Record<AccessKind, GoldenAccess>>;
  }>;
}

const rawImage = (g: Golden): string => writeGoldenImage(g, join(dir, `${g.name}.raw`));

/** Same oracle caveats as src/core/golden.test.ts (QEMU faulted on the load half of `lock xadd`). */
const CAVEATS = new Set([
  "case07-everything/0xffffc32f174781cb/supWrite",
  "case17-everything/0x548dcf8c8520/supWrite",
]);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pagewalk-cli-"));
  writeWorkedExampleDumps({ raw: join(dir, "we.raw"), elf: join(dir, "we.elf") });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("translate on the worked-example dumps", () => {
  const expected = JSON.parse(readFileSync(join(FIXTURES, "dumps", "worked-example.elf.json"), "utf8")) as {
    registers: Record<string, string>;
    cases: Array<{ va: string; pa?: string; pageSize?: number; fault?: string }>;
  };
  const vas = expected.cases.map((c) => c.va);
  const check = (results: TranslateJson[]): void => {
    expect(results.map((r) => r.va)).toEqual(vas);
    results.forEach((r, i) => {
      const c = expected.cases[i];
      expect([r.pa, r.pageSize, r.fault], r.va).toEqual([
        c?.pa ?? null,
        c?.pageSize ?? null,
        c?.fault ?? null,
      ]);
      expect(r.canonical).toBe(c?.fault !== "non-canonical");
    });
  };

  it("ELF core: registers come from the QEMU note (no --cr3 needed)", () => {
    const results = json<TranslateJson[]>(
      run("translate", "--memory", join(dir, "we.elf"), "--json", ...vas),
    );
    check(results);
    expect(results[0]?.access).toEqual(Object.fromEntries(ACCESS_KINDS.map((k) => [k, { ok: true }])));
    expect(results[4]?.access.userRead).toEqual({ ok: false, exception: "#PF", errorCode: "0x5" });
    expect(results[10]?.access.supRead).toEqual({ ok: false, exception: "#GP", errorCode: "0x0" });
  });

  it("raw image with explicit registers", () => {
    check(
      json<TranslateJson[]>(
        run(
          "translate",
          "--memory",
          join(dir, "we.raw"),
          "--cr3",
          "0x10000",
          "--cr0",
          "0x80010011",
          "--json",
          ...vas,
        ),
      ),
    );
  });

  it("text output shows each level, the outcome and the six verdicts", () => {
    const r = run("translate", "--memory", join(dir, "we.elf"), "0x803fe7f5ce", "803f_e810_20");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("PML4[1] @0x10008 = 0x0000000000024007 P RW US → PDPT 0x24000");
    expect(r.stdout).toContain("PT[127] @0x413f8 = 0x0000000000003007 P RW US → 4 KiB page 0x3000");
    expect(r.stdout).toContain("= PA 0x35ce (4 KiB page; user, writable, executable)");
    expect(r.stdout).toContain("user read        #PF error 0x5 = P | U:");
    expect(r.stdout.match(/^ {2}(supervisor|user) (read|write|exec)/gm)?.length).toBe(12);
  });

  it("a table outside the image is the fault table-outside-memory", () => {
    // Shrink the worked example to 0x40000 bytes: the PT at 0x41000 falls outside.
    const small = join(dir, "small.raw");
    writeFileSync(small, readFileSync(join(dir, "we.raw")).subarray(0, 0x40000));
    const [r] = json<TranslateJson[]>(
      run("translate", "--memory", small, "--cr3", "0x10000", "--json", "0x803fe7f5ce"),
    );
    expect(r?.fault).toBe("table-outside-memory");
    expect(r?.pa).toBeNull();
  });
});

describe("translate --json equals the QEMU golden fixtures (as raw images)", () => {
  const names = readdirSync(ORACLE)
    .filter((f) => f.endsWith(".golden.json"))
    .map((f) => f.replace(".golden.json", ""))
    .sort();
  for (const name of names) {
    it(name, () => {
      const g = JSON.parse(readFileSync(join(ORACLE, `${name}.golden.json`), "utf8")) as Golden;
      const image = rawImage(g);
      const results = json<TranslateJson[]>(
        run("translate", "--memory", image, ...goldenRegisterArgs(g), "--json", ...g.cases.map((c) => c.va)),
      );
      rmSync(image);
      const mismatches: string[] = [];
      g.cases.forEach((c, i) => {
        const r = results[i] as TranslateJson;
        const want = [
          c.va,
          c.canonical,
          c.expected.pa ?? null,
          c.expected.pageSize ?? null,
          c.expected.fault ?? null,
        ];
        const got = [r.va, r.canonical, r.pa, r.pageSize, r.fault];
        if (JSON.stringify(want) !== JSON.stringify(got))
          mismatches.push(`${JSON.stringify(got)} != ${JSON.stringify(want)}`);
        for (const kind of ACCESS_KINDS) {
          const a = c.access[kind];
          if (a.outcome === "skipped" || CAVEATS.has(`${name}/${c.va}/${kind}`)) continue;
          const expectedAccess =
            a.outcome === "ok" ? { ok: true } : { ok: false, exception: a.exception, errorCode: a.errorCode };
          if (JSON.stringify(r.access[kind]) !== JSON.stringify(expectedAccess)) {
            mismatches.push(
              `${c.va} ${kind}: ${JSON.stringify(r.access[kind])} != ${JSON.stringify(expectedAccess)}`,
            );
          }
        }
      });
      expect(mismatches).toEqual([]);
    });
  }
});

describe("mappings", () => {
  let linux = "";
  let linuxArgs: string[] = [];
  beforeAll(() => {
    const g = JSON.parse(readFileSync(join(ORACLE, "linux-4l.golden.json"), "utf8")) as Golden;
    mkdirSync(dir, { recursive: true });
    linux = rawImage(g);
    linuxArgs = ["--memory", linux, ...goldenRegisterArgs(g)];
  });

  it("translate text: a 2 MiB page's offset is VA bits 20:0, with no PT index; a 4 KiB page's is 11:0", () => {
    const r = run("translate", ...linuxArgs, "0xffffffff811865a0", "0xffffffff8330cb48");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("VA 0xffffffff811865a0  (PML4 511, PDPT 510, PD 8, offset 0x1865a0)");
    expect(r.stdout).toMatch(
      /^VA 0xffffffff8330cb48 {2}\(PML4 511, PDPT 510, PD 25, PT 268, offset 0xb48\)$/m,
    );
  });

  it("linux-4l: as many leaves as QEMU's info tlb lines, in its order", () => {
    const tlb = gunzipSync(readFileSync(join(ORACLE, "linux-4l.info-tlb.txt.gz")))
      .toString("utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const leaves = json<MappingJson[]>(run("mappings", ...linuxArgs, "--json"));
    expect(leaves.length).toBe(tlb.length);
    expect(leaves[0]).toEqual({
      va: "0xffff888000000000",
      pa: "0x0",
      pageSize: 4096,
      level: 1,
      flags: "0x8000000000000163",
      user: false,
      write: true,
      exec: false,
      reserved: false,
      memoryType: "WB",
    });
    const text = run("mappings", ...linuxArgs);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines.length).toBe(tlb.length + 1);
    expect(lines[1]).toBe("ffff888000000000 0000000000000000 4K   XG-DA---W -rw- WB");
    // Same VA, PA and info tlb letters as QEMU on every line (PA masked to bits 49:12 as QEMU does).
    lines.slice(1).forEach((line, i) => {
      const [va, pa, , letters] = line.split(/\s+/);
      const want = tlb[i]?.trimEnd();
      const mine = `${va}: ${(BigInt("0x" + pa) & 0x3fffffffff000n).toString(16).padStart(16, "0")} ${letters}`;
      if (mine !== want) expect(mine).toBe(want);
    });
  });

  it("linux-4l --folded: ranges cover exactly the leaves", () => {
    const ranges = json<RangeJson[]>(run("mappings", ...linuxArgs, "--folded", "--json"));
    expect(ranges.reduce((n, r) => n + r.pages, 0)).toBe(70726);
    for (const r of ranges) expect(BigInt(r.end) > BigInt(r.start)).toBe(true);
    const text = run("mappings", ...linuxArgs, "--folded");
    expect(text.stdout.trimEnd().split("\n").length).toBe(ranges.length + 1);
    expect(text.stdout).toContain("ffff888000000000 ffff888000098000 0000000000098000 152     -rw- WB\n");
  });

  it("streams: the listing goes out in chunks of about 64 KiB, never whole", () => {
    for (const flags of [[], ["--json"], ["--folded"], ["--folded", "--json"]]) {
      const chunks: number[] = [];
      let stdout = "";
      const code = main(["mappings", ...linuxArgs, ...flags], {
        stdout: (t) => {
          chunks.push(t.length);
          stdout += t;
        },
        stderr: (t) => expect.fail(t),
      });
      expect(code).toBe(0);
      expect(stdout).toBe(run("mappings", ...linuxArgs, ...flags).stdout);
      // What bounds the memory: no write holds more than one chunk and the line that filled it.
      expect(Math.max(...chunks), flags.join(" ")).toBeLessThan(64 * 1024 + 512);
      expect(chunks.length, flags.join(" ")).toBeGreaterThan(stdout.length / (64 * 1024 + 512));
    }
  });

  it("--folded prints exactly the core's foldRanges, streamed one range at a time", () => {
    const images = [
      "linux-4l",
      "linux-la57",
      "h01-recursive-shared",
      "h14-la57-recursive",
      "case07-everything",
    ];
    for (const name of images) {
      const g = JSON.parse(readFileSync(join(ORACLE, `${name}.golden.json`), "utf8")) as Golden;
      const args = ["--memory", rawImage(g), ...goldenRegisterArgs(g)];
      const ram = goldenRam(g);
      const ranges = foldRanges(ram, goldenRegisters(g), { memoryTypes: trustedResolver() }).ranges.toArray();
      expect(run("mappings", ...args, "--folded").stdout, name).toBe(
        [RANGES_HEADER, ...ranges.map(rangeText)].join("\n") + "\n",
      );
      const json =
        ranges.length === 0 ? "[]" : `[\n${ranges.map((r) => JSON.stringify(rangeJson(r))).join(",\n")}\n]`;
      expect(run("mappings", ...args, "--folded", "--json").stdout, name).toBe(json + "\n");
    }
  });

  it("stops at once, quietly, when the output is closed (`| head`)", () => {
    let writes = 0;
    let stderr = "";
    const code = main(["mappings", ...linuxArgs], {
      stdout: () => {
        writes++;
        throw new OutputClosed();
      },
      stderr: (t) => (stderr += t),
    });
    expect([code, writes, stderr]).toEqual([0, 1, ""]);
  });

  it("worked example: the ELF core's mappings", () => {
    const leaves = json<MappingJson[]>(run("mappings", "--memory", join(dir, "we.elf"), "--json"));
    expect(leaves.map((l) => [l.va, l.pa, l.user, l.write, l.exec])).toEqual([
      ["0x803fe7f000", "0x3000", true, true, true],
      ["0x803fe80000", "0x5000", true, false, true],
      ["0x803fe81000", "0x6000", false, true, false],
    ]);
  });
});

describe("help and bad input", () => {
  it("--help for the tool and for each command", () => {
    for (const argv of [
      ["--help"],
      ["help"],
      ["translate", "--help"],
      ["mappings", "-h"],
      ["help", "mappings"],
    ]) {
      const r = run(...argv);
      expect([r.code, r.stderr]).toEqual([0, ""]);
      expect(r.stdout).toMatch(/Usage/);
    }
  });

  const cases: Array<[string, () => string[], RegExp, number]> = [
    ["no command", () => [], /no command given/, 2],
    ["unknown command", () => ["walk"], /unknown command "walk"/, 2],
    [
      "missing file",
      () => ["translate", "--memory", join(dir, "nope.raw"), "--cr3", "0x1000", "0x0"],
      /cannot open .*nope\.raw: no such file/,
      1,
    ],
    [
      "a directory",
      () => ["translate", "--memory", dir, "--cr3", "0x1000", "0x0"],
      /is a directory, not a regular file$/m,
      1,
    ],
    [
      "truncated raw dump",
      () => ["translate", "--memory", truncated("cut.raw", "we.raw", 5000), "--cr3", "0x10000", "0x0"],
      /5,000 bytes, not a whole number of 4 KiB frames/,
      1,
    ],
    [
      "truncated ELF",
      () => ["translate", "--memory", truncated("cut.elf", "we.elf", 0x20000), "0x0"],
      /extends past the end of the file/,
      1,
    ],
    ["garbage ELF header", () => ["translate", "--memory", garbageElf(), "0x0"], /32-bit/, 1],
    [
      "a QEMU note with a 1,000,000-byte name",
      () => ["translate", "--memory", hostileNoteElf(), "0x0"],
      /we-note\.elf: the ELF core's note segment \(segment 0\) is malformed: note 1 claims a 1000000-byte name \(at most 4096\)\.$/m,
      1,
    ],
    [
      "malformed register",
      () => ["translate", "--memory", join(dir, "we.raw"), "--cr3", "0x1g000", "0x0"],
      /--cr3 "0x1g000" is not a hex number/,
      2,
    ],
    [
      "register too wide",
      () => ["translate", "--memory", join(dir, "we.raw"), "--cr3", "0x10000", "--cr0", "0x100000000", "0x0"],
      /--cr0 0x100000000 does not fit in 32 bits/,
      2,
    ],
    [
      "malformed VA",
      () => ["translate", "--memory", join(dir, "we.raw"), "--cr3", "0x10000", "0xzz"],
      /Virtual address "0xzz" is not a hex number/,
      2,
    ],
    [
      "VA wider than 64 bits",
      () => ["translate", "--memory", join(dir, "we.raw"), "--cr3", "0x10000", "0x1ffffffffffffffff"],
      /does not fit in 64 bits/,
      2,
    ],
    [
      "unknown option",
      () => ["translate", "--memory", join(dir, "we.raw"), "--cr3", "0x10000", "--verbose", "0x0"],
      /unknown option --verbose/,
      2,
    ],
    ["option without value", () => ["translate", "0x0", "--memory"], /--memory needs a value/, 2],
    [
      "no VA",
      () => ["translate", "--memory", join(dir, "we.raw"), "--cr3", "0x10000"],
      /no virtual address given/,
      2,
    ],
    ["no --memory", () => ["mappings", "--cr3", "0x10000"], /--memory IMAGE is required/, 2],
    [
      "no --cr3 for a raw image",
      () => ["translate", "--memory", join(dir, "we.raw"), "0x0"],
      /--cr3 is required/,
      2,
    ],
    [
      "CR3 outside the image",
      () => ["translate", "--memory", join(dir, "we.raw"), "--cr3", "0x4000000", "0x0"],
      /CR3 0x4000000 points outside the memory image .*16 MiB/,
      1,
    ],
    [
      "CR3 in a hole of the ELF core",
      () => ["mappings", "--memory", join(dir, "we.elf"), "--cr3", "0x1000000"],
      /points into a hole of the memory image: no segment of it holds that frame/,
      1,
    ],
    [
      "bad MAXPHYADDR",
      () => ["translate", "--memory", join(dir, "we.raw"), "--cr3", "0x10000", "--maxphyaddr", "60", "0x0"],
      /MAXPHYADDR must be between 36 and 52, got 60/,
      2,
    ],
    [
      "MAXPHYADDR not decimal",
      () => ["translate", "--memory", join(dir, "we.raw"), "--cr3", "0x10000", "--maxphyaddr", "0x30", "0x0"],
      /not a decimal number/,
      2,
    ],
    [
      "paging off",
      () => ["translate", "--memory", join(dir, "we.raw"), "--cr3", "0x10000", "--cr0", "0x1", "0x0"],
      /paging is off/,
      1,
    ],
    [
      "mappings with a VA",
      () => ["mappings", "--memory", join(dir, "we.raw"), "--cr3", "0x10000", "0x0"],
      /unexpected argument "0x0"/,
      2,
    ],
  ];
  for (const [what, argv, message, code] of cases) {
    it(`${what}: one line on stderr, exit ${code}`, () => {
      const r = run(...argv());
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^pagewalk: [^\n]+\n$/);
      expect(r.code).toBe(code);
    });
  }

  it("the real entry point (npm run pagewalk) exits non-zero with one line and no stack trace", () => {
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
        join(ROOT, "src", "cli", "main.ts"),
        "translate",
        "--memory",
        join(dir, "missing.raw"),
        "--cr3",
        "0",
        "0",
      ],
      { encoding: "utf8" },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^pagewalk: cannot open [^\n]+: no such file\n$/);
    const ok = execFileSync(
      process.execPath,
      [
        join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
        join(ROOT, "src", "cli", "main.ts"),
        "translate",
        "--memory",
        join(dir, "we.elf"),
        "--json",
        "0x803fe7f5ce",
      ],
      { encoding: "utf8" },
    );
    expect((JSON.parse(ok) as TranslateJson[])[0]?.pa).toBe("0x35ce");
  });
});

describe("the real entry point's output", () => {
  it("a reader that goes away (`| head`) ends the listing quietly, with exit 0", async () => {
    // A PML4 whose 512 entries all point to itself: a million leaves, the listing's limit.
    const image = new Uint8Array(0x2000);
    const view = new DataView(image.buffer);
    for (let i = 0; i < 512; i++) view.setBigUint64(0x1000 + 8 * i, 0x1067n, true);
    writeFileSync(join(dir, "self.raw"), image);
    const child = spawn(
      process.execPath,
      [
        join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
        join(ROOT, "src", "cli", "main.ts"),
        "mappings",
        "--memory",
        join(dir, "self.raw"),
        "--cr3",
        "0x1000",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let head = "";
    child.stdout.once("data", (d: Buffer) => {
      head = d.toString().split("\n").slice(0, 2).join("\n");
      child.stdout.destroy(); // like `head -2` exiting
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(head).toBe(
      "VA               PA               SIZE FLAGS     EFFECTIVE TYPE\n0000000000000000 0000000000001000 4K   ---DA--UW urwx WB",
    );
    expect([code, stderr]).toEqual([0, ""]);
  });
});

describe("a named pipe (FIFO) as the input", () => {
  // Opening a FIFO for reading waits for a writer: the CLI must refuse it from its type, without
  // opening it. A real process, so that a hang is ended by the spawn's kill (a guard, not a timing).
  it("--memory or --scenario FIFO: one line, exit 1, the pipe never opened", () => {
    const fifo = join(dir, "pipe.raw");
    execFileSync("mkfifo", [fifo]);
    for (const option of ["--memory", "--scenario"]) {
      const r = spawnSync(
        process.execPath,
        [
          join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
          join(ROOT, "src", "cli", "main.ts"),
          "translate",
          option,
          fifo,
          "--cr3",
          "0x1000",
          "0x0",
        ],
        { encoding: "utf8", timeout: 20_000 },
      );
      expect(r.signal, `${option}: still blocked in open when killed`).toBe(null);
      expect(r.stderr).toBe(`pagewalk: ${fifo} is a named pipe (FIFO), not a regular file\n`);
      expect([r.status, r.stdout]).toEqual([1, ""]);
    }
  });
});

function truncated(name: string, from: string, size: number): string {
  const path = join(dir, name);
  writeFileSync(path, readFileSync(join(dir, from)).subarray(0, size));
  return path;
}

function garbageElf(): string {
  const path = join(dir, "garbage.elf");
  const bytes = new Uint8Array(4096).fill(0xa5);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1]);
  writeFileSync(path, bytes);
  return path;
}

/** The worked-example core with its note segment moved to 1 MiB of zeros whose first note has namesz 1,000,000. */
function hostileNoteElf(): string {
  const path = join(dir, "we-note.elf");
  const bytes = new Uint8Array(readFileSync(join(dir, "we.elf")));
  const view = new DataView(bytes.buffer);
  view.setBigUint64(192 + 8, 0x100540n, true); // PT_NOTE p_offset: into a PT_LOAD's zeros
  view.setBigUint64(192 + 32, 1n << 20n, true); // p_filesz
  view.setUint32(0x100540, 1_000_000, true); // namesz
  writeFileSync(path, bytes);
  return path;
}
