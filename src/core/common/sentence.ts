/** "The file…" → "the file…" inside a sentence; acronyms ("MAXPHYADDR…", "CR3…") stay. */
export function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

/** "read", "read or write", "read, write or fetch" (with `conjunction` "or"; "and" likewise). */
export function joinWords(words: readonly string[], conjunction: "and" | "or"): string {
  return words.length < 2
    ? (words[0] ?? "")
    : `${words.slice(0, -1).join(", ")} ${conjunction} ${words[words.length - 1]}`;
}

/**
 * What `JSON.parse` said about bad text, as one line of at most 120 characters: its message quotes
 * the text, newlines and all, which would break a one-line message or cut it mid-quote.
 */
export function jsonSyntaxDetail(e: unknown): string {
  if (!(e instanceof Error)) return "syntax error";
  const line = e.message.replace(/\s+/g, " ").trim();
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}

/** The longest typed text a message repeats whole; longer text is cut, with "…". */
const QUOTE_CHARS = 40;

/**
 * Typed text as a message may quote it: at most `QUOTE_CHARS` characters, control characters shown
 * as `\uXXXX` (a binary file's bytes must not drive the user's terminal).
 */
export function quotable(text: string): string {
  const cut = text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text;
  return cut.replace(
    // eslint-disable-next-line no-control-regex -- the control characters are what is replaced
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
