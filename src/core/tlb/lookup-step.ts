/**
 * The TLB lookup as the walk stepper's first step (issue 14): which TLB the CPU looks in, for which
 * page and PCID, and what it finds — a hit (and whether it is stale), or a miss that makes the CPU
 * walk the tables, which the following steps show.
 */
import { formatPhysAddr, formatVirtAddr, pageSizeName } from "../arch";
import type { WalkStepView } from "../teach";
import type { AccessOutcome } from "./cpu-tlb";
import { describeResult } from "./describe";
import { describeRights } from "./staleness";
import { TLB_TITLES, pageVaOf } from "./tlb-entry";

export function tlbLookupStep(outcome: AccessOutcome): WalkStepView {
  const which = outcome.access.op === "fetch" ? "instruction TLBs" : "data TLBs";
  const lines = [
    `The CPU looks up ${formatVirtAddr(outcome.va)} in its ${which}, under PCID ${outcome.pcid} (global entries match any PCID).`,
  ];
  let title: string;
  const entry = outcome.entry;
  if (outcome.tlb === "hit" && entry !== null && !outcome.dirtyRewalk) {
    title = outcome.stale ? "TLB lookup: a stale hit" : "TLB lookup: hit";
    lines.push(
      `Hit in the ${outcome.tlbName ? TLB_TITLES[outcome.tlbName] : "TLB"}: page ${formatVirtAddr(pageVaOf(entry))} → frame ${formatPhysAddr(entry.frame)} (${pageSizeName(entry.pageSize)}; ${describeRights(entry.permissions)}).`,
      `The CPU uses it and reads no table: ${describeResult(outcome)}`,
    );
    if (outcome.stale) lines.push(`Stale: the tables now say ${outcome.stale.now}`);
    lines.push("The next steps show the walk a miss would make, over the tables as they are now.");
  } else if (outcome.dirtyRewalk) {
    title = "TLB lookup: hit, D = 0";
    lines.push(
      "Hit, but the entry's D = 0 and this is a write: the CPU walks the tables again to set D (next steps).",
    );
  } else if (outcome.tlbName === null && outcome.walk !== null && outcome.walk.steps.length === 0) {
    title = "TLB lookup: none";
    lines.push(`No TLB takes part: ${describeResult(outcome)}`);
  } else {
    title = "TLB lookup: miss";
    lines.push("Miss: no entry for this page under this PCID, so the CPU walks the tables (next steps).");
    if (outcome.pscLevels > 0)
      lines.push(`The paging-structure caches supply the upper ${outcome.pscLevels} level(s) of the walk.`);
  }
  return { kind: "tlb-lookup", title, lines, bits: [], focus: null };
}
