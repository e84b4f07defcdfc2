import { type RefObject, useCallback, useLayoutEffect, useRef } from "react";

/**
 * Publishes the height of a bar that stays on screen over the page (the stepper's bar at the bottom,
 * the lesson bar at the top) as a custom property on the root, so that the page's scroll padding
 * keeps what it scrolls into view out from under the bar. The height is 0 while `isBar` says the
 * element is drawn in the flow (a wide screen, presenting, an embed: the CSS decides, read from the
 * computed style). Measured after every render of the owner (its content may have changed the bar's
 * height before its effects scroll anything) and whenever the element's size changes.
 *
 * Returns the ref to put on the element (it may come and go with the owner's state) and the element.
 */
export function usePublishedHeight(
  property: `--${string}`,
  isBar: (style: CSSStyleDeclaration) => boolean,
): readonly [(el: HTMLElement | null) => void, RefObject<HTMLElement | null>] {
  const element = useRef<HTMLElement | null>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const measure = useCallback(() => {
    const el = element.current;
    // In the window's pixels, as the root's scroll padding is: the bar may be zoomed with the text
    // size (present.css), and its offsetHeight is in its own.
    const height = el !== null && isBar(getComputedStyle(el)) ? el.getBoundingClientRect().height : 0;
    document.documentElement.style.setProperty(property, `${height}px`);
  }, [property, isBar]);
  useLayoutEffect(measure);
  const attach = useCallback(
    (el: HTMLElement | null) => {
      observer.current?.disconnect();
      observer.current = null;
      element.current = el;
      if (el === null) {
        document.documentElement.style.removeProperty(property);
        return;
      }
      observer.current = new ResizeObserver(measure);
      observer.current.observe(el);
    },
    [measure, property],
  );
  return [attach, element];
}
