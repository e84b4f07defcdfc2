import { type RefObject, useCallback, useLayoutEffect, useRef, useState } from "react";

/**
 * Publishes the height of a bar that stays on screen over the page (the stepper's bar at the bottom,
 * the lesson bar at the top) as a custom property on the root, so that the page's scroll padding
 * keeps what it scrolls into view out from under the bar. The height is 0 while `isBar` says the
 * element is drawn in the flow (a wide screen, presenting, an embed: the CSS decides, read from the
 * computed style). Measured when the element comes, after every render of the owner while it is a
 * bar, and whenever the element's size changes.
 *
 * Returns the ref to put on the element (it may come and go with the owner's state), the element,
 * and whether it is drawn as a bar now (what scrolls inside a bar must then take the keyboard focus).
 */
export function usePublishedHeight(
  property: `--${string}`,
  isBar: (style: CSSStyleDeclaration) => boolean,
): readonly [(el: HTMLElement | null) => void, RefObject<HTMLElement | null>, boolean] {
  const element = useRef<HTMLElement | null>(null);
  const [drawnAsBar, setDrawnAsBar] = useState(false);
  const observer = useRef<ResizeObserver | null>(null);
  const wasBar = useRef(false);
  const measure = useCallback(() => {
    const el = element.current;
    // In the window's pixels, as the root's scroll padding is: the bar may be zoomed with the text
    // size (present.css), and its offsetHeight is in its own.
    const bar = el !== null && isBar(getComputedStyle(el));
    wasBar.current = bar;
    setDrawnAsBar(bar);
    const height = `${el !== null && bar ? el.getBoundingClientRect().height : 0}px`;
    // Written only when it changes: a custom property set on the root (even to the same value)
    // restyles the whole page, and the owner renders on every step.
    const root = document.documentElement.style;
    if (root.getPropertyValue(property) !== height) root.setProperty(property, height);
  }, [property, isBar]);
  // After each render while a bar (its content may have changed its height before the owner's
  // effects scroll anything); in the flow, nothing per render: the observer sees the element's size
  // change when the CSS makes it a bar (a window made narrower), and the first measure is on attach.
  useLayoutEffect(() => {
    if (wasBar.current) measure();
  });
  const attach = useCallback(
    (el: HTMLElement | null) => {
      observer.current?.disconnect();
      observer.current = null;
      element.current = el;
      if (el === null) {
        document.documentElement.style.removeProperty(property);
        return;
      }
      measure();
      observer.current = new ResizeObserver(measure);
      observer.current.observe(el);
    },
    [measure, property],
  );
  return [attach, element, drawnAsBar];
}

/**
 * What a part that scrolls inside a bar needs while it is one: to be a named region that takes the
 * keyboard focus (so the keys can scroll it, and the stepper's keys leave its arrows alone). In the
 * page's flow it scrolls nothing and is no stop for Tab. Its label must not contain the name of
 * another region ("Step", "Walk", "Lesson"…): a test or a screen reader's search by name would
 * meet both.
 */
export function barScrollArea(
  drawnAsBar: boolean,
  label: string,
): { role?: "region"; tabIndex?: number; "aria-label"?: string } {
  return drawnAsBar ? { role: "region", tabIndex: 0, "aria-label": label } : {};
}
