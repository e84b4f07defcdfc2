/**
 * What one entry is, for the views that colour and group entries (the table grid, the graph's leaf
 * runs): empty, garbage (P = 0 with other bits set), a pointer, a 4 KiB / 2 MiB / 1 GiB leaf, or a
 * present entry with reserved bits. The rules come from paging-rules.ts.
 */
import {
  ENTRY_G,
  ENTRY_P,
  ENTRY_RW,
  ENTRY_US,
  ENTRY_XD_HI,
  hasReservedBits,
  isLeafAt,
  leafPageBase,
  nextTableAddress,
  reservedHighMask,
  type Level,
} from "../arch";

/** How the table grid colours one entry. */
export type EntryClass = "empty" | "garbage" | "table" | "leaf4k" | "leaf2m" | "leaf1g" | "reserved";

export interface ClassifyContext {
  readonly maxPhyAddr: number;
  /** EFER.NXE: without it bit 63 is reserved. */
  readonly nxe: boolean;
}

const classOfLeafLevel: readonly EntryClass[] = ["empty", "leaf4k", "leaf2m", "leaf1g"];

/**
 * `classifyEntry` with the high-word reserved mask (`reservedHighMask`) already computed, for loops
 * over many entries.
 */
export function classifyWords(lo: number, hi: number, level: Level, rsvdHigh: number): EntryClass {
  if ((lo & ENTRY_P) === 0) return lo === 0 && hi === 0 ? "empty" : "garbage";
  if (hasReservedBits(lo, hi, level, rsvdHigh)) return "reserved";
  return isLeafAt(lo, level) ? (classOfLeafLevel[level] as EntryClass) : "table";
}

/**
 * What one entry (given as its low and high 32-bit words) is at `level`: empty (all zero), garbage
 * (P = 0 but other bits set: hardware ignores them), a pointer to a table, a 4 KiB / 2 MiB / 1 GiB
 * leaf, or a present entry with reserved bits set (a walk through it faults with RSVD = 1).
 */
export function classifyEntry(lo: number, hi: number, level: Level, context: ClassifyContext): EntryClass {
  return classifyWords(lo, hi, level, reservedHighMask(context.maxPhyAddr, context.nxe));
}

/** The physical address a table pointer or leaf holds, from its words (leaf bits below the page size cleared). */
export function entryTargetWords(lo: number, hi: number, entryClass: EntryClass): number {
  if (entryClass === "leaf2m") return leafPageBase(lo, hi, 2);
  if (entryClass === "leaf1g") return leafPageBase(lo, hi, 3);
  return nextTableAddress(lo, hi);
}

/** Leaf flags a run keeps equal (bits of `LeafRun.flags`). */
export const RUN_FLAG = { RW: 1, US: 2, G: 4, XD: 8 } as const;
const PK_SHIFT = 4;

/** The flags that change what an access may do: R/W, U/S, G, XD, and the protection key. */
export function leafFlags(lo: number, hi: number): number {
  return pointerFlags(lo, hi) | ((lo & ENTRY_G) !== 0 ? RUN_FLAG.G : 0) | (((hi >>> 27) & 0xf) << PK_SHIFT);
}

/** R/W, U/S and XD of a pointer (they limit everything below it). */
export function pointerFlags(lo: number, hi: number): number {
  return (
    ((lo & ENTRY_RW) !== 0 ? RUN_FLAG.RW : 0) |
    ((lo & ENTRY_US) !== 0 ? RUN_FLAG.US : 0) |
    ((hi & ENTRY_XD_HI) !== 0 ? RUN_FLAG.XD : 0)
  );
}

export function runProtectionKey(flags: number): number {
  return (flags >>> PK_SHIFT) & 0xf;
}

/** "RW, U, G, NX, PK 3" — the words a learner reads for a set of run/pointer flags. */
export function formatRunFlags(flags: number): string {
  const parts = [flags & RUN_FLAG.RW ? "RW" : "RO"];
  if (flags & RUN_FLAG.US) parts.push("U");
  if (flags & RUN_FLAG.G) parts.push("G");
  if (flags & RUN_FLAG.XD) parts.push("NX");
  const pk = runProtectionKey(flags);
  if (pk !== 0) parts.push(`PK ${pk}`);
  return parts.join(", ");
}
