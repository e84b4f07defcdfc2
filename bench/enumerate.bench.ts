/**
 * Enumeration of the captured Linux kernel tables (≈70,000 leaves, 65,536 of them espfix aliases):
 * every leaf (`info tlb`), folded ranges (`info mem` with NX), and the table graph the UI draws;
 * the Mappings panel's filter + fold of those leaves, and a reverse lookup; and every leaf and the
 * folded ranges of the 5-level capture (linux-la57).
 * Figures: the first call in this process (cold) and the median of 20 after it.
 */
import {
  ALL_MAPPINGS,
  buildTableGraph,
  enumerateLeaves,
  filterMappings,
  foldRanges,
  forEachLeaf,
  listLeaves,
  reverseLookup,
} from "../src/core/inspect";
import { pagingMode } from "../src/core/arch";
import { goldenRam, goldenRegisters, readGolden } from "../src/core/__fixtures__/golden";
import { loadLinux } from "./linux-fixture";
import { printWarmAndFirst as figure } from "./measure";

const { ram, regs } = loadLinux();

figure("enumerate linux leaves (visitor)", () => {
  let n = 0;
  forEachLeaf(ram, regs, () => {
    n++;
  });
  return n;
});
figure("enumerate linux leaves", () => enumerateLeaves(ram, regs).mappings.length);
figure("enumerate linux folded", () => foldRanges(ram, regs).ranges.length);
// The Mappings panel's work: list the leaves in columns, filter them (W+X, and nothing), then fold.
figure("list linux leaves in columns", () => listLeaves(ram, regs).list.length);
const linuxLeaves = listLeaves(ram, regs).list;
figure(
  "filter+fold linux leaves (W+X)",
  () => filterMappings(linuxLeaves, { ...ALL_MAPPINGS, writableExec: true }).ranges.length,
);
figure("filter+fold linux leaves (no filter)", () => filterMappings(linuxLeaves, ALL_MAPPINGS).ranges.length);
figure("reverse lookup linux espfix frame", () => reverseLookup(ram, regs, 0x4856000).matches.length);
const mode = pagingMode(regs);
figure(
  "table graph linux",
  () =>
    buildTableGraph(ram, mode.root, mode.levels, { maxPhyAddr: mode.maxPhyAddr, nxe: mode.nxe }).nodes.length,
);

const la57 = readGolden("linux-la57");
const la57Ram = goldenRam(la57);
const la57Regs = goldenRegisters(la57);
figure("enumerate linux-la57 leaves", () => enumerateLeaves(la57Ram, la57Regs).mappings.length);
figure("enumerate linux-la57 folded", () => foldRanges(la57Ram, la57Regs).ranges.length);
