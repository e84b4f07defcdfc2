import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { virtAddr, pagingMode, type Registers } from "../arch";
import { bytesSource, openDump, type ByteSource } from "./dump";
import {
  DEFAULT_MAX_TABLE_ENTRIES,
  DEFAULT_MAX_TABLE_FRAMES,
  discoverTables,
  discoverTablesSync,
  importRegisters,
  machineFromDiscovery,
  packFrames,
  parseCr3,
  probeDump,
  probeDumpAsync,
  unpackFrames,
  type AsyncByteSource,
  type Discovery,
  type DiscoveryProgress,
  type ProbedDump,
} from "./dump-import";
import { planFrameReads } from "./read-plan";
import { scenarioFromDiscovery, suggestView } from "../scenario";
import { forEachLeaf, LeafMapping } from "../inspect";
import { checkScenario, LIMITS } from "../scenario";
import { FULL_TABLES_BASE, fullTablesSource } from "../__fixtures__/full-tables-dump";
import { translateTraced, walk } from "../walk";

const FIXTURES = join(__dirname, "..", "__fixtures__");
const RAW = new Uint8Array(gunzipSync(readFileSync(join(FIXTURES, "dumps", "worked-example.raw.gz"))));
const ELF = new Uint8Array(gunzipSync(readFileSync(join(FIXTURES, "dumps", "worked-example.elf.gz"))));
const LINUX = JSON.parse(readFileSync(join(FIXTURES, "oracle", "linux-4l.golden.json"), "utf8")) as {
  registers: Record<"cr0" | "cr3" | "cr4" | "efer" | "pkru", string> & { maxPhyAddr: number };
  ramMB: number;
  frames: Record<string, Record<string, string>>;
  cases: Array<{ va: string; expected: { pa?: string; pageSize?: number } }>;
};
const WORKED_TABLES = [0x10, 0x24, 0x32, 0x41];

/** A dump of `size` bytes holding only the given frames (zeros elsewhere), without allocating it. */
function sparseSource(size: number, frames: ReadonlyMap<number, Uint8Array>): ByteSource & { reads: number } {
  const source = {
    size,
    reads: 0,
    read(offset: number, length: number): Uint8Array {
      source.reads++;
      const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      for (let pfn = Math.floor(offset / 4096); pfn * 4096 < offset + out.length; pfn++) {
        const frame = frames.get(pfn);
        if (!frame) continue;
        const from = Math.max(offset, pfn * 4096);
        const to = Math.min(offset + out.length, pfn * 4096 + 4096);
        out.set(frame.subarray(from - pfn * 4096, to - pfn * 4096), from - offset);
      }
      return out;
    },
  };
  return source;
}

function asAsync(source: ByteSource): AsyncByteSource {
  return { size: source.size, read: (offset, length) => Promise.resolve(source.read(offset, length)) };
}

function frameBytes(entries: Record<string, string | bigint>): Uint8Array {
  const bytes = new Uint8Array(4096);
  const view = new DataView(bytes.buffer);
  for (const [index, value] of Object.entries(entries))
    view.setBigUint64(Number(index) * 8, BigInt(value), true);
  return bytes;
}

function linuxDump(): { source: ByteSource & { reads: number }; regs: Partial<Registers> } {
  const frames = new Map<number, Uint8Array>();
  for (const [addr, entries] of Object.entries(LINUX.frames))
    frames.set(Number(addr) / 4096, frameBytes(entries));
  const r = LINUX.registers;
  return {
    source: sparseSource(LINUX.ramMB << 20, frames),
    regs: {
      cr0: Number(r.cr0),
      cr3: Number(r.cr3),
      cr4: Number(r.cr4),
      efer: Number(r.efer),
      pkru: Number(r.pkru),
      maxPhyAddr: r.maxPhyAddr,
    },
  };
}

/** `discoverTablesSync`, expected to succeed. */
function discoverSync(...args: Parameters<typeof discoverTablesSync>): Discovery {
  const found = discoverTablesSync(...args);
  if (!found.ok) throw new Error(found.error.message);
  return found.value;
}

