/**
 * Following the tables (SDM vol. 3A §4.5): the loop at the heart of the traced walk, with nothing
 * allocated. It reads one entry per level from CR3 down, stops at the first not-present entry,
 * reserved bit or table outside memory, and leaves what it read and how it ended in `followed`,
 * as numbers. `translateTraced` (walk.ts) turns that into its plain-data steps and translation;
 * the TLB model (core/tlb) reads the numbers directly on a miss, where building a bigint and an
 * object per step cost more than the walk itself when a million accesses are replayed.
 *
 * Cycle-safe by construction: at most `levels` steps.
 */
import {
  allowsUser,
  allowsWrite,
  hasExecuteDisable,
  hasReservedBits,
  indexOfWords,
  isCanonicalWords,
  isLeafAt,
  isPresent,
  leafPageBase,
  nextTablePfn,
  pageSizeOfLevel,
  protectionKeyOf,
  reservedHighMask,
  type Level,
  type PageSize,
  type PagingMode,
} from "../arch";
import { EntryReader, FRAME_SIZE, type PhysicalMemory } from "../memory";
import type { Translation } from "./walk-types";

/** How a walk ended: with a translation, or at the check that stopped it (the translation's kind). */
type FollowEnd = Translation["kind"];

/** What the last `followTables` read and found; valid until the next call. */
interface Followed {
  end: FollowEnd;
  /** Entries read (0 when the walk stopped before reading a table). */
  steps: number;
  /** Per step, top level first: the table's physical address, the index, the entry's words. */
  readonly tableAddr: Float64Array;
  readonly index: Int32Array;
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  /** The level of the last step (where a fault stopped the walk, or the leaf). */
  level: Level;
  /** Mapped: the physical address and the page. */
  pa: number;
  pageSize: PageSize;
  /** Mapped: SDM §4.6.1 — the first level (from the top) that denied each right, or 0. */
  writableLimitedBy: Level | 0;
  userLimitedBy: Level | 0;
  executeDisabledBy: Level | 0;
  protectionKey: number;
}

export const followed: Followed = {
  end: "paging-off",
  steps: 0,
  tableAddr: new Float64Array(5),
  index: new Int32Array(5),
  lo: new Int32Array(5),
  hi: new Int32Array(5),
  level: 1,
  pa: 0,
  pageSize: 4096,
  writableLimitedBy: 0,
  userLimitedBy: 0,
  executeDisabledBy: 0,
  protectionKey: 0,
};

/** Reads the tables; one for every walk (walks never nest). */
const reader = new EntryReader();

/** Follows the tables for the VA whose 64 bits are (hi, lo); the result is in `followed`. */
export function followTables(memory: PhysicalMemory, mode: PagingMode, hi: number, lo: number): void {
  const out = followed;
  out.steps = 0;
  if (mode.unsupported) {
    out.end = "paging-off";
    return;
  }
  // SDM §4.5: a non-canonical address is a #GP before any table is read.
  if (!isCanonicalWords(hi | 0, mode.levels)) {
    out.end = "non-canonical";
    return;
  }
  const highMask = reservedHighMask(mode.maxPhyAddr, mode.nxe);
  // SDM §4.6.1: rights are the AND of R/W and U/S over every level, XD the OR (with EFER.NXE).
  let writableLimitedBy: Level | 0 = 0;
  let userLimitedBy: Level | 0 = 0;
  let executeDisabledBy: Level | 0 = 0;
  const table = reader.use(memory);
  // The table being read, as a frame number: a small integer for every frame inside memory.
  let pfn = mode.root / FRAME_SIZE;
  for (let level = mode.levels as Level; level >= 1; level = (level - 1) as Level) {
    out.level = level;
    if (!table.at(pfn)) {
      out.tableAddr[out.steps] = pfn * FRAME_SIZE;
      out.end = "outside-memory";
      return;
    }
    const index = indexOfWords(hi, lo, level);
    const eLo = table.lo(index);
    const eHi = table.hi(index);
    const step = out.steps++;
    out.tableAddr[step] = pfn * FRAME_SIZE;
    out.index[step] = index;
    out.lo[step] = eLo;
    out.hi[step] = eHi;
    if (!isPresent(eLo)) {
      out.end = "not-present";
      return;
    }
    if (hasReservedBits(eLo, eHi, level, highMask)) {
      out.end = "reserved-bit";
      return;
    }
    if (!allowsWrite(eLo) && writableLimitedBy === 0) writableLimitedBy = level;
    if (!allowsUser(eLo) && userLimitedBy === 0) userLimitedBy = level;
    if (mode.nxe && hasExecuteDisable(eHi) && executeDisabledBy === 0) executeDisabledBy = level;
    if (isLeafAt(eLo, level)) {
      const leafLevel = level as 1 | 2 | 3;
      const pageSize = pageSizeOfLevel(leafLevel);
      out.pageSize = pageSize;
      out.pa = leafPageBase(eLo, eHi, leafLevel) + ((lo & (pageSize - 1)) >>> 0);
      out.writableLimitedBy = writableLimitedBy;
      out.userLimitedBy = userLimitedBy;
      out.executeDisabledBy = executeDisabledBy;
      out.protectionKey = protectionKeyOf(eHi);
      out.end = "mapped";
      return;
    }
    pfn = nextTablePfn(eLo, eHi);
  }
  throw new Error("unreachable: a PT entry is always a leaf");
}
