/** What several end-to-end specs share: screenshots kept as artifacts, and console errors collected. */
import type { Locator, Page, TestInfo } from "@playwright/test";

/**
 * Saves a screenshot as a test artifact (test-results/…/NAME.png) and attaches it to the report:
 * the viewport, the whole page (`fullPage`), or one element (`target`).
 */
export async function shot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  options: { readonly fullPage?: boolean; readonly target?: Locator } = {},
): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  if (options.target) await options.target.screenshot({ path });
  else await page.screenshot({ path, fullPage: options.fullPage ?? false });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** Every console error and uncaught page error from now on, for a test to expect none. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}
