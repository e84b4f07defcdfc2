/**
 * A fault log explained: with the tables (a memory image or a scenario) the walk is replayed with
 * the access the error code describes, and the fault's root cause named — the level, the entry and
 * the field — in the words of the walk's own verdict (walk/access-check.ts, teach/fault-field.ts);
 * no paging rule is re-derived here. Without tables the error code and registers are decoded, and a
 * Linux oops' printed entries are walked as the tables they are (oops-walk.ts). When the log and the
 * tables disagree, it says "stale TLB or changed tables" rather than guessing.
 */
import {
  CR0,
  CR4,
  EFER,
  LEVEL_ENTRY_NAMES,
  LEVEL_TABLE_NAMES,
  decodeEntry,
  describeAccess,
  describeErrorCode,
  formatPhysAddr,
  formatVirtAddr,
  isCanonical,
  type Access,
  type Level,
  type PhysAddr,
  type Registers,
} from "../arch";
import { formatHex, lowerFirst } from "../common";
import type { PhysicalMemory } from "../memory";
import { faultField } from "../teach";
import { walk, type FaultCause, type WalkResult } from "../walk";
import { accessOfErrorCode, errorCodeBitLines, MODELLED_PF_BITS, sdmErrorCode } from "./error-code";
import type { FaultLog, LoggedRegisters } from "./fault-log";
import { oopsMemory } from "./oops-walk";

/** The tables a log is replayed against. `regs` are the registers to walk with (see `replayRegisters`). */
export interface ExplainTables {
  readonly memory: PhysicalMemory;
  readonly regs: Registers;
}

export type ExplanationKind =
  /** The tables were walked and give the log's fault: the root cause is named. */
  | "replayed"
  /** A Linux oops' printed entries were walked and give the log's fault. */
  | "reconstructed"
  /** The walk (of the tables, or of the oops' entries) does not give the log's fault. */
  | "disagrees"
  /** No tables: the error code and registers are decoded. */
  | "decoded";

/** The entry that decided the fault, and the field in it. */
export interface RootCause {
  readonly level: Level;
  readonly index: number;
  readonly tableAddr: PhysAddr;
  readonly entryAddr: PhysAddr;
  readonly raw: bigint;
  readonly cause: FaultCause;
  /** "U/S = 0", "P = 0", … */
  readonly field: string;
}

export interface FaultExplanation {
  readonly kind: ExplanationKind;
  readonly log: FaultLog;
  /** The access the error code describes (or, without one, a read at the logged privilege level). */
  readonly access: Access;
  /** The log's error code as the SDM has it (RSVD implies P), or null. */
  readonly errorCode: number | null;
  /** The one sentence that answers "why did this fault?". */
  readonly headline: string;
  /** The error-code bits, the registers that matter, the notes of the parser. */
  readonly details: readonly string[];
  /** The walk that explains it (replayed or reconstructed), or null when decoded only. */
  readonly walk: WalkResult | null;
  readonly registers: Registers | null;
  readonly rootCause: RootCause | null;
}

const STALE = "stale TLB or changed tables";

/**
 * The registers to replay a log with: the tables' own, with the log's control registers over them
 * (the log says what ran), except a logged CR3 whose top-level table is not in the memory given
 * (a log from another boot of the same tables): then the tables' CR3 stays, and a note says so.
 */
export function replayRegisters(
  base: Registers,
  logged: LoggedRegisters,
  memory: PhysicalMemory,
): { regs: Registers; notes: string[] } {
  const notes: string[] = [];
  let cr3 = base.cr3;
  if (logged.cr3 !== undefined && logged.cr3 !== base.cr3) {
    if (memory.readFrame(Math.floor(logged.cr3 / 4096)) !== null) cr3 = logged.cr3;
    else
      notes.push(
        `The log's CR3 ${formatPhysAddr(logged.cr3)} is outside the memory given; its own CR3 ${formatPhysAddr(base.cr3)} is used.`,
      );
  }
  const regs = {
    ...base,
    cr0: logged.cr0 ?? base.cr0,
    cr3,
    cr4: logged.cr4 ?? base.cr4,
    efer: logged.efer ?? base.efer,
  };
  return { regs, notes };
}

