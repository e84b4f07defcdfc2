import { useLayoutEffect, useState, type RefObject } from "react";

/**
 * A value worked out from an element's width (`fromWidth`, a function that never changes), kept
 * current by a ResizeObserver as the width changes; `initial` before the first measurement and where
 * ResizeObserver is missing. Only a change of the value renders again, not every pixel of a resize.
 */
export function useFromWidth<T>(
  element: RefObject<HTMLElement | null>,
  fromWidth: (width: number) => T,
  initial: T,
): T {
  const [value, setValue] = useState(initial);
  useLayoutEffect(() => {
    const el = element.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const measure = (): void => setValue(fromWidth(el.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [element, fromWidth]);
  return value;
}
