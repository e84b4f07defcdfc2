/**
 * Which panels the user collapsed, kept per browser in localStorage as a JSON list of panel names.
 * A browser that refuses storage throws on any access: the choice then holds for this page only,
 * as the text size does (present/textSizeMemory.ts). Anything unreadable counts as "none collapsed".
 */
const KEY = "pagewalk.collapsedPanels";

export function parseCollapsedPanels(text: string | null): ReadonlySet<string> {
  if (text === null) return new Set();
  try {
    const value: unknown = JSON.parse(text);
    return new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  } catch {
    return new Set();
  }
}

function stored(): ReadonlySet<string> {
  try {
    return parseCollapsedPanels(window.localStorage.getItem(KEY));
  } catch {
    return new Set();
  }
}

export function isPanelCollapsed(panel: string): boolean {
  return stored().has(panel);
}

export function rememberPanelCollapsed(panel: string, collapsed: boolean): void {
  try {
    const panels = new Set(stored());
    if (collapsed) panels.add(panel);
    else panels.delete(panel);
    if (panels.size === 0) window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, JSON.stringify([...panels].sort()));
  } catch {
    // Nothing to keep it in: this page only.
  }
}
