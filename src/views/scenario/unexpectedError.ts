/**
 * The words of an error no check foresaw (a bug, or the browser refusing), for the parentheses of a
 * message that says what failed: its own message cut to one line's length, so a stack-sized text
 * never fills the message bar. Known bad input never comes here: it has its own sentence.
 */
export function unexpectedErrorText(e: unknown): string {
  const text = e instanceof Error ? e.message.replace(/\s+/g, " ").trim() : "";
  if (text === "") return "unknown error";
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
