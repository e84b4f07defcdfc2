/**
 * Where a fault happened and what to call it, for the marks every view puts on the faulting entry
 * (the graph node, the table grid and list, the walk card, the inspector): the entry is the one
 * that decided the walk (store/followWalk.ts), the text names the field of the verdict's cause.
 */
import { LEVEL_TABLE_NAMES, type Level, type PhysAddr } from "../core/arch";
import type { AccessVerdict, WalkResult } from "../core/walk";
import { faultField } from "../core/teach";
import { decidingEntry } from "../store/followWalk";
import { selectOutcomeHidden, selectWalk } from "../store/selectors";
import type { PagewalkState } from "../store/store";
import { faultReached, selectStepMarks } from "./stepper/stepMarks";

/**
 * The entry field (or rule) that made the access fault, as the marks show it: "U/S = 0",
 * "P = 0", "reserved bits", … (the core's `faultField`). Null when no entry decided it (#GP, paging
 * off) or nothing faulted.
 */
export function faultFieldText(verdict: AccessVerdict): string | null {
  if (verdict.ok || verdict.cause === "canonical" || verdict.cause === "paging-off") return null;
  return faultField(verdict.cause);
}

/** The faulting entry of a walk and its mark's text ("fault: U/S = 0"). */
export interface FaultMark {
  readonly tableAddr: PhysAddr;
  readonly level: Level;
  readonly index: number;
  /** "fault: U/S = 0" */
  readonly label: string;
  /** "PT[129]" */
  readonly entryName: string;
}

const marks = new WeakMap<WalkResult, FaultMark | null>();

/** The mark of a walk's faulting entry, or null; the same object for the same walk (safe to subscribe to). */
export function faultMarkOf(result: WalkResult): FaultMark | null {
  let mark = marks.get(result);
  if (mark === undefined) {
    const field = faultFieldText(result.verdict);
    const entry = field === null ? null : decidingEntry(result);
    mark =
      field === null || entry === null
        ? null
        : {
            tableAddr: entry.table.addr,
            level: entry.table.level,
            index: entry.entryIndex,
            label: `fault: ${field}`,
            entryName: `${LEVEL_TABLE_NAMES[entry.table.level]}[${entry.entryIndex}]`,
          };
    marks.set(result, mark);
  }
  return mark;
}

/**
 * The current walk's fault mark, or null while "Predict" hides the outcome (a mark would give it
 * away), or while the stepper has not reached the entry that decided the fault.
 */
export function selectFaultMark(state: PagewalkState): FaultMark | null {
  if (selectOutcomeHidden(state)) return null;
  const result = selectWalk(state);
  const mark = faultMarkOf(result);
  return mark !== null && faultReached(selectStepMarks(state), result, mark.level) ? mark : null;
}
