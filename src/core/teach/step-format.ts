/** Small pieces of text every kind of step uses: hex numbers, entry names, the bits of an index. */
import { indexLowBit, LEVEL_TABLE_NAMES, type Level } from "../arch";
import { formatHex } from "../common";
import type { WalkStep } from "../walk";
import type { StepFocus, VaBitRange } from "./step-types";

/** `0x1008` */
export const hex = (value: number | bigint): string => formatHex(value);

/** A 64-bit entry with all 16 digits, grouped: `0x0000_0000_0000_4003`. */
export const hex64 = (value: bigint): string => formatHex(value, { digits: 16, separators: true });

/** `PML4[1]` */
export const slotName = (step: Pick<WalkStep, "level" | "index">): string =>
  `${LEVEL_TABLE_NAMES[step.level]}[${step.index}]`;

/** The VA bits that index the table at `level` (SDM §4.5: 20:12 for the PT … 56:48 for the PML5). */
export function indexBits(level: Level): VaBitRange {
  const lo = indexLowBit(level);
  return { hi: lo + 8, lo };
}

export const bitRangeText = (r: VaBitRange): string =>
  r.hi === r.lo ? `bit ${r.hi}` : `bits ${r.hi}:${r.lo}`;

/** The entry a step of the traced walk read, as a step's focus. */
export function focusOf(step: WalkStep): StepFocus {
  return { level: step.level, tableAddr: step.tableAddr, index: step.index, entryAddr: step.entryAddr };
}

/** "0" / "1" for a flag. */
export const bit = (on: boolean): string => (on ? "1" : "0");
