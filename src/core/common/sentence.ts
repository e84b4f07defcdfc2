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