export function explainFault(log: FaultLog, tables: ExplainTables | null): FaultExplanation {
  const errorCode = log.errorCode === null ? null : sdmErrorCode(log.errorCode) & MODELLED_PF_BITS;
  const access: Access =
    errorCode !== null
      ? accessOfErrorCode(errorCode)
      : { op: "read", mode: log.cpl === 3 ? "user" : "supervisor" };
  const details: string[] = [];
  if (log.errorCode !== null) {
    details.push(`Error code ${describeErrorCode(log.errorCode)}:`);
    details.push(...errorCodeBitLines(log.errorCode).map((l) => `  ${l}`));
    if (errorCode !== null && errorCode !== (log.errorCode & MODELLED_PF_BITS))
      details.push("  (QEMU 7.2 reports reserved-bit faults without P; the SDM sets P, as used here.)");
  }
  details.push(...registerLines(log.registers));
  details.push(...log.notes);
  const base = { log, access, errorCode, details };

  if (tables !== null) {
    // Without an error code (info registers), the first access at the logged privilege that faults.
    let result = walk(tables.memory, tables.regs, log.va, access);
    for (const op of ["write", "fetch"] as const) {
      if (errorCode !== null || !result.verdict.ok) break;
      const next = walk(tables.memory, tables.regs, log.va, { op, mode: access.mode });
      if (!next.verdict.ok) result = next;
    }
    return fromWalk({ ...base, access: result.access }, result, tables.regs, "replayed");
  }
  if (log.oopsEntries.length > 0) {
    const oops = oopsMemory(log);
    if (!oops.ok)
      return {
        ...base,
        kind: "decoded",
        headline: decodedHeadline(log, access, errorCode),
        details: [...details, oops.error.message],
        walk: null,
        registers: null,
        rootCause: null,
      };
    const result = walk(oops.value.memory, oops.value.regs, log.va, access);
    return fromWalk(
      { ...base, details: [...details, ...oops.value.notes] },
      result,
      oops.value.regs,
      "reconstructed",
    );
  }
  return {
    ...base,
    kind: "decoded",
    headline: decodedHeadline(log, access, errorCode),
    walk: null,
    registers: null,
    rootCause: null,
  };
}

interface Base {
  readonly log: FaultLog;
  readonly access: Access;
  readonly errorCode: number | null;
  readonly details: readonly string[];
}

function fromWalk(
  base: Base,
  result: WalkResult,
  regs: Registers,
  kind: "replayed" | "reconstructed",
): FaultExplanation {
  const v = result.verdict;
  const va = formatVirtAddr(result.va);
  const what = describeAccess(base.access);
  const source = kind === "replayed" ? "the tables" : "the oops' printed entries";
  const done = (
    k: ExplanationKind,
    headline: string,
    rootCause: RootCause | null,
    extra: string[] = [],
  ): FaultExplanation => ({
    ...base,
    kind: k,
    headline,
    details: [...base.details, ...extra],
    walk: result,
    registers: regs,
    rootCause,
  });
  if (v.ok) {
    const said = base.errorCode === null ? "a page fault" : `#PF error ${describeErrorCode(base.errorCode)}`;
    return done(
      "disagrees",
      `The log says ${said} at ${va}, but ${source} allow a ${what} there now: ${STALE}.`,
      null,
    );
  }
  if (result.translation.kind === "outside-memory") {
    const t = result.translation;
    const missing =
      kind === "replayed"
        ? `the ${LEVEL_TABLE_NAMES[t.level]} at ${formatPhysAddr(t.tableAddr)} is outside the memory given, so the tables cannot be replayed`
        : `the oops stops before the ${LEVEL_TABLE_NAMES[t.level]} at ${formatPhysAddr(t.tableAddr)}, so its entries do not decide the fault`;
    return done("disagrees", `The walk of ${va} cannot be finished: ${missing}.`, null);
  }
  const root = rootCauseOf(result);
  const tablesSay = `#PF error ${describeErrorCode(v.errorCode)}${root ? ` at ${entryName(root)} (${root.field})` : ""}`;
  if (v.exception === "#GP") {
    return done(
      "disagrees",
      `${va} is not canonical: a ${what} raises #GP, not a page fault; the log's address is not what faulted, or the log is not from this CPU mode.`,
      null,
    );
  }
  if (base.errorCode !== null && base.errorCode !== v.errorCode) {
    return done(
      "disagrees",
      `The log says #PF error ${describeErrorCode(base.errorCode)} at ${va}, but ${source} give ${tablesSay}: ${STALE}.`,
      root,
    );
  }
  const headline = root === null ? v.reason : rootCauseSentence(result, root, v.reason);
  const extra =
    base.errorCode === null
      ? [
          `The log has no error code: a ${what} is the first access at this privilege level that faults at ${va}.`,
        ]
      : [];
  return done(kind, headline, root, extra);
}

function rootCauseOf(result: WalkResult): RootCause | null {
  const v = result.verdict;
  if (v.ok || v.level === null) return null;
  const step = result.steps.find((s) => s.level === v.level);
  if (step === undefined) return null;
  return {
    level: step.level,
    index: step.index,
    tableAddr: step.tableAddr,
    entryAddr: step.entryAddr,
    raw: step.raw,
    cause: v.cause,
    field: faultField(v.cause),
  };
}

function entryName(root: { level: Level; index: number }): string {
  return `${LEVEL_TABLE_NAMES[root.level]}[${root.index}]`;
}

/**
 * The root cause in one sentence. A right denied above the leaf gets the sentence OS developers
 * need most: "PDPT[0] has U/S = 0: every user access below it faults; the PTE's U/S = 1 does not help".
 */
