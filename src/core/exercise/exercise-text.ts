/** Small pieces of text the families share: addresses, accesses, entries, and reading answers. */
import { LEVEL_TABLE_NAMES, formatPhysAddr, formatVirtAddr, type Access, type Level } from "../arch";
import { parseU64 } from "../common";
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

/** A number as typed: `0x…` is hex, otherwise decimal; null when it is not one. */
export function parseNumber(text: string, hexOnly = false): bigint | null {
  const t = text.trim();
  if (t === "") return null;
  if (!hexOnly && /^[0-9]+$/.test(t)) return BigInt(t);
  const parsed = parseU64(t, "number");
  return parsed.ok ? parsed.value : null;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
