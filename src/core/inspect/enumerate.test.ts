import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  fromWords,
  encodeEntry,
  DEFAULT_REGISTERS,
  pagingMode,
  type VirtAddr,
  type Registers,
} from "../arch";
import { enumerateLeaves, forEachLeaf, reverseLookup, tlbLetters, type LeafMapping } from "./enumerate";
import { foldLeaves, foldRanges } from "./fold-ranges";
import { Ram } from "../memory";
import { translateTraced } from "../walk";
import { goldenRam, goldenRegisters, readGolden, type GoldenFixture } from "../__fixtures__/golden";

const DIR = join(__dirname, "..", "__fixtures__", "oracle");
const MiB = 1024 * 1024;

function loadGolden(name: string): { golden: GoldenFixture; ram: Ram; regs: Registers } {
  const golden = readGolden(name);
  return { golden, ram: goldenRam(golden), regs: goldenRegisters(golden) };
}

const hex16 = (v: bigint | number): string => v.toString(16).padStart(16, "0");

/** Every non-reserved leaf must be what the traced walk gives for its VA; every reserved one must fault RSVD. */
function expectAgreesWithWalk(ram: Ram, regs: Registers, leaves: readonly LeafMapping[]): void {
  const mode = pagingMode(regs);
  for (const leaf of leaves) {
    const t = translateTraced(ram, mode, leaf.va).translation;
    if (leaf.reserved) {
      expect(t.kind, hex16(leaf.va)).toBe("reserved-bit");
      continue;
    }
    expect(t.kind, hex16(leaf.va)).toBe("mapped");
    if (t.kind !== "mapped") continue;
    expect([
      t.pa,
      t.pageSize,
      t.permissions.user,
      t.permissions.writable,
      !t.permissions.executeDisable,
    ]).toEqual([leaf.pa, leaf.pageSize, leaf.user, leaf.write, leaf.exec]);
  }
}

function expectVaOrder(leaves: readonly LeafMapping[]): void {
  for (let i = 1; i < leaves.length; i++) {
    expect((leaves[i] as LeafMapping).va > (leaves[i - 1] as LeafMapping).va).toBe(true);
  }
}

describe("enumerateLeaves on real Linux page tables (QEMU info tlb)", () => {
  for (const name of ["linux-4l", "linux-la57"]) {
    it(`${name}: every info tlb line, and nothing else, with the same VA, PA and flags`, () => {
      const { ram, regs } = loadGolden(name);
      const tlb = gunzipSync(readFileSync(join(DIR, `${name}.info-tlb.txt.gz`)))
        .toString("utf8")
        .split("\n")
        .map((l) => l.trimEnd())
        .filter((l) => l !== "");
      const result = enumerateLeaves(ram, regs);
      expect(result.truncated).toBe(false);
      expect(result.mappings.length).toBe(tlb.length);
      // QEMU prints leaves in the same (linear) order; compare line by line.
      const mismatches: string[] = [];
      result.mappings.forEach((leaf, i) => {
        // QEMU masks the PA with bits 49:12 (49:21 / 49:30 for large pages).
        const pa = BigInt(leaf.pa) & 0x3fffffffff000n;
        const ours = `${hex16(leaf.va)}: ${hex16(pa)} ${tlbLetters(leaf)}`;
        if (ours !== tlb[i]) mismatches.push(`${ours} vs ${tlb[i]}`);
      });
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(result.mappings.filter((m) => m.reserved)).toEqual([]);
      // espfix: 65,536 leaves alias one frame through shared tables.
      const perFrame = new Map<number, number>();
      for (const m of result.mappings) perFrame.set(m.pa, (perFrame.get(m.pa) ?? 0) + 1);
      expect(Math.max(...perFrame.values())).toBe(65536);
    });

    it(`${name}: a sample of leaves agrees with the traced walk; VA order is strict`, () => {
      const { ram, regs } = loadGolden(name);
      const leaves = enumerateLeaves(ram, regs).mappings;
      expectVaOrder(leaves);
      expectAgreesWithWalk(
        ram,
        regs,
        leaves.filter((_, i) => i % 97 === 0 || leaves[i]?.pageSize !== 4096),
      );
    });
    // How long enumeration and folding take on these tables is a figure of `npm run bench`
    // (bench/enumerate.bench.ts), not a test: a test must not depend on the machine's speed.
  }

  it("linux-4l: reverse lookup of the espfix frame finds its 65,536 aliases", () => {
    const { ram, regs } = loadGolden("linux-4l");
    const r = reverseLookup(ram, regs, 0x4856123);
    // The direct map (one 4 KiB leaf of a split 2 MiB region) plus the 65,536 espfix aliases.
    expect(r.matches.length).toBe(65537);
    expect(
      r.matches.every(
        (m) =>
          (m.va & 0xfffn) === 0x123n && m.leaf.pa <= 0x4856123 && m.leaf.pa + m.leaf.pageSize > 0x4856123,
      ),
    ).toBe(true);
    expect(r.matches[0]?.va.toString(16)).toBe("ffff888004856123");
    expect(r.matches.filter((m) => m.va.toString(16).startsWith("ffffff0")).length).toBe(65536);
    const few = reverseLookup(ram, regs, 0x4856000, { maxResults: 10 });
    expect(few.matches.length).toBe(10);
    expect(few.truncated).toBe(true);
  });
});

