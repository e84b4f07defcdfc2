/**
 * What a traced walk returns (SDM vol. 3A §4.5–4.7): its steps, the translation, and the verdict
 * of one access. Plain data: every field is an own, enumerable value, so a result survives a
 * spread, `structuredClone` (a worker message) and `JSON.stringify` (with a bigint replacer).
 * The walk (walk.ts) and the access rules (access-check.ts) both build these values.
 *
 * A step records what the processor read — where, and the 64-bit value — not every field of it:
 * `decodeEntry(step.raw, step.level)` (arch) gives the fields, for the few readers that show them.
 * Decoding every step of every walk cost more than the walk itself.
 */
import type { Access, Level, PageSize, PagingMode, PhysAddr, ReservedBitReason, VirtAddr } from "../arch";

export interface WalkStep {
  readonly level: Level;
  readonly tableAddr: PhysAddr;
  readonly index: number;
  readonly entryAddr: PhysAddr;
  /** The entry read there (decode it with `decodeEntry(raw, level)`). */
  readonly raw: bigint;
  /** Reserved bits set in this entry under the current MAXPHYADDR / EFER.NXE (empty if none). */
  readonly reserved: readonly ReservedBitReason[];
}

/** For each permission, whether it holds and the first level (from the top) that denied it. */
export interface EffectivePermissions {
  readonly writable: boolean;
  readonly user: boolean;
  /** XD anywhere on the path, counted only when EFER.NXE = 1. */
  readonly executeDisable: boolean;
  readonly writableLimitedBy: Level | null;
  readonly userLimitedBy: Level | null;
  readonly executeDisabledBy: Level | null;
  readonly protectionKey: number;
}

export type Translation =
  | {
      readonly kind: "mapped";
      readonly pa: PhysAddr;
      readonly pageSize: PageSize;
      readonly leafLevel: 1 | 2 | 3;
      readonly permissions: EffectivePermissions;
    }
  | { readonly kind: "non-canonical" }
  | { readonly kind: "not-present"; readonly level: Level }
  | {
      readonly kind: "reserved-bit";
      readonly level: Level;
      readonly bits: bigint;
      readonly reasons: readonly ReservedBitReason[];
    }
  /** A table (or CR3) points outside physical memory: no real walk can be shown beyond it. */
  | { readonly kind: "outside-memory"; readonly level: Level; readonly tableAddr: PhysAddr }
  | { readonly kind: "paging-off"; readonly message: string };

/** What decided a fault: the level and entry field, or a control register rule. */
export type FaultCause =
  "canonical" | "P" | "RSVD" | "US" | "RW" | "XD" | "SMEP" | "SMAP" | "PK" | "outside-memory" | "paging-off";

export type AccessVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly exception: "#PF" | "#GP";
      readonly errorCode: number;
      /** CR2 receives the faulting VA on #PF; #GP leaves it alone. */
      readonly cr2: VirtAddr | null;
      /** The level whose entry decided the fault (null for #GP). */
      readonly level: Level | null;
      readonly cause: FaultCause;
      /** One sentence for a learner. */
      readonly reason: string;
    };

export interface WalkResult {
  readonly va: VirtAddr;
  readonly access: Access;
  readonly mode: PagingMode;
  readonly steps: readonly WalkStep[];
  readonly translation: Translation;
  readonly verdict: AccessVerdict;
}
