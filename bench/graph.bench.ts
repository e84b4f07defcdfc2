/**
 * The table graph view's model: building the graph of reachable tables and laying it out (d3 tree,
 * run stacks, links), on a wide synthetic space (140 tables, 70,144 leaves; every 8th PT maps
 * scattered frames, so ~9,000 runs) and on the captured Linux kernel tables. The app lays out
 * again after every edit, so the figures are warm: the median of 15 after 5 untimed calls.
 */
import { PAGE_4K, encodeEntry, pagingMode, type Level, type PhysAddr } from "../src/core/arch";
import { Ram } from "../src/core/memory";
import { TableScanCache, buildTableGraph, type TableGraph } from "../src/core/inspect";
import { layoutGraph } from "../src/views/graph/layout";
import { loadLinux } from "./linux-fixture";
import { printFigure } from "./measure";

const MiB = 1024 * 1024;
const opts = { maxPhyAddr: 46, nxe: true };

function wideRam(): Ram {
  const ram = new Ram(1024 * MiB);
  const pointer = (from: number, index: number, to: number, level: Level): void =>
    ram.writeEntry(from + index * 8, encodeEntry(level, to, { writable: true, user: true }, false));
  pointer(0x1000, 0, 0x2000, 4);
  pointer(0x2000, 0, 0x3000, 3);
  for (let t = 0; t < 137; t++) {
    const pt = 0x10_0000 + t * PAGE_4K;
    pointer(0x3000, t, pt, 2);
    for (let i = 0; i < 512; i++) {
      const target =
        t % 8 === 0 ? 0x1000_0000 + ((i * 7919) % 4096) * PAGE_4K : 0x2000_0000 + (t * 512 + i) * PAGE_4K;
      ram.writeEntry(pt + i * 8, encodeEntry(1, target, { writable: true, executeDisable: true }, true));
    }
  }
  return ram;
}

function check(name: string, graph: TableGraph, tables: number): void {
  if (graph.truncated || graph.nodes.length < tables) throw new Error(`${name}: the graph is incomplete`);
}

const wide = wideRam();
const wideGraph = buildTableGraph(wide, 0x1000 as PhysAddr, 4, opts);
check("wide", wideGraph, 140);
printFigure(
  "table graph 140 tables 70k leaves",
  () => buildTableGraph(wide, 0x1000 as PhysAddr, 4, opts),
  15,
  5,
);
printFigure("graph layout 140 tables 9k runs", () => layoutGraph(wideGraph), 15, 5);

// The store's case: each edit on a fork of the last state, built with one scan cache. A leaf's R/W
// toggle keeps the tables and edges (TableScanCache's last build) and gathers the runs again.
{
  const cache = new TableScanCache();
  let state = wide.fork();
  buildTableGraph(state, 0x1000 as PhysAddr, 4, { ...opts, cache });
  const leaf = 0x10_0000 + 5 * PAGE_4K + 17 * 8;
  printFigure(
    "table graph 140 tables 70k leaves, after a leaf's R/W toggle (cached)",
    () => {
      state = state.fork();
      state.writeEntry(leaf, state.readEntry(leaf) ^ 2n);
      const graph = buildTableGraph(state, 0x1000 as PhysAddr, 4, { ...opts, cache });
      check("wide after a toggle", graph, 140);
      return graph;
    },
    15,
    5,
  );
}

const { ram, regs } = loadLinux();
const mode = pagingMode(regs);
const linuxGraph = buildTableGraph(ram, mode.root, mode.levels, {
  maxPhyAddr: mode.maxPhyAddr,
  nxe: mode.nxe,
});
check("linux", linuxGraph, 50);
printFigure("graph layout linux", () => layoutGraph(linuxGraph), 15, 5);
