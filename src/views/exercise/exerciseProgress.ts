/**
 * A student's progress on a problem set, kept in this browser (localStorage, no server): the ids
 * of the exercises solved. Where storage is refused (private mode, a sandboxed frame) progress
 * lives for the page only.
 */
const PREFIX = "pagewalk.exercises.";

const memory = new Map<string, readonly string[]>();

export function loadSolved(key: string): readonly string[] {
  try {
    const text = localStorage.getItem(PREFIX + key);
    if (text === null) return memory.get(key) ?? [];
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return memory.get(key) ?? [];
  }
}

export function saveSolved(key: string, solved: readonly string[]): void {
  memory.set(key, solved);
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(solved));
  } catch {
    // Storage refused: kept for this page only.
  }
}
