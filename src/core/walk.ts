/**
 * The traced page walk (SDM vol. 3A §4.5 "4-level and 5-level paging", §4.6 "access rights",
 * §4.7 "page-fault exceptions"): every step the processor takes for one virtual address and one
 * access, and the outcome — a physical address with effective permissions, or the exact fault.
 *
 * Faults are values (STYLE §6). The walk is split in two so each part is testable on its own:
 * `translate…` follows the tables (not-present, reserved bits, non-canonical), then `checkAccess`
 * applies the permission rules to the result.
 */
import {
  LEVEL_ENTRY_NAMES,
  LEVEL_TABLE_NAMES,
  formatPhysAddr,
  indexAt,
  isCanonical,
  pageSizeName,
  pageSizeOfLevel,
  vaBits,
  type Level,
  type PageSize,
  type PhysAddr,
  type VirtAddr,
} from "./address";
import { PF, accessErrorBits, describeAccess, type Access } from "./access";
import {
  BIT,
  decodeEntry,
  isLeafEntry,
  reservedBitReasons,
  type DecodedEntry,
  type ReservedBitReason,
} from "./entry";
import { FRAME_SIZE, entryOfFrame, type PhysicalMemory } from "./memory";
import { pagingMode, pkruBits, type PagingMode, type Registers } from "./registers";

export interface WalkStep {
  readonly level: Level;
  readonly tableAddr: PhysAddr;
  readonly index: number;
  readonly entryAddr: PhysAddr;
  readonly raw: bigint;
  readonly entry: DecodedEntry;
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
      readonly leaf: DecodedEntry;
      readonly permissions: EffectivePermissions;
    }
  | { readonly kind: "non-canonical" }
  | { readonly kind: "not-present"; readonly level: Level }
  | { readonly kind: "reserved-bit"; readonly level: Level; readonly bits: bigint; readonly reasons: readonly ReservedBitReason[] }
  /** A table (or CR3) points outside physical memory: no real walk can be shown beyond it. */
  | { readonly kind: "outside-memory"; readonly level: Level; readonly tableAddr: PhysAddr }
  | { readonly kind: "paging-off"; readonly message: string };

/** What decided a fault: the level and entry field, or a control register rule. */
export type FaultCause =
  | "canonical"
  | "P"
  | "RSVD"
  | "US"
  | "RW"
  | "XD"
  | "SMEP"
  | "SMAP"
  | "PK"
  | "outside-memory"
  | "paging-off";

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

/**
 * Follows the tables for `va` from CR3, recording each step. Stops at the first not-present entry,
 * reserved bit, or table outside memory. Cycle-safe by construction: at most `levels` steps.
 */
export function translateTraced(
  memory: PhysicalMemory,
  mode: PagingMode,
  va: VirtAddr,
): { steps: WalkStep[]; translation: Translation } {
  const steps: WalkStep[] = [];
  if (mode.unsupported) return { steps, translation: { kind: "paging-off", message: mode.unsupported } };
  if (!isCanonical(va, mode.levels)) return { steps, translation: { kind: "non-canonical" } };
  let tableAddr = mode.root;
  let writable = true;
  let user = true;
  let xd = false;
  let writableLimitedBy: Level | null = null;
  let userLimitedBy: Level | null = null;
  let executeDisabledBy: Level | null = null;
  for (let level = mode.levels as Level; level >= 1; level = (level - 1) as Level) {
    const frame = memory.readFrame(tableAddr / FRAME_SIZE);
    if (!frame) return { steps, translation: { kind: "outside-memory", level, tableAddr } };
    const index = indexAt(va, level);
    const raw = entryOfFrame(frame, index);
    const entry = decodeEntry(raw, level);
    const reserved = reservedBitReasons(raw, level, mode);
    steps.push({ level, tableAddr, index, entryAddr: (tableAddr + index * 8) as PhysAddr, raw, entry, reserved });
    if (!entry.present) return { steps, translation: { kind: "not-present", level } };
    if (reserved.length > 0) {
      const bits = reserved.reduce((all, r) => all | r.mask, 0n);
      return { steps, translation: { kind: "reserved-bit", level, bits, reasons: reserved } };
    }
    if (!entry.writable && writable) {
      writable = false;
      writableLimitedBy = level;
    }
    if (!entry.user && user) {
      user = false;
      userLimitedBy = level;
    }
    if (mode.nxe && entry.executeDisable && !xd) {
      xd = true;
      executeDisabledBy = level;
    }
    if (isLeafEntry(raw, level)) {
      const leafLevel = level as 1 | 2 | 3;
      const pageSize = pageSizeOfLevel(leafLevel);
      const offset = Number(va & BigInt(pageSize - 1));
      return {
        steps,
        translation: {
          kind: "mapped",
          pa: (entry.address + offset) as PhysAddr,
          pageSize,
          leafLevel,
          leaf: entry,
          permissions: {
            writable,
            user,
            executeDisable: xd,
            writableLimitedBy,
            userLimitedBy,
            executeDisabledBy,
            protectionKey: entry.protectionKey,
          },
        },
      };
    }
    tableAddr = entry.address;
  }
  throw new Error("unreachable: a PT entry is always a leaf");
}

