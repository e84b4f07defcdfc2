import { useEffect, type RefObject } from "react";

/**
 * Gives the keyboard focus back when the component goes (a dialog React removes rather than closes,
 * which the browser would leave focused on the page): to `to` when given, else to the element that
 * had the focus when the component came (the link or button that opened it).
 */
export function useReturnFocus(to?: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const back = to?.current ?? document.activeElement;
    return () => {
      if (back instanceof HTMLElement || back instanceof SVGElement) back.focus();
    };
  }, [to]);
}
