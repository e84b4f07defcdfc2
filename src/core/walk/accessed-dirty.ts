/**
 * The Accessed and Dirty flags the processor writes during a walk (SDM vol. 3A §4.8), as a list of
 * entry writes, so that a setting ("walk sets A/D") can apply them and a view can show them.
 */
import { ENTRY_A, ENTRY_D, type PhysAddr } from "../arch";
import type { WalkResult } from "./walk-types";

/** A change of one entry in RAM. */
export interface EntryWrite {
  readonly entryAddr: PhysAddr;
  readonly before: bigint;
  readonly after: bigint;
}

/**
 * The A/D updates of a walk: a permitted access sets A in every entry it used, and a permitted
 * write also sets D in the leaf. Entries already set are not listed.
 */
export function accessedDirtyWrites(result: WalkResult): EntryWrite[] {
  if (!result.verdict.ok || result.translation.kind !== "mapped") return [];
  const writes: EntryWrite[] = [];
  result.steps.forEach((step, k) => {
    let after = step.raw | BigInt(ENTRY_A);
    if (k === result.steps.length - 1 && result.access.op === "write") after |= BigInt(ENTRY_D);
    if (after !== step.raw) writes.push({ entryAddr: step.entryAddr, before: step.raw, after });
  });
  return writes;
}
