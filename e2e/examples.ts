/** Opening a shipped example and copying its share link as a user does, shared by the specs. */
import { expect, type Page } from "@playwright/test";
import { LINUX_PRESET_FILE, PRESETS } from "../src/core/scenario";

/** The Linux example's title (its tables are fetched on demand, from public/scenarios/). */
export const LINUX_TITLE = PRESETS.find((p) => p.file === LINUX_PRESET_FILE)?.meta.title ?? "";

/**
 * Examples → the example titled `title`, and wait until it is in: the page's title names it. An
 * example fetched on demand (Linux) sets its own VA when it lands, so a test acts after this.
 */
export async function openExample(page: Page, title: string): Promise<void> {
  await page.getByRole("button", { name: "Examples" }).click();
  await page.getByRole("menuitem", { name: title, exact: true }).click();
  await expect(page).toHaveTitle(`Pagewalk — ${title}`, { timeout: 15_000 });
}

/**
 * "Copy link", and the URL the shown field holds (the clipboard gets the same). The popover stays
 * open: press Escape, or click elsewhere, to close it.
 */
export async function copyLink(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Copy link" }).click();
  const field = page.getByLabel("Share link URL");
  await expect(field).toHaveValue(/#s1\./);
  return field.inputValue();
}