function rootCauseSentence(result: WalkResult, root: RootCause, reason: string): string {
  const leafStep = result.translation.kind === "mapped" ? result.steps[result.steps.length - 1] : undefined;
  const where = entryName(root);
  if (
    leafStep !== undefined &&
    leafStep.level !== root.level &&
    (root.cause === "US" || root.cause === "RW" || root.cause === "XD")
  ) {
    const leaf = decodeEntry(leafStep.raw, leafStep.level);
    const leafName = `the ${LEVEL_ENTRY_NAMES[leafStep.level]}'s`;
    const what =
      root.cause === "US"
        ? "user access"
        : root.cause === "RW"
          ? result.access.mode === "user"
            ? "user write"
            : "supervisor write (CR0.WP = 1)"
          : "instruction fetch";
    const leafGrants =
      root.cause === "US" ? leaf.user : root.cause === "RW" ? leaf.writable : !leaf.executeDisable;
    const leafField =
      root.cause === "US"
        ? `U/S = ${leaf.user ? 1 : 0}`
        : root.cause === "RW"
          ? `R/W = ${leaf.writable ? 1 : 0}`
          : `XD = ${leaf.executeDisable ? 1 : 0}`;
    const tail = leafGrants
      ? `${leafName} ${leafField} does not help`
      : `${leafName} ${leafField} denies it too`;
    return `${where} has ${root.field}: every ${what} below it faults; ${tail}.`;
  }
  const va = formatVirtAddr(result.va);
  switch (root.cause) {
    case "P":
      return `${where} has P = 0: nothing maps ${va} (the ${LEVEL_ENTRY_NAMES[root.level]} is ${formatHex(root.raw)}).`;
    case "RSVD":
    case "US":
    case "RW":
    case "XD":
      return `${where} has ${root.field}: ${reason}`;
    default:
      return `${where} maps ${va}, but ${lowerFirst(reason)}`;
  }
}

/** Without tables: what the error code alone says. */
function decodedHeadline(log: FaultLog, access: Access, code: number | null): string {
  const va = formatVirtAddr(log.va);
  if (code === null)
    return `The last page fault was at ${va} (CR2); the log has no error code, so give the tables (a memory image or a scenario) to replay it.`;
  const act = `${describeAccess(access)} of ${va}`;
  const what = `A ${act}`;
  // A non-canonical address raises #GP before any table is read: no #PF has it in CR2. Without the
  // log's CR4, an address canonical only with 5-level paging is told as such.
  const la57 = log.registers.cr4 === undefined ? null : (log.registers.cr4 & CR4.LA57) !== 0;
  if (!isCanonical(log.va, la57 === true ? 5 : 4)) {
    if (la57 !== null || !isCanonical(log.va, 5))
      return `${va} is not canonical: a ${act} raises #GP, not a page fault; the log's address is not what faulted, or the log is not from this CPU mode.`;
    return `${va} is canonical only with 5-level paging (CR4.LA57 = 1), which the log does not show: with 4-level paging a ${act} raises #GP, not a page fault.`;
  }
  if (code & 0x8) return `${what} met reserved bits set in an entry on its walk (RSVD = 1).`;
  if (code & 0x20) return `${what} was denied by protection keys (PK = 1): PKRU forbids the page's key.`;
  if ((code & 0x1) === 0) return `${what} found no page: an entry on its walk has P = 0.`;
  return `${what} found the page present but not allowed: U/S, R/W, XD, SMEP or SMAP on its walk denied it.`;
}

function registerLines(r: LoggedRegisters): string[] {
  const lines: string[] = [];
  const bit = (value: number, flag: number): number => ((value & flag) !== 0 ? 1 : 0);
  if (r.cr3 !== undefined)
    lines.push(
      `CR3 = ${formatPhysAddr(r.cr3)}: the top-level table at ${formatPhysAddr(r.cr3 - (r.cr3 % 4096))}.`,
    );
  if (r.cr0 !== undefined)
    lines.push(
      `CR0.WP = ${bit(r.cr0, CR0.WP)}: supervisor writes to read-only pages ${r.cr0 & CR0.WP ? "fault" : "are allowed"}.`,
    );
  if (r.cr4 !== undefined) {
    lines.push(
      `CR4: LA57 = ${bit(r.cr4, CR4.LA57)} (${r.cr4 & CR4.LA57 ? 5 : 4}-level paging), SMEP = ${bit(r.cr4, CR4.SMEP)}, SMAP = ${bit(r.cr4, CR4.SMAP)}, PKE = ${bit(r.cr4, CR4.PKE)}.`,
    );
  }
  if (r.efer !== undefined)
    lines.push(
      `EFER.NXE = ${bit(r.efer, EFER.NXE)}: XD is ${r.efer & EFER.NXE ? "in force" : "a reserved bit"}.`,
    );
  return lines;
}
