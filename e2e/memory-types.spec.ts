/**
 * Memory types in the browser: the walk outcome and the inspector say the page's type; IA32_PAT
 * and the MTRRs are set in the Registers panel (one undoable step each); values the CPU refuses
 * are explained and change nothing.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { collectConsoleErrors, shot } from "./artifacts";

const walkRegion = (page: Page): Locator => page.getByRole("region", { name: "Walk" });
const registers = (page: Page): Locator => page.getByRole("region", { name: "Registers" });

test.use({ viewport: { width: 1366, height: 900 } });

test("the worked example's page is WB; the PAT and the MTRRs change it", async ({ page }, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  await page.getByLabel("Virtual address").fill("0x803fe7f5ce");
  await page.getByRole("radio", { name: "Read" }).check();
  await page.getByRole("radio", { name: "Supervisor" }).check();
  const walk = walkRegion(page);
  await expect(walk.getByText("Memory type WB")).toBeVisible();
  await expect(walk).toContainText("write-back · PAT index 0: PA0 = WB");
  // The inspector on the leaf (the walk's deciding entry) says the same.
  const inspector = page.getByRole("region", { name: /PT\[127\]/ });
  await expect(inspector).toContainText("Memory type WB");

  // PA0 = UC: the page becomes UC.
  const pat = registers(page).getByRole("textbox", { name: "IA32_PAT" });
  await expect(pat).toHaveValue("0x0007040600070406");
  await pat.fill("0x0007040600070400");
  await pat.press("Enter");
  await expect(walk.getByText("Memory type UC")).toBeVisible();
  await expect(registers(page).locator(".pat-entries")).toHaveText(
    "PA0 UC · PA1 WT · PA2 UC- · PA3 UC · PA4 WB · PA5 WT · PA6 UC- · PA7 UC",
  );
  // A reserved encoding is refused, named, and changes nothing.
  await pat.fill("0x0007040600070402");
  await pat.press("Enter");
  await expect(registers(page).getByRole("alert")).toHaveText(
    /IA32_PAT byte 0 \(PA0\) is 0x2, a reserved encoding.*IA32_PAT stays 0x0007040600070400\./,
  );
  await expect(walk.getByText("Memory type UC")).toBeVisible();
  // Undo brings back the power-on PAT.
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(walk.getByText("Memory type WB")).toBeVisible();

  // MTRRs: everything UC except the frame of this page, WC: the WB page becomes WC.
  const mtrrs = registers(page).getByRole("textbox", { name: "MTRRs (JSON)" });
  await mtrrs.fill('{"default": "UC", "variable": [{"base": "0x3000", "size": "0x1000", "type": "WC"}]}');
  await registers(page).getByRole("button", { name: "Apply MTRRs" }).click();
  await expect(walk.getByText("Memory type WC")).toBeVisible();
  await expect(walk).toContainText("MTRR WC; SDM Table 11-7");
  await expect(registers(page)).toContainText("MTRRs: default UC, fixed ranges off, 1 variable range.");
  await shot(page, testInfo, "memory-types-mtrr");
  // A bad MTRR list: its message, nothing changes.
  await mtrrs.fill('{"variable": [{"base": "0x1000", "size": "0x3000", "type": "WB"}]}');
  await registers(page).getByRole("button", { name: "Apply MTRRs" }).click();
  await expect(registers(page).getByRole("alert")).toHaveText(
    /mtrr\.variable\[0\]\.size: 0x3000 is not a power of two.*Nothing changed\./,
  );
  await expect(walk.getByText("Memory type WC")).toBeVisible();
  // The Mappings panel's leaves say each page's type: PA 0x9000 is WB over a UC range (UC), 0x3000 WC.
  const mappings = page.getByRole("region", { name: "Mappings" });
  await mappings.getByRole("button", { name: "Mappings" }).click();
  await mappings.getByRole("radio", { name: "Leaves" }).check();
  const leaves = mappings.getByRole("table", { name: "Leaf mappings" });
  await expect(leaves.locator('[role="row"][aria-rowindex] .pw-c-type[role="cell"]')).toHaveText([
    "UC",
    "WC",
  ]);
  await shot(page, testInfo, "memory-types-mappings", { target: mappings });
  await registers(page).getByRole("button", { name: "No MTRRs" }).click();
  await expect(walk.getByText("Memory type WB")).toBeVisible();
  expect(errors).toEqual([]);
});
