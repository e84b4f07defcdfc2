/** Small pieces of text the families share: addresses, accesses, entries, and reading answers. */
import { LEVEL_TABLE_NAMES, formatPhysAddr, formatVirtAddr, type Access, type Level } from "../arch";
import { err, ok, parseU64, quotable, type Result } from "../common";
import type { WalkStep } from "../walk";

/** `0x7f12_3456_7000`: grouped, as the address bar shows a VA. */
export const vaText = (va: bigint): string => formatVirtAddr(va, true);

export const paText = (pa: number): string => formatPhysAddr(pa);

/** "a user read", "a supervisor instruction fetch" */
export function accessText(access: Access): string {
  const op = access.op === "fetch" ? "instruction fetch" : access.op;
  return `a ${access.mode} ${op}`;
}

/** `PT[127]` */
export const slotText = (step: Pick<WalkStep, "level" | "index">): string =>
  `${LEVEL_TABLE_NAMES[step.level]}[${step.index}]`;

/** `PT[127] (entry at 0x83f8)` */
export const slotAtText = (step: Pick<WalkStep, "level" | "index" | "entryAddr">): string =>
  `${slotText(step)} (entry at ${paText(step.entryAddr)})`;

/** The level named by a table name as typed ("pd", "PDPT", "PDE"), or null. */
export function levelOfName(text: string): Level | null {
  const name = text.trim().toUpperCase().replace(/E$/, "");
  for (const level of [5, 4, 3, 2, 1] as const) if (LEVEL_TABLE_NAMES[level] === name) return level;
  return null;
}

/**
 * A number typed as an answer (not empty: each field has its own hint for that). A hex field reads
 * hex with or without `0x`, as the address fields do (`_` and spaces between digits allowed; `0d…`
 * is decimal). A decimal field (a table index) reads decimal digits only, or a number written with
 * its `0x` or `0d`: "7 1" or "4_99" are not read as hex behind the user's back. The error is the
 * sentence that follows the field's name, quoting at most the start of what was typed.
 */
export function parseAnswerNumber(text: string, radix: "hex" | "decimal"): Result<bigint> {
  const t = text.trim();
  const shown = `"${quotable(t)}"`;
  if (radix === "decimal" && /^[0-9]+$/.test(t)) return ok(BigInt(t));
  const prefixed = /^0[xd]/i.test(t);
  if (radix === "decimal" && !prefixed)
    return err("malformed", `${shown} is not a number: write it in decimal, or in hex with 0x.`);
  const parsed = parseU64(t, "number");
  if (parsed.ok) return parsed;
  if (parsed.error.kind === "too-large") return err("too-large", `${shown} does not fit in 64 bits.`);
  return err("malformed", `${shown} is not a ${/^0d/i.test(t) ? "decimal" : "hex"} number.`);
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
