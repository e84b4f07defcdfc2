/**
 * What the student is looking at: the VA under study (as typed, and parsed), the access kind, the
 * selected table and entry, and the step of the walk stepper. Selection is not part of the undo
 * history: undo changes the machine and keeps you where you are.
 */
import { parseVirtAddr, type Level, type PhysAddr, type VirtAddr, type Access } from "../core/arch";

export interface TableRef {
  readonly addr: PhysAddr;
  readonly level: Level;
}

export interface Selection {
  /** The VA input exactly as typed. */
  readonly vaText: string;
  /** The last VA that parsed; the walk shows this one while the text is invalid. */
  readonly va: VirtAddr;
  /** Why `vaText` does not parse, or null. */
  readonly vaError: string | null;
  readonly access: Access;
  readonly table: TableRef | null;
  readonly entryIndex: number | null;
  /**
   * The user chose this entry themselves: it stays when the walk changes. Unpinned, the table
   * view and inspector follow the entry that decided the walk's outcome (followWalk.ts).
   */
  readonly pinned: boolean;
  /** The walk stepper's step, 1-based ("Step 3 of 8"), or null for the whole walk (the default). */
  readonly step: number | null;
}

export function selectionFor(
  vaText: string,
  access: Access,
  table: TableRef | null,
  entryIndex: number | null,
): Selection {
  const parsed = parseVirtAddr(vaText);
  if (!parsed.ok) throw new Error(`default VA does not parse: ${parsed.error.message}`);
  return { vaText, va: parsed.value, vaError: null, access, table, entryIndex, pinned: false, step: null };
}

/** The selection after the VA input changed: a new VA when it parses, an inline error otherwise. */
export function withVaText(selection: Selection, text: string): Selection {
  const parsed = parseVirtAddr(text);
  return parsed.ok
    ? { ...selection, vaText: text, va: parsed.value, vaError: null }
    : { ...selection, vaText: text, vaError: parsed.error.message };
}
