/**
 * `pagewalk explain`, `pagewalk lint` and the skipped-subtree warning of `mappings`, run in-process
 * against the oracle fixtures as raw images and the fault-log corpus, with their exit codes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "./cli";
import { OutputClosed } from "./io";
import { runWithStdin } from "./__fixtures__/run-cli";
import {
  goldenRegisterArgs,
  readGolden,
  writeGoldenImage,
  writeWorkedExampleDumps,
} from "../core/__fixtures__/golden";

const LOGS = join(__dirname, "..", "core", "explain", "__fixtures__", "logs");
let dir = "";

function run(argv: string[], stdin?: string): { code: number; stdout: string; stderr: string } {
  return runWithStdin(stdin, ...argv);
}

const image = (name: string): string => writeGoldenImage(readGolden(name), join(dir, `${name}.raw`));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pagewalk-explain-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pagewalk explain", () => {
  it("replays a -d int log over a raw image, taking CR3 from the log", () => {
    const r = run([
      "explain",
      "--memory",
      image("h00-worked-example"),
      join(LOGS, "qemu-int-worked-example-xd.log"),
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("QEMU -d int: #PF at 0x803fe81020, error code 0x11 (supervisor fetch, CPL 0)");
    expect(lines[2]).toBe(
      "PT[129] has XD = 1: The PTE has XD = 1 (execute-disable, EFER.NXE = 1): instruction fetches fault.",
    );
    expect(r.stdout).toContain("  PT[129] @0x41408 = 0x8000000000006003 P RW XD → 4 KiB page 0x6000");
  });

  it("over an ELF core with QEMU's CPU note, does not use a logged CR3 outside it, and says so", () => {
    const elf = join(dir, "we.elf");
    writeWorkedExampleDumps({ raw: join(dir, "we.raw"), elf });
    const r = run(["explain", "--memory", elf, join(LOGS, "linux-oops-write-ro.log")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "The log's CR3 0x2a10000 is outside the memory given; its own CR3 0x10000 is used.",
    );
    // Given as --cr3, the same frame is refused, and named a hole (the image runs past it).
    const hole = run(["translate", "--memory", elf, "--cr3", "0x2a10000", "0x1"]);
    expect(hole.code).toBe(1);
    expect(hole.stderr).toMatch(
      /^pagewalk: CR3 0x2a10000 points into a hole of the memory image: no segment of it holds that frame \(.*we\.elf covers 4 GiB\)\n$/,
    );
  });

  it("gives the documented JSON, and reads the log from stdin", () => {
    const text = run(
      ["explain", "--json", "-"],
      "Accessed Address: VirtAddr(0x1000)\nError Code: PageFaultErrorCode(USER_MODE)\n",
    );
    expect(text.code).toBe(0);
    const j = JSON.parse(text.stdout) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual([
      "format",
      "va",
      "errorCode",
      "access",
      "kind",
      "headline",
      "rootCause",
      "walk",
      "details",
    ]);
    expect(j).toMatchObject({
      format: "x86_64-crate",
      va: "0x1000",
      errorCode: "0x4",
      kind: "decoded",
      rootCause: null,
      walk: [],
    });
    expect(j.access).toEqual({ op: "read", mode: "user" });
  });

  it("names the root cause of an oops from its printed entries, without tables", () => {
    const r = run(["explain", "--json", join(LOGS, "linux-oops-write-ro.log")]);
    const j = JSON.parse(r.stdout) as { kind: string; rootCause: unknown };
    expect(j.kind).toBe("reconstructed");
    expect(j.rootCause).toEqual({
      level: 3,
      table: "PDPT",
      index: 54,
      entry: "0x33141b0",
      value: "0x8000000004854061",
      field: "R/W = 0",
    });
  });

  it("says stale TLB or changed tables when the scenario's tables map the faulting page", () => {
    // The log's user read of PT[126] found P = 0; in this image PT[126] maps a user page.
    const g = readGolden("h00-worked-example");
    const changed = { ...g, frames: { ...g.frames, "0x41000": { ...g.frames["0x41000"], "126": "0x7007" } } };
    const path = writeGoldenImage(changed, join(dir, "changed.raw"));
    const r = run(["explain", "--memory", path, join(LOGS, "qemu-int-triple-fault.log")]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[2]).toBe(
      "The log says #PF error 0x4 = U at 0x803fe7e000, but the tables allow a user read there now: stale TLB or changed tables.",
    );
  });

  it("refuses a garbled log (exit 1) and register options without tables (exit 2)", () => {
    const bad = join(dir, "bad.log");
    writeFileSync(bad, "     0: v=0e e=00zz i=0 cpl=0 IP=0008:0000000000401000\n");
    const r = run(["explain", bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^pagewalk: .*bad\.log: line 1: .* cannot be read\.\n$/);
    const usage = run(["explain", "--cr3", "0x1000", join(LOGS, "qemu-int-smap.log")]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe("pagewalk: --cr3 needs --memory IMAGE or --scenario FILE to replay the walk\n");
    expect(run(["explain", join(dir, "missing.log")]).stderr).toMatch(
      /^pagewalk: cannot read .*missing\.log: no such file\n$/,
    );
  });

  it("explains a long log from its first #PF, and gives the command that cuts one past what it reads", () => {
    // A -d int log of a kernel that ran a while: timer interrupts, then the fault.
    const tick = "     0: v=20 e=0000 i=0 cpl=0 IP=0008:ffffffff8100a000 SP=0010:ffff888000001000\n";
    const fault = readFileSync(join(LOGS, "qemu-int-triple-fault.log"), "utf8");
    const long = join(dir, "long.log");
    writeFileSync(long, tick.repeat(60_000) + fault);
    const r = run(["explain", long]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^QEMU -d int: #PF at 0x/);
    expect(r.stdout).toMatch(/The log is long \(60,0\d\d lines\): lines 60,0\d\d–60,0\d\d were read/);
    // Past the 16 MiB read (timer ticks all the way): refused with a command to cut it.
    const huge = join(dir, "huge.log");
    writeFileSync(huge, tick.repeat(Math.ceil((17 * 1024 * 1024) / tick.length)));
    const h = run(["explain", huge]);
    expect(h.code).toBe(1);
    expect(h.stderr).toBe(
      `pagewalk: ${huge}: the log is too long to explain: more than 16 MiB (the limit is 4,194,304 characters); give the part around the fault, e.g. grep -m1 -A40 'v=0e' ${huge} | pagewalk explain -\n`,
    );
    // What that grep keeps of a log: the first v=0e line and the 40 after it, which explains.
    const lines = fault.split("\n");
    const at = lines.findIndex((l) => l.includes("v=0e"));
    const cut = run(["explain", "-"], lines.slice(at, at + 41).join("\n") + "\n");
    expect(cut.code).toBe(0);
    expect(cut.stdout).toMatch(/^QEMU -d int: #PF at 0x/);
  });
});

describe("pagewalk lint", () => {
  it("exits 0 with warnings only, and lists them", () => {
    const g = readGolden("h00-worked-example");
    const r = run(["lint", "--memory", image("h00-worked-example"), ...goldenRegisterArgs(g)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "warning  write-exec            000000803fe7f000-000000803fe80000 PTE @0x413f8  1 page writable and executable (W+X): data written here can run as code.\n" +
        "0 errors, 1 warning (4 tables, 3 leaves checked)\n",
    );
  });

  it("exits 1 when there are errors even if its reader leaves early (lint … | head)", () => {
    const g = readGolden("h02-reserved-nxe0-pa39");
    const argv = ["lint", "--memory", image("h02-reserved-nxe0-pa39"), ...goldenRegisterArgs(g)];
    const code = main(argv, {
      stdout: () => {
        throw new OutputClosed();
      },
      stderr: () => undefined,
    });
    expect(code).toBe(1);
  });

  it("exits 1 when there are errors, with the documented JSON", () => {
    const g = readGolden("h02-reserved-nxe0-pa39");
    const r = run(["lint", "--json", "--memory", image("h02-reserved-nxe0-pa39"), ...goldenRegisterArgs(g)]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as {
      findings: Record<string, unknown>[];
      summary: { errors: number; warnings: number; byKind: Record<string, number> };
    };
    expect(Object.keys(j)).toEqual(["findings", "summary"]);
    for (const f of j.findings) {
      expect(Object.keys(f)).toEqual(["kind", "severity", "va", "level", "entry", "message"]);
      expect(["error", "warning"]).toContain(f.severity);
      expect(f.entry).toMatch(/^0x[0-9a-f]+$/);
    }
    expect(j.summary.errors).toBeGreaterThan(0);
    expect(j.summary.byKind["reserved-bits"]).toBeGreaterThan(0);
    expect(j.findings).toContainEqual({
      kind: "reserved-bits",
      severity: "error",
      va: { start: "0x1000", end: "0x2000" },
      level: 1,
      entry: "0x303008",
      message:
        "PT[1] has reserved bits set (bit 63 (XD) is reserved while EFER.NXE = 0): every access through it faults with RSVD.",
    });
  });

  it("exits 2 for bad input: a missing image, an unknown option, paging off", () => {
    expect(run(["lint", "--memory", join(dir, "nope.raw"), "--cr3", "0x1000"]).code).toBe(2);
    expect(run(["lint", "--scenario"]).code).toBe(2);
    const g = readGolden("h00-worked-example");
    const off = run(["lint", "--memory", image("h00-worked-example"), "--cr3", "0x10000", "--cr0", "0x1"]);
    expect(off.code).toBe(2);
    expect(off.stderr).toMatch(/^pagewalk: paging is off/);
    expect(g.name).toBe("h00-worked-example");
  });
});

describe("pagewalk mappings: skipped subtrees", () => {
  const g = () => readGolden("h04-reserved-nxe1-pa46");

  it("says on stderr which subtree it skipped because its entry has reserved bits", () => {
    const r = run(["mappings", "--memory", image("h04-reserved-nxe1-pa46"), ...goldenRegisterArgs(g())]);
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n")).toContain(
      "pagewalk: warning: skipped the subtree of PML4 entry @0x300018 = 0x400000308007 (VAs from 0x18000000000): its entry has reserved bits set (address bits 51:46 are beyond MAXPHYADDR (46) and must be 0), so its table address 0x400000308000 is outside memory; every access below it faults with RSVD",
    );
  });

  it("with --json, as one JSON object a line on stderr", () => {
    const r = run([
      "mappings",
      "--json",
      "--folded",
      "--memory",
      image("h04-reserved-nxe1-pa46"),
      ...goldenRegisterArgs(g()),
    ]);
    expect(r.code).toBe(0);
    const warnings = r.stderr
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warnings).toContainEqual({
      warning: "skipped-subtree",
      va: "0x18000000000",
      level: 4,
      entry: "0x300018",
      value: "0x400000308007",
      reserved: true,
      reason:
        "its entry has reserved bits set (address bits 51:46 are beyond MAXPHYADDR (46) and must be 0), so its table address 0x400000308000 is outside memory; every access below it faults with RSVD",
    });
  });
});

describe("pagewalk explain and lint over a scenario file", () => {
  it("replays a log over a scenario file, and lints it", () => {
    const path = join(dir, "worked.json");
    expect(
      run(["scenario", "--memory", image("h00-worked-example"), "--cr3", "0x10000", "--out", path]).code,
    ).toBe(0);
    const r = run(["explain", "--json", "--scenario", path, join(LOGS, "qemu-int-triple-fault.log")]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { kind: string; headline: string };
    expect(j.kind).toBe("replayed");
    expect(j.headline).toBe("PT[126] has P = 0: nothing maps 0x803fe7e000 (the PTE is 0x7006).");
    expect(run(["lint", "--scenario", path]).code).toBe(0);
  });
});
