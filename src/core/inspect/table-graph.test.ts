import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PAGE_2M, PAGE_4K, encodeEntry, type Level, type PhysAddr } from "../arch";
import { Ram } from "../memory";
import { RUN_FLAG, classifyEntry, entryTargetWords } from "./entry-class";
import {
  buildTableGraph,
  formatEdgeRange,
  formatRunLabel,
  mappedRanges,
  type TableGraph,
} from "./table-graph";

const MiB = 1024 * 1024;
const pa = (n: number): PhysAddr => n as PhysAddr;
const opts = { maxPhyAddr: 46, nxe: true };

/** Writes a pointer from table `from` entry `index` to table `to` (present, RW, US). */
function link(ram: Ram, from: number, index: number, to: number, level: Level): void {
  ram.writeEntry(from + index * 8, encodeEntry(level, to, { writable: true, user: true }, false));
}
function leaf(ram: Ram, table: number, index: number, target: number, level: Level, flags = {}): void {
  ram.writeEntry(table + index * 8, encodeEntry(level, target, { writable: true, ...flags }, true));
}
function edgesFrom(graph: TableGraph, from: number): Array<[string, number, string]> {
  return graph.edges.filter((e) => e.from === from).map((e) => [formatEdgeRange(e), e.to, e.kind]);
}

describe("classifyEntry", () => {
  const c = (raw: bigint, level: Level, ctx = opts) =>
    classifyEntry(Number(raw & 0xffffffffn), Number(raw >> 32n), level, ctx);
  it("tells empty from garbage (P=0 with other bits)", () => {
    expect(c(0n, 4)).toBe("empty");
    expect(c(0x1000n, 4)).toBe("garbage");
    expect(c(0x8000_0000_0000_0000n, 1)).toBe("garbage");
  });
  it("pointers and leaves by level and PS", () => {
    expect(c(0x1003n, 4)).toBe("table");
    expect(c(0x1003n, 3)).toBe("table");
    expect(c(0x1003n, 2)).toBe("table");
    expect(c(0x1003n, 1)).toBe("leaf4k");
    expect(c(0x1083n, 1)).toBe("leaf4k"); // bit 7 of a PTE is PAT
    expect(c(0x20_0083n, 2)).toBe("leaf2m");
    expect(c(0x4000_0083n, 3)).toBe("leaf1g");
  });
  it("reserved bits: PS in a PML4E/PML5E, huge-page alignment, MAXPHYADDR, XD without NXE", () => {
    expect(c(0x1083n, 4)).toBe("reserved");
    expect(c(0x1083n, 5)).toBe("reserved");
    expect(c(0x20_2083n, 2)).toBe("reserved"); // bit 13 in a 2 MiB leaf
    expect(c(0x20_2083n, 3)).toBe("reserved"); // bit 13 (and 21) in a 1 GiB leaf
    expect(c(0x20_1083n, 2)).toBe("leaf2m"); // bit 12 is PAT in a huge leaf, not reserved
    expect(c(0x4000_0000_1003n, 4, { maxPhyAddr: 46, nxe: true })).toBe("reserved"); // bit 46
    expect(c(0x4000_0000_1003n, 4, { maxPhyAddr: 52, nxe: true })).toBe("table");
    expect(c(0x8000_0000_0000_1003n, 1, { maxPhyAddr: 46, nxe: false })).toBe("reserved");
    expect(c(0x8000_0000_0000_1003n, 1, { maxPhyAddr: 46, nxe: true })).toBe("leaf4k");
  });
  it("targets: huge leaves drop the low address bits (PAT)", () => {
    expect(entryTargetWords(0x20_1083, 0, "leaf2m")).toBe(0x20_0000);
    expect(entryTargetWords(0x1003, 0x12, "table")).toBe(0x12_0000_1000);
  });
});

