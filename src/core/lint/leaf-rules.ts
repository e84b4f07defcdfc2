/**
 * The lint rules about what each page grants over its whole walk (SDM §4.6.1: U/S and R/W ANDed
 * over every level, XD ORed with EFER.NXE), read from the enumeration's effective rights:
 * writable and executable pages, user pages in the kernel half, and user-writable page tables.
 * Runs of neighbouring pages with the same finding are one finding.
 */
import { formatPhysAddr, fromWords, pagingMode, type Registers, type VirtAddr } from "../arch";
import { forEachLeaf } from "../inspect";
import type { PhysicalMemory } from "../memory";
import { walk } from "../walk";
import { SEVERITY, type LintFinding } from "./lint-types";

const MESSAGES: Readonly<Record<"write-exec" | "user-kernel-half" | "user-writable-table", string>> = {
  "write-exec": "writable and executable (W+X): data written here can run as code",
  "user-kernel-half":
    "user-accessible (U/S = 1 at every level) in the kernel half: user code can reach kernel addresses",
  "user-writable-table": "user code can rewrite the tables and map itself anything",
};
type LeafKind = keyof typeof MESSAGES;

/** A run of neighbouring pages with one finding; its end kept as two words (no bigint per leaf). */
interface Run {
  kind: LeafKind;
  startHi: number;
  startLo: number;
  endHi: number;
  endLo: number;
  pages: number;
  /** user-writable-table: the first page-table frame (its page number) the run's first page holds. */
  table: number;
}

export interface LeafPass {
  readonly findings: LintFinding[];
  readonly leaves: number;
  readonly truncated: boolean;
}

export function checkLeaves(
  memory: PhysicalMemory,
  regs: Registers,
  tableFrames: ReadonlySet<number>,
  maxLeaves: number,
): LeafPass {
  const tables = Int32Array.from(tableFrames).sort();
  const open: Partial<Record<LeafKind, Run>> = {};
  const runs: Run[] = [];
  const note = (kind: LeafKind, hi: number, lo: number, size: number, table = -1): void => {
    const endLo = lo + size;
    const endHi = endLo >= 2 ** 32 ? hi + 1 : hi;
    const run = open[kind];
    if (run !== undefined && run.endHi === hi && run.endLo === lo) {
      run.endHi = endHi >>> 0;
      run.endLo = endLo >>> 0;
      run.pages++;
      return;
    }
    const fresh = { kind, startHi: hi, startLo: lo, endHi: endHi >>> 0, endLo: endLo >>> 0, pages: 1, table };
    open[kind] = fresh;
    runs.push(fresh);
  };
  const stats = forEachLeaf(
    memory,
    regs,
    (leaf) => {
      if (!leaf.write && !leaf.user) return;
      if (leaf.write && leaf.exec) note("write-exec", leaf.vaHi, leaf.vaLo, leaf.pageSize);
      if (leaf.user && leaf.vaHi >= 0x80000000) note("user-kernel-half", leaf.vaHi, leaf.vaLo, leaf.pageSize);
      if (leaf.user && leaf.write) {
        const table = firstTableIn(tables, leaf.pa, leaf.pageSize);
        if (table >= 0) note("user-writable-table", leaf.vaHi, leaf.vaLo, leaf.pageSize, table);
      }
    },
    { includeReserved: false, maxLeaves },
  );
  // The entry of each run is its first page's leaf, found by walking it (one walk per finding).
  const mode = pagingMode(regs);
  const findings = runs.map((run): LintFinding => {
    const start = fromWords(run.startHi, run.startLo) as VirtAddr;
    const end = run.endHi === 0 && run.endLo === 0 ? 1n << 64n : fromWords(run.endHi, run.endLo);
    const steps = walk(memory, regs, start, { op: "read", mode: "supervisor" }).steps;
    const leafStep = steps[steps.length - 1];
    const pages = run.pages === 1 ? "1 page" : `${run.pages} pages`;
    // The frame is named: "user-writable page table" alone leaves the reader to find which.
    const subject =
      run.kind !== "user-writable-table"
        ? pages
        : run.pages === 1
          ? `1 page that user code can write holds the page table at ${formatPhysAddr(run.table * 4096)}:`
          : `${pages} that user code can write hold page tables (the first at ${formatPhysAddr(run.table * 4096)}):`;
    return {
      kind: run.kind,
      severity: SEVERITY[run.kind],
      va: { start, end },
      level: leafStep?.level ?? 1,
      entry: leafStep?.entryAddr ?? mode.root,
      message: `${subject} ${MESSAGES[run.kind]}.`,
    };
  });
  return { findings, leaves: stats.leaves, truncated: stats.truncated };
}

/** The first frame of `tables` (sorted page numbers) in the page [pa, pa + size), or -1. */
function firstTableIn(tables: Int32Array, pa: number, size: number): number {
  const first = pa / 4096;
  const last = first + size / 4096;
  let lo = 0;
  let hi = tables.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tables[mid] as number) < first) lo = mid + 1;
    else hi = mid;
  }
  return lo < tables.length && (tables[lo] as number) < last ? (tables[lo] as number) : -1;
}
