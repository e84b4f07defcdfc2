/**
 * Memory type range registers (SDM vol. 3A §11.11): a memory type per physical range, from the
 * default type (IA32_MTRR_DEF_TYPE), the fixed ranges of the first MiB and the variable ranges.
 *
 * Precedence (§11.11.4.1): MTRRs off (E = 0) → everything is UC; below 1 MiB with the fixed ranges
 * on (FE = 1) → the fixed range's type; else the variable ranges that contain the address,
 * combined as the SDM says when they overlap; else the default type.
 */
import { formatHex } from "../common";
import type { MtrrType } from "./combine";

/** One variable range: `size` is a power of two ≥ 4 KiB and `base` a multiple of it (a contiguous mask). */
export interface VariableMtrr {
  readonly base: number;
  readonly size: number;
  readonly type: MtrrType;
}

/** A fixed-range stretch of the first MiB (its ends on the fixed ranges' granularity there). */
export interface FixedMtrr {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  readonly type: MtrrType;
}

export interface Mtrrs {
  /** IA32_MTRR_DEF_TYPE.E: with MTRRs off every physical address is UC. */
  readonly enabled: boolean;
  /** IA32_MTRR_DEF_TYPE bits 2:0: the type of memory no range covers. */
  readonly defaultType: MtrrType;
  /**
   * IA32_MTRR_DEF_TYPE.FE with the fixed ranges' contents; null when the fixed ranges are off.
   * The parts of the first MiB no stretch names are UC, what a zero fixed-range byte means.
   */
  readonly fixed: readonly FixedMtrr[] | null;
  readonly variable: readonly VariableMtrr[];
}

/** The first MiB, which the fixed ranges cover (SDM §11.11.2.2). */
export const FIXED_RANGES_END = 0x100000;

/**
 * The granularity of the fixed-range MTRRs at a physical address below 1 MiB: 64 KiB up to
 * 0x80000 (IA32_MTRR_FIX64K_00000), 16 KiB up to 0xC0000 (FIX16K_80000/A0000), 4 KiB above (FIX4K_*).
 */
export function fixedGranularity(pa: number): number {
  return pa < 0x80000 ? 0x10000 : pa < 0xc0000 ? 0x4000 : 0x1000;
}

/**
 * The type of two overlapping variable ranges (SDM §11.11.4.1): equal types give that type; any UC
 * gives UC; WT with WB gives WT. Any other mix is undefined: null.
 */
function overlapType(a: MtrrType, b: MtrrType): MtrrType | null {
  if (a === b) return a;
  if (a === "UC" || b === "UC") return "UC";
  if ((a === "WT" && b === "WB") || (a === "WB" && b === "WT")) return "WT";
  return null;
}

/** Why two overlapping variable ranges make the memory type undefined, or null when they are fine. */
export function overlapProblem(a: MtrrType, b: MtrrType): string | null {
  if (overlapType(a, b) !== null) return null;
  return `they overlap as ${a} and ${b}, a mix the SDM leaves undefined (§11.11.4.1: only equal types, UC with anything, or WT with WB may overlap)`;
}

/** The MTRR type of one physical address. */
export function mtrrTypeAt(mtrrs: Mtrrs, pa: number): MtrrType {
  if (!mtrrs.enabled) return "UC";
  if (mtrrs.fixed !== null && pa < FIXED_RANGES_END) {
    for (const f of mtrrs.fixed) if (pa >= f.start && pa < f.end) return f.type;
    return "UC";
  }
  let type: MtrrType | null = null;
  for (const v of mtrrs.variable) {
    if (pa >= v.base && pa < v.base + v.size)
      // An undefined mix never gets here (the MTRR readers refuse it); UC is never wrong to assume.
      type = type === null ? v.type : (overlapType(type, v.type) ?? "UC");
  }
  return type ?? mtrrs.defaultType;
}

/** The MTRR type of a page, and whether the MTRRs give its bytes more than one type. */
export interface PageMtrrType {
  readonly type: MtrrType;
  /**
   * The page spans MTRR ranges of different types. The SDM leaves such a large page undefined
   * (§11.11.9); Pagewalk then reports UC, the type that is never wrong to assume.
   */
  readonly mixed: boolean;
}

/**
 * The MTRR type of the page [pa, pa + size). The type is constant between the boundaries of the
 * ranges, so it is read at the page's start and at every boundary inside the page.
 */
export function mtrrTypeOfPage(mtrrs: Mtrrs, pa: number, size: number): PageMtrrType {
  const first = mtrrTypeAt(mtrrs, pa);
  if (!mtrrs.enabled || size === 4096) return { type: first, mixed: false };
  const end = pa + size;
  const inside = (x: number): boolean => x > pa && x < end;
  const points: number[] = [];
  if (mtrrs.fixed !== null && pa < FIXED_RANGES_END) {
    for (let x = pa; x < Math.min(end, FIXED_RANGES_END); x += fixedGranularity(x)) points.push(x);
    if (inside(FIXED_RANGES_END)) points.push(FIXED_RANGES_END);
  }
  for (const v of mtrrs.variable) {
    if (inside(v.base)) points.push(v.base);
    if (inside(v.base + v.size)) points.push(v.base + v.size);
  }
  for (const x of points) if (mtrrTypeAt(mtrrs, x) !== first) return { type: "UC", mixed: true };
  return { type: first, mixed: false };
}

/** Describes a variable range as the SDM's registers would hold it, for messages. */
export function describeVariable(v: VariableMtrr): string {
  return `${formatHex(v.base)}–${formatHex(v.base + v.size - 1)} ${v.type}`;
}
