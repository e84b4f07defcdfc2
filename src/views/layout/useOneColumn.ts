import { useSyncExternalStore } from "react";

/**
 * A phone's width, where the page is one column (app.css, `@media (max-width: 760px)`: the two must
 * agree). There the entry inspector and the table are drawn straight under the walk, so the page puts
 * them there too: Tab and a screen reader follow the order drawn.
 */
export const ONE_COLUMN_QUERY = "(max-width: 760px)";

// One query list for the page's life (none where there is no window, as in tests without a DOM).
let queryList: MediaQueryList | null | undefined;
const oneColumnQuery = (): MediaQueryList | null =>
  (queryList ??= typeof matchMedia === "function" ? matchMedia(ONE_COLUMN_QUERY) : null);

function subscribe(onChange: () => void): () => void {
  const list = oneColumnQuery();
  list?.addEventListener("change", onChange);
  return () => list?.removeEventListener("change", onChange);
}

const oneColumnNow = (): boolean => oneColumnQuery()?.matches ?? false;

/** Whether the page is laid out in one column now (re-rendering when a window or a phone turns). */
export function useOneColumn(): boolean {
  return useSyncExternalStore(subscribe, oneColumnNow, () => false);
}
