/**
 * The traced page walk (SDM vol. 3A §4.5 "4-level and 5-level paging", §4.6 "access rights",
 * §4.7 "page-fault exceptions"): every step the processor takes for one virtual address and one
 * access, and the outcome — a physical address with effective permissions, or the exact fault.
 *
 * This is the readable reference that every other translator is tested against: one loop, one
 * level per iteration, each rule a call into paging-rules.ts. Its result is plain data (see
 * walk-types.ts). Faults are values (STYLE §6). The walk is split in two so each part is testable
 * on its own: `translateTraced` follows the tables (not-present, reserved bits, non-canonical),
 * then `checkAccess` (access-check.ts) applies the permission rules to the result.
 */
import {
  allowsUser,
  allowsWrite,
  hasExecuteDisable,
  isPresent,
  hasReservedBits,
  indexOfWords,
  isCanonicalWords,
  isLeafAt,
  leafPageBase,
  nextTablePfn,
  pageSizeOfLevel,
  protectionKeyOf,
  pagingMode,
  reservedBitReasons,
  reservedHighMask,
  type Access,
  type Level,
  type PagingMode,
  type PhysAddr,
  type ReservedBitReason,
  type Registers,
  type VirtAddr,
} from "../arch";
import { EntryReader, FRAME_SIZE, type PhysicalMemory } from "../memory";
import { checkAccess } from "./access-check";
import type { EffectivePermissions, Translation, WalkResult, WalkStep } from "./walk-types";

/** Reads the tables; one for every walk (walks never nest). */
const reader = new EntryReader();

/** An entry's reserved-bit list when it has none: one shared, frozen empty list. */
const NO_RESERVED_BITS: readonly ReservedBitReason[] = Object.freeze([]);

/**
 * A 64-bit cell seen as two 32-bit halves: a VA's words are read from it and an entry's bigint is
 * built in it, each without bigint arithmetic (every bigint shift or OR allocates a new bigint).
 */
const cell = new BigUint64Array(1);
const halves = new Int32Array(cell.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;

/** The entry whose words are (lo, hi) as a bigint. */
function entryValue(lo: number, hi: number): bigint {
  halves[LO] = lo;
  halves[HI] = hi;
  return cell[0] as bigint;
}

/**
 * Follows the tables for `va` from CR3, recording each step. Stops at the first not-present entry,
 * reserved bit, or table outside memory. Cycle-safe by construction: at most `levels` steps.
 */
export function translateTraced(
  memory: PhysicalMemory,
  mode: PagingMode,
  va: VirtAddr,
): { steps: WalkStep[]; translation: Translation } {
  const steps: WalkStep[] = [];
  if (mode.unsupported) return { steps, translation: { kind: "paging-off", message: mode.unsupported } };
  cell[0] = va; // VAs are below 2^64
  const hi = halves[HI] as number;
  const lo = halves[LO] as number;
  // SDM §4.5: a non-canonical address is a #GP before any table is read.
  if (!isCanonicalWords(hi, mode.levels)) return { steps, translation: { kind: "non-canonical" } };
  const highMask = reservedHighMask(mode.maxPhyAddr, mode.nxe);
  // SDM §4.6.1: rights are the AND of R/W and U/S over every level, XD the OR (with EFER.NXE).
  let writableLimitedBy: Level | null = null;
  let userLimitedBy: Level | null = null;
  let executeDisabledBy: Level | null = null;
  const table = reader.use(memory);
  // The table being read, as a frame number: a small integer for every frame inside memory.
  let pfn = mode.root / FRAME_SIZE;
  for (let level = mode.levels as Level; level >= 1; level = (level - 1) as Level) {
    const tableAddr = (pfn * FRAME_SIZE) as PhysAddr;
    if (!table.at(pfn)) return { steps, translation: { kind: "outside-memory", level, tableAddr } };
    const index = indexOfWords(hi, lo, level);
    const eLo = table.lo(index);
    const eHi = table.hi(index);
    const raw = entryValue(eLo, eHi);
    const reserved =
      isPresent(eLo) && hasReservedBits(eLo, eHi, level, highMask)
        ? reservedBitReasons(raw, level, mode)
        : NO_RESERVED_BITS;
    steps.push({ level, tableAddr, index, entryAddr: (tableAddr + index * 8) as PhysAddr, raw, reserved });
    if (!isPresent(eLo)) return { steps, translation: { kind: "not-present", level } };
    if (reserved.length > 0) {
      const bits = reserved.reduce((all, r) => all | r.mask, 0n);
      return { steps, translation: { kind: "reserved-bit", level, bits, reasons: reserved } };
    }
    if (!allowsWrite(eLo) && writableLimitedBy === null) writableLimitedBy = level;
    if (!allowsUser(eLo) && userLimitedBy === null) userLimitedBy = level;
    if (mode.nxe && hasExecuteDisable(eHi) && executeDisabledBy === null) executeDisabledBy = level;
    if (isLeafAt(eLo, level)) {
      const leafLevel = level as 1 | 2 | 3;
      const pageSize = pageSizeOfLevel(leafLevel);
      const pa = (leafPageBase(eLo, eHi, leafLevel) + ((lo & (pageSize - 1)) >>> 0)) as PhysAddr;
      const permissions: EffectivePermissions = {
        writable: writableLimitedBy === null,
        user: userLimitedBy === null,
        executeDisable: executeDisabledBy !== null,
        writableLimitedBy,
        userLimitedBy,
        executeDisabledBy,
        protectionKey: protectionKeyOf(eHi),
      };
      return { steps, translation: { kind: "mapped", pa, pageSize, leafLevel, permissions } };
    }
    pfn = nextTablePfn(eLo, eHi);
  }
  throw new Error("unreachable: a PT entry is always a leaf");
}

let lastRegs: Registers | null = null;
let lastMode: PagingMode | null = null;

/** `pagingMode(regs)`, remembered for the last registers object (callers walk many VAs under one). */
function modeOf(regs: Registers): PagingMode {
  if (regs !== lastRegs || lastMode === null) {
    lastMode = pagingMode(regs);
    lastRegs = regs;
  }
  return lastMode;
}

/** The full traced walk of `va` for one access under the given registers. */
export function walk(memory: PhysicalMemory, regs: Registers, va: VirtAddr, access: Access): WalkResult {
  const mode = modeOf(regs);
  const { steps, translation } = translateTraced(memory, mode, va);
  return { va, access, mode, steps, translation, verdict: checkAccess(translation, mode, va, access) };
}
