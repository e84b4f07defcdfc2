/**
 * The traced page walk (SDM vol. 3A §4.5 "4-level and 5-level paging", §4.6 "access rights",
 * §4.7 "page-fault exceptions"): every step the processor takes for one virtual address and one
 * access, and the outcome — a physical address with effective permissions, or the exact fault.
 *
 * This is the readable reference that every other translator is tested against: one loop, one
 * level per iteration, each rule a call into paging-rules.ts (the loop is `followTables`, in
 * follow.ts, which records what it read as numbers; this file turns that into data). Its result is plain data (see
 * walk-types.ts). Faults are values (STYLE §6). The walk is split in two so each part is testable
 * on its own: `translateTraced` follows the tables (not-present, reserved bits, non-canonical),
 * then `checkAccess` (access-check.ts) applies the permission rules to the result.
 */
import {
  pagingMode,
  reservedBitReasons,
  type Access,
  type Level,
  type PagingMode,
  type PhysAddr,
  type ReservedBitReason,
  type Registers,
  type VirtAddr,
} from "../arch";
import type { PhysicalMemory } from "../memory";
import { checkAccess } from "./access-check";
import { followTables, followed } from "./follow";
import type { EffectivePermissions, Translation, WalkResult, WalkStep } from "./walk-types";

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
 * Follows the tables for `va` from CR3 (follow.ts), recording each step. Stops at the first
 * not-present entry, reserved bit, or table outside memory.
 */
export function translateTraced(
  memory: PhysicalMemory,
  mode: PagingMode,
  va: VirtAddr,
): { steps: WalkStep[]; translation: Translation } {
  cell[0] = va; // VAs are below 2^64
  followTables(memory, mode, halves[HI] as number, halves[LO] as number);
  const translation = followedTranslation(mode);
  return { steps: followedSteps(mode, translation), translation };
}

/**
 * The steps of the last `followTables`, as plain data (a bigint per entry read); `translation` is
 * `followedTranslation`'s, whose reserved-bit reasons the last step shares.
 */
export function followedSteps(mode: PagingMode, translation: Translation): WalkStep[] {
  const f = followed;
  const steps: WalkStep[] = [];
  for (let i = 0; i < f.steps; i++) {
    const level = (mode.levels - i) as Level;
    const tableAddr = f.tableAddr[i] as PhysAddr;
    const index = f.index[i] as number;
    const raw = entryValue(f.lo[i] as number, f.hi[i] as number);
    // Only the last entry read can have reserved bits: the walk stops there.
    const reserved =
      translation.kind === "reserved-bit" && i === f.steps - 1 ? translation.reasons : NO_RESERVED_BITS;
    steps.push({ level, tableAddr, index, entryAddr: (tableAddr + index * 8) as PhysAddr, raw, reserved });
  }
  return steps;
}

/** How the last `followTables` ended, as a translation. */
export function followedTranslation(mode: PagingMode): Translation {
  const f = followed;
  switch (f.end) {
    case "paging-off":
      return { kind: "paging-off", message: mode.unsupported ?? "Paging is off." };
    case "non-canonical":
      return { kind: "non-canonical" };
    case "outside-memory":
      return { kind: "outside-memory", level: f.level, tableAddr: f.tableAddr[f.steps] as PhysAddr };
    case "not-present":
      return { kind: "not-present", level: f.level };
    case "reserved-bit": {
      const last = f.steps - 1;
      const reasons = reservedBitReasons(
        entryValue(f.lo[last] as number, f.hi[last] as number),
        f.level,
        mode,
      );
      const bits = reasons.reduce((all, r) => all | r.mask, 0n);
      return { kind: "reserved-bit", level: f.level, bits, reasons };
    }
    case "mapped":
      return followedMapping();
  }
}

/**
 * Effective permissions are few (each right limited by no level or one of five, sixteen keys), and
 * plain data that nobody changes: each is made once and shared by every walk that reaches it.
 */
const permissionsByKey = new Map<number, EffectivePermissions>();

/** The translation of the last `followTables` that ended with a page. */
function followedMapping(): Translation & { kind: "mapped" } {
  const f = followed;
  const key = ((f.writableLimitedBy * 8 + f.userLimitedBy) * 8 + f.executeDisabledBy) * 16 + f.protectionKey;
  let permissions = permissionsByKey.get(key);
  if (permissions === undefined) {
    permissions = Object.freeze({
      writable: f.writableLimitedBy === 0,
      user: f.userLimitedBy === 0,
      executeDisable: f.executeDisabledBy !== 0,
      writableLimitedBy: f.writableLimitedBy === 0 ? null : f.writableLimitedBy,
      userLimitedBy: f.userLimitedBy === 0 ? null : f.userLimitedBy,
      executeDisabledBy: f.executeDisabledBy === 0 ? null : f.executeDisabledBy,
      protectionKey: f.protectionKey,
    });
    permissionsByKey.set(key, permissions);
  }
  const leafLevel = f.level as 1 | 2 | 3;
  return { kind: "mapped", pa: f.pa as PhysAddr, pageSize: f.pageSize, leafLevel, permissions };
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
