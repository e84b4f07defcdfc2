/** The text size as a user sets it (A+), shared by the specs. */
import { expect, type Page } from "@playwright/test";
import { TEXT_SCALES, textScaleLabel } from "../src/views/present/textSizes";

/** A page, or an embed's frame: what has the Larger text button and the Text size group. */
type HasButtons = Pick<Page, "getByRole">;

/**
 * Larger text pressed `steps` times from the size the header shows, then the size it names awaited
 * ("200 %" after 5 from the default), so that a test measures the page at that size.
 */
export async function largerText(page: HasButtons, steps: number): Promise<void> {
  const group = page.getByRole("group", { name: "Text size" });
  const shown = (await group.getByRole("status").textContent())?.trim();
  const from = TEXT_SCALES.findIndex((s) => textScaleLabel(s) === shown);
  expect(from, `the text size shown ("${shown}") is one of TEXT_SCALES`).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < steps; i++) await page.getByRole("button", { name: "Larger text" }).click();
  const scale = TEXT_SCALES[from + steps] ?? TEXT_SCALES.at(-1)!;
  await expect(group).toContainText(textScaleLabel(scale));
}

/** The start page in a `width`×`height` window, its welcome closed, at `steps` sizes larger than the default. */
export async function openAtLargerText(
  page: Page,
  width: number,
  height: number,
  steps: number,
): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.goto("/");
  await page.getByRole("button", { name: "Got it" }).click();
  await largerText(page, steps);
}
