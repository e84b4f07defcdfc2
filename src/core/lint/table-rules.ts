/**
 * The lint rules about entries and tables, in one pass that reads each table once per level it
 * is reached at: reserved bits (SDM §4.5: bits 51:MAXPHYADDR, bit 63 without EFER.NXE, PS in a
 * PML4E/PML5E), huge-page leaves whose address is not aligned to their size (a reserved-bit case
 * of its own), tables and frames outside RAM, a table reachable at two levels, and upper entries
 * that deny what the leaves below them grant (SDM §4.6.1: rights are combined over every level).
 *
 * Every rule is a call into paging-rules.ts; this file only decides what is worth saying.
 * An entry that points to a table already on its own path (a recursive slot) is not followed:
 * it makes the tables pages, which is what a recursive slot is for.
 */
import {
  ENTRY_ADDRESS_MASK,
  LEVEL_ENTRY_NAMES,
  LEVEL_TABLE_NAMES,
  allowsUser,
  allowsWrite,
  canonicalize,
  formatPhysAddr,
  hasExecuteDisable,
  hasReservedBits,
  isLeafAt,
  isPresent,
  leafPageBase,
  levelSpan,
  nextTablePfn,
  pageSizeOfLevel,
  pageSizeName,
  reservedBitReasons,
  reservedHighMask,
  reservedLowBits,
  type Level,
  type PagingMode,
  type PhysAddr,
} from "../arch";
import { formatHex } from "../common";
import type { PhysicalMemory } from "../memory";
import { SEVERITY, type LintFinding, type LintKind } from "./lint-types";

/** What the leaves below a table grant: U/S = 1, R/W = 1, XD = 0 on some leaf. */
const GRANTS_USER = 1;
const GRANTS_WRITE = 2;
const GRANTS_EXEC = 4;

export interface TablePass {
  readonly findings: LintFinding[];
  /** Every table frame reached (page numbers), for the user-writable-table rule. */
  readonly tableFrames: Set<number>;
  readonly truncated: boolean;
}

