import { expect, test } from "@playwright/test";
import { accessibilityScan } from "./axe";

test("the built app loads with a heading, no console errors and no serious a11y violations", async ({
  page,
}, testInfo) => {
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(`pageerror: ${error.message}`));

  await page.goto("/");

  await expect(page).toHaveTitle("Pagewalk — Worked example (Writing an OS in Rust)");
  await expect(page.getByRole("heading", { level: 1, name: "Pagewalk" })).toBeVisible();

  const screenshot = testInfo.outputPath("smoke.png");
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach("smoke", { path: screenshot, contentType: "image/png" });

  const axe = await accessibilityScan(page).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  await testInfo.attach("axe-violations.json", {
    body: JSON.stringify(axe.violations, null, 2),
    contentType: "application/json",
  });
  expect
    .soft(
      serious.map((v) => `${v.id} (${v.impact}): ${v.help} [${v.nodes.length} node(s)]`),
      "serious/critical axe-core violations",
    )
    .toEqual([]);

  expect(consoleErrors, "console errors").toEqual([]);
});
