import { useMediaQuery } from "./useMediaQuery";

/**
 * A phone's width, where the page is one column (app.css, `@media (max-width: 760px)`: the two must
 * agree). There the entry inspector and the table are drawn straight under the walk, so the page puts
 * them there too: Tab and a screen reader follow the order drawn.
 */
export const ONE_COLUMN_QUERY = "(max-width: 760px)";

/** Whether the page is laid out in one column now (re-rendering when a window or a phone turns). */
export function useOneColumn(): boolean {
  return useMediaQuery(ONE_COLUMN_QUERY);
}
