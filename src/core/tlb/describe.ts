/**
 * One line of words for what an access or an instruction did to the TLB: the CLI's text output,
 * the trace panel's outcomes and the walk panel's first line share it.
 */
import { describeErrorCode, formatPhysAddr, pageSizeName, type Level } from "../arch";
import type { AccessOutcome, OperationOutcome } from "./cpu-tlb";
import { PSC_TITLES, type PscLevel } from "./tlb-entry";

/** "TLB hit", "TLB hit (stale: the tables now say …)" or "TLB miss → walk". */
export function describeLookup(outcome: AccessOutcome): string {
  const kind = outcome.walk?.translation.kind;
  if (kind === "non-canonical" || kind === "paging-off") return "no TLB lookup";
  let text: string;
  if (outcome.tlb === "hit") {
    text = "TLB hit";
    if (outcome.dirtyRewalk) text += ", D = 0 → walk again to set D";
  } else {
    text = "TLB miss → walk";
    if (outcome.pscLevels > 0 && outcome.walk) {
      const levels = outcome.walk.mode.levels;
      const deepest = (levels - outcome.pscLevels + 1) as Level;
      text += ` (from the ${PSC_TITLES[deepest as PscLevel]})`;
    }
  }
  if (outcome.stale) text += ` (stale: the tables now say ${outcome.stale.now})`;
  return text;
}

/** "PA 0x5123 (4 KiB page)" or "#PF error 0x7 = P | W | U: …". */
export function describeResult(outcome: AccessOutcome): string {
  const v = outcome.verdict;
  if (v.ok) {
    return outcome.pa === null || outcome.pageSize === null
      ? "ok"
      : `PA ${formatPhysAddr(outcome.pa)} (${pageSizeName(outcome.pageSize)} page)`;
  }
  let text = `${v.exception}${v.exception === "#PF" ? ` error ${describeErrorCode(v.errorCode)}` : ""}: ${v.reason}`;
  if (outcome.invalidated > 0)
    text += ` The #PF invalidated ${outcome.invalidated} cached entr${outcome.invalidated === 1 ? "y" : "ies"} for this VA.`;
  return text;
}

export function describeAccessOutcome(outcome: AccessOutcome): string {
  return `${describeLookup(outcome)}: ${describeResult(outcome)}`;
}

export function describeOperation(outcome: OperationOutcome): string {
  if (outcome.fault) return outcome.fault;
  return `invalidated ${outcome.invalidated} entr${outcome.invalidated === 1 ? "y" : "ies"}`;
}
