/**
 * Where a fault happened and what to call it, for the marks every view puts on the faulting entry
 * (the graph node, the table grid and list, the walk card, the inspector): the entry is the one
 * that decided the walk (store/followWalk.ts), the text names the field of the verdict's cause.
 */
import { LEVEL_TABLE_NAMES, type Level, type PhysAddr } from "../core/arch";
import type { AccessVerdict, WalkResult } from "../core/walk";
import { decidingEntry } from "../store/followWalk";

/**
 * The entry field (or rule) that made the access fault, as the marks show it: "U/S = 0",
 * "P = 0", "reserved bits", … Null when no entry decided it (#GP, paging off) or nothing faulted.
 */
export function faultFieldText(verdict: AccessVerdict): string | null {
  if (verdict.ok) return null;
  switch (verdict.cause) {
    case "P":
      return "P = 0";
    case "RSVD":
      return "reserved bits";
    case "US":
      return "U/S = 0";
    case "RW":
      return "R/W = 0";
    case "XD":
      return "XD = 1";
    case "SMEP":
      return "SMEP, supervisor fetch from a user page";
    case "SMAP":
      return "SMAP, supervisor data access to a user page";
    case "PK":
      return "PKRU denies the page's protection key";
    case "outside-memory":
      return "points outside RAM";
    case "canonical":
    case "paging-off":
      return null;
  }
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
