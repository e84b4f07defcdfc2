/**
 * The step of one table read (SDM vol. 3A §4.5): where the table comes from, entry address =
 * base + index × 8 with the numbers, the 64-bit value read, the checks the processor makes on it in
 * order (P, reserved bits, PS at this level), and what the entry adds to the access rights so far.
 */
import {
  LEVEL_ENTRY_NAMES,
  LEVEL_TABLE_NAMES,
  decodeEntry,
  pageSizeName,
  type DecodedEntry,
  type Level,
  type PagingMode,
} from "../arch";
import type { WalkStep } from "../walk";
import { bit, bitRangeText, focusOf, hex, hex64, indexBits, slotName } from "./step-format";
import type { WalkStepView } from "./step-types";

/**
 * The first level (from the top) whose entry denies each right, over the entries read so far: the
 * walk's own `EffectivePermissions` fields, followed one read at a time so that a walk that stops
 * before its leaf still shows what its upper levels allowed. walk-steps.test.ts checks that at the
 * leaf these equal the traced walk's permissions.
 */
export interface RightsSoFar {
  readonly writableLimitedBy: Level | null;
  readonly userLimitedBy: Level | null;
  readonly executeDisabledBy: Level | null;
}

export const NO_LIMITS: RightsSoFar = {
  writableLimitedBy: null,
  userLimitedBy: null,
  executeDisabledBy: null,
};

/** The rights after one more present entry (SDM §4.6.1: R/W and U/S ANDed, XD ORed with EFER.NXE). */
export function withEntry(rights: RightsSoFar, step: WalkStep, nxe: boolean): RightsSoFar {
  const e = decodeEntry(step.raw, step.level);
  return {
    writableLimitedBy: rights.writableLimitedBy ?? (e.writable ? null : step.level),
    userLimitedBy: rights.userLimitedBy ?? (e.user ? null : step.level),
    executeDisabledBy: rights.executeDisabledBy ?? (nxe && e.executeDisable ? step.level : null),
  };
}

function describeRights(r: RightsSoFar, nxe: boolean): string {
  const entry = (level: Level): string => `the ${LEVEL_ENTRY_NAMES[level]}`;
  const write =
    r.writableLimitedBy === null ? "writable" : `read-only (R/W = 0 in ${entry(r.writableLimitedBy)})`;
  const user =
    r.userLimitedBy === null
      ? "user and supervisor"
      : `supervisor only (U/S = 0 in ${entry(r.userLimitedBy)})`;
  const exec = !nxe
    ? "executable (EFER.NXE = 0: XD is not used)"
    : r.executeDisabledBy === null
      ? "executable"
      : `not executable (XD = 1 in ${entry(r.executeDisabledBy)})`;
  return `${write}, ${user}, ${exec}`;
}

/**
 * The read of `steps[k]`. `rightsBefore` are the rights over the entries above it; the step's
 * rights line shows them with this entry added (when the walk gets that far).
 */
export function readStep(
  steps: readonly WalkStep[],
  k: number,
  mode: PagingMode,
  rightsBefore: RightsSoFar,
): WalkStepView {
  const step = steps[k] as WalkStep;
  const above = k > 0 ? (steps[k - 1] as WalkStep) : null;
  const table = LEVEL_TABLE_NAMES[step.level];
  const entryName = LEVEL_ENTRY_NAMES[step.level];
  const bits = indexBits(step.level);
  const e = decodeEntry(step.raw, step.level);
  const lines = [
    above === null
      ? `Table base: the ${table} at ${hex(step.tableAddr)}, from CR3.`
      : `Table base: the ${table} at ${hex(step.tableAddr)}, from ${slotName(above)}.`,
    `Index: VA ${bitRangeText(bits)} = ${step.index}.`,
    `Entry address = base + index × 8 = ${hex(step.tableAddr)} + ${step.index} × 8 = ${hex(step.entryAddr)}.`,
    `Read the ${entryName}: ${hex64(step.raw)}.`,
  ];
  // The checks in the processor's order; the walk stops at the first that fails (SDM §4.5, §4.7).
  if (!e.present) {
    lines.push("Check P: P = 0, not present. The walk stops here: page fault.");
    return { kind: "read", title: `Read ${slotName(step)}`, lines, bits: [bits], focus: focusOf(step) };
  }
  lines.push("Check P: P = 1, present.");
  if (step.reserved.length > 0) {
    lines.push(
      `Check reserved bits (MAXPHYADDR ${mode.maxPhyAddr}, EFER.NXE = ${bit(mode.nxe)}): set! ${step.reserved
        .map((r) => r.description)
        .join("; ")}. The walk stops here: page fault with RSVD.`,
    );
    return { kind: "read", title: `Read ${slotName(step)}`, lines, bits: [bits], focus: focusOf(step) };
  }
  lines.push(`Check reserved bits (MAXPHYADDR ${mode.maxPhyAddr}, EFER.NXE = ${bit(mode.nxe)}): none set.`);
  lines.push(psLine(e));
  const rights = withEntry(rightsBefore, step, mode.nxe);
  lines.push(
    `Rights: R/W = ${bit(e.writable)}, U/S = ${bit(e.user)}, XD = ${bit(e.executeDisable)}; so far ${describeRights(rights, mode.nxe)}.`,
  );
  return { kind: "read", title: `Read ${slotName(step)}`, lines, bits: [bits], focus: focusOf(step) };
}

/** Whether the entry maps a page or points to the next table, as its level allows (SDM §4.5). */
function psLine(e: DecodedEntry): string {
  const { level, address } = e;
  const next = level > 1 ? LEVEL_TABLE_NAMES[(level - 1) as Level] : "";
  if (level >= 4)
    return `Check PS: a ${LEVEL_ENTRY_NAMES[level]} always points to a table: the ${next} at ${hex(address)}.`;
  if (level === 1) return `A PTE always maps a page: the 4 KiB frame at ${hex(address)}.`;
  return e.pageSize !== null
    ? `Check PS: PS = 1, so this ${LEVEL_ENTRY_NAMES[level]} maps a ${pageSizeName(e.pageSize)} page at ${hex(address)}; the walk ends here.`
    : `Check PS: PS = 0, so it points to the next table: the ${next} at ${hex(address)}.`;
}