describe("buildTableGraph", () => {
  it("a plain tree: one node per table, tree edges, levels and depths", () => {
    const ram = new Ram(4 * MiB);
    link(ram, 0x1000, 0, 0x2000, 4);
    link(ram, 0x2000, 0, 0x3000, 3);
    link(ram, 0x3000, 0, 0x4000, 2);
    leaf(ram, 0x4000, 0, 0x10_0000, 1);
    const g = buildTableGraph(ram, pa(0x1000), 4, opts);
    expect(g.nodes.map((n) => [n.addr, n.level, n.depth, n.parent])).toEqual([
      [0x1000, 4, 0, null],
      [0x2000, 3, 1, 0x1000],
      [0x3000, 2, 2, 0x2000],
      [0x4000, 1, 3, 0x3000],
    ]);
    expect(g.edges.map((e) => e.kind)).toEqual(["tree", "tree", "tree"]);
    expect(g.runs).toHaveLength(1);
    expect(g.truncated).toBe(false);
    expect(g.leafCount).toBe(1);
  });

  it("CR3 flag bits are ignored; CR3 outside RAM gives an empty graph", () => {
    const ram = new Ram(MiB);
    expect(buildTableGraph(ram, pa(0x1018), 4, opts).root).toBe(0x1000);
    const g = buildTableGraph(ram, pa(0x20_0000), 4, opts);
    expect(g.rootOutside).toBe(true);
    expect(g.nodes).toHaveLength(0);
  });

  it("a shared table is one node with several incoming edges", () => {
    const ram = new Ram(4 * MiB);
    link(ram, 0x1000, 0, 0x2000, 4);
    link(ram, 0x1000, 1, 0x3000, 4);
    link(ram, 0x2000, 5, 0x4000, 3);
    link(ram, 0x3000, 7, 0x4000, 3);
    const g = buildTableGraph(ram, pa(0x1000), 4, opts);
    expect(g.nodes).toHaveLength(4);
    const shared = g.nodeByAddr.get(0x4000);
    expect(shared?.incoming).toBe(2);
    expect(shared?.parent).toBe(0x2000);
    expect(edgesFrom(g, 0x2000)).toEqual([["PDPT[5]", 0x4000, "tree"]]);
    expect(edgesFrom(g, 0x3000)).toEqual([["PDPT[7]", 0x4000, "shared"]]);
  });

  it("a recursive entry is a back-edge, recorded as a second level of the same node and not followed", () => {
    const ram = new Ram(4 * MiB);
    link(ram, 0x1000, 0, 0x2000, 4);
    link(ram, 0x1000, 510, 0x1000, 4);
    const g = buildTableGraph(ram, pa(0x1000), 4, opts);
    expect(g.nodes).toHaveLength(2);
    expect(edgesFrom(g, 0x1000)).toEqual([
      ["PML4[0]", 0x2000, "tree"],
      ["PML4[510]", 0x1000, "back"],
    ]);
    expect(g.nodeByAddr.get(0x1000)?.levels).toEqual([4, 3]);
    expect(g.nodeByAddr.get(0x1000)?.incoming).toBe(0);
  });

  it("a cycle between two tables ends: the pointer back to the ancestor is a back-edge", () => {
    const ram = new Ram(4 * MiB);
    link(ram, 0x1000, 1, 0x2000, 4);
    link(ram, 0x2000, 2, 0x1000, 3); // PDPT → PML4, read as a PD
    const g = buildTableGraph(ram, pa(0x1000), 4, opts);
    expect(g.nodes.map((n) => n.addr)).toEqual([0x1000, 0x2000]);
    expect(edgesFrom(g, 0x2000)).toEqual([["PDPT[2]", 0x1000, "back"]]);
    expect(g.nodeByAddr.get(0x1000)?.levels).toEqual([4, 2]);
  });

  it("garbage cycles among non-ancestors stay bounded (each frame read at most once per level)", () => {
    const ram = new Ram(4 * MiB);
    // Every entry of 8 frames points at every one of the 8 frames: a dense cycle soup.
    for (let f = 0; f < 8; f++)
      for (let t = 0; t < 8; t++) link(ram, 0x1000 * (f + 1), t, 0x1000 * (t + 1), 4);
    const g = buildTableGraph(ram, pa(0x1000), 5, opts);
    expect(g.nodes).toHaveLength(8);
    expect(g.edges.length).toBeLessThanOrEqual(8 * 8 * 5);
    expect(g.nodeByAddr.get(0x2000)?.levels).toEqual([4, 3, 2, 1]);
  });

  it("a pointer beyond RAM is an outside edge and creates no node", () => {
    const ram = new Ram(MiB);
    link(ram, 0x1000, 3, 0x4000_0000, 4);
    const g = buildTableGraph(ram, pa(0x1000), 4, opts);
    expect(g.nodes).toHaveLength(1);
    expect(edgesFrom(g, 0x1000)).toEqual([["PML4[3]", 0x4000_0000, "outside"]]);
  });

  it("consecutive pointers to one table fold into one edge with an index range", () => {
    const ram = new Ram(MiB);
    for (let i = 10; i < 20; i++) link(ram, 0x1000, i, 0x2000, 2);
    link(ram, 0x1000, 21, 0x2000, 2); // a gap: a new edge
    const g = buildTableGraph(ram, pa(0x1000), 4, opts);
    // The root is read as a PML4: its pointer reads 0x2000 as a PDPT.
    expect(edgesFrom(g, 0x1000)).toEqual([
      ["PML4[10–19]", 0x2000, "tree"],
      ["PML4[21]", 0x2000, "shared"],
    ]);
  });

  it("reserved and garbage entries are counted, not followed", () => {
    const ram = new Ram(MiB);
    ram.writeEntry(0x1000 + 8 * 4, 0x2083n); // PS in a PML4E
    ram.writeEntry(0x1000 + 8 * 5, 0x2002n); // P=0 garbage
    ram.writeEntry(0x1000 + 8 * 6, 0x4000_0000_2003n); // bit 46 over MAXPHYADDR 46
    const g = buildTableGraph(ram, pa(0x1000), 4, opts);
    const root = g.nodes[0];
    expect(root?.reservedIndices).toEqual([4, 6]);
    expect(root?.garbage).toBe(1);
    expect(root?.present).toBe(2);
    expect(g.edges).toHaveLength(0);
    expect(g.reservedCount).toBe(2);
  });

  it("folds leaves into runs: contiguous, aliases of one frame, breaks on flags, size and gaps", () => {
    const ram = new Ram(8 * MiB);
    link(ram, 0x1000, 0, 0x2000, 4);
    link(ram, 0x2000, 0, 0x3000, 3);
    link(ram, 0x3000, 0, 0x4000, 2);
    for (let i = 0; i < 100; i++)
      leaf(ram, 0x4000, i, 0x10_0000 + i * PAGE_4K, 1, { executeDisable: true, global: true });
    for (let i = 100; i < 110; i++) leaf(ram, 0x4000, i, 0x50_0000, 1); // ten aliases
    leaf(ram, 0x4000, 110, 0x50_0000 + PAGE_4K, 1, { writable: false }); // flags differ
    leaf(ram, 0x4000, 112, 0x50_2000, 1); // a gap at 111
    for (let i = 1; i < 4; i++) leaf(ram, 0x3000, i, i * PAGE_2M, 2, { user: true, protectionKey: 3 });
    const g = buildTableGraph(ram, pa(0x1000), 4, opts);
    const pt = g.runs.filter((r) => r.table === 0x4000);
    expect(pt.map((r) => [r.firstIndex, r.lastIndex, r.count, r.contiguous, r.firstPa])).toEqual([
      [0, 99, 100, true, 0x10_0000],
      [100, 109, 10, false, 0x50_0000],
      [110, 110, 1, true, 0x50_1000],
      [112, 112, 1, true, 0x50_2000],
    ]);
    expect(pt[0]?.flags).toBe(RUN_FLAG.RW | RUN_FLAG.G | RUN_FLAG.XD);
    expect(pt.map(formatRunLabel)).toEqual([
      "PT[0–99] → 100 × 4 KiB, RW, G, NX",
      "PT[100–109] → 10 × 4 KiB (one frame), RW",
      "PT[110] → 1 × 4 KiB, RO",
      "PT[112] → 1 × 4 KiB, RW",
    ]);
    const pd = g.runs.filter((r) => r.table === 0x3000);
    expect(pd.map(formatRunLabel)).toEqual(["PD[1–3] → 3 × 2 MiB, RW, U, PK 3"]);
    expect(g.nodeByAddr.get(0x4000)?.leaves).toBe(112);
    expect(mappedRanges(g)).toEqual([
      [0x10_0000, 0x16_4000],
      [PAGE_2M, 4 * PAGE_2M],
    ]);
  });

  it("a full PT of contiguous 4 KiB pages is a single run", () => {
    const ram = new Ram(8 * MiB);
    link(ram, 0x1000, 0, 0x2000, 4);
    link(ram, 0x2000, 0, 0x3000, 3);
    link(ram, 0x3000, 0, 0x4000, 2);
    for (let i = 0; i < 512; i++) leaf(ram, 0x4000, i, 0x20_0000 + i * PAGE_4K, 1, { executeDisable: true });
    const g = buildTableGraph(ram, pa(0x1000), 4, opts);
    expect(g.runs.map(formatRunLabel)).toEqual(["PT[0–511] → 512 × 4 KiB, RW, NX"]);
  });

  it("stops at maxTables and says so", () => {
    const ram = new Ram(8 * MiB);
    for (let i = 0; i < 100; i++) link(ram, 0x1000, i, 0x10_0000 + i * PAGE_4K, 4);
    const g = buildTableGraph(ram, pa(0x1000), 4, { ...opts, maxTables: 10 });
    expect(g.nodes).toHaveLength(10);
    expect(g.truncated).toBe(true);
    expect(g.edges.every((e) => g.nodeByAddr.has(e.to))).toBe(true);
  });

  it("5-level paging: PML5 root", () => {
    const ram = new Ram(MiB);
    link(ram, 0x1000, 1, 0x2000, 5);
    const g = buildTableGraph(ram, pa(0x1000), 5, opts);
    expect(g.nodes.map((n) => n.level)).toEqual([5, 4]);
    expect(edgesFrom(g, 0x1000)).toEqual([["PML5[1]", 0x2000, "tree"]]);
  });
});

