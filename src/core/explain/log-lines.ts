/**
 * A pasted log as numbered lines, with the prefixes consoles add (a kernel timestamp
 * `[    1.234567] `, a serial console's `<4>` level) taken off so the parsers see what the
 * program printed.
 */

export interface LogLine {
  /** 1-based line number in the pasted text, for messages. */
  readonly number: number;
  readonly text: string;
}

/** Longest log read: a triple-fault `-d int` log can be long, but not this long. */
export const MAX_LOG_CHARS = 4 * 1024 * 1024;

const PREFIX = /^\s*(?:<\d>)?(?:\[\s*\d+\.\d+\]\s?)?/;

/** The lines of `text`, numbered from `firstNumber` (an excerpt keeps its lines' numbers in the log). */
export function logLines(text: string, firstNumber = 1): LogLine[] {
  return text.split(/\r?\n/).map((line, i) => ({ number: firstNumber + i, text: line.replace(PREFIX, "") }));
}

export function lineNumberOf(line: LogLine | undefined): string {
  return line === undefined ? "the log" : `Line ${line.number}`;
}

/** The hex number `pattern`'s first group captures in `text`, or undefined. */
export function hexField(text: string, pattern: RegExp): bigint | undefined {
  const digits = pattern.exec(text)?.[1];
  return digits === undefined ? undefined : BigInt("0x" + digits);
}

/** How many lines `text` has, as an editor shows them: a final newline ends the last line, it starts none. */
export function countLogLines(text: string): number {
  if (text === "") return 0;
  let lines = 1;
  for (let at = text.indexOf("\n"); at !== -1 && at < text.length - 1; at = text.indexOf("\n", at + 1))
    lines++;
  return lines;
}
