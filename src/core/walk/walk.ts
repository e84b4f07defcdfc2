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
  LEVEL_TABLE_NAMES,
  formatPhysAddr,
  pageSizeName,
  pageSizeOfLevel,
  describeAccess,
  BIT,
  decodeEntry,
  reservedBitReasons,
  pagingMode,
  type Level,
  type PageSize,
  type PhysAddr,
  type VirtAddr,
  type Access,
  type DecodedEntry,
  type ReservedBitReason,
  type PagingMode,
  type Registers,
} from "../arch";
import { checkAccess } from "./access-check";

export { checkAccess };
import { FRAME_SIZE, Ram, type PhysicalMemory } from "../memory";

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

/**
 * One step of a walk, built from the entry's two 32-bit words. The bigint value, the decoded fields
 * and the reserved-bit reasons are computed on first use: a walk that only needs its outcome (the
 * benchmarked case, the CLI's six accesses) never pays for them.
 */
class TraceStep implements WalkStep {
  readonly level: Level;
  readonly index: number;
  /** Frame number of the table; kept a small integer so no step allocates a boxed number. */
  private readonly pfn: number;
  private readonly lo: number;
  private readonly hi: number;
  private readonly mode: PagingMode;
  private rawValue: bigint | undefined;
  private decoded: DecodedEntry | undefined;
  private reasons: readonly ReservedBitReason[] | undefined;

  constructor(level: Level, pfn: number, index: number, lo: number, hi: number, mode: PagingMode) {
    this.level = level;
    this.pfn = pfn;
    this.index = index;
    this.lo = lo;
    this.hi = hi;
    this.mode = mode;
  }

  get tableAddr(): PhysAddr {
    return (this.pfn * FRAME_SIZE) as PhysAddr;
  }

  get entryAddr(): PhysAddr {
    return (this.pfn * FRAME_SIZE + this.index * 8) as PhysAddr;
  }

  get raw(): bigint {
    return (this.rawValue ??= (BigInt(this.hi >>> 0) << 32n) | BigInt(this.lo >>> 0));
  }

  get entry(): DecodedEntry {
    return (this.decoded ??= decodeEntry(this.raw, this.level));
  }

  get reserved(): readonly ReservedBitReason[] {
    return (this.reasons ??= reservedBitReasons(this.raw, this.level, this.mode));
  }
}

/** A successful translation; the decoded leaf is built only when someone reads it. */
class MappedTranslation {
  readonly kind = "mapped";
  readonly pa: PhysAddr;
  readonly pageSize: PageSize;
  readonly leafLevel: 1 | 2 | 3;
  readonly permissions: EffectivePermissions;
  private readonly step: TraceStep;

  constructor(
    pa: PhysAddr,
    pageSize: PageSize,
    leafLevel: 1 | 2 | 3,
    permissions: EffectivePermissions,
    step: TraceStep,
  ) {
    this.pa = pa;
    this.pageSize = pageSize;
    this.leafLevel = leafLevel;
    this.permissions = permissions;
    this.step = step;
  }

  get leaf(): DecodedEntry {
    return this.step.entry;
  }
}

/**
 * Whether a present entry's words have any reserved bit set (the same rules as
 * `reservedBitReasons`, on 32-bit words for the hot path).
 */
function hasReservedBits(lo: number, hi: number, level: Level, mode: PagingMode): boolean {
  const maxPa = mode.maxPhyAddr;
  if (maxPa < 52 && (hi & 0xfffff) >>> (maxPa - 32) !== 0) return true;
  if (!mode.nxe && hi < 0) return true;
  if ((lo & 0x80) !== 0) {
    if (level >= 4) return true;
    if (level === 2 && (lo & 0x1fe000) !== 0) return true;
    if (level === 3 && (lo & 0x3fffe000) !== 0) return true;
  }
  return false;
}

/**
 * The VA's two 32-bit words, through a 64-bit typed-array cell: storing a bigint there and reading
 * the halves back allocates nothing (a bigint shift or subtraction allocates a new bigint).
 */
