/**
 * `pagewalk diff` / "Compare with…" on the captured Linux kernels: both sides enumerated into
 * mapping runs, then diffed (the whole comparison), and the diff of ready runs alone.
 *
 * The repository holds two real captures, 4-level and LA57 (both without KASLR; the oracle's
 * `linux_capture.py --kaslr` captures are not committed), so the figures are: the 4-level capture
 * against the LA57 one, and against a KASLR-like copy of itself whose kernel-half regions (direct
 * map, vmalloc, vmemmap: every used PML4 slot from 256 to 510) are moved 8 slots up, as KASLR moves
 * their bases. Figures: the median of 20 after one warm-up call.
 */
import { Ram } from "../src/core/memory";
import { diffRuns, mappingRuns } from "../src/core/diff";
import { trustedResolver } from "../src/core/memtype";
import { goldenRam, goldenRegisters, readGolden } from "../src/core/__fixtures__/golden";
import { loadLinux } from "./linux-fixture";
import { printFigure } from "./measure";
import type { Registers } from "../src/core/arch";

const types = trustedResolver();
const a = loadLinux();
const la57Golden = readGolden("linux-la57");
const la57 = { ram: goldenRam(la57Golden), regs: goldenRegisters(la57Golden) };

function kaslrLike(ram: Ram, regs: Registers): Ram {
  const moved = ram.fork();
  const root = regs.cr3 - (regs.cr3 % 4096);
  const entries = Array.from({ length: 255 }, (_, k) => ram.readEntry(root + (256 + k) * 8));
  for (let k = 0; k < 255; k++) moved.writeEntry(root + (256 + k) * 8, 0n);
  entries.forEach((e, k) => {
    if (e !== 0n && 256 + k + 8 < 511) moved.writeEntry(root + (256 + k + 8) * 8, e);
  });
  return moved;
}
const kaslr = { ram: kaslrLike(a.ram, a.regs), regs: a.regs };

const compare = (x: { ram: Ram; regs: Registers }, y: { ram: Ram; regs: Registers }) =>
  diffRuns(mappingRuns(x.ram, x.regs, types).runs, mappingRuns(y.ram, y.regs, types).runs);

const check = compare(a, la57);
if (check.changes.length === 0) throw new Error("diff linux-4l vs la57: no differences found");
console.log(
  `(diff linux-4l vs linux-la57: ${check.changes.length} ranges, ${check.summary.added} added, ${check.summary.removed} removed, ${check.summary.changed} changed)`,
);
printFigure("diff linux-4l vs linux-la57 (enumerate both + diff)", () => compare(a, la57), 20);
printFigure("diff linux-4l vs KASLR-like linux-4l (enumerate both + diff)", () => compare(a, kaslr), 20);
const runsA = mappingRuns(a.ram, a.regs, types).runs;
const runsB = mappingRuns(la57.ram, la57.regs, types).runs;
printFigure("diff linux-4l vs linux-la57 (diff of ready runs)", () => diffRuns(runsA, runsB), 20);