function probe(source: ByteSource): ProbedDump {
  const r = probeDump(source);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function regsFor(dump: ProbedDump, choices: Partial<Registers>): Registers {
  const r = importRegisters(dump, choices);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("probing a dump", () => {
  it("tells raw from ELF and reads the QEMU note's registers", async () => {
    const raw = probe(bytesSource(RAW));
    expect(raw).toMatchObject({ format: "raw", cpu: null, ramBytes: 16 << 20 });
    const elf = await probeDumpAsync(asAsync(bytesSource(ELF)));
    if (!elf.ok) throw new Error(elf.error.message);
    expect(elf.value.format).toBe("elf");
    expect(elf.value.cpu).toMatchObject({ cr0: 0x80010011, cr3: 0x10000, cr4: 0x20 });
    expect(elf.value.ramBytes).toBe(0x100000000); // the BIOS ROM segment ends at 4 GiB
  });

  it("refuses what is not a dump, a truncated ELF core and dumps past 16 GiB", async () => {
    const garbage = await probeDumpAsync(asAsync(bytesSource(new TextEncoder().encode("hello, not a dump"))));
    expect(garbage).toMatchObject({ ok: false, error: { kind: "not-a-dump" } });
    const truncated = await probeDumpAsync(asAsync(bytesSource(ELF.subarray(0, 100_000))));
    expect(truncated.ok || truncated.error.message).toMatch(/past the end of the file/);
    const huge = probeDump(sparseSource(32 * 2 ** 30, new Map()));
    expect(huge).toMatchObject({ ok: false, error: { kind: "too-large" } });
    expect(huge.ok || huge.error.message).toMatch(/32 GiB.*at most 16 GiB/);
  });

  it("refuses a core whose QEMU note claims a 1,000,000-byte name, as the CLI does (not 'could not be read')", async () => {
    const hostile = ELF.slice();
    const view = new DataView(hostile.buffer);
    view.setBigUint64(192 + 8, 0x100540n, true); // PT_NOTE p_offset: into a PT_LOAD's zeros
    view.setBigUint64(192 + 32, 1n << 20n, true); // p_filesz
    view.setUint32(0x100540, 1_000_000, true); // namesz
    const probed = await probeDumpAsync(asAsync(bytesSource(hostile)));
    expect(probed).toMatchObject({ ok: false, error: { kind: "not-a-dump" } });
    expect(probed.ok || probed.error.message).toBe(
      "The ELF core's note segment (segment 0) is malformed: note 1 claims a 1000000-byte name (at most 4096).",
    );
  });
});

describe("registers for an import", () => {
  const raw = probe(bytesSource(RAW));

  it("asks for CR3 when a raw dump has no note, and takes the note's registers from an ELF core", () => {
    expect(importRegisters(raw, {})).toMatchObject({ ok: false, error: { kind: "needs-cr3" } });
    const elf = probe(bytesSource(ELF));
    expect(regsFor(elf, {})).toMatchObject({
      cr0: 0x80010011,
      cr3: 0x10000,
      cr4: 0x20,
      efer: 0xd00,
      rflags: 0,
    });
    expect(regsFor(elf, { cr4: 0x1020 }).cr4).toBe(0x1020);
  });

  it("parses CR3 as typed, keeps its flag bits and refuses tables outside the dump", () => {
    expect(parseCr3("0x1_0000", raw)).toEqual({ ok: true, value: 0x10000 });
    expect(parseCr3("10018", raw)).toEqual({ ok: true, value: 0x10018 });
    expect(parseCr3("0x10g00", raw)).toMatchObject({ ok: false, error: { kind: "bad-registers" } });
    const outside = parseCr3("0x4000000", raw);
    expect(outside.ok || outside.error.message).toBe(
      "CR3 0x4000000 points outside the dump (it covers physical addresses 0 to 0x1000000, 16 MiB).",
    );
    expect(importRegisters(raw, { cr3: 0x4000000 })).toMatchObject({
      ok: false,
      error: { kind: "cr3-outside" },
    });
    expect(importRegisters(raw, { cr3: 0x10000, cr0: 1 })).toMatchObject({
      ok: false,
      error: { kind: "bad-registers" },
    });
  });
});

describe("discovering the tables", () => {
  it("reads only the worked example's four tables, synchronously or not, with the same result", async () => {
    const source = sparseSource(
      RAW.length,
      new Map(
        [...Array(RAW.length / 4096).keys()].map((pfn) => [pfn, RAW.subarray(pfn * 4096, pfn * 4096 + 4096)]),
      ),
    );
    const dump = probe(source);
    const regs = regsFor(dump, { cr3: 0x10000 });
    const found = discoverSync(source, dump, regs);
    expect([...found.frames.keys()].sort((a, b) => a - b)).toEqual(WORKED_TABLES);
    expect(found.warnings).toEqual([]);
    expect(found.stats).toMatchObject({
      framesRead: 4,
      bytesRead: 4 * 4096,
      tablesByLevel: [0, 1, 1, 1, 1, 0],
    });

    const progress: DiscoveryProgress[] = [];
    const again = await discoverTables(asAsync(bytesSource(RAW)), dump, regs, {
      onProgress: (p) => progress.push(p),
    });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.frames).toEqual(found.frames);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.at(-1)).toMatchObject({ framesRead: 4, bytesRead: 4 * 4096, requests: 4 });

    const machine = machineFromDiscovery(found);
    expect(machine.ram.touchedFrames()).toEqual(WORKED_TABLES);
    const t = translateTraced(machine.ram, pagingMode(regs), virtAddr(0x803fe7f5cen)).translation;
    expect(t.kind === "mapped" && t.pa).toBe(0x35ce);
  });

  it("finds the same tables in the ELF core (segments placed by p_paddr)", async () => {
    const elf = await probeDumpAsync(asAsync(bytesSource(ELF)));
    if (!elf.ok) throw new Error(elf.error.message);
    const found = await discoverTables(asAsync(bytesSource(ELF)), elf.value, regsFor(elf.value, {}));
    if (!found.ok) throw new Error(found.error.message);
    expect([...found.value.frames.keys()].sort((a, b) => a - b)).toEqual(WORKED_TABLES);
  });

  it("imports real Linux tables from a 256 MiB dump reading only their frames, and walks and lists them as the dump does", () => {
    const { source, regs: choices } = linuxDump();
    const dump = probe(source);
    const regs = regsFor(dump, choices);
    const found = discoverSync(source, dump, regs);
    const golden = Object.keys(LINUX.frames)
      .map((a) => Number(a) / 4096)
      .sort((a, b) => a - b);
    expect([...found.frames.keys()].sort((a, b) => a - b)).toEqual(golden);
    expect(found.stats.bytesRead).toBeLessThan(golden.length * 4096 + 64 * 32 * 1024);
    expect(source.reads).toBeLessThan(golden.length);

    const machine = machineFromDiscovery(found);
    const mode = pagingMode(regs);
    for (const c of LINUX.cases) {
      const t = translateTraced(machine.ram, mode, virtAddr(BigInt(c.va))).translation;
      if (c.expected.pa !== undefined) expect(t.kind === "mapped" && t.pa, c.va).toBe(Number(c.expected.pa));
    }
    const fromDump: LeafMapping[] = [];
    const fromRam: LeafMapping[] = [];
    const opened = openDump(source);
    if (!opened.ok) throw new Error(opened.error.message);
    forEachLeaf(opened.value.memory, regs, (leaf) => void fromDump.push(LeafMapping.from(leaf)));
    forEachLeaf(machine.ram, regs, (leaf) => void fromRam.push(LeafMapping.from(leaf)));
    expect(fromRam.length).toBe(fromDump.length);
    expect(fromRam).toEqual(fromDump);
  });

  it("is bounded on cycles and garbage, and reports tables outside the dump without failing", () => {
    const frames = new Map<number, Uint8Array>();
    // PML4 at 0x1000: [0] → PDPT 0x2000, [510] → itself (recursive), [3] → far beyond the 64 KiB dump.
    frames.set(1, frameBytes({ 0: "0x2003", 510: "0x1003", 3: "0x7fff000003" }));
    // A PDPT full of pointers back to the PML4 and to itself: a cycle at every level.
    const garbage: Record<string, string> = {};
    for (let i = 0; i < 512; i++) garbage[i] = i % 2 ? "0x1003" : "0x2003";
    frames.set(2, frameBytes(garbage));
    const source = sparseSource(0x10000, frames);
    const dump = probe(source);
    const found = discoverSync(source, dump, regsFor(dump, { cr3: 0x1000 }));
    expect([...found.frames.keys()].sort()).toEqual([1, 2]);
    expect(found.outsidePfns).toEqual([0x7fff000]);
    expect(found.warnings.join("\n")).toMatch(
      /3 table pointers lead outside the dump \(e\.g\. PML4\[3\] of 0x1000 → 0x7fff000000, PDPT\[3\] of 0x1000/,
    );
    expect(found.warnings.join("\n")).toMatch(/also reached at another level \(a recursive entry or a cycle/);
    expect(found.stats.framesRead).toBe(2);
  });

  it("stops at maxFrames with a warning", () => {
    const frames = new Map<number, Uint8Array>();
    const pml4: Record<string, string> = {};
    for (let i = 0; i < 10; i++) pml4[i] = `0x${((i + 2) * 4096 + 3).toString(16)}`;
    frames.set(1, frameBytes(pml4));
    const source = sparseSource(0x100000, frames);
    const dump = probe(source);
    const found = discoverSync(source, dump, regsFor(dump, { cr3: 0x1000 }), { maxFrames: 4 });
    expect(found.truncated).toBe(true);
    expect(found.frames.size).toBe(4);
    expect(found.warnings.at(-1)).toMatch(/more than 4 frames/);
  });

  it("refuses tables past a scenario's 1,048,576 entries while reading them: 65,536 full frames", async () => {
    const refusal = {
      ok: false,
      error: {
        kind: "too-large",
        message:
          "The page tables reachable from CR3 hold more than 1,048,576 non-zero entries (1,049,088 in the first 2,049 table frames read); a scenario holds at most 1,048,576, so the import stops here.",
      },
    };
    const source = fullTablesSource();
    const dump = probe(source);
    expect(dump.ramBytes).toBe(257 * 2 ** 20);
    const regs = regsFor(dump, { cr3: FULL_TABLES_BASE });
    source.bytesRead = 0; // the probe read the magic
    expect(discoverTablesSync(source, dump, regs)).toEqual(refusal);
    // What bounds the work: the frames read before the refusal (the PML4, 512 PDPTs, 1,536 PDs), not
    // the 65,536 the tables reach (33,554,432 entries).
    expect(source.bytesRead).toBe(2049 * 4096);
    const again = fullTablesSource();
    expect(await discoverTables(asAsync(again), dump, regs)).toEqual(refusal);
    expect(again.bytesRead).toBe(2049 * 4096);
    // The limits are the scenario format's.
    expect([DEFAULT_MAX_TABLE_ENTRIES, DEFAULT_MAX_TABLE_FRAMES]).toEqual([LIMITS.entries, LIMITS.frames]);
  });

  it("keeps tables up to the entry limit, and counts each frame once however it is reached", () => {
    // 4 full frames, each reached at several levels: 2,048 entries.
    const source = fullTablesSource(4);
    const dump = probe(source);
    const regs = regsFor(dump, { cr3: FULL_TABLES_BASE });
    expect(discoverSync(source, dump, regs, { maxEntries: 2048 }).frames.size).toBe(4);
    expect(discoverTablesSync(source, dump, regs, { maxEntries: 2047 })).toMatchObject({
      ok: false,
      error: {
        kind: "too-large",
        message: expect.stringMatching(
          /more than 2,047 non-zero entries \(2,048 in the first 4 table frames/,
        ) as unknown,
      },
    });
  });

  it("can be cancelled between reads", async () => {
    const { source, regs: choices } = linuxDump();
    const dump = probe(source);
    const controller = new AbortController();
    const result = await discoverTables(asAsync(source), dump, regsFor(dump, choices), {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(result).toMatchObject({ ok: false, error: { kind: "cancelled" } });
  });

  it("reports a dump that shrinks while it is read", async () => {
    const dump = probe(bytesSource(RAW));
    const shrunk: AsyncByteSource = {
      size: RAW.length,
      read: (offset, length) => Promise.resolve(RAW.subarray(offset, offset + length / 2)),
    };
    const result = await discoverTables(shrunk, dump, regsFor(dump, { cr3: 0x10000 }));
    expect(result).toMatchObject({ ok: false, error: { kind: "read-failed" } });
  });
});

describe("the imported machine", () => {
  const dump = probe(bytesSource(RAW));
  const regs = regsFor(dump, { cr3: 0x10000 });
  const found = discoverSync(bytesSource(RAW), dump, regs);

  it("has an allocator window just above the dump, or none when a table pointer leads into it", () => {
    const machine = machineFromDiscovery(found);
    expect(machine.ram.sizeBytes).toBe((16 << 20) + 256 * 4096);
    expect(machine.alloc.state()).toMatchObject({ firstPfn: 4096, endPfn: 4096 + 256 });
    const table = machine.alloc.alloc(machine.ram);
    expect(table.ok && table.value).toBe(16 << 20);
    const exact = machineFromDiscovery({ ...found, outsidePfns: [4096 + 3] });
    expect(exact.ram.sizeBytes).toBe(16 << 20);
    expect(exact.alloc.available()).toBe(0);
    expect(machineFromDiscovery(found, 0).ram.sizeBytes).toBe(16 << 20);
  });

  it("packs frames for postMessage and back", () => {
    const packed = packFrames(found.frames);
    expect(packed.pfns.length).toBe(4);
    expect(unpackFrames(packed)).toEqual(found.frames);
  });

  it("keeps the VA under study when it translates, else picks the first mapping", () => {
    const { ram } = machineFromDiscovery(found);
    const userRead = { op: "read", mode: "user" } as const;
    const here = { va: virtAddr(0x803fe7f5cen), access: userRead };
    expect(suggestView(ram, regs, here)).toBe(here);
    const elsewhere = suggestView(ram, regs, { va: virtAddr(0xffff800000000000n), access: userRead });
    expect(elsewhere?.va).toBe(0x803fe7f000n); // PT[126] is not present
    expect(walk(ram, regs, elsewhere!.va, elsewhere!.access).verdict.ok).toBe(true);
  });

  it("becomes a scenario that passes the scenario checks", () => {
    const scenario = scenarioFromDiscovery(found, {
      source: "worked-example.raw",
      title: "Worked example dump",
    });
    expect(checkScenario(scenario)).toBeNull();
    expect(scenario.frames.map((f) => f.addr / 4096)).toEqual(WORKED_TABLES);
    expect([scenario.va, scenario.access]).toEqual([0x803fe7f000n, { op: "read", mode: "supervisor" }]);
    const userRead = { op: "read", mode: "user" } as const;
    const kept = scenarioFromDiscovery(found, { current: { va: virtAddr(0x803fe7f5cen), access: userRead } });
    expect([kept.va, kept.access]).toEqual([0x803fe7f5cen, userRead]);
    expect(scenario.description).toMatch(
      /^Page tables found from CR3 0x10000 in worked-example.raw, a raw dump of 16 MiB: 4 table frames/,
    );
  });
});

describe("planning reads", () => {
  it("merges neighbouring frames into one request and tells holes apart", () => {
    const segments = [
      { pa: 0, memSize: 0xa0000, fileOffset: 0x1000, fileSize: 0xa0000 },
      { pa: 0x100000, memSize: 0x100000, fileOffset: 0xa1000, fileSize: 0x80000 },
    ];
    const plan = planFrameReads(segments, [0x10, 0x11, 0x13, 0x90, 0xb0, 0x120, 0x1c0], { maxGap: 4096 });
    expect(plan.uncovered).toEqual([0xb0]);
    expect(plan.covered).toEqual([0x10, 0x11, 0x13, 0x90, 0x120, 0x1c0]); // 0x1c0 lies past the file data: zeros, no read;
    expect(plan.batches.map((b) => [b.offset, b.length])).toEqual([
      [0x11000, 0x4000],
      [0x91000, 0x1000],
      [0xc1000, 0x1000],
    ]);
  });
});