export function checkTables(memory: PhysicalMemory, mode: PagingMode, maxEntries: number): TablePass {
  const findings: LintFinding[] = [];
  const highMask = reservedHighMask(mode.maxPhyAddr, mode.nxe);
  const grantsBelow = new Map<number, number>(); // pfn * 8 + level → GRANTS_* of its leaves
  const levelsOf = new Map<number, Level>(); // the first level each table was reached at
  const reportedTwice = new Set<number>();
  const tableFrames = new Set<number>();
  const path: number[] = [];
  const outside: OutsideLeaf[] = [];
  let entriesLeft = maxEntries;
  let truncated = false;

  const add = (
    kind: LintKind,
    va: bigint,
    span: bigint,
    level: Level,
    entry: number,
    message: string,
  ): void => {
    findings.push({
      kind,
      severity: SEVERITY[kind],
      va: { start: va, end: va + span },
      level,
      entry: entry as PhysAddr,
      message,
    });
  };

  const visit = (pfn: number, level: Level, base: bigint, frame: Uint32Array): number => {
    let grants = 0;
    tableFrames.add(pfn);
    path.push(pfn);
    const span = levelSpan(level);
    for (let i = 0; i < 512; i++) {
      const lo = frame[2 * i] as number;
      if (!isPresent(lo)) continue;
      if (--entriesLeft < 0) {
        truncated = true;
        break;
      }
      const hi = frame[2 * i + 1] as number;
      const va =
        level === mode.levels ? canonicalize(base + BigInt(i) * span, mode.levels) : base + BigInt(i) * span;
      const where = `${LEVEL_TABLE_NAMES[level]}[${i}]`;
      const entryAddr = pfn * 4096 + i * 8;
      const leaf = isLeafAt(lo, level);
      if (hasReservedBits(lo, hi, level, highMask)) {
        const raw = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
        const reasons = reservedBitReasons(raw, level, mode);
        const misaligned = leaf && level !== 1 ? reservedLowBits(lo, level) : 0;
        if (misaligned !== 0) {
          const size = pageSizeOfLevel(level as 2 | 3);
          add(
            "misaligned-huge-page",
            va,
            span,
            level,
            entryAddr,
            `${where} maps a ${pageSizeName(size)} page at ${formatHex(raw & ENTRY_ADDRESS_MASK & ~0x1000n)}, which is not ${pageSizeName(size)}-aligned (bits ${level === 2 ? 20 : 29}:13 are reserved): every access faults with RSVD.`,
          );
        }
        const others = reasons.filter((r) => misaligned === 0 || r.mask !== BigInt(misaligned >>> 0));
        if (others.length > 0)
          add(
            "reserved-bits",
            va,
            span,
            level,
            entryAddr,
            `${where} has reserved bits set (${others.map((r) => r.description).join("; ")}): every access through it faults with RSVD.`,
          );
      }
      if (leaf) {
        const size = pageSizeOfLevel(level as 1 | 2 | 3);
        const pa = leafPageBase(lo, hi, level as 1 | 2 | 3);
        if (pa + size > memory.sizeBytes) outside.push({ level, index: i, entryAddr, va, span, pa });
        grants |= (allowsUser(lo) ? GRANTS_USER : 0) | (allowsWrite(lo) ? GRANTS_WRITE : 0);
        if (!(mode.nxe && hasExecuteDisable(hi))) grants |= GRANTS_EXEC;
        continue;
      }
      const next = nextTablePfn(lo, hi);
      const nextLevel = (level - 1) as Level;
      if (path.includes(next)) continue; // a recursive slot: the tables seen as pages, by design
      const nextFrame = memory.readFrame(next);
      if (nextFrame === null) {
        add(
          "table-outside-ram",
          va,
          span,
          level,
          entryAddr,
          `${where} points to a ${LEVEL_TABLE_NAMES[nextLevel]} at ${formatPhysAddr(next * 4096)}, outside RAM (${formatHex(memory.sizeBytes)} bytes): the CPU would read whatever is there.`,
        );
        continue;
      }
      const seenAt = levelsOf.get(next);
      if (seenAt === undefined) levelsOf.set(next, nextLevel);
      else if (seenAt !== nextLevel && !reportedTwice.has(next)) {
        reportedTwice.add(next);
        add(
          "table-at-two-levels",
          va,
          span,
          level,
          entryAddr,
          `${where} uses the table at ${formatPhysAddr(next * 4096)} as a ${LEVEL_TABLE_NAMES[nextLevel]}, but another entry uses it as a ${LEVEL_TABLE_NAMES[seenAt]}: its entries mean different things at each level.`,
        );
      }
      const key = next * 8 + nextLevel;
      let below = grantsBelow.get(key);
      if (below === undefined) {
        grantsBelow.set(key, 0); // a cycle below (not through this path) adds nothing
        below = visit(next, nextLevel, va, nextFrame);
        grantsBelow.set(key, below);
        if (truncated) break;
      }
      grants |= below;
      const denies: string[] = [];
      if (!allowsUser(lo) && below & GRANTS_USER)
        denies.push("U/S = 0 while leaves below it have U/S = 1: every user access to them faults");
      if (!allowsWrite(lo) && below & GRANTS_WRITE)
        denies.push(
          "R/W = 0 while leaves below it have R/W = 1: every write to them faults (supervisor writes too, with CR0.WP = 1)",
        );
      if (mode.nxe && hasExecuteDisable(hi) && below & GRANTS_EXEC)
        denies.push("XD = 1 while leaves below it have XD = 0: every instruction fetch from them faults");
      if (denies.length > 0)
        add(
          "upper-denies",
          va,
          span,
          level,
          entryAddr,
          `${where} (a ${LEVEL_ENTRY_NAMES[level]}) has ${denies.join("; ")}.`,
        );
    }
    path.pop();
    return grants;
  };

  const root = memory.readFrame(mode.root / 4096);
  if (root === null) {
    findings.push({
      kind: "table-outside-ram",
      severity: "error",
      va: { start: 0n, end: 0n },
      level: mode.levels,
      entry: mode.root,
      message: `CR3 points to a ${LEVEL_TABLE_NAMES[mode.levels]} at ${formatPhysAddr(mode.root)}, outside RAM: nothing is mapped.`,
    });
    return { findings, tableFrames, truncated };
  }
  levelsOf.set(mode.root / 4096, mode.levels);
  visit(mode.root / 4096, mode.levels, 0n, root);
  findings.push(...foldOutside(outside, memory.sizeBytes));
  return { findings, tableFrames, truncated };
}

/** A leaf whose frame lies outside RAM. */
interface OutsideLeaf {
  readonly level: Level;
  readonly index: number;
  readonly entryAddr: number;
  readonly va: bigint;
  readonly span: bigint;
  readonly pa: number;
}

/**
 * Neighbouring entries of one table that map outside RAM are one finding (a device's MMIO window
 * is often hundreds of entries): "PD[128–191] map 64 pages from 0xb0000000 on, outside RAM".
 */
function foldOutside(leaves: readonly OutsideLeaf[], ramBytes: number): LintFinding[] {
  const findings: LintFinding[] = [];
  for (let k = 0; k < leaves.length;) {
    const first = leaves[k] as OutsideLeaf;
    let last = first;
    let n = 1;
    while (k + n < leaves.length) {
      const next = leaves[k + n] as OutsideLeaf;
      if (
        next.level !== first.level ||
        next.entryAddr !== last.entryAddr + 8 ||
        next.va !== last.va + last.span
      )
        break;
      last = next;
      n++;
    }
    k += n;
    const table = LEVEL_TABLE_NAMES[first.level];
    const where =
      n === 1
        ? `${table}[${first.index}] maps`
        : `${table}[${first.index}–${last.index}] map ${n} pages from`;
    findings.push({
      kind: "frame-outside-ram",
      severity: SEVERITY["frame-outside-ram"],
      va: { start: first.va, end: last.va + last.span },
      level: first.level,
      entry: first.entryAddr as PhysAddr,
      // A huge page that starts in RAM (a 1 GiB page at 0 over 16 MiB) is not "outside" it.
      message: `${where} ${formatPhysAddr(first.pa)}${n === 1 ? "" : " on"}, ${first.pa < ramBytes ? "reaching past the end of RAM" : "outside RAM"} (${formatHex(ramBytes)} bytes): right for device memory (MMIO), wrong for memory.`,
    });
  }
  return findings;
}
