/**
 * The selection follows the walk (issue 11 §2): when the VA, the access or the machine changes, the
 * table view and the entry inspector move to the entry that decided the outcome, so that a bit
 * flipped in the inspector changes the entry the walk is about. A user who picks another entry
 * pins the selection there until they release it ("Follow the walk").
 *
 * The rule lives here, in one place, beside small helpers the store calls from its actions.
 */
import type { Access } from "../core/arch";
import type { Machine } from "../core/machine";
import type { WalkResult } from "../core/walk";
import type { Selection, TableRef } from "./selection";

/** One entry of one table. */
export interface EntryRef {
  readonly table: TableRef;
  readonly entryIndex: number;
}

/**
 * The entry that decided the walk's outcome: for a fault, the entry of the level the verdict names
 * (for a permission fault the level that denied the access, for P = 0 or reserved bits the last
 * entry read); on success the leaf. When a table lies outside RAM, the entry that points there (the
 * last one read). Null when no entry decided it: #GP for a non-canonical address, paging off, or
 * CR3 itself outside RAM.
 */
export function decidingEntry(result: WalkResult): EntryRef | null {
  const { verdict, steps } = result;
  const last = steps[steps.length - 1];
  let step = last;
  if (!verdict.ok) {
    if (verdict.cause === "canonical" || verdict.cause === "paging-off") return null;
    if (verdict.cause !== "outside-memory") step = steps.find((s) => s.level === verdict.level) ?? last;
  }
  return step ? { table: { addr: step.tableAddr, level: step.level }, entryIndex: step.index } : null;
}

/** Whether `table`/`entryIndex` is the entry `ref` names. */
export function isEntry(ref: EntryRef | null, table: TableRef | null, entryIndex: number | null): boolean {
  return (
    ref !== null &&
    table !== null &&
    ref.table.addr === table.addr &&
    ref.table.level === table.level &&
    ref.entryIndex === entryIndex
  );
}

/** The selection moved to the deciding entry, unless it is pinned or no entry decided the walk. */
export function followWalk(selection: Selection, result: WalkResult): Selection {
  if (selection.pinned) return selection;
  const target = decidingEntry(result);
  if (target === null || isEntry(target, selection.table, selection.entryIndex)) return selection;
  return { ...selection, table: target.table, entryIndex: target.entryIndex };
}

/**
 * The selection after the user chose `table`/`entryIndex` themselves: pinned there, unless that is
 * the deciding entry anyway (then it keeps following).
 */
export function chooseEntry(
  selection: Selection,
  table: TableRef | null,
  entryIndex: number | null,
  result: WalkResult,
): Selection {
  const pinned = !isEntry(decidingEntry(result), table, entryIndex);
  return { ...selection, table, entryIndex, pinned };
}

/** What a walk depends on: a change of any of these moves an unpinned selection. */
export interface WalkInputs {
  readonly machine: Machine;
  readonly selection: { readonly va: bigint; readonly access: Access };
}

export function walkInputsChanged(before: WalkInputs, after: WalkInputs): boolean {
  const a = before.selection.access;
  const b = after.selection.access;
  return (
    before.machine !== after.machine ||
    before.selection.va !== after.selection.va ||
    a.op !== b.op ||
    a.mode !== b.mode
  );
}
