/**
 * The access-rights rules of SDM vol. 3A §4.6 applied to a translation: the verdict the CPU would
 * reach for one access — nothing, #GP (non-canonical), or #PF with its error code (§4.7) and the
 * level and field that decided it, with the sentence a learner reads. A plain value.
 */
import {
  LEVEL_ENTRY_NAMES,
  LEVEL_TABLE_NAMES,
  formatPhysAddr,
  vaBits,
  PF,
  accessErrorBits,
  describeAccess,
  type Access,
  pkruBits,
  type PagingMode,
  type Level,
  type VirtAddr,
} from "../arch";
import type { AccessVerdict, FaultCause, Translation } from "./walk-types";

/** The verdict of every access the rules allow: one shared value. */
export const ALLOWED: AccessVerdict = { ok: true };

function fault(
  exception: "#PF" | "#GP",
  errorCode: number,
  cr2: VirtAddr | null,
  level: Level | null,
  cause: FaultCause,
  translation: Translation,
  mode: PagingMode,
  access: Access,
): AccessVerdict {
  const reason = sentenceOf(cause, level, translation, mode, access);
  return { ok: false, exception, errorCode, cr2, level, cause, reason };
}

/**
 * The sentences of the faults an access check meets most (P, U/S, R/W, XD, SMEP, SMAP) depend on
 * the cause, the level and the access alone: each is built once and then shared (strings are
 * values), so a walk that faults allocates no text.
 */
const SHARED_CAUSES: readonly FaultCause[] = ["P", "US", "RW", "XD", "SMEP", "SMAP"];
const sharedSentences: (string | undefined)[] = [];

function sentenceOf(
  cause: FaultCause,
  level: Level | null,
  translation: Translation,
  mode: PagingMode,
  access: Access,
): string {
  const c = SHARED_CAUSES.indexOf(cause);
  if (c < 0 || level === null) return faultReason(cause, level, translation, mode, access);
  const key =
    (c * 8 + level) * 8 +
    (access.mode === "user" ? 4 : 0) +
    (access.op === "read" ? 0 : access.op === "write" ? 1 : 2);
  return (sharedSentences[key] ??= faultReason(cause, level, translation, mode, access));
}

/**
 * The permission rules of a mapped translation in the order `checkAccess` applies them (SDM §4.6):
 * the first rule that denies is the fault's `cause`, so every rule before it passed. A teacher's
 * step-by-step view lists them in this order (teach/walk-steps.ts).
 */
export const PERMISSION_RULES = [
  "US",
  "RW",
  "XD",
  "SMEP",
  "SMAP",
  "PK",
] as const satisfies readonly FaultCause[];
export type PermissionRule = (typeof PERMISSION_RULES)[number];

export function checkAccess(
  translation: Translation,
  mode: PagingMode,
  va: VirtAddr,
  access: Access,
): AccessVerdict {
  const base = accessErrorBits(access, mode.nxe, mode.smep);
  // Each fault is built by `fault` with every argument spelled out, not by a local closure over
  // them: this check runs on every TLB hit, and the closure was allocated even when nothing faults.
  switch (translation.kind) {
    case "paging-off":
      return fault("#GP", 0, null, null, "paging-off", translation, mode, access);
    case "non-canonical":
      return fault("#GP", 0, null, null, "canonical", translation, mode, access);
    case "outside-memory":
      return fault("#PF", base, va, translation.level, "outside-memory", translation, mode, access);
    case "not-present":
      return fault("#PF", base, va, translation.level, "P", translation, mode, access);
    case "reserved-bit":
      return fault("#PF", base | PF.P | PF.RSVD, va, translation.level, "RSVD", translation, mode, access);
    case "mapped": {
      const p = translation.permissions;
      const leaf = translation.leafLevel;
      const data = access.op !== "fetch";
      // SDM §4.6.2: protection keys apply to data accesses to user-mode addresses, whatever the CPL.
      let pkDenies = false;
      if (mode.pke && p.user && data) {
        const { accessDisable, writeDisable } = pkruBits(mode.pkru, p.protectionKey);
        pkDenies =
          accessDisable || (access.op === "write" && writeDisable && (access.mode === "user" || mode.wp));
      }
      const code = base | PF.P | (pkDenies ? PF.PK : 0);
      if (access.mode === "user" && !p.user)
        return fault("#PF", code, va, p.userLimitedBy, "US", translation, mode, access);
      if (access.op === "write" && !p.writable && (access.mode === "user" || mode.wp)) {
        return fault("#PF", code, va, p.writableLimitedBy, "RW", translation, mode, access);
      }
      if (access.op === "fetch" && p.executeDisable)
        return fault("#PF", code, va, p.executeDisabledBy, "XD", translation, mode, access);
      if (access.op === "fetch" && access.mode === "supervisor" && mode.smep && p.user)
        return fault("#PF", code, va, leaf, "SMEP", translation, mode, access);
      if (data && access.mode === "supervisor" && mode.smap && p.user && !mode.ac)
        return fault("#PF", code, va, leaf, "SMAP", translation, mode, access);
      if (pkDenies) return fault("#PF", code, va, leaf, "PK", translation, mode, access);
      return ALLOWED;
    }
  }
}

/** The sentence that explains a fault to a learner. */
function faultReason(
  cause: FaultCause,
  level: Level | null,
  translation: Translation,
  mode: PagingMode,
  access: Access,
): string {
  const entry = level === null ? "entry" : LEVEL_ENTRY_NAMES[level];
  switch (cause) {
    case "paging-off":
      return translation.kind === "paging-off" ? translation.message : "Paging is off.";
    case "canonical":
      return `The address is not canonical: bits 63:${vaBits(mode.levels)} must all equal bit ${vaBits(mode.levels) - 1}, so the CPU raises #GP before reading any table.`;
    case "outside-memory":
      return translation.kind === "outside-memory"
        ? `The ${LEVEL_TABLE_NAMES[translation.level]} at ${formatPhysAddr(translation.tableAddr)} lies outside physical memory.`
        : "A table lies outside physical memory.";
    case "P":
      return `The ${entry} has P = 0: nothing is mapped here.`;
    case "RSVD":
      return translation.kind === "reserved-bit"
        ? `The ${entry} has reserved bits set: ${translation.reasons.map((r) => r.description).join("; ")}.`
        : `The ${entry} has reserved bits set.`;
    case "US":
      return `A ${describeAccess(access)} needs U/S = 1 at every level; the ${entry} has U/S = 0 (supervisor only).`;
    case "RW":
      return `The ${entry} has R/W = 0, which forbids ${access.mode === "user" ? "user writes" : "supervisor writes while CR0.WP = 1"}.`;
    case "XD":
      return `The ${entry} has XD = 1 (execute-disable, EFER.NXE = 1): instruction fetches fault.`;
    case "SMEP":
      return "CR4.SMEP = 1 forbids supervisor instruction fetches from user pages.";
    case "SMAP":
      return "CR4.SMAP = 1 forbids supervisor data accesses to user pages while RFLAGS.AC = 0.";
    case "PK": {
      const key = translation.kind === "mapped" ? translation.permissions.protectionKey : 0;
      return pkruBits(mode.pkru, key).accessDisable
        ? `The page has protection key ${key} and PKRU.AD${key} = 1: data accesses are disabled.`
        : `The page has protection key ${key} and PKRU.WD${key} = 1: writes are disabled.`;
    }
  }
}
