import { expect, test } from "@playwright/test";
import { collectConsoleErrors, shot } from "./artifacts";

/** Phone, tablet, laptop and projector: the page fits its width and each main panel gets room. */
const SCREENS = [
  { name: "phone", width: 390, height: 844 },
  { name: "tablet", width: 820, height: 1180 },
  { name: "laptop", width: 1366, height: 768 },
  { name: "projector", width: 1920, height: 1080 },
] as const;

for (const screen of SCREENS) {
  test(`the page fits a ${screen.name} (${screen.width}×${screen.height}) while stepping`, async ({
    page,
  }, testInfo) => {
    const errors = collectConsoleErrors(page);
    await page.setViewportSize({ width: screen.width, height: screen.height });
    await page.goto("/");
    await page.getByRole("button", { name: "Got it" }).click();
    await page.getByRole("button", { name: "Step through the walk" }).click();
    await page.getByRole("button", { name: "Next step" }).click();
    await expect(page.getByRole("region", { name: "Step" })).toContainText("Step 2 of");

    // Nothing widens the page past the screen (wide parts scroll inside their panel).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The graph and the table view are never squeezed into a sliver.
    for (const name of ["Page-table graph", "PML4 at 0x1000"]) {
      const box = await page.getByRole("region", { name, exact: true }).first().boundingBox();
      expect(box?.width ?? 0, name).toBeGreaterThanOrEqual(Math.min(340, screen.width - 40));
    }
    await shot(page, testInfo, `screen-${screen.name}`);
    expect(errors).toEqual([]);
  });
}
