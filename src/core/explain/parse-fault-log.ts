/**
 * Reads any fault log Pagewalk knows, telling the format from its text: a QEMU `-d int` exception
 * line, a Linux oops, the `x86_64` crate's `PageFaultErrorCode`, a bare QEMU register dump (in that
 * order: a `-d int` log also holds register dumps, an oops may quote QEMU's). Anything else gets
 * one sentence that says what was looked for.
 */
import { err, formatCount, ok, type Result } from "../common";
import type { FaultLog } from "./fault-log";
import { faultExcerpt } from "./log-excerpt";
import { logLines, MAX_LOG_CHARS, type LogLine } from "./log-lines";
import { looksLikeOops, parseOops } from "./parse-oops";
import { looksLikeQemuInt, looksLikeQemuRegisters, parseQemuInt, parseQemuRegisters } from "./parse-qemu";
import { looksLikeX86_64Crate, parseX86_64Crate } from "./parse-x86-64-crate";

export function parseFaultLog(text: string): Result<FaultLog> {
  if (text.length > MAX_LOG_CHARS) return parseExcerpt(text);
  if (text.trim() === "") return err("empty", "The log is empty: paste a fault log.");
  return parseLines(logLines(text));
}

/**
 * A log past MAX_LOG_CHARS, read from its first page-fault report (log-excerpt.ts), with a note
 * saying which lines; refused when it has no report (nothing to read it from).
 */
function parseExcerpt(text: string): Result<FaultLog> {
  const excerpt = faultExcerpt(text);
  if (excerpt === null)
    return err(
      "too-large",
      `The log is too long to explain whole (${formatCount(text.length)} characters, and the limit is ${formatCount(MAX_LOG_CHARS)}) and has no page-fault report to read it from (a QEMU -d int v=0e line, an oops' BUG: or #PF: line, a PageFaultErrorCode(…)): give the part around the fault.`,
    );
  const parsed = parseLines(logLines(excerpt.text, excerpt.firstLine));
  if (!parsed.ok) return parsed;
  const note = `The log is long (${formatCount(excerpt.totalLines)} lines): lines ${formatCount(excerpt.firstLine)}–${formatCount(excerpt.lastLine)} were read, from its first page-fault report on.`;
  return ok({ ...parsed.value, notes: [note, ...parsed.value.notes] });
}

function parseLines(lines: readonly LogLine[]): Result<FaultLog> {
  if (looksLikeQemuInt(lines)) return parseQemuInt(lines);
  if (looksLikeOops(lines)) return parseOops(lines);
  if (looksLikeX86_64Crate(lines)) return parseX86_64Crate(lines);
  if (looksLikeQemuRegisters(lines)) return parseQemuRegisters(lines);
  return err(
    "unknown-format",
    "This is not a fault log Pagewalk reads: expected QEMU -d int (v=0e e=… CR2=…), QEMU info registers (CR0=… CR2=… CR3=…), a Linux oops (BUG: unable to handle page fault…) or the x86_64 crate's PageFaultErrorCode(…) with CR2.",
  );
}
