/**
 * The part of a long log that explains its fault. A QEMU `-d int -D` log of a kernel that ran a
 * while holds every timer interrupt before its first #PF: megabytes before the few lines that
 * matter. A log past MAX_LOG_CHARS is read from a little before its first page-fault report, for
 * EXCERPT_LINES lines (the report, its register block, and what followed: a #DF, a reset).
 */
import { countLogLines } from "./log-lines";
import { ADDRESS_LINE, ERROR_CODE_LINE } from "./parse-oops";
import { QEMU_PAGE_FAULT_START } from "./parse-qemu";
import { BARE, WRAPPED } from "./parse-x86-64-crate";

/**
 * The command that cuts a QEMU `-d int` log to its first #PF (the `v=0e` line and the 40 after it,
 * where its register block is), for a log too long to be read here: the CLI and the page give it.
 */
export const LOG_CUT_COMMAND = "grep -m1 -A40 'v=0e'";

/** Lines kept from the report's first line on. */
export const EXCERPT_LINES = 400;

/**
 * Where each format's report starts (the parsers' own patterns), and how many lines before it
 * belong to it: none for QEMU (the #PF line comes first; lines before are other exceptions), a
 * few for an oops or a Rust handler (the "EXCEPTION: PAGE FAULT" heading, the Accessed Address).
 */
const REPORT_STARTS: readonly { readonly pattern: RegExp; readonly before: number }[] = [
  { pattern: QEMU_PAGE_FAULT_START, before: 0 },
  { pattern: ADDRESS_LINE, before: 2 },
  { pattern: ERROR_CODE_LINE, before: 4 },
  { pattern: WRAPPED, before: 4 },
  { pattern: BARE, before: 4 },
];

export interface LogExcerpt {
  readonly text: string;
  /** The excerpt's first and last lines, numbered in the whole log (from 1). */
  readonly firstLine: number;
  readonly lastLine: number;
  /** Lines in the whole log. */
  readonly totalLines: number;
}

/** The excerpt of `text` from its first page-fault report, or null when it has none. */
export function faultExcerpt(text: string): LogExcerpt | null {
  let start = -1;
  let before = 0;
  for (const { pattern, before: lead } of REPORT_STARTS) {
    // Line by line: `m` so that a pattern's `$` ends a line, not the log.
    const at = text.search(new RegExp(pattern.source, pattern.flags.replace(/[gm]/g, "") + "m"));
    if (at !== -1 && (start === -1 || at < start)) [start, before] = [at, lead];
  }
  if (start === -1) return null;
  // Back to the start of the report's line, then `before` lines further.
  let from = start === 0 ? 0 : text.lastIndexOf("\n", start - 1) + 1;
  for (let k = 0; k < before && from > 0; k++) from = from < 2 ? 0 : text.lastIndexOf("\n", from - 2) + 1;
  // Forward EXCERPT_LINES lines: the excerpt ends before the newline that ends the last of them.
  let end = from - 1;
  for (let k = 0; k < EXCERPT_LINES; k++) {
    end = text.indexOf("\n", end + 1);
    if (end === -1) break;
  }
  // To the log's end, without the newline that ends its last line (it starts no line).
  if (end === -1) end = text.endsWith("\n") ? text.length - 1 : text.length;
  const firstLine = countNewlines(text, 0, from) + 1;
  const excerpt = text.slice(from, end);
  return {
    text: excerpt,
    firstLine,
    lastLine: firstLine + countNewlines(excerpt, 0, excerpt.length),
    totalLines: countLogLines(text),
  };
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) n++;
  return n;
}
