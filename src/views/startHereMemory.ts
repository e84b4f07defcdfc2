/**
 * Whether the "Start here" strip was dismissed, kept in localStorage so it never comes back. A
 * browser that refuses storage (private mode, disabled cookies, a sandboxed frame) throws on any
 * access: then the strip can still be dismissed for this page, and shows again on the next visit.
 */
const KEY = "pagewalk.startHere.dismissed";

export function startHereDismissed(): boolean {
  try {
    return window.localStorage.getItem(KEY) === "1";
  } catch {
    return false;
  }
}

export function rememberStartHereDismissed(): void {
  try {
    window.localStorage.setItem(KEY, "1");
  } catch {
    // Nothing to keep it in: dismissed for this page only.
  }
}
