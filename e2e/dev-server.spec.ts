import { expect, test } from "@playwright/test";
import { devPort } from "../playwright.config";

// `npm run dev` is half of the README's set-up: the development build must work too, and it is the
// one where React reports its development warnings (keys, nesting, hooks) as console errors.
test("the dev server serves a working app on its first load", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`http://localhost:${devPort}/`);
  await expect(page.getByRole("heading", { level: 1, name: "Pagewalk" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Walk" }).getByRole("status")).toContainText("→ 0x35ce");
  await page.getByRole("button", { name: "bit 0 P", exact: true }).click();
  await expect(page.getByRole("region", { name: "Walk" }).getByRole("status")).toContainText("#PF");
  expect(errors).toEqual([]);
});
