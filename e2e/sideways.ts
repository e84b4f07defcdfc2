/** Panels and parts of panels that scroll sideways inside themselves, shared by the layout and mappings specs. */
import type { Page } from "@playwright/test";

/**
 * The page's panels whose content is wider than they are (`"heading: scrollWidth > clientWidth"`).
 * On narrow screens a panel scrolls sideways inside itself rather than widen the page: that must
 * stay a last resort, not the way its content is laid out (the memory map's 64-cell rows and the
 * entry's bits once did), and the page's own scroll width does not show it.
 */
export function panelsScrollingSideways(page: Page): Promise<string[]> {
  return page
    .locator(".layout .panel")
    .evaluateAll((panels) =>
      panels
        .filter((p) => p.scrollWidth > p.clientWidth + 1)
        .map(
          (p) => `${p.querySelector("h2")?.textContent ?? p.className}: ${p.scrollWidth} > ${p.clientWidth}`,
        ),
    );
}

/**
 * The scrollers anywhere in the page (a list, a table's frame, a text box) whose content is wider
 * than they are (`"name: scrollWidth > clientWidth"`, named by their accessible label or class).
 * A panel can fit its column while a part of it scrolls sideways inside it, its text cut at the
 * edge: the inspector's field table and the bookmarks once did at 150 % on a phone.
 */
export function scrollersScrollingSideways(page: Page): Promise<string[]> {
  return page.locator("body *").evaluateAll((elements) =>
    elements
      .filter((e) => {
        const { overflowX } = getComputedStyle(e);
        return (
          (overflowX === "auto" || overflowX === "scroll") &&
          e.clientWidth > 0 &&
          e.scrollWidth > e.clientWidth + 1
        );
      })
      .map(
        (e) =>
          `${e.getAttribute("aria-label") ?? (e.className || e.tagName)}: ${e.scrollWidth} > ${e.clientWidth}`,
      ),
  );
}

/**
 * Boxes anywhere in the page but its header (the panels, the views opened from the header, dialogs)
 * whose content runs past their edge without a scroll (`"class: scrollWidth > clientWidth"`): a flex
 * row that does not wrap, a grid column squeezed under its content, a word wider than its cell. At
 * 200 % on a tablet a walk card's head once ran out of its card and the memory map was squeezed into
 * an 8 px column; on a phone a 1 GiB page's offset ran out of its field, the lesson's buttons out of
 * its bar, a dialog's Close out of its head, an exercise's address out of its question and the
 * trace's lines out of their list. Boxes of 1 px (a table's header kept for screen readers) and the
 * graph's drawing are not counted, nor the header's buttons, whose menus and popover lie outside
 * them on purpose.
 */
export function boxesRunningOver(page: Page): Promise<string[]> {
  return page.locator(".app > :not(.app-header) *, dialog *").evaluateAll((elements) =>
    elements
      .filter((e) => {
        const { overflowX, display } = getComputedStyle(e);
        return (
          overflowX === "visible" &&
          display !== "inline" &&
          e.closest("svg") === null &&
          e.clientWidth > 1 &&
          e.scrollWidth > e.clientWidth + 2
        );
      })
      .map(
        (e) =>
          `${e.className || e.tagName} "${(e.textContent ?? "").slice(0, 40)}": ${e.scrollWidth} > ${e.clientWidth}`,
      ),
  );
}