/**
 * Applies the access-rights rules of SDM §4.6 to a translation, producing the verdict the CPU
 * would reach: nothing, #GP (non-canonical), or #PF with its error code and the deciding entry.
 */
export function checkAccess(translation: Translation, mode: PagingMode, va: VirtAddr, access: Access): AccessVerdict {
  const base = accessErrorBits(access, mode.nxe, mode.smep);
  const pf = (errorCode: number, level: Level | null, cause: FaultCause, reason: string): AccessVerdict => ({
    ok: false,
    exception: "#PF",
    errorCode,
    cr2: va,
    level,
    cause,
    reason,
  });
  switch (translation.kind) {
    case "paging-off":
      return { ok: false, exception: "#GP", errorCode: 0, cr2: null, level: null, cause: "paging-off", reason: translation.message };
    case "non-canonical":
      return {
        ok: false,
        exception: "#GP",
        errorCode: 0,
        cr2: null,
        level: null,
        cause: "canonical",
        reason: `The address is not canonical: bits 63:${vaBits(mode.levels)} must all equal bit ${vaBits(mode.levels) - 1}, so the CPU raises #GP before reading any table.`,
      };
    case "outside-memory":
      return pf(
        base,
        translation.level,
        "outside-memory",
        `The ${LEVEL_TABLE_NAMES[translation.level]} at ${formatPhysAddr(translation.tableAddr)} lies outside physical memory.`,
      );
    case "not-present":
      return pf(
        base,
        translation.level,
        "P",
        `The ${LEVEL_ENTRY_NAMES[translation.level]} has P = 0: nothing is mapped here.`,
      );
    case "reserved-bit":
      return pf(
        base | PF.P | PF.RSVD,
        translation.level,
        "RSVD",
        `The ${LEVEL_ENTRY_NAMES[translation.level]} has reserved bits set: ${translation.reasons.map((r) => r.description).join("; ")}.`,
      );
    case "mapped":
      return checkPermissions(translation, mode, access, (code, level, cause, reason) =>
        pf(base | PF.P | code, level, cause, reason),
      );
  }
}

