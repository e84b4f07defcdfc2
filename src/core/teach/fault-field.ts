/**
 * What, in an entry or a register, decided a fault — in the few words a mark on the graph or a
 * line of feedback shows ("U/S = 0", "P = 0"). The rules themselves live in access-check.ts; this
 * only names the field each cause points at.
 */
import type { FaultCause } from "../walk";

const FIELD_OF_CAUSE: Readonly<Record<FaultCause, string>> = {
  canonical: "non-canonical address",
  P: "P = 0",
  RSVD: "reserved bits",
  US: "U/S = 0",
  RW: "R/W = 0",
  XD: "XD = 1",
  SMEP: "SMEP, supervisor fetch from a user page",
  SMAP: "SMAP, supervisor data access to a user page",
  PK: "PKRU denies the page's protection key",
  "outside-memory": "points outside RAM",
  "paging-off": "paging off",
};

/** "U/S = 0" for a user access denied by U/S, "P = 0" for a not-present entry, … */
export function faultField(cause: FaultCause): string {
  return FIELD_OF_CAUSE[cause];
}
