/**
 * The chosen text size, kept per browser in localStorage. A browser that refuses storage (private
 * mode, a sandboxed frame) throws on any access: the size then holds for this page only, as the
 * "Start here" strip's dismissal does (startHereMemory.ts).
 */
import { DEFAULT_TEXT_SCALE, textScaleOf } from "./textSizes";

const KEY = "pagewalk.textScale";

export function storedTextScale(): number {
  try {
    return textScaleOf(window.localStorage.getItem(KEY));
  } catch {
    return DEFAULT_TEXT_SCALE;
  }
}

export function rememberTextScale(scale: number): void {
  try {
    if (scale === DEFAULT_TEXT_SCALE) window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, String(scale));
  } catch {
    // Nothing to keep it in: this page only.
  }
}
