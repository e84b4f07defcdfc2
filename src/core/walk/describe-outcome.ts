/** A walk's outcome in one sentence a person can read (the Walk panel's status line, the tests). */
import { LEVEL_TABLE_NAMES, describeAccess, formatPhysAddr, pageSizeName } from "../arch";
import type { WalkResult } from "./walk-types";

/** "0x803fe7f5ce → 0x35ce (4 KiB page, user read ok)", or the fault with its error code. */
export function describeOutcome(result: WalkResult): string {
  const va = `0x${result.va.toString(16)}`;
  const v = result.verdict;
  const t = result.translation;
  if (v.ok && t.kind === "mapped") {
    return `${va} → ${formatPhysAddr(t.pa)} (${pageSizeName(t.pageSize)} page, ${describeAccess(result.access)} ok)`;
  }
  if (v.ok) return `${va}: ${describeAccess(result.access)} ok`;
  if (v.exception === "#GP") return `#GP at ${va}: ${v.reason}`;
  // A table the walk could not read (outside physical memory) has no entry to name: the table is named.
  const step = v.level === null ? undefined : result.steps.find((s) => s.level === v.level);
  const where =
    v.level === null
      ? ""
      : step === undefined
        ? ` at the ${LEVEL_TABLE_NAMES[v.level]}`
        : ` at ${LEVEL_TABLE_NAMES[v.level]}[${step.index}]`;
  return `#PF error 0x${v.errorCode.toString(16)}${where}: ${v.reason}`;
}
