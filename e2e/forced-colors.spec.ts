/**
 * Forced colours (Windows High Contrast): what the page shows by a fill or a shadow must still show.
 * The browser replaces fills with the user's palette, so each check compares two states that must
 * look different, or a text with what it is drawn on.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { collectConsoleErrors, shot } from "./artifacts";

test.use({ viewport: { width: 1280, height: 900 } });

const background = (el: Locator): Promise<string> => el.evaluate((e) => getComputedStyle(e).backgroundColor);

/** WCAG contrast of two computed colours (rgb/rgba strings). */
async function contrastOf(page: Page, a: string, b: string): Promise<number> {
  return page.evaluate(
    ([x, y]) => {
      const lum = (css: string): number => {
        const [r, g, bl] = (css.match(/[\d.]+/g) ?? [])
          .slice(0, 3)
          .map(Number)
          .map((c) => {
            const s = c / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
      };
      const [hi, lo] = [lum(x!), lum(y!)].sort((p, q) => q - p);
      return (hi! + 0.05) / (lo! + 0.05);
    },
    [a, b],
  );
}

for (const scheme of ["dark", "light"] as const) {
  test(`forced colours (${scheme}): grid kinds, the chosen access, set bits, flags, switches and the graph stay visible`, async ({
    page,
  }, testInfo) => {
    const errors = collectConsoleErrors(page);
    await page.emulateMedia({ forcedColors: "active", colorScheme: scheme });
    await page.goto("/");
    await expect(page.getByRole("region", { name: "Walk" }).getByRole("status")).toContainText("0x35ce");

    // Each thing below must stand out from the page's ground (Canvas): without the page's rules they
    // were all drawn in it, their fills gone. Contrast ≥ 1.5 between the two colours.
    const ground = await background(page.locator("body"));
    const standsOut = async (what: string, el: Locator): Promise<void> => {
      expect(await contrastOf(page, await background(el), ground), what).toBeGreaterThanOrEqual(1.5);
    };
    // The table grid: a 4 KiB leaf's cell (it was as blank as an empty one); the memory map's
    // table frame.
    const grid = page.getByRole("grid", { name: "PT at 0x8000: 512 entries" });
    await standsOut("a leaf's grid cell", grid.locator('.pw-cell[data-class="leaf4k"]').first());
    await standsOut(
      "a table's frame",
      page.getByRole("grid", { name: "Physical frames" }).getByRole("gridcell").first(),
    );
    // The chosen access and privilege, a set bit, a flag that is on.
    await standsOut("the chosen access", page.locator(".segmented input:checked + span").first());
    const inspector = page.getByRole("toolbar", { name: "Entry bits, 63 to 0" });
    await standsOut("a set bit", inspector.getByRole("button", { name: /^bit 0 P/ }));
    await standsOut("a flag that is on", page.getByRole("button", { name: "PT[127] P", exact: true }));
    // A switch on.
    const predict = page.getByRole("switch", { name: "Predict" });
    await predict.click();
    await expect(predict).toHaveAttribute("aria-checked", "true");
    await standsOut("a switch that is on", predict.locator(".switch-track"));
    await predict.click();

    // The graph's text reads on its boxes, in the page's theme whatever the user's palette.
    await page.getByLabel("Theme").selectOption(scheme === "dark" ? "light" : "dark");
    const node = page
      .getByRole("group", { name: /Page-table graph/ })
      .locator(".pw-node")
      .first();
    const [fill, text] = await node.evaluate((g) => [
      getComputedStyle(g.querySelector(".pw-node-box")!).fill,
      getComputedStyle(g.querySelector(".pw-node-title")!).fill,
    ]);
    expect(await contrastOf(page, fill, text)).toBeGreaterThanOrEqual(4.5);
    await shot(page, testInfo, `forced-colors-${scheme}`);
    expect(errors).toEqual([]);
  });
}
