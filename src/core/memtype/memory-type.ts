/**
 * Memory types and the PAT (SDM vol. 3A §11.3, §11.12). A leaf's PWT (bit 3), PCD (bit 4) and PAT
 * bit (bit 7 in a PTE, bit 12 in a 2 MiB or 1 GiB leaf) form a 3-bit index, PAT·4 + PCD·2 + PWT,
 * into the IA32_PAT MSR, whose eight bytes each hold a memory type.
 */
import { ENTRY_PAT_HUGE, ENTRY_PCD, ENTRY_PS, ENTRY_PWT } from "../arch";
import { err, formatHex, ok, parseU64, type Result } from "../common";

/** The six memory types of SDM Table 11-2 (UC- exists only in the PAT). */
export type MemoryType = "UC" | "WC" | "WT" | "WP" | "WB" | "UC-";

/** Every memory type, in the order the SDM's tables list them. */
export const MEMORY_TYPES: readonly MemoryType[] = ["UC", "UC-", "WC", "WT", "WB", "WP"];

/** What each type means, in the words a learner reads (SDM Table 11-2). */
export const MEMORY_TYPE_NAMES: Readonly<Record<MemoryType, string>> = {
  UC: "uncacheable",
  "UC-": "uncacheable, overridable by a WC MTRR",
  WC: "write-combining",
  WT: "write-through",
  WP: "write-protected",
  WB: "write-back",
};

/**
 * PAT byte encodings (SDM Table 11-10): 0 UC, 1 WC, 4 WT, 5 WP, 6 WB, 7 UC-; 2, 3 and 8–255 are
 * reserved, and writing one to IA32_PAT raises #GP.
 */
const PAT_ENCODINGS: ReadonlyMap<number, MemoryType> = new Map<number, MemoryType>([
  [0, "UC"],
  [1, "WC"],
  [4, "WT"],
  [5, "WP"],
  [6, "WB"],
  [7, "UC-"],
]);

/** IA32_PAT at power-on and reset (SDM Table 11-12): WB, WT, UC-, UC, WB, WT, UC-, UC. */
export const DEFAULT_PAT = 0x0007040600070406n;

/** The eight memory types of a valid IA32_PAT value, PA0 first. */
export type PatTypes = readonly [
  MemoryType,
  MemoryType,
  MemoryType,
  MemoryType,
  MemoryType,
  MemoryType,
  MemoryType,
  MemoryType,
];

/**
 * The types of an IA32_PAT value, or why the CPU would refuse it: a reserved encoding in any byte
 * makes WRMSR raise #GP (SDM §11.12.2).
 */
export function patTypes(pat: bigint): Result<PatTypes> {
  if (pat < 0n || pat >= 1n << 64n) return err("range", "IA32_PAT is a 64-bit value.");
  const types: MemoryType[] = [];
  for (let i = 0; i < 8; i++) {
    const byte = Number((pat >> BigInt(8 * i)) & 0xffn);
    const type = PAT_ENCODINGS.get(byte);
    if (type === undefined) {
      return err(
        "reserved-type",
        `IA32_PAT byte ${i} (PA${i}) is ${formatHex(byte)}, a reserved encoding: each byte must be 0 UC, 1 WC, 4 WT, 5 WP, 6 WB or 7 UC- (SDM Table 11-10; WRMSR would raise #GP).`,
      );
    }
    types.push(type);
  }
  return ok(types as unknown as PatTypes);
}

/** The types of the power-on IA32_PAT. */
export const DEFAULT_PAT_TYPES: PatTypes = (patTypes(DEFAULT_PAT) as { ok: true; value: PatTypes }).value;

/** Parses IA32_PAT as typed (hex, `_` allowed) and checks every byte's encoding. */
export function parsePat(text: string): Result<bigint> {
  const parsed = parseU64(text, "IA32_PAT");
  if (!parsed.ok) return parsed;
  const types = patTypes(parsed.value);
  return types.ok ? ok(parsed.value) : types;
}

/**
 * The PAT index of a leaf (SDM §11.12.3, Table 11-11): PAT·4 + PCD·2 + PWT, where the PAT bit is
 * bit 7 of a PTE (level 1) and bit 12 of a 2 MiB (level 2) or 1 GiB (level 3) leaf.
 */
export function patIndex(entryLo: number, level: 1 | 2 | 3): number {
  const patBit = level === 1 ? ENTRY_PS : ENTRY_PAT_HUGE;
  return (
    ((entryLo & patBit) !== 0 ? 4 : 0) |
    ((entryLo & ENTRY_PCD) !== 0 ? 2 : 0) |
    ((entryLo & ENTRY_PWT) !== 0 ? 1 : 0)
  );
}

/** The MTRR type encodings (SDM Table 11-8): UC- (7) is not one; 2, 3 and 7–255 are reserved. */
export const MTRR_TYPE_ENCODINGS: ReadonlyMap<number, MemoryType> = new Map<number, MemoryType>([
  [0, "UC"],
  [1, "WC"],
  [4, "WT"],
  [5, "WP"],
  [6, "WB"],
]);

/** A memory type named as the SDM writes it ("WB", "uc-" accepted), or null. */
export function memoryTypeFromName(name: string): MemoryType | null {
  const upper = name.trim().toUpperCase();
  return (MEMORY_TYPES as readonly string[]).includes(upper) ? (upper as MemoryType) : null;
}
