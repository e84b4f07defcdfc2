import { useSyncExternalStore } from "react";

// One query list per query for the page's life (none where there is no window, as in tests
// without a DOM).
const lists = new Map<string, MediaQueryList | null>();
function listOf(query: string): MediaQueryList | null {
  let list = lists.get(query);
  if (list === undefined) {
    list = typeof matchMedia === "function" ? matchMedia(query) : null;
    lists.set(query, list);
  }
  return list;
}

/** Whether a CSS media query matches now, re-rendering when that changes (false without a window). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = listOf(query);
      list?.addEventListener("change", onChange);
      return () => list?.removeEventListener("change", onChange);
    },
    () => listOf(query)?.matches ?? false,
    () => false,
  );
}
