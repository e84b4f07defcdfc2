/**
 * Predict, then reveal: a learner states what an access will do — "translates to PA …" or "faults:
 * #PF/#GP, error code …, at level …" — before seeing it, and this checks the claim against the
 * traced walk, saying specifically what was wrong ("the PD index is bits 29:21, you used 38:30",
 * "PDPT[0] has U/S = 0: a user read faults there with error code 0x5 = P | U").
 *
 * The answer is always the walk's (walk.ts, access-check.ts); this module only compares and
 * explains. To recognise a wrong index it walks the VA again with one level's index taken from
 * other bits, through the same tables: a handful of walks, each a few hundred nanoseconds.
 */
import {
  LEVEL_ENTRY_NAMES,
  LEVEL_TABLE_NAMES,
  PF_BIT_NAMES,
  decodeEntry,
  describeAccess,
  describeErrorCode,
  formatPhysAddr,
  indexAt,
  pageSizeOfLevel,
  pageSizeName,
  parsePhysAddr,
  type Level,
  type PhysAddr,
  type Registers,
  type VirtAddr,
} from "../arch";
import { err, ok, parseU64, type Result } from "../common";
import type { PhysicalMemory } from "../memory";
import { walk, type FaultCause, type WalkResult, type WalkStep } from "../walk";
import { faultField } from "./fault-field";
import { bitRangeText, indexBits, slotName } from "./step-format";

/** What the learner says will happen. */
export type Prediction =
  | { readonly kind: "translates"; readonly pa: PhysAddr }
  | {
      readonly kind: "faults";
      readonly exception: "#PF" | "#GP";
      readonly errorCode: number;
      /** The level whose entry faults; null for a #GP (no table decides it). */
      readonly level: Level | null;
    };

export interface PredictionCheck {
  readonly correct: boolean;
  /** What was wrong, most specific first; empty when the prediction is right. */
  readonly feedback: readonly string[];
  /** The right answer in one sentence, with the arithmetic or the fault. */
  readonly answer: string;
}

/** The prediction form as typed: which outcome, and the text of each field. */
export interface PredictionForm {
  readonly outcome: "translates" | "faults";
  readonly pa: string;
  readonly exception: "#PF" | "#GP";
  readonly errorCode: string;
  /** "5" … "1" for PML5 … PT, or "" for none. */
  readonly level: string;
}

/** Reads the form; a field that does not parse is named in the learner's words. */
export function parsePrediction(form: PredictionForm, maxPhyAddr: number): Result<Prediction> {
  if (form.outcome === "translates") {
    if (form.pa.trim() === "")
      return err("empty", "Type the physical address you expect, for example 0x35ce.");
    const pa = parsePhysAddr(form.pa, maxPhyAddr);
    return pa.ok ? ok({ kind: "translates", pa: pa.value }) : pa;
  }
  if (form.exception === "#GP") return ok({ kind: "faults", exception: "#GP", errorCode: 0, level: null });
  if (form.errorCode.trim() === "")
    return err("empty", "Type the error code you expect, for example 0x5 (P | U).");
  const code = parseU64(form.errorCode, "error code");
  if (!code.ok) return code;
  if (code.value > 0xffffn)
    return err("too-large", `Error code ${form.errorCode.trim()} is wider than 16 bits.`);
  if (!/^[1-5]$/.test(form.level))
    return err("no-level", "Choose the level whose entry faults (PML4, PDPT, PD or PT).");
  return ok({
    kind: "faults",
    exception: "#PF",
    errorCode: Number(code.value),
    level: Number(form.level) as Level,
  });
}

/** `PT[127]` for a step of the walk. */
const entryName = slotName;

/** "VA bits 29:21", the bits that index the table at `level`. */
const indexBitsText = (level: Level): string => `VA ${bitRangeText(indexBits(level))}`;

/** The bits of a page's offset: "11:0" for 4 KiB, "20:0" for 2 MiB, "29:0" for 1 GiB. */
const offsetBits = (pageSize: number): string => `${Math.log2(pageSize) - 1}:0`;

/** Bits 51:0 of an entry: its address field with the low flag bits still in it. */
const LOW_52_BITS = 0xf_ffff_ffff_ffffn;

/**
 * The faulting entry and why: "PML4[1] has U/S = 0" (or "PML4[1], which has U/S = 0" inside a
 * sentence) for an entry field; "PT[127] (SMEP, supervisor fetch from a user page)" for a rule.
 */