describe("foldRanges against QEMU info mem (4-level fixtures)", () => {
  const withInfoMem = readdirSync(DIR)
    .filter((f) => f.endsWith(".golden.json"))
    .map((f) => f.replace(".golden.json", ""))
    .filter((n) => !n.startsWith("linux"));
  for (const name of withInfoMem) {
    it(`${name}`, () => {
      const { golden, ram, regs } = loadGolden(name);
      const enumeration = enumerateLeaves(ram, regs);
      expect(enumeration.truncated).toBe(false);
      expectVaOrder(enumeration.mappings);
      expectAgreesWithWalk(ram, regs, enumeration.mappings);
      const ranges = foldRanges(ram, regs).ranges.toArray();
      expect(ranges).toEqual(foldLeaves(enumeration.mappings).toArray());
      if (!golden.infoMem) return;
      // info mem merges by user/write only (no NX, no reserved-bit checks): merge ours the same way.
      const merged: Array<{ start: bigint; end: bigint; user: boolean; write: boolean }> = [];
      for (const r of ranges) {
        const last = merged[merged.length - 1];
        if (last && last.end === r.start && last.user === r.user && last.write === r.write) last.end = r.end;
        else merged.push({ start: r.start, end: r.end, user: r.user, write: r.write });
      }
      const expected = golden.infoMem
        .map((m) => ({ start: BigInt(m.start), end: BigInt(m.end), user: m.user, write: m.write }))
        .map(show)
        .map((line) => INFO_MEM_CAVEATS.get(`${name}/${line}`) ?? line);
      expect(merged.map(show)).toEqual(expected);
    });
  }
});

/**
 * Where QEMU's `info mem` differs from the CPU, the line we expect instead. QEMU masks table
 * addresses to bits 49:12, so PD[23] = 0x8000000306007 (address bit 51 set, reserved under
 * MAXPHYADDR 39/46) makes it read the PT at 0x306000 and list 0x2e00000; the CPU's address field is
 * 0x8000000306000 (outside this RAM, and the walk faults RSVD at the PDE anyway), so no leaf there.
 */
const INFO_MEM_CAVEATS: ReadonlyMap<string, string> = new Map([
  ["h02-reserved-nxe0-pa39/2c00000-2e01000 urw", "2c00000-2e00000 urw"],
  ["h04-reserved-nxe1-pa46/2c00000-2e01000 urw", "2c00000-2e00000 urw"],
]);

function show(r: { start: bigint; end: bigint; user: boolean; write: boolean }): string {
  return `${r.start.toString(16)}-${r.end.toString(16)} ${r.user ? "u" : "-"}r${r.write ? "w" : "-"}`;
}

// Hand-built tables -------------------------------------------------------------------------

const REGS4: Registers = { ...DEFAULT_REGISTERS, cr3: 0x1000 };
const REGS5: Registers = { ...DEFAULT_REGISTERS, cr3: 0x1000, cr4: 0x20 | 0x1000 };

function table(
  ram: Ram,
  from: number,
  index: number,
  to: number,
  flags = { writable: true, user: true },
): void {
  ram.writeEntry(from + index * 8, encodeEntry(4, to, flags, false));
}
function page(
  ram: Ram,
  from: number,
  index: number,
  to: number,
  level: 1 | 2 | 3,
  flags = { writable: true, user: true },
): void {
  ram.writeEntry(from + index * 8, encodeEntry(level, to, flags, true));
}
const vas = (leaves: readonly LeafMapping[]): string[] => leaves.map((l) => l.va.toString(16));

