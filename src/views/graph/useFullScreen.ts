import { useCallback, useEffect, useState, type RefObject } from "react";

/**
 * Full screen for one element: the Fullscreen API where the browser grants it, and in any case a
 * fixed overlay over the whole viewport (the class the caller sets from `on`), so that it works where
 * the API is refused (an iframe without allowfullscreen, a headless browser). Esc leaves either.
 */
export function useFullScreen(element: RefObject<HTMLElement | null>): { on: boolean; toggle: () => void } {
  const [on, setOn] = useState(false);
  const leave = useCallback(() => {
    setOn(false);
    if (typeof document !== "undefined" && document.fullscreenElement)
      void document.exitFullscreen().catch(() => {});
  }, []);
  const toggle = useCallback(() => {
    if (on) {
      leave();
      return;
    }
    setOn(true);
    const el = element.current;
    // Best effort: a refusal leaves the overlay, which already fills the viewport.
    if (el && typeof el.requestFullscreen === "function") void el.requestFullscreen().catch(() => {});
  }, [on, leave, element]);
  useEffect(() => {
    if (!on) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      // Taken: one Esc leaves the full-screen graph, not presentation mode around it as well.
      e.preventDefault();
      leave();
    };
    // The browser's own Esc ends the API's full screen without a key event: follow it.
    const onChange = (): void => {
      if (!document.fullscreenElement) setOn(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("fullscreenchange", onChange);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("fullscreenchange", onChange);
    };
  }, [on, leave]);
  return { on, toggle };
}
