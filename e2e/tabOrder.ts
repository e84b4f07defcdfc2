import type { Locator, Page } from "@playwright/test";

/**
 * Where one Tab from the last control of `from` (or Shift+Tab from its first) lands: the name of the
 * region that then holds the focus, or the title of its panel (the table's head is in no named
 * region), or "none".
 */
export async function tabOut(page: Page, from: Locator, key: "Tab" | "Shift+Tab"): Promise<string> {
  await from.evaluate((region, backwards) => {
    const tabbable = [
      ...region.querySelectorAll<HTMLElement>("button, a[href], input, [tabindex='0']"),
    ].filter((e) => !e.matches(":disabled") && e.getClientRects().length > 0);
    tabbable[backwards ? 0 : tabbable.length - 1]?.focus();
  }, key === "Shift+Tab");
  await page.keyboard.press(key);
  return page.evaluate(() => {
    const region = document.activeElement?.closest("section[aria-label], section[aria-labelledby], .panel");
    return region?.getAttribute("aria-label") ?? region?.querySelector("h2")?.textContent ?? "none";
  });
}