function checkPermissions(
  translation: Extract<Translation, { kind: "mapped" }>,
  mode: PagingMode,
  access: Access,
  fault: (extraCode: number, level: Level | null, cause: FaultCause, reason: string) => AccessVerdict,
): AccessVerdict {
  const p = translation.permissions;
  const leaf = translation.leafLevel;
  const data = access.op !== "fetch";
  const what = describeAccess(access);
  // SDM §4.6.2: protection keys apply to data accesses to user-mode addresses, whatever the CPL.
  let pkDenies = false;
  if (mode.pke && p.user && data) {
    const { accessDisable, writeDisable } = pkruBits(mode.pkru, p.protectionKey);
    pkDenies = accessDisable || (access.op === "write" && writeDisable && (access.mode === "user" || mode.wp));
  }
  const pk = pkDenies ? PF.PK : 0;
  if (access.mode === "user" && !p.user) {
    const level = p.userLimitedBy as Level;
    return fault(pk, level, "US", `A ${what} needs U/S = 1 at every level; the ${LEVEL_ENTRY_NAMES[level]} has U/S = 0 (supervisor only).`);
  }
  if (access.op === "write" && !p.writable && (access.mode === "user" || mode.wp)) {
    const level = p.writableLimitedBy as Level;
    const why = access.mode === "user" ? "user writes" : "supervisor writes while CR0.WP = 1";
    return fault(pk, level, "RW", `The ${LEVEL_ENTRY_NAMES[level]} has R/W = 0, which forbids ${why}.`);
  }
  if (access.op === "fetch" && p.executeDisable) {
    const level = p.executeDisabledBy as Level;
    return fault(pk, level, "XD", `The ${LEVEL_ENTRY_NAMES[level]} has XD = 1 (execute-disable, EFER.NXE = 1): instruction fetches fault.`);
  }
  if (access.op === "fetch" && access.mode === "supervisor" && mode.smep && p.user) {
    return fault(pk, leaf, "SMEP", "CR4.SMEP = 1 forbids supervisor instruction fetches from user pages.");
  }
  if (data && access.mode === "supervisor" && mode.smap && p.user && !mode.ac) {
    return fault(pk, leaf, "SMAP", "CR4.SMAP = 1 forbids supervisor data accesses to user pages while RFLAGS.AC = 0.");
  }
  if (pkDenies) {
    const key = p.protectionKey;
    const { accessDisable } = pkruBits(mode.pkru, key);
    return fault(
      pk,
      leaf,
      "PK",
      accessDisable
        ? `The page has protection key ${key} and PKRU.AD${key} = 1: data accesses are disabled.`
        : `The page has protection key ${key} and PKRU.WD${key} = 1: writes are disabled.`,
    );
  }
  return { ok: true };
}

export interface WalkOptions {
  /** Also compute the A/D bits the processor would set (see `accessedDirtyWrites`). */
  readonly trackAccessedDirty?: boolean;
}

/** The full traced walk of `va` for one access under the given registers. */
export function walk(memory: PhysicalMemory, regs: Registers, va: VirtAddr, access: Access): WalkResult {
  const mode = pagingMode(regs);
  const { steps, translation } = translateTraced(memory, mode, va);
  return { va, access, mode, steps, translation, verdict: checkAccess(translation, mode, va, access) };
}

/** A change of one entry in RAM. */
export interface EntryWrite {
  readonly entryAddr: PhysAddr;
  readonly before: bigint;
  readonly after: bigint;
}

/**
 * The Accessed/Dirty updates hardware makes for a walk (SDM §4.8): a permitted access sets A in every
 * entry it used, and a permitted write also sets D in the leaf. Entries already set are not listed.
 */
export function accessedDirtyWrites(result: WalkResult): EntryWrite[] {
  if (!result.verdict.ok || result.translation.kind !== "mapped") return [];
  const writes: EntryWrite[] = [];
  result.steps.forEach((step, k) => {
    let after = step.raw | (1n << BigInt(BIT.A));
    if (k === result.steps.length - 1 && result.access.op === "write") after |= 1n << BigInt(BIT.D);
    if (after !== step.raw) writes.push({ entryAddr: step.entryAddr, before: step.raw, after });
  });
  return writes;
}

/** One line a person can read: "0x803fe7f5ce → 0x35ce (4 KiB page, user read ok)". */
export function describeOutcome(result: WalkResult): string {
  const va = `0x${result.va.toString(16)}`;
  const v = result.verdict;
  const t = result.translation;
  if (v.ok && t.kind === "mapped") {
    return `${va} → ${formatPhysAddr(t.pa)} (${pageSizeName(t.pageSize)} page, ${describeAccess(result.access)} ok)`;
  }
  if (v.ok) return `${va}: ${describeAccess(result.access)} ok`;
  if (v.exception === "#GP") return `#GP at ${va}: ${v.reason}`;
  const where = v.level === null ? "" : ` at ${LEVEL_TABLE_NAMES[v.level]}[${result.steps.find((s) => s.level === v.level)?.index ?? "?"}]`;
  return `#PF error 0x${v.errorCode.toString(16)}${where}: ${v.reason}`;
}