/** Loads a golden fixture's frames (sparse entries) into RAM. */
function loadFixture(name: string): {
  ram: Ram;
  cr3: number;
  maxPhyAddr: number;
  nxe: boolean;
  la57: boolean;
} {
  const url = new URL(`../__fixtures__/oracle/${name}.golden.json`, import.meta.url);
  const data = JSON.parse(readFileSync(url, "utf8")) as {
    registers: Record<string, string>;
    ramMB: number;
    frames: Record<string, Record<string, string>>;
  };
  const ram = new Ram(data.ramMB * MiB);
  for (const [frame, entries] of Object.entries(data.frames)) {
    for (const [index, value] of Object.entries(entries))
      ram.writeEntry(Number(frame) + Number(index) * 8, BigInt(value));
  }
  const reg = (k: string) => Number(BigInt(data.registers[k] ?? "0"));
  return {
    ram,
    cr3: reg("cr3") & ~0xfff,
    maxPhyAddr: reg("maxPhyAddr"),
    nxe: (reg("efer") & 0x800) !== 0,
    la57: (reg("cr4") & 0x1000) !== 0,
  };
}

describe("buildTableGraph on oracle fixtures", () => {
  it("h01: recursive PML4[510], a PT shared by two PDEs and by a PD elsewhere, a PD shared by two PDPTEs", () => {
    const f = loadFixture("h01-recursive-shared");
    const g = buildTableGraph(f.ram, pa(f.cr3), 4, f);
    expect(g.nodes.map((n) => n.addr)).toEqual([0x200000, 0x201000, 0x204000, 0x202000, 0x205000, 0x203000]);
    expect(edgesFrom(g, 0x200000)).toEqual([
      ["PML4[0]", 0x201000, "tree"],
      ["PML4[1]", 0x204000, "tree"],
      ["PML4[510]", 0x200000, "back"],
    ]);
    expect(edgesFrom(g, 0x201000)).toEqual([
      ["PDPT[0]", 0x202000, "tree"],
      ["PDPT[3]", 0x202000, "shared"],
    ]);
    expect(edgesFrom(g, 0x202000)).toEqual([["PD[1–2]", 0x203000, "tree"]]);
    expect(edgesFrom(g, 0x205000)).toEqual([["PD[0]", 0x203000, "shared"]]);
    expect(g.nodeByAddr.get(0x203000)?.incoming).toBe(2);
    expect(g.nodeByAddr.get(0x200000)?.levels).toEqual([4, 3]);
  });

  // How long these builds take is a figure of `npm run bench` (bench/enumerate.bench.ts and
  // bench/graph.bench.ts), not a test: a test must not depend on the machine's speed.
  it("Linux 6.1 capture: ~100 tables, complete, its leaves folded into fewer runs", () => {
    const f = loadFixture("linux-4l");
    const g = buildTableGraph(f.ram, pa(f.cr3), 4, f);
    expect(g.truncated).toBe(false);
    expect(g.nodes.length).toBeGreaterThan(50);
    expect(g.runs.length).toBeLessThan(g.leafCount);
  });

  it("synthetic: 140 tables and ~70,000 leaves, some scattered: every table and leaf counted", () => {
    const ram = new Ram(1024 * MiB);
    const root = 0x1000;
    link(ram, root, 0, 0x2000, 4);
    link(ram, 0x2000, 0, 0x3000, 3);
    let leaves = 0;
    for (let t = 0; t < 137; t++) {
      const pt = 0x10_0000 + t * PAGE_4K;
      link(ram, 0x3000, t, pt, 2);
      for (let i = 0; i < 512; i++) {
        // Every 8th table maps scattered frames (no runs), the rest contiguous ranges.
        const target =
          t % 8 === 0 ? 0x1000_0000 + ((i * 7919) % 4096) * PAGE_4K : 0x2000_0000 + (t * 512 + i) * PAGE_4K;
        leaf(ram, pt, i, target, 1, { executeDisable: true });
        leaves++;
      }
    }
    const g = buildTableGraph(ram, pa(root), 4, opts);
    expect(g.leafCount).toBe(leaves);
    expect(g.nodes).toHaveLength(140);
  });
});