describe("enumerateLeaves on hand-built tables", () => {
  it("recursive PML4[510]: the tables themselves appear as pages, like the CPU translates them", () => {
    const ram = new Ram(MiB);
    table(ram, 0x1000, 0, 0x2000);
    table(ram, 0x2000, 0, 0x3000);
    table(ram, 0x3000, 0, 0x4000);
    page(ram, 0x4000, 0, 0x9000, 1);
    table(ram, 0x1000, 510, 0x1000, { writable: true, user: false });
    const r = enumerateLeaves(ram, REGS4);
    expect(vas(r.mappings)).toEqual([
      "0",
      "ffffff0000000000", // PML4→PML4→PDPT→PD: PD[0] read as a PTE → the PT frame
      "ffffff7f80000000", // PML4→PML4→PML4→PDPT: PDPT[0] as a PTE → the PD frame
      "ffffff7fbfc00000", // PML4 four times: PML4[0] as a PTE → the PDPT frame
      "ffffff7fbfdfe000", // PML4[510] as a PTE → the PML4 frame itself
    ]);
    expect(r.mappings.map((m) => m.pa)).toEqual([0x9000, 0x4000, 0x3000, 0x2000, 0x1000]);
    expect(r.mappings.map((m) => m.user)).toEqual([true, false, false, false, false]);
    expectAgreesWithWalk(ram, REGS4, r.mappings);
  });

  it("a cycle of two tables is followed as deep as the levels go, never further", () => {
    const ram = new Ram(MiB);
    table(ram, 0x1000, 0, 0x2000);
    table(ram, 0x2000, 0, 0x1000);
    const r = enumerateLeaves(ram, REGS4);
    expect(vas(r.mappings)).toEqual(["0"]);
    expect(r.mappings[0]?.pa).toBe(0x1000); // A→B→A→B, then B[0] as a PTE → frame A
  });

  it("shared tables give one leaf per path; effective permissions are the AND along each path", () => {
    const ram = new Ram(MiB);
    table(ram, 0x1000, 0, 0x2000);
    table(ram, 0x1000, 1, 0x2000, { writable: false, user: true });
    table(ram, 0x2000, 3, 0x3000);
    page(ram, 0x3000, 5, 0x200000, 2, { writable: true, user: true });
    page(ram, 0x2000, 4, 0x40000000, 3, { writable: true, user: false });
    ram.writeEntry(
      0x3000 + 6 * 8,
      encodeEntry(2, 0x400000, { writable: true, user: true, executeDisable: true }, true),
    );
    const r = enumerateLeaves(ram, REGS4);
    expect(
      r.mappings.map((m) => [m.va.toString(16), m.pa.toString(16), m.pageSize, m.user, m.write, m.exec]),
    ).toEqual([
      ["c0a00000", "200000", 2097152, true, true, true],
      ["c0c00000", "400000", 2097152, true, true, false],
      ["100000000", "40000000", 1073741824, false, true, true],
      ["80c0a00000", "200000", 2097152, true, false, true],
      ["80c0c00000", "400000", 2097152, true, false, false],
      ["8100000000", "40000000", 1073741824, false, false, true],
    ]);
    const ranges = foldLeaves(r.mappings).toArray();
    expect(ranges.map((x) => [x.start.toString(16), x.end.toString(16), x.pages, x.exec])).toEqual([
      ["c0a00000", "c0c00000", 1, true],
      ["c0c00000", "c0e00000", 1, false],
      ["100000000", "140000000", 1, true],
      ["80c0a00000", "80c0c00000", 1, true],
      ["80c0c00000", "80c0e00000", 1, false],
      ["8100000000", "8140000000", 1, true],
    ]);
  });

  it("folds consecutive leaves; PA contiguity is optional", () => {
    const ram = new Ram(MiB);
    table(ram, 0x1000, 0, 0x2000);
    table(ram, 0x2000, 0, 0x3000);
    table(ram, 0x3000, 0, 0x4000);
    for (const [i, pa] of [
      [0, 0x10000],
      [1, 0x11000],
      [2, 0x30000],
      [4, 0x31000],
    ] as const) {
      page(ram, 0x4000, i, pa, 1);
    }
    const plain = foldRanges(ram, REGS4).ranges.toArray();
    expect(plain.map((x) => [x.start, x.end, x.pages, x.pa])).toEqual([
      [0n, 0x3000n, 3, null],
      [0x4000n, 0x5000n, 1, null],
    ]);
    const contiguous = foldRanges(ram, REGS4, { contiguousPa: true }).ranges.toArray();
    expect(contiguous.map((x) => [x.start, x.end, x.pages, x.pa])).toEqual([
      [0n, 0x2000n, 2, 0x10000],
      [0x2000n, 0x3000n, 1, 0x30000],
      [0x4000n, 0x5000n, 1, 0x31000],
    ]);
  });

  it("a table outside RAM is skipped and counted; CR3 outside RAM gives nothing", () => {
    const ram = new Ram(MiB);
    table(ram, 0x1000, 0, 0x2000);
    table(ram, 0x1000, 1, 0x7000_0000);
    page(ram, 0x2000, 0, 0xc000_0000, 3); // a leaf may point anywhere (MMIO): listed
    const r = enumerateLeaves(ram, REGS4);
    expect(r.tablesOutsideMemory).toBe(1);
    expect(r.mappings.map((m) => m.pa)).toEqual([0xc000_0000]);
    const outside = enumerateLeaves(ram, { ...REGS4, cr3: 0x4000_0000 });
    expect(outside.rootOutsideMemory).toBe(true);
    expect(outside.mappings).toEqual([]);
  });

  it("reserved bits anywhere on the path flag the leaf (or drop it when asked)", () => {
    const ram = new Ram(MiB);
    table(ram, 0x1000, 0, 0x2000);
    page(ram, 0x2000, 0, 0x40000000, 3);
    page(ram, 0x2000, 1, 0x40000000 | 0x2000, 3); // bit 13 of a 1 GiB leaf: reserved
    ram.writeEntry(0x1000 + 8, encodeEntry(4, 0x2000, { writable: true, user: true }, false) | 0x80n); // PS in a PML4E
    const regs = { ...REGS4, maxPhyAddr: 40 };
    const r = enumerateLeaves(ram, regs);
    expect(r.mappings.map((m) => [m.va.toString(16), m.reserved])).toEqual([
      ["0", false],
      ["40000000", true],
      ["8000000000", true],
      ["8040000000", true],
    ]);
    expectAgreesWithWalk(ram, regs, r.mappings);
    expect(enumerateLeaves(ram, regs, { includeReserved: false }).mappings.map((m) => m.va)).toEqual([0n]);
    // Without NXE, XD is a reserved bit rather than execute-disable.
    ram.writeEntry(0x2000, encodeEntry(3, 0x40000000, { executeDisable: true }, true));
    const noNxe = enumerateLeaves(ram, { ...regs, efer: 0x500 }).mappings[0];
    expect([noNxe?.reserved, noNxe?.exec]).toEqual([true, true]);
    const nxe = enumerateLeaves(ram, regs).mappings[0];
    expect([nxe?.reserved, nxe?.exec]).toEqual([false, false]);
  });

  it("5-level: PML5 index and 57-bit sign extension", () => {
    const ram = new Ram(MiB);
    table(ram, 0x1000, 1, 0x2000);
    table(ram, 0x1000, 300, 0x2000);
    table(ram, 0x2000, 2, 0x3000);
    page(ram, 0x3000, 3, 0xc0000000, 3);
    const r = enumerateLeaves(ram, REGS5);
    // PML5 1 → bits 56:48; 300 ≥ 256 sets bit 56, so bits 63:57 are ones.
    expect(vas(r.mappings)).toEqual(["10100c0000000", "ff2c0100c0000000"]);
    expectAgreesWithWalk(ram, REGS5, r.mappings);
    expect(r.mappings[1]?.va).toBe(fromWords(0xff2c0100, 0xc0000000) as VirtAddr);
  });

  it("a table full of self-pointers is bounded by maxLeaves", () => {
    const ram = new Ram(MiB);
    for (let i = 0; i < 512; i++) table(ram, 0x1000, i, 0x1000);
    // 512⁴ leaves in all: the enumeration stops at the budget and says the listing is cut.
    const r = enumerateLeaves(ram, REGS4, { maxLeaves: 10_000 });
    expect([r.mappings.length, r.truncated, r.tableFrames]).toEqual([10_000, true, 1]);
    expectVaOrder(r.mappings);
    let seen = 0;
    const s = forEachLeaf(ram, REGS4, () => ++seen < 5);
    expect([seen, s.stopped, s.truncated]).toEqual([5, true, false]);
  });

  it("wide sharing without leaves costs one scan per table, and maxEntries bounds the rest", () => {
    const ram = new Ram(MiB);
    for (let i = 0; i < 512; i++) {
      table(ram, 0x1000, i, 0x2000);
      table(ram, 0x2000, i, 0x3000);
      table(ram, 0x3000, i, 0x4000); // 0x4000 is an empty PT
    }
    // Bounded by work, not time: `maxEntries` counts entries examined (512 to scan a table, then
    // its present entries on each pass over it). One scan and one pass per table costs
    // 4 × 512 + 3 × 512; a budget of twice that is enough, where passing over the PD once per
    // path (512 × 512 times) would run it out many times over.
    const r = enumerateLeaves(ram, REGS4, { maxEntries: 2 * 7 * 512 });
    expect([r.mappings.length, r.truncated, r.tableFrames]).toEqual([0, false, 4]);
    page(ram, 0x4000, 0, 0x9000, 1);
    const bounded = enumerateLeaves(ram, REGS4, { maxEntries: 100_000 });
    expect(bounded.truncated).toBe(true);
    expect(bounded.mappings.length).toBeGreaterThan(0);
  });

  it("paging off: no leaves, and the reason", () => {
    const r = enumerateLeaves(new Ram(MiB), { ...REGS4, cr0: 1 });
    expect(r.unsupported).toMatch(/Paging is off/);
    expect(r.mappings).toEqual([]);
  });
});