function faultingEntry(step: WalkStep, cause: FaultCause, inSentence = false): string {
  const field = faultField(cause);
  if (!/=/.test(field) && cause !== "RSVD") return `${entryName(step)} (${field})`;
  return `${entryName(step)}${inSentence ? ", which" : ""} has ${field}`;
}

/** The outcome of a walk as the answer to "what will this access do?", in one sentence. */
export function predictionAnswer(result: WalkResult): string {
  const v = result.verdict;
  const t = result.translation;
  if (v.ok && t.kind === "mapped") {
    const base = t.pa - (t.pa % t.pageSize);
    return `It translates to PA ${formatPhysAddr(t.pa)}: a ${pageSizeName(t.pageSize)} page at ${formatPhysAddr(base)} plus offset ${formatPhysAddr(t.pa - base)}.`;
  }
  if (v.ok) return "The access succeeds.";
  if (v.exception === "#GP") return `It raises #GP (error code 0): ${v.reason}`;
  const step = result.steps.find((s) => s.level === v.level);
  const where = step ? ` at ${entryName(step)}` : "";
  return `It raises #PF with error code ${describeErrorCode(v.errorCode)}${where}: ${v.reason}`;
}

/** Checks a prediction about the walk `result` of `memory` under `regs` (the same walk the views show). */
export function checkPrediction(
  memory: PhysicalMemory,
  regs: Registers,
  result: WalkResult,
  prediction: Prediction,
): PredictionCheck {
  const feedback =
    prediction.kind === "translates"
      ? translatesFeedback(memory, regs, result, prediction.pa)
      : faultsFeedback(result, prediction);
  return { correct: feedback.length === 0, feedback, answer: predictionAnswer(result) };
}

function translatesFeedback(
  memory: PhysicalMemory,
  regs: Registers,
  result: WalkResult,
  pa: PhysAddr,
): string[] {
  const v = result.verdict;
  const t = result.translation;
  if (!v.ok) {
    if (v.exception === "#GP") return [`There is no translation: ${v.reason}`];
    const step = result.steps.find((s) => s.level === v.level);
    const at = step ? `${faultingEntry(step, v.cause)}: ` : "";
    const faults = `${at}a ${describeAccess(result.access)} faults there with error code ${describeErrorCode(v.errorCode)}.`;
    if (t.kind === "mapped" && t.pa === pa)
      return [
        `The address does map to ${formatPhysAddr(pa)}, but this access is not allowed: ${faults}`,
        v.reason,
      ];
    return [faults, v.reason];
  }
  if (t.kind !== "mapped" || t.pa === pa) return [];
  return [wrongAddressReason(memory, regs, result, t, pa)];
}

type Mapped = Extract<WalkResult["translation"], { kind: "mapped" }>;

