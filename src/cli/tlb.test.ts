/**
 * `pagewalk tlb` run in-process on the worked-example dumps and on a scenario file: the JSON of
 * every operation, the text form, and each kind of bad input.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presetById, serializeScenario } from "../core/scenario";
import { writeWorkedExampleDumps } from "../core/__fixtures__/golden";
import { run } from "./__fixtures__/run-cli";

let dir = "";

function trace(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pagewalk-tlb-"));
  writeWorkedExampleDumps({ raw: join(dir, "we.raw"), elf: join(dir, "we.elf") });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// In the ELF dump the worked example's PT is at 0x41000: PT[127] is at 0x413f8.
const STALE_TRACE = `# edit a PTE, see the stale hit, INVLPG, see the miss
read sup 0x803fe7f5ce
write-entry 0x413f8 0x5007   # PT[127] now maps frame 0x5000
read sup 0x803fe7f5ce
invlpg 0x803fe7f000
read sup 0x803fe7f5ce
mov-cr4 0x80        # clears PAE in IA-32e mode: a #GP that changes nothing
mov-cr0 0x10001     # clears PG: paging off, everything flushed
fetch sup 0xffff800000000000
`;

describe("pagewalk tlb", () => {
  it("prints one JSON object per operation", () => {
    const r = run(
      "tlb",
      "--memory",
      join(dir, "we.elf"),
      "--trace",
      trace("stale.txt", STALE_TRACE),
      "--json",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        op: "read",
        mode: "supervisor",
        va: "0x803fe7f5ce",
        tlb: "miss",
        stale: false,
        pa: "0x35ce",
        pageSize: 4096,
        fault: null,
      },
      { op: "write-entry", invalidated: 0 },
      {
        op: "read",
        mode: "supervisor",
        va: "0x803fe7f5ce",
        tlb: "hit",
        stale: true,
        pa: "0x35ce",
        pageSize: 4096,
        fault: null,
      },
      // The page's TLB entry and the three paging-structure-cache entries of the walk.
      { op: "invlpg", invalidated: 4 },
      {
        op: "read",
        mode: "supervisor",
        va: "0x803fe7f5ce",
        tlb: "miss",
        stale: false,
        pa: "0x55ce",
        pageSize: 4096,
        fault: null,
      },
      // CR4 0x20 → 0x80 would clear PAE in IA-32e mode: the SDM's #GP, nothing changes.
      { op: "mov-cr4", invalidated: 0, fault: { exception: "#GP", errorCode: "0x0" } },
      // Clearing CR0.PG leaves IA-32e mode: everything goes.
      { op: "mov-cr0", invalidated: 4 },
      {
        op: "fetch",
        mode: "supervisor",
        va: "0xffff800000000000",
        tlb: "miss",
        stale: false,
        pa: null,
        pageSize: null,
        fault: { exception: "#GP", errorCode: "0x0" },
      },
    ]);
  });

  it("prints a line per operation and the counters as text", () => {
    const r = run(
      "tlb",
      "--memory",
      join(dir, "we.raw"),
      "--cr3",
      "0x10000",
      "--trace",
      trace("t.txt", STALE_TRACE),
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^line 2 +cpu 0 +read sup 0x803fe7f5ce +TLB miss → walk: PA 0x35ce \(4 KiB page\)$/,
    );
    expect(lines[2]).toContain("TLB hit (stale: the tables now say PA 0x55ce");
    // The #GP fetch (paging off) consults no TLB: two misses, not three.
    expect(lines.at(-1)).toBe("CPU 0: 1 hit, 2 misses");
  });

  it("replays PCIDs and two CPUs from a scenario file", () => {
    const build = presetById("worked-example")?.build;
    if (!build) throw new Error("no worked example");
    const file = join(dir, "we.json");
    writeFileSync(file, serializeScenario(build()));
    const text = [
      "mov-cr4 0x200a0 # PCIDE and PGE on (PAE stays): a PGE change flushes everything",
      "mov-cr3 0x1001  # PCID 1",
      "read sup 0x803fe7f5ce",
      "mov-cr3 0x8000000000001002  # PCID 2, no flush",
      "read sup 0x803fe7f5ce",
      "mov-cr3 0x8000000000001001  # back to PCID 1, no flush: its entry is still there",
      "read sup 0x803fe7f5ce",
      "cpu 1",
      "read sup 0x803fe7f5ce",
      "shootdown 0x803fe7f000",
    ].join("\n");
    const r = run("tlb", "--scenario", file, "--trace", trace("pcid.txt", text), "--json");
    const steps = JSON.parse(r.stdout) as { tlb?: string; invalidated?: number }[];
    // CPU 1 starts with CPU 0's registers (PCID 1). The shootdown removes, on each CPU, PCID 1's
    // TLB entry and its three paging-structure-cache entries; CPU 0's PCID 2 entry stays.
    expect(steps.map((s) => s.tlb ?? s.invalidated)).toEqual([
      0,
      0,
      "miss",
      0,
      "miss",
      0,
      "hit",
      0,
      "miss",
      8,
    ]);
  });

  it("names the line of a bad operation and exits 1", () => {
    const r = run(
      "tlb",
      "--memory",
      join(dir, "we.elf"),
      "--trace",
      trace("bad.txt", "read sup 0x1000\n\n# ok\ninvlpg\n"),
    );
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: `pagewalk: ${join(dir, "bad.txt")} line 4: "invlpg" takes VA (got 0 arguments)\n`,
    });
  });

  it("refuses a store outside memory, naming its line", () => {
    const r = run(
      "tlb",
      "--memory",
      join(dir, "we.elf"),
      "--trace",
      trace("far.txt", "read sup 0\nwrite-entry 0x100000000 1\n"),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("far.txt line 2: PA 0x100000000 is outside physical memory");
  });

  it("needs --trace and refuses extra arguments (exit 2)", () => {
    expect(run("tlb", "--memory", join(dir, "we.elf")).stderr).toBe(
      "pagewalk: --trace FILE is required (one operation a line)\n",
    );
    expect(run("tlb", "--memory", join(dir, "we.elf"), "--trace", "x", "0x1000").code).toBe(2);
    expect(run("tlb", "--memory", join(dir, "we.elf"), "--trace", join(dir, "missing.txt")).stderr).toContain(
      "missing.txt: no such file",
    );
    expect(run("tlb", "--help").stdout).toContain("write-entry PA VALUE");
  });
});
