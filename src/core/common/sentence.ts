/** "The file…" → "the file…" inside a sentence; acronyms ("MAXPHYADDR…", "CR3…") stay. */
export function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}
