/**
 * The effective memory type of a leaf: its PAT index, the IA32_PAT entry it selects, and with
 * MTRRs the SDM's combination of the two (§11.5.2.2, Table 11-7). Without MTRRs ("not modelled")
 * the PAT type is the answer as it stands, UC- included: no MTRR type is assumed for the page.
 */
import type { MemoryType, PatTypes } from "./memory-type";
import { DEFAULT_PAT, patIndex, patTypes } from "./memory-type";
import { combineMemoryTypes, type MtrrType } from "./combine";
import { mtrrTypeOfPage, type Mtrrs } from "./mtrr";
import { ok, type Result } from "../common";

/** IA32_PAT and the MTRRs: what decides memory types besides the entries. */
export interface MemoryTypeSettings {
  readonly pat: bigint;
  /** Null: MTRRs not modelled; the PAT type is the effective type. */
  readonly mtrrs: Mtrrs | null;
}

export const DEFAULT_MEMORY_TYPE_SETTINGS: MemoryTypeSettings = { pat: DEFAULT_PAT, mtrrs: null };

/** How a page's memory type came about, step by step, for the inspector and the walk outcome. */
export interface MemoryTypeVerdict {
  readonly type: MemoryType;
  /** PAT·4 + PCD·2 + PWT. */
  readonly patIndex: number;
  readonly patType: MemoryType;
  /** The MTRRs' type of the page's range (null without MTRRs). */
  readonly mtrrType: MtrrType | null;
  /** The MTRRs give the page's bytes several types (the SDM leaves that undefined; UC is shown). */
  readonly mtrrMixed: boolean;
}

/** Settings checked once (the PAT's bytes decoded) so that each leaf costs a table lookup. */
export interface MemoryTypeResolver {
  readonly settings: MemoryTypeSettings;
  /** The effective type of a leaf (`entryLo` its low word, `pa` and `size` its page). */
  typeOf(entryLo: number, level: 1 | 2 | 3, pa: number, size: number): MemoryType;
  verdict(entryLo: number, level: 1 | 2 | 3, pa: number, size: number): MemoryTypeVerdict;
}

/** A resolver for the settings, or the PAT's problem (a reserved encoding). */
export function memoryTypeResolver(settings: MemoryTypeSettings): Result<MemoryTypeResolver> {
  const types = patTypes(settings.pat);
  if (!types.ok) return types;
  return ok(makeResolver(settings, types.value));
}

/** The resolver of settings known to be valid (defaults, a validated scenario); throws otherwise. */
export function trustedResolver(
  settings: MemoryTypeSettings = DEFAULT_MEMORY_TYPE_SETTINGS,
): MemoryTypeResolver {
  const made = memoryTypeResolver(settings);
  if (!made.ok) throw new Error(made.error.message);
  return made.value;
}

function makeResolver(settings: MemoryTypeSettings, pat: PatTypes): MemoryTypeResolver {
  const { mtrrs } = settings;
  const verdict = (entryLo: number, level: 1 | 2 | 3, pa: number, size: number): MemoryTypeVerdict => {
    const index = patIndex(entryLo, level);
    const patType = pat[index] as MemoryType;
    if (mtrrs === null) return { type: patType, patIndex: index, patType, mtrrType: null, mtrrMixed: false };
    const page = mtrrTypeOfPage(mtrrs, pa, size);
    return {
      type: page.mixed ? "UC" : combineMemoryTypes(page.type, patType),
      patIndex: index,
      patType,
      mtrrType: page.type,
      mtrrMixed: page.mixed,
    };
  };
  return {
    settings,
    verdict,
    typeOf:
      mtrrs === null
        ? (entryLo, level) => pat[patIndex(entryLo, level)] as MemoryType
        : (entryLo, level, pa, size) => verdict(entryLo, level, pa, size).type,
  };
}

/** The parts of a walk's outcome the memory type needs (a `Translation` and its `WalkStep`s fit). */
export interface MappedWalk {
  readonly translation:
    | {
        readonly kind: "mapped";
        readonly pa: number;
        readonly pageSize: number;
        readonly leafLevel: 1 | 2 | 3;
      }
    | { readonly kind: string };
  readonly steps: readonly { readonly raw: bigint }[];
}

/** The memory type of the page a walk reached (its last step is the leaf), or null for a fault. */
export function memoryTypeOfWalk(resolver: MemoryTypeResolver, walk: MappedWalk): MemoryTypeVerdict | null {
  const t = walk.translation;
  const leaf = walk.steps[walk.steps.length - 1];
  if (!("leafLevel" in t) || leaf === undefined) return null;
  const pageBase = t.pa - (t.pa % t.pageSize);
  return resolver.verdict(Number(leaf.raw & 0xffffffffn), t.leafLevel, pageBase, t.pageSize);
}

/** One line on how a page got its type: "WB (PAT index 0: PA0 = WB)", "UC (PAT index 0: PA0 = WB; MTRR UC)". */
export function describeMemoryType(v: MemoryTypeVerdict): string {
  const pat = `PAT index ${v.patIndex}: PA${v.patIndex} = ${v.patType}`;
  if (v.mtrrType === null) return `${v.type} (${pat})`;
  if (v.mtrrMixed)
    return `${v.type} (${pat}; the MTRRs give this page several types, which the SDM leaves undefined: shown as UC)`;
  return `${v.type} (${pat}; MTRR ${v.mtrrType}; SDM Table 11-7)`;
}