const vaCell = new BigUint64Array(1);
const vaHalves = new Int32Array(vaCell.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function vaWords(va: bigint): { hi: number; lo: number } {
  vaCell[0] = va; // VAs are below 2^64; the store keeps the low 64 bits
  return LITTLE_ENDIAN
    ? { hi: vaHalves[1] as number, lo: vaHalves[0] as number }
    : { hi: vaHalves[0] as number, lo: vaHalves[1] as number };
}

/** Index (0–511) the VA words select at a level. */
function indexOfWords(hi: number, lo: number, level: Level): number {
  switch (level) {
    case 5:
      return (hi >>> 16) & 511;
    case 4:
      return (hi >>> 7) & 511;
    case 3:
      return ((lo >>> 30) | (hi << 2)) & 511;
    case 2:
      return (lo >>> 21) & 511;
    default:
      return (lo >>> 12) & 511;
  }
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
  const { hi, lo } = vaWords(va);
  const top = hi >> (mode.levels === 5 ? 24 : 15); // VA bits 63:47 (63:56) as a signed number
  if (top !== 0 && top !== -1) return { steps, translation: { kind: "non-canonical" } };
  // Frame numbers stay small integers: anything past 2^31 frames is outside every memory we model.
  const pfnLimit = 2 ** 31;
  if (mode.root / FRAME_SIZE >= pfnLimit)
    return { steps, translation: { kind: "outside-memory", level: mode.levels, tableAddr: mode.root } };
  let pfn = (mode.root / FRAME_SIZE) | 0;
  const ram = memory instanceof Ram ? memory : null;
  let writableLimitedBy: Level | null = null;
  let userLimitedBy: Level | null = null;
  let executeDisabledBy: Level | null = null;
  for (let level = mode.levels as Level; level >= 1; level = (level - 1) as Level) {
    const index = indexOfWords(hi, lo, level);
    let eLo: number;
    let eHi: number;
    if (ram !== null) {
      // Simulated RAM: read the arena directly (one load less per level than a frame view).
      if (pfn >= ram.frameCount)
        return {
          steps,
          translation: { kind: "outside-memory", level, tableAddr: (pfn * FRAME_SIZE) as PhysAddr },
        };
      const w = ((ram.slots[pfn] as number) << 10) + 2 * index;
      const words = ram.store.signedWords;
      eLo = words[w] as number;
      eHi = words[w + 1] as number;
    } else {
      const frame = memory.readFrame(pfn);
      if (!frame)
        return {
          steps,
          translation: { kind: "outside-memory", level, tableAddr: (pfn * FRAME_SIZE) as PhysAddr },
        };
      eLo = (frame[2 * index] as number) | 0;
      eHi = (frame[2 * index + 1] as number) | 0;
    }
    const step = new TraceStep(level, pfn, index, eLo, eHi, mode);
    steps.push(step);
    if ((eLo & 1) === 0) return { steps, translation: { kind: "not-present", level } };
    if (hasReservedBits(eLo, eHi, level, mode)) {
      const reasons = step.reserved;
      const bits = reasons.reduce((all, r) => all | r.mask, 0n);
      return { steps, translation: { kind: "reserved-bit", level, bits, reasons } };
    }
    if ((eLo & 2) === 0 && writableLimitedBy === null) writableLimitedBy = level;
    if ((eLo & 4) === 0 && userLimitedBy === null) userLimitedBy = level;
    if (mode.nxe && eHi < 0 && executeDisabledBy === null) executeDisabledBy = level;
    if (level === 1 || ((eLo & 0x80) !== 0 && level <= 3)) {
      const leafLevel = level as 1 | 2 | 3;
      const pageSize = pageSizeOfLevel(leafLevel);
      const offsetMask = pageSize - 1;
      const baseLo = (eLo & ~offsetMask & 0xfffff000) >>> 0;
      const pa = ((eHi & 0xfffff) * 4294967296 + baseLo + ((lo & offsetMask) >>> 0)) as PhysAddr;
      const permissions: EffectivePermissions = {
        writable: writableLimitedBy === null,
        user: userLimitedBy === null,
        executeDisable: executeDisabledBy !== null,
        writableLimitedBy,
        userLimitedBy,
        executeDisabledBy,
        protectionKey: (eHi >>> 27) & 0xf,
      };
      return { steps, translation: new MappedTranslation(pa, pageSize, leafLevel, permissions, step) };
    }
    const nextHi = eHi & 0xfffff;
    if (nextHi >= 2048) {
      const tableAddr = (nextHi * 4294967296 + ((eLo & 0xfffff000) >>> 0)) as PhysAddr;
      return { steps, translation: { kind: "outside-memory", level: (level - 1) as Level, tableAddr } };
    }
    pfn = (nextHi << 20) | (eLo >>> 12);
  }
  throw new Error("unreachable: a PT entry is always a leaf");
}

let lastRegs: Registers | null = null;
let lastMode: PagingMode | null = null;

/** `pagingMode(regs)`, remembered for the last registers object (callers walk many VAs under one). */
function modeOf(regs: Registers): PagingMode {
  if (regs !== lastRegs || lastMode === null) {
    lastMode = pagingMode(regs);
    lastRegs = regs;
  }
  return lastMode;
}

/** The full traced walk of `va` for one access under the given registers. */
export function walk(memory: PhysicalMemory, regs: Registers, va: VirtAddr, access: Access): WalkResult {
  const mode = modeOf(regs);
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
  const where =
    v.level === null
      ? ""
      : ` at ${LEVEL_TABLE_NAMES[v.level]}[${result.steps.find((s) => s.level === v.level)?.index ?? "?"}]`;
  return `#PF error 0x${v.errorCode.toString(16)}${where}: ${v.reason}`;
}
