/**
 * The graph panel's height: the one the user last dragged or keyed (GraphResizeHandle), kept per
 * browser in localStorage, else a default from the window's height. A browser that refuses storage
 * (private mode, a sandboxed frame) throws on any access: the height then holds for this page only,
 * as the text size does (textSizeMemory.ts).
 */

export const GRAPH_HEIGHT_MIN = 240;
export const GRAPH_HEIGHT_MAX = 2000;
const KEY = "pagewalk.graphHeight";

/**
 * 480 px up to a window 1,066 px tall (a laptop, a 1080p screen: the panels below stay near), then
 * 45 % of the window, at most 900 px: a 1440 px window gets 648, a 4K one 900.
 */
export function defaultGraphHeight(windowHeight: number): number {
  return Math.max(480, Math.min(900, Math.round(windowHeight * 0.45)));
}

/**
 * The height to open with, from what storage holds (`null`: nothing): a whole number in range is
 * kept, no taller than the window (a height chosen on a 4K screen, opened on a laptop); anything
 * else (garbled, out of range) is ignored for the default.
 */
export function graphHeightOf(stored: string | null, windowHeight: number): number {
  const chosen = stored !== null && /^\d{1,4}$/.test(stored) ? Number(stored) : NaN;
  if (!(chosen >= GRAPH_HEIGHT_MIN && chosen <= GRAPH_HEIGHT_MAX)) return defaultGraphHeight(windowHeight);
  return Math.max(GRAPH_HEIGHT_MIN, Math.min(chosen, Math.round(windowHeight)));
}

export function storedGraphHeight(): number {
  const windowHeight = typeof window === "undefined" ? 0 : window.innerHeight;
  try {
    return graphHeightOf(window.localStorage.getItem(KEY), windowHeight);
  } catch {
    return graphHeightOf(null, windowHeight);
  }
}

let pending: ReturnType<typeof setTimeout> | undefined;

/** Keeps `height` as the user's choice; a drag's many heights are written once it pauses. */
export function rememberGraphHeight(height: number): void {
  clearTimeout(pending);
  pending = setTimeout(() => {
    try {
      window.localStorage.setItem(KEY, String(Math.round(height)));
    } catch {
      // Nothing to keep it in: this page only.
    }
  }, 300);
}
