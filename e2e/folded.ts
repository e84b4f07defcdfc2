/** Text that folds onto more lines than it should, shared by the layout and presentation specs. */
import type { Locator } from "@playwright/test";

/**
 * Of the shown elements, those whose text folds onto 1.5 lines or more (`tag "text"`); with
 * `maxChars`, only those whose text is that short (a long title may wrap).
 */
export async function foldedOntoLines(elements: Locator, maxChars = Infinity): Promise<string[]> {
  return elements.evaluateAll(
    (list, max) =>
      list
        .filter((e) => e.getClientRects().length > 0 && (e.textContent ?? "").length <= max)
        .filter((e) => {
          const style = getComputedStyle(e);
          const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
          const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
          return (e.getBoundingClientRect().height - padding) / line >= 1.5;
        })
        .map((e) => `${e.tagName.toLowerCase()} "${e.textContent}"`),
    maxChars,
  );
}
