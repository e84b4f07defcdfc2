/**
 * Learning the walk (issue 11 §2, §3, §5), as a new user would: the page opens on the worked
 * example; the table view and the inspector follow the entry that decided the walk (unless the user
 * pins another); the faulting entry is marked in the graph, the table grid, the entry list and the
 * walk card; the walk cards' flag chips toggle their bit; a first-visit "Start here" strip and a
 * glossary reached from the terms of the page. At a laptop's size and a phone's.
 */
import { writeFile } from "node:fs/promises";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { collectConsoleErrors, shot } from "./artifacts";
import { accessibilityScan } from "./axe";

const statusOf = (page: Page): Locator => page.getByRole("region", { name: "Walk" }).getByRole("status");
/** The inspector: the region named after the selected entry ("PT[127] PTE at 0x83f8 …"). */
const inspectorOf = (page: Page, entry: string): Locator =>
  page.getByRole("region", { name: new RegExp(`^${entry.replace(/[[\]]/g, "\\$&")} `) });
const graphOf = (page: Page): Locator => page.getByRole("group", { name: /Page-table graph/ });

for (const viewport of [
  { width: 1280, height: 720, name: "laptop" },
  { width: 390, height: 844, name: "phone" },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });
    const tag = viewport.name;

    test("first load: the worked example exactly, its leaf PT[127] in the inspector", async ({
      page,
    }, testInfo) => {
      const errors = collectConsoleErrors(page);
      await page.goto("/");
      await expect(page).toHaveTitle("Pagewalk — Worked example (Writing an OS in Rust)");
      await expect(
        page.getByRole("heading", { level: 2, name: "Worked example (Writing an OS in Rust)" }),
      ).toBeVisible();
      await expect(statusOf(page)).toHaveText("0x803fe7f5ce → 0x35ce (4 KiB page, supervisor read ok)");
      // The post's tables: 0x1000 → 0x4000 → 0x6000 → 0x8000.
      for (const name of ["PML4 at 0x1000", "PDPT at 0x4000", "PD at 0x6000", "PT at 0x8000"])
        await expect(graphOf(page).getByRole("button", { name })).toHaveAttribute("data-on-path", "true");
      const inspector = inspectorOf(page, "PT[127]");
      await expect(inspector).toContainText("Following the walk");
      await expect(inspector.getByLabel("Raw")).toHaveValue("0x0000_0000_0000_3001");
      await expect(page.getByRole("grid", { name: "PT at 0x8000: 512 entries" })).toBeVisible();
      await shot(page, testInfo, `follow-01-first-load-${tag}`, { fullPage: true });
      expect(errors).toEqual([]);
    });

    test("the issue's story: a fetch of 0x803fe81020 faults at PT[129], and the inspector edits PT[129]", async ({
      page,
    }, testInfo) => {
      const errors = collectConsoleErrors(page);
      await page.goto("/");
      await page.getByLabel("Virtual address").fill("0x803fe81020");
      await page.getByRole("radio", { name: "Fetch" }).check();
      await expect(statusOf(page)).toContainText("#PF error 0x10 at PT[129]");
      // The inspector moved to the faulting entry, marked as such; PT[127] is no longer shown.
      const inspector = inspectorOf(page, "PT[129]");
      await expect(inspector).toContainText("fault: P = 0");
      await expect(inspectorOf(page, "PT[127]")).toHaveCount(0);
      // Flipping U/S in the inspector changes PT[129], the entry the walk is about.
      await inspector.getByRole("button", { name: "bit 2 U/S" }).click();
      await expect(inspector.getByLabel("Raw")).toHaveValue("0x0000_0000_0000_0004");
      await expect(page.getByRole("button", { name: "Inspect PT[129]" })).toBeVisible();
      // The grid marks the same entry: its name says so, and it shows a sign.
      const cell = page
        .getByRole("grid", { name: "PT at 0x8000: 512 entries" })
        .getByRole("gridcell", { name: "entry 129, fault: P = 0", exact: true });
      await expect(cell).toHaveText("⚠");
      await expect(page.getByText("The walk faults at PT entry 129: P = 0")).toBeVisible();
      await shot(page, testInfo, `follow-02-pt129-${tag}`, { fullPage: true });
      expect(errors).toEqual([]);
    });

    test("a permission fault: a chip sets U/S at the PML4, the fault moves to PDPT[0], marked everywhere", async ({
      page,
    }, testInfo) => {
      const errors = collectConsoleErrors(page);
      await page.goto("/");
      const status = statusOf(page);
      await page.getByRole("radio", { name: "User" }).check();
      // The worked example's tables are supervisor-only: the PML4 entry denies a user read first.
      await expect(status).toContainText("#PF error 0x5 at PML4[1]");
      await expect(inspectorOf(page, "PML4[1]")).toContainText("fault: U/S = 0");

      // One click on the walk card's U/S chip sets that bit of that entry.
      const chip = page.getByRole("button", { name: "PML4[1] U/S", exact: true });
      await expect(chip).toHaveAttribute("aria-pressed", "false");
      await chip.click();
      await expect(chip).toHaveAttribute("aria-pressed", "true");
      await expect(status).toContainText("#PF error 0x5 at PDPT[0]");

      // The selection followed the fault to PDPT[0].
      const inspector = inspectorOf(page, "PDPT[0]");
      await expect(inspector).toContainText("fault: U/S = 0");
      await expect(inspector.getByRole("button", { name: "bit 2 U/S" })).toHaveAttribute(
        "aria-pressed",
        "false",
      );
      // The graph marks the PDPT, by name and with a sign, and its walk path stops there.
      const graph = graphOf(page);
      const node = graph.getByRole("button", { name: "PDPT 0x4000, fault: U/S = 0", exact: true });
      await expect(node).toBeVisible();
      await expect(node.locator(".pw-fault-badge")).toContainText("fault");
      await expect(graph.locator('.pw-node[data-on-path="true"]')).toHaveCount(2);
      await expect(graph.getByRole("button", { name: "PD at 0x6000" })).not.toHaveAttribute(
        "data-on-path",
        "true",
      );
      // The grid cell and the list row of the entry.
      const grid = page.getByRole("grid", { name: "PDPT at 0x4000: 512 entries" });
      await expect(grid.getByRole("gridcell", { name: "entry 0, fault: U/S = 0", exact: true })).toHaveText(
        "⚠",
      );
      const row = page.getByRole("region", { name: "Present entries of the PDPT" }).getByRole("row").nth(1);
      await expect(row).toContainText("fault: U/S = 0");
      // The walk card says it in text, not colour alone.
      await expect(page.locator(".walk-step.faulted")).toContainText("fault: U/S = 0");
      await shot(page, testInfo, `follow-03-permission-fault-${tag}`, { fullPage: true });

      // Undo is one step back: the fault, the marks and the selection return to PML4[1].
      await page.getByRole("button", { name: "Undo" }).click();
      await expect(status).toContainText("#PF error 0x5 at PML4[1]");
      await expect(inspectorOf(page, "PML4[1]")).toContainText("fault: U/S = 0");
      await expect(
        graph.getByRole("button", { name: "PML4 0x1000, fault: U/S = 0", exact: true }),
      ).toBeVisible();

      if (tag === "laptop") {
        for (const theme of ["light", "dark"] as const) {
          await page.getByLabel("Theme").selectOption(theme);
          await chip.click(); // the PDPT fault again, in this theme
          await shot(page, testInfo, `follow-04-fault-${theme}`, { fullPage: true });
          const axe = await accessibilityScan(page).analyze();
          const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
          const report = testInfo.outputPath(`axe-fault-${theme}.json`);
          await writeFile(report, JSON.stringify(axe.violations, null, 2));
          expect(
            serious.map((v) => `${theme}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
          ).toEqual([]);
          await page.getByRole("button", { name: "Undo" }).click();
        }
      }
      expect(errors).toEqual([]);
    });

    test("pin another entry: it stays through a new VA, and one click follows the walk again", async ({
      page,
    }, testInfo) => {
      const errors = collectConsoleErrors(page);
      await page.goto("/");
      // The PML4's walk entry is not the one that decided the walk (the leaf): choosing it pins.
      await page.getByRole("button", { name: "Inspect PML4[1]" }).click();
      const pinned = inspectorOf(page, "PML4[1]");
      await expect(pinned).toContainText("Pinned");
      await page.getByLabel("Virtual address").fill("0x803fe00000");
      await expect(statusOf(page)).toHaveText("0x803fe00000 → 0x9000 (4 KiB page, supervisor read ok)");
      await expect(pinned).toContainText("Pinned");
      await shot(page, testInfo, `follow-05-pinned-${tag}`, { fullPage: true });
      await pinned.getByRole("button", { name: "Follow the walk" }).click();
      const following = inspectorOf(page, "PT[0]");
      await expect(following).toContainText("Following the walk");
      await expect(following.getByRole("button", { name: "Follow the walk" })).toHaveCount(0);
      // Now it follows again: another VA moves it.
      await page.getByLabel("Virtual address").fill("0x803fe7f5ce");
      await expect(inspectorOf(page, "PT[127]")).toContainText("Following the walk");
      // A walk no entry decides (a non-canonical VA's #GP) leaves the entry where it was, and says
      // it is not the walk's; a walk that reads entries again follows again.
      await page.getByLabel("Virtual address").fill("0x800000000000");
      await expect(statusOf(page)).toContainText("#GP");
      await expect(inspectorOf(page, "PT[127]")).toContainText("No entry decides this walk");
      await expect(inspectorOf(page, "PT[127]")).not.toContainText("Following the walk");
      await page.getByLabel("Virtual address").fill("0x803fe7f5ce");
      await expect(inspectorOf(page, "PT[127]")).toContainText("Following the walk");
      expect(errors).toEqual([]);
    });

    test("keyboard only: pin and release, toggle a chip, open the glossary at a term", async ({
      page,
    }, testInfo) => {
      const errors = collectConsoleErrors(page);
      await page.goto("/");
      // A grid cell other than the deciding one, picked with Enter, pins it.
      const grid = page.getByRole("grid", { name: "PT at 0x8000: 512 entries" });
      await grid.getByRole("gridcell", { name: "entry 127", exact: true }).focus();
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("Enter");
      const pinned = inspectorOf(page, "PT[126]");
      await expect(pinned).toContainText("Pinned");
      await pinned.getByRole("button", { name: "Follow the walk" }).focus();
      await page.keyboard.press("Enter");
      await expect(inspectorOf(page, "PT[127]")).toContainText("Following the walk");

      // A walk card's chip from the keyboard: Space sets R/W of PT[127].
      const chip = page.getByRole("button", { name: "PT[127] R/W", exact: true });
      await chip.focus();
      await page.keyboard.press("Space");
      await expect(chip).toHaveAttribute("aria-pressed", "true");
      await expect(inspectorOf(page, "PT[127]").getByLabel("Raw")).toHaveValue("0x0000_0000_0000_3003");

      // The level name on a walk card opens the glossary at its entry; Escape brings the focus back.
      const term = page.getByRole("button", { name: "Glossary: PML4E" });
      await term.focus();
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Glossary" });
      await expect(dialog).toBeVisible();
      const entry = dialog.getByText("PML4E", { exact: true });
      await expect(entry).toBeFocused();
      await expect(dialog).toContainText("selected by VA bits 47:39");
      await shot(page, testInfo, `follow-06-glossary-${tag}`);
      // The search field filters the terms.
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Shift+Tab");
      await expect(dialog.getByRole("searchbox", { name: "Search the glossary" })).toBeFocused();
      await page.keyboard.type("SMAP");
      await expect(dialog.getByText("CR4.SMAP (bit 21)")).toBeVisible();
      await expect(dialog.getByText("PML4E", { exact: true })).toHaveCount(0);
      // Escape closes the dialog (a search field may take a first Escape to clear itself).
      await page.keyboard.press("Escape");
      if (await dialog.isVisible()) await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      await expect(term).toBeFocused();

      // An error-code bit and a register name open their own entries.
      await page.getByRole("radio", { name: "User" }).check();
      await page.getByRole("button", { name: "Glossary: Error code bit 2: U/S" }).click();
      await expect(dialog.getByText("Error code bit 2: U/S", { exact: true })).toBeFocused();
      await dialog.getByRole("button", { name: "Close" }).click();
      await page.getByRole("button", { name: "Glossary: CR0.WP" }).click();
      await expect(dialog.getByText("CR0.WP (write protect, bit 16)", { exact: true })).toBeFocused();
      await dialog.getByRole("button", { name: "Close" }).click();
      expect(errors).toEqual([]);
    });

    test("the Start here strip shows on the first visit only, and the header opens the glossary", async ({
      page,
    }, testInfo) => {
      const errors = collectConsoleErrors(page);
      await page.goto("/");
      const strip = page.getByRole("region", { name: "Start here" });
      await expect(strip).toBeVisible();
      await expect(strip).toContainText("Step through the walk");
      await expect(strip).toContainText("Examples");
      await shot(page, testInfo, `follow-07-start-here-${tag}`);
      await strip.getByRole("button", { name: "glossary" }).click();
      await expect(page.getByRole("dialog", { name: "Glossary" })).toBeVisible();
      await page.keyboard.press("Escape");
      await strip.getByRole("button", { name: "Got it" }).click();
      await expect(strip).toHaveCount(0);
      await page.reload();
      await expect(statusOf(page)).toContainText("0x35ce");
      await expect(page.getByRole("region", { name: "Start here" })).toHaveCount(0);
      // The glossary stays one click away in the header.
      await page.getByRole("button", { name: "Glossary", exact: true }).click();
      const dialog = page.getByRole("dialog", { name: "Glossary" });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByText("Canonical address", { exact: true })).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      expect(errors).toEqual([]);
    });
  });
}