/** Why `pa` is not the translation: the most specific mistake that explains it. */
function wrongAddressReason(
  memory: PhysicalMemory,
  regs: Registers,
  result: WalkResult,
  t: Mapped,
  pa: PhysAddr,
): string {
  const leaf = result.steps[result.steps.length - 1] as WalkStep;
  const frame = t.pa - (t.pa % t.pageSize);
  const offset = t.pa - frame;
  const arithmetic = `PA = ${formatPhysAddr(frame)} + ${formatPhysAddr(offset)} = ${formatPhysAddr(t.pa)}`;
  for (const step of result.steps) {
    if (pa === step.entryAddr)
      return `${formatPhysAddr(pa)} is the address of the entry ${entryName(step)}, not of the byte: follow what it holds down to the page; ${arithmetic}.`;
    if (pa === step.tableAddr)
      return `${formatPhysAddr(pa)} is where the ${LEVEL_TABLE_NAMES[step.level]} itself lives; the walk goes on through it to the page: ${arithmetic}.`;
  }
  const withFlags = Number(leaf.raw & LOW_52_BITS) + offset;
  // The learner added the whole entry (flags included) to the offset, or took the entry as the PA.
  if (withFlags !== t.pa && (pa === withFlags || pa === Number(leaf.raw & LOW_52_BITS)))
    return `The entry's low bits are flags, not address: ${entryName(leaf)} = ${"0x" + leaf.raw.toString(16)} holds the frame address ${formatPhysAddr(frame)} in bits 51:${Math.log2(t.pageSize)}; ${arithmetic}.`;
  const low = Number(result.va % 4096n);
  if (pa - (pa % t.pageSize) === frame) {
    if (t.pageSize > 4096 && pa === frame + low)
      return `This is a ${pageSizeName(t.pageSize)} page (${entryName(leaf)} has PS = 1), so the offset is VA bits ${offsetBits(t.pageSize)} = ${formatPhysAddr(offset)}, not only bits 11:0; ${arithmetic}.`;
    return `The page frame ${formatPhysAddr(frame)} is right, but the offset is VA bits ${offsetBits(t.pageSize)} = ${formatPhysAddr(offset)}; ${arithmetic}.`;
  }
  // Stopping early: a table pointer read as if it were a huge page.
  for (const step of result.steps) {
    if (step === leaf || step.level === 1 || step.level > 3) continue;
    const size = pageSizeOfLevel(step.level as 2 | 3);
    const pointer = decodeEntry(step.raw, step.level).address;
    if (pa === pointer + Number(result.va % BigInt(size)))
      return `${entryName(step)} has PS = 0: it points to the next table (at ${formatPhysAddr(pointer)}), not to a ${pageSizeName(size)} page, so the walk goes on; ${arithmetic}.`;
  }
  const misread = misreadIndex(memory, regs, result, pa);
  if (misread) return misread;
  if (BigInt(pa) === result.va)
    return `Paging is not the identity here: ${entryName(leaf)} maps the page to the frame at ${formatPhysAddr(frame)}; ${arithmetic}.`;
  return `${entryName(leaf)} maps the ${pageSizeName(t.pageSize)} page to the frame at ${formatPhysAddr(frame)}: ${arithmetic}.`;
}

/**
 * When `pa` is what the walk gives with one level's index read from the wrong bits (another
 * level's, or off by one), says which. The tables are the same; only the index changes.
 */
function misreadIndex(
  memory: PhysicalMemory,
  regs: Registers,
  result: WalkResult,
  pa: PhysAddr,
): string | null {
  const levels = result.mode.levels;
  for (const step of result.steps) {
    const level = step.level;
    const shift = BigInt(indexBits(level).lo);
    const replace = (index: number): VirtAddr =>
      ((result.va & ~(511n << shift)) | (BigInt(index) << shift)) as VirtAddr;
    const reaches = (index: number): boolean => {
      if (index < 0 || index > 511 || index === step.index) return false;
      const other = walk(memory, regs, replace(index), result.access);
      return other.translation.kind === "mapped" && other.translation.pa === pa;
    };
    for (let from = levels as Level; from >= 1; from = (from - 1) as Level) {
      if (from === level) continue;
      const index = indexAt(result.va, from);
      if (reaches(index))
        return `The ${LEVEL_TABLE_NAMES[level]} index is ${indexBitsText(level)} (${step.index}); you used ${bitRangeText(indexBits(from))} (${index}), the ${LEVEL_TABLE_NAMES[from]} index.`;
    }
    for (const index of [step.index - 1, step.index + 1]) {
      if (reaches(index))
        return `The ${LEVEL_TABLE_NAMES[level]} index is ${step.index} (${indexBitsText(level)}); you used ${index}.`;
    }
  }
  return null;
}

function faultsFeedback(result: WalkResult, prediction: Extract<Prediction, { kind: "faults" }>): string[] {
  const v = result.verdict;
  const t = result.translation;
  if (v.ok) {
    const lines = [
      t.kind === "mapped"
        ? `There is no fault: the ${describeAccess(result.access)} is allowed and reaches PA ${formatPhysAddr(t.pa)}.`
        : `There is no fault: the ${describeAccess(result.access)} is allowed.`,
    ];
    if (prediction.level !== null) lines.push(levelIsFine(result, prediction.level));
    return lines;
  }
  if (v.exception !== prediction.exception) {
    return v.exception === "#GP"
      ? [`It is a #GP, not a #PF: ${v.reason}`]
      : [
          `It is a #PF, not a #GP: the address is canonical, so the processor reads the tables and the fault is a page fault. ${v.reason}`,
        ];
  }
  if (v.exception === "#GP") {
    const lines: string[] = [];
    if (prediction.errorCode !== 0) lines.push("A #GP for a non-canonical address pushes error code 0.");
    if (prediction.level !== null)
      lines.push("No table is read before a #GP for a non-canonical address: no level decides it.");
    return lines;
  }
  const lines: string[] = [];
  if (prediction.level !== v.level) lines.push(wrongLevel(result, prediction.level));
  if (prediction.errorCode !== v.errorCode) {
    const diff = prediction.errorCode ^ v.errorCode;
    const parts = PF_BIT_NAMES.filter((b) => (diff >> b.bit) & 1).map((b) =>
      errorBitReason(result, b.bit, ((v.errorCode >> b.bit) & 1) === 1),
    );
    if ((diff & ~0x3f) !== 0) parts.push("bits above 5 are never set by these faults.");
    lines.push(
      `The error code is ${describeErrorCode(v.errorCode)}, not ${describeErrorCode(prediction.errorCode)}: ${parts.join(" ")}`,
    );
  }
  return lines;
}

