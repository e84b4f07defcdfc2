import { useLayoutEffect, type RefObject } from "react";

/** The gap kept between the popover's bottom and what follows the header. */
const GAP = 8;

/**
 * While `active`, the header grows at its bottom by as much as `popup` (hung under one of its
 * buttons) reaches below it, so that what follows the header moves down instead of lying under the
 * popup. Used for the Copy-link popover while a message is on show: the message sits just below the
 * header, where the popover hangs, and must never be covered. Measured again when the popup or the
 * window changes size; the header's own padding comes back when inactive.
 */
export function useRoomBelowHeader(active: boolean, popup: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const panel = popup.current;
    const header = panel?.closest("header");
    if (!active || !panel || !header) return;
    const fit = (): void => {
      header.style.paddingBottom = "";
      const overhang = panel.getBoundingClientRect().bottom - header.getBoundingClientRect().bottom;
      if (overhang > 0) {
        const padding = parseFloat(getComputedStyle(header).paddingBottom) || 0;
        header.style.paddingBottom = `${padding + overhang + GAP}px`;
      }
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(panel);
    window.addEventListener("resize", fit);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", fit);
      header.style.paddingBottom = "";
    };
  }, [active, popup]);
}
