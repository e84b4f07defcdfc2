import { useEffect, useRef, type RefObject } from "react";
import { appStore } from "../../store/usePagewalk";

/**
 * Closes an open popover (the Copy-link panel) when something else takes over: a press or the
 * keyboard focus outside it (another menu, a dialog such as the glossary, any other control), Esc,
 * the Examples menu opening, or a scenario message appearing — the popover hangs below the header,
 * exactly where that message shows, and must never cover it.
 */
export function usePopoverDismissal(
  open: boolean,
  root: RefObject<HTMLElement | null>,
  close: () => void,
): void {
  // The latest close, so that the listeners below are attached once per opening.
  const closeRef = useRef(close);
  useEffect(() => {
    closeRef.current = close;
  });

  useEffect(() => {
    if (!open) return;
    const outside = (e: Event): void => {
      if (e.target instanceof Node && root.current?.contains(e.target)) return;
      closeRef.current();
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === "Escape") closeRef.current();
    };
    const { message, examplesOpen } = appStore.getState();
    const unsubscribe = appStore.subscribe((s) => {
      if ((s.message !== null && s.message !== message) || (s.examplesOpen && !examplesOpen))
        closeRef.current();
    });
    document.addEventListener("pointerdown", outside, true);
    document.addEventListener("focusin", outside, true);
    document.addEventListener("keydown", onKey);
    return () => {
      unsubscribe();
      document.removeEventListener("pointerdown", outside, true);
      document.removeEventListener("focusin", outside, true);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, root]);
}