/** Why the predicted level is not where the walk faults. */
function wrongLevel(result: WalkResult, predicted: Level | null): string {
  const v = result.verdict;
  if (v.ok) return "";
  const faulting = result.steps.find((s) => s.level === v.level);
  const where = faulting ? faultingEntry(faulting, v.cause, true) : "another level";
  if (predicted === null) return `A #PF is decided by one entry: here ${where}.`;
  const step = result.steps.find((s) => s.level === predicted);
  if (!step) {
    const leaf = result.translation.kind === "mapped" ? result.translation.leafLevel : null;
    if (leaf !== null && predicted < leaf)
      return `The walk never reads a ${LEVEL_TABLE_NAMES[predicted]}: ${entryName(result.steps[result.steps.length - 1] as WalkStep)} maps a ${pageSizeName(pageSizeOfLevel(leaf))} page. The fault is at ${where}.`;
    return `The walk never reaches the ${LEVEL_TABLE_NAMES[predicted]}: it stops at ${where}.`;
  }
  return `${entryName(step)} is not what faults; the fault is at ${where}.`;
}

/** What a level's entry allows, when the learner blamed it and the access succeeded. */
function levelIsFine(result: WalkResult, level: Level): string {
  const step = result.steps.find((s) => s.level === level);
  if (!step) return `The walk never reads a ${LEVEL_TABLE_NAMES[level]}.`;
  const e = decodeEntry(step.raw, step.level);
  return `${entryName(step)} (${LEVEL_ENTRY_NAMES[level]}) has P = 1, R/W = ${e.writable ? 1 : 0}, U/S = ${e.user ? 1 : 0}${e.executeDisable ? ", XD = 1" : ""}: it allows a ${describeAccess(result.access)}.`;
}

/** One error-code bit the learner got wrong, and why it is as it is (SDM §4.7). */
function errorBitReason(result: WalkResult, bit: number, isSet: boolean): string {
  const { op, mode } = result.access;
  const v = result.verdict;
  const cause = v.ok ? null : v.cause;
  switch (bit) {
    case 0:
      return isSet
        ? cause === "RSVD"
          ? "P (bit 0) is set: an entry with reserved bits set counts as present."
          : "P (bit 0) is set: every entry was present, so this is a protection fault."
        : "P (bit 0) is clear: the walk met an entry with P = 0.";
    case 1:
      return isSet
        ? "W (bit 1) is set because the access is a write."
        : `W (bit 1) is set only for writes; this is a ${op}.`;
    case 2:
      return isSet
        ? "U (bit 2) is set because the access is in user mode."
        : `U (bit 2) is set only for user-mode accesses; this one is in ${mode} mode.`;
    case 3:
      return isSet
        ? "RSVD (bit 3) is set: an entry on the walk has reserved bits set."
        : "RSVD (bit 3) is set only when an entry has reserved bits set; none does here.";
    case 4:
      return isSet
        ? "I (bit 4) is set because the access is an instruction fetch (with EFER.NXE or CR4.SMEP on)."
        : op === "fetch"
          ? "I (bit 4) is set for fetches only when EFER.NXE or CR4.SMEP is 1; both are 0 here."
          : `I (bit 4) is set only for instruction fetches; this is a ${op}.`;
    default:
      return isSet
        ? "PK (bit 5) is set: the page's protection key denies the access (PKRU)."
        : "PK (bit 5) is set only when the protection key denies a data access to a user page.";
  }
}
