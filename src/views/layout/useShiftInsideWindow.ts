import { useLayoutEffect, useState, type RefObject } from "react";

/** The gap kept between a popup and the window's edge. */
const MARGIN = 8;

/**
 * How far a popup hung under its button (left-aligned with it: the Examples menu, the Copy-link
 * popover) must move left to stay inside the window, when the header wraps and puts the button near
 * the right edge (a phone, or a projector at 200 % zoom). Never further left than the window's edge;
 * measured again when the window is resized.
 */
export function useShiftInsideWindow(
  open: boolean,
  anchor: RefObject<HTMLElement | null>,
  popup: RefObject<HTMLElement | null>,
): number {
  const [shift, setShift] = useState(0);
  useLayoutEffect(() => {
    if (!open) return;
    const fit = (): void => {
      if (!anchor.current || !popup.current) return;
      const left = anchor.current.getBoundingClientRect().left;
      const overflow = left + popup.current.offsetWidth - (document.documentElement.clientWidth - MARGIN);
      setShift(Math.max(0, Math.min(overflow, left - MARGIN)));
    };
    fit();
    window.addEventListener("resize", fit);
    return () => window.removeEventListener("resize", fit);
  }, [open, anchor, popup]);
  return shift;
}
