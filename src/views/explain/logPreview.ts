/**
 * A long pasted log, held for Explain rather than put in the field: Chromium's own text field takes
 * seconds to take a 4 MB paste and half a second for each key after it, so a log past
 * LARGE_LOG_CHARS is kept aside and the field shows its start and end (the fault is usually near
 * one of them: the first exception, or the last lines before a triple fault).
 */

import { formatCount } from "../../core/common";
import { countLogLines } from "../../core/explain";

/** From here on a pasted log is held aside (about 1,600 lines of a QEMU -d int log). */
export const LARGE_LOG_CHARS = 100_000;

/** The largest log file read (a `-d int -D` log of minutes of timer interrupts fits). */
export const MAX_LOG_FILE_BYTES = 64 * 1024 * 1024;

/** Lines kept from each end of a held log in the field. */
const PREVIEW_LINES = 20;

/**
 * The field's text for a held log: its first and last `keep` lines, with one line between them
 * saying how many are not shown; the whole text when that would be no shorter.
 */
export function logPreview(text: string, keep = PREVIEW_LINES): string {
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  // Every newline left in `body` starts a line (its last one, if any, was taken off above).
  const total = countLogLines(text);
  if (total <= 2 * keep + 1) return body;
  let headEnd = -1;
  for (let k = 0; k < keep; k++) headEnd = body.indexOf("\n", headEnd + 1);
  let tailStart = body.length;
  for (let k = 0; k < keep; k++) tailStart = body.lastIndexOf("\n", tailStart - 1);
  const hidden = total - 2 * keep;
  return `${body.slice(0, headEnd)}\n… ${formatCount(hidden)} lines not shown …${body.slice(tailStart)}`;
}
