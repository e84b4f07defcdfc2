/** The accessibility scans' common setup (axe-core through @axe-core/playwright). */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/**
 * An axe scan of the page (chain `.include(...)` to scan parts of it) that reports only violations,
 * which is all the specs check. Every rule still runs on every node. Two settings keep a scan of the
 * ~2,500-element page at a few seconds instead of 20–60 s on a loaded 2-core machine, where most of
 * the time went into moving ~18 MB of per-node pass results between Node and the browser:
 * - legacy mode runs axe.run() in the page instead of runPartial() per frame plus finishRun() in a
 *   new blank page. It skips only cross-origin frames, and the app has no frames;
 * - resultTypes ["violations"] keeps full node details for violations only (passes, incomplete and
 *   inapplicable results keep one example node each).
 */
export function accessibilityScan(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ["violations"] });
}
