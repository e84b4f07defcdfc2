/**
 * "Compare with…" as a user meets it: the two-process example, the other process's CR3, the one
 * user page that differs; an earlier state of the undo history after flipping a bit; a scenario
 * file; a CR3 outside RAM refused. The expected ranges come from the core's diff of the same preset.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { collectConsoleErrors, shot } from "./artifacts";
import { LINUX_TITLE, openExample } from "./examples";
import { boxesRunningOver, scrollersScrollingSideways } from "./sideways";
import { openAtLargerText } from "./textSize";
import { bookmarkRegisters, machineFromScenario, presetById, serializeScenario } from "../src/core/scenario";
import { diffRuns, mappingRuns, describeSide } from "../src/core/diff";
import { trustedResolver } from "../src/core/memtype";

const preset = presetById("two-processes");
if (!preset?.build) throw new Error("two-processes preset missing");
const state = preset.build();
const machine = machineFromScenario(state);
/** What the page must show: the core's diff from process B (CR3 0x4000) to process A (the current one). */
const expected = diffRuns(
  mappingRuns(machine.ram, bookmarkRegisters(machine.regs, { cr3: 0x4000 }), trustedResolver()).runs,
  mappingRuns(machine.ram, machine.regs, trustedResolver()).runs,
);

const statusOf = (page: Page): Locator => page.getByRole("region", { name: "Walk" }).getByRole("status");

async function openTwoProcesses(page: Page): Promise<void> {
  await page.goto("/");
  await openExample(page, preset!.meta.title);
}

test.use({ viewport: { width: 1366, height: 900 } });

test("compare two processes of the two-process example", async ({ page }, testInfo) => {
  const errors = collectConsoleErrors(page);
  await openTwoProcesses(page);
  await page.getByRole("button", { name: "Compare with…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("radio", { name: "Another CR3 of this machine" })).toBeChecked();
  // The other process's CR3 is offered.
  await expect(dialog.getByRole("textbox", { name: "CR3 to compare with" })).toHaveValue("0x4000");
  await dialog.getByRole("button", { name: "Compare", exact: true }).click();
  const result = dialog.getByRole("region", { name: "Comparison" });
  await expect(result.getByRole("status")).toHaveText("0 added, 0 removed, 1 changed");
  expect(expected.changes).toHaveLength(1);
  const change = expected.changes[0]!;
  const rows = result.getByRole("row");
  await expect(rows).toHaveCount(2); // header + the one range
  const row = rows.nth(1);
  await expect(row.getByRole("cell").nth(0)).toHaveText("changed (PA)");
  await expect(row.getByRole("button", { name: "0x400000" })).toBeVisible();
  await expect(row.getByRole("cell").nth(2)).toHaveText("0x401000");
  await expect(row.getByRole("cell").nth(4)).toHaveText(describeSide(change.before!));
  await expect(row.getByRole("cell").nth(5)).toHaveText(describeSide(change.after!));
  await expect(row.getByRole("cell").nth(4)).toHaveText("PA 0x700000 4K urwx WB");
  await shot(page, testInfo, "compare-two-processes");
  // The range's start walks it.
  await row.getByRole("button", { name: "0x400000" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel("Virtual address")).toHaveValue("0x400000");
  await expect(statusOf(page)).toContainText("0x400000 → 0x600000");

  // The same process compared with itself: nothing differs.
  await page.getByRole("button", { name: "Compare with…" }).click();
  await dialog.getByRole("textbox", { name: "CR3 to compare with" }).fill("0x1000");
  await dialog.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(result.getByRole("status")).toHaveText("no differences");
  await expect(result.getByRole("table")).toHaveCount(0);

  // A CR3 outside RAM is refused with a message, and no result.
  await dialog.getByRole("textbox", { name: "CR3 to compare with" }).fill("0x7fff000");
  await dialog.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText(/CR3 0x7fff000 points outside RAM/);
  await expect(result).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(errors).toEqual([]);
});

test("on a phone each changed range is a card, nothing behind a sideways scroll", async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openTwoProcesses(page);
  await page.getByRole("button", { name: "Compare with…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Compare", exact: true }).click();
  const result = dialog.getByRole("region", { name: "Comparison" });
  await expect(result.getByRole("status")).toHaveText("0 added, 0 removed, 1 changed");
  // The six columns need 542 px; the dialog has 330. The range's start, end and page count on its
  // first line(s), what it was and what it is on a line each under them, labelled since the
  // column headers are out of view (the cells' text is unchanged).
  const row = result.getByRole("row").nth(1);
  const cells = row.getByRole("cell");
  await expect(cells.nth(2)).toHaveText("0x401000");
  await expect(cells.nth(2)).toHaveAccessibleName("to 0x401000");
  await expect(cells.nth(4)).toHaveAccessibleName("before PA 0x700000 4K urwx WB");
  const layout = await row.evaluate((r) => {
    const boxes = Array.from(r.children, (c) => c.getBoundingClientRect());
    const rowBox = r.getBoundingClientRect();
    const [change, start, , , before, after] = boxes;
    return {
      startBesideChange: Math.abs(start!.top - change!.top) < 1,
      beforeUnder: before!.top >= Math.max(...boxes.slice(0, 4).map((b) => b.bottom)) - 0.5,
      afterUnderBefore: after!.top >= before!.bottom - 0.5,
      inCard: boxes.every((b) => b.left >= rowBox.left - 0.5 && b.right <= rowBox.right + 0.5),
    };
  });
  expect(layout).toEqual({
    startBesideChange: true,
    beforeUnder: true,
    afterUnderBefore: true,
    inCard: true,
  });
  const wrap = await result
    .locator(".compare-table-wrap")
    .evaluate((w) => ({ scrollWidth: w.scrollWidth, clientWidth: w.clientWidth }));
  expect(wrap.scrollWidth, "the ranges scroll sideways").toBeLessThanOrEqual(wrap.clientWidth);
  await shot(page, testInfo, "compare-phone");
  // The range's start still walks it.
  await row.getByRole("button", { name: "0x400000" }).click();
  await expect(page.getByLabel("Virtual address")).toHaveValue("0x400000");
});

test("at 200 % on a 360 px phone a kernel range's card shows its whole start and end, the head its Close", async ({
  page,
}, testInfo) => {
  await openAtLargerText(page, 360, 740, 5);
  await openExample(page, LINUX_TITLE);
  // The kernel text's 2 MiB page made read-only: one changed range at a 16-digit address.
  await page.locator("button[aria-label^='bit 1 R/W']").click();
  await page.getByRole("button", { name: "Compare with…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("radio", { name: "An earlier state (undo history)" }).check();
  await dialog.getByRole("button", { name: "Compare", exact: true }).click();
  const result = dialog.getByRole("region", { name: "Comparison" });
  await expect(result.getByRole("status")).toHaveText("0 added, 0 removed, 1 changed");
  // Eighteen characters are wider than the card at this size: they break, the start (a link that
  // walks it) as its end does, rather than run past the card, its last digits cut off.
  const row = result.getByRole("row").nth(1);
  const start = row.getByRole("button", { name: /^0x[0-9a-f]{16}$/ });
  await expect(start).toBeVisible();
  const [rowBox, startBox, endBox] = await Promise.all([
    row.boundingBox(),
    start.boundingBox(),
    row.getByRole("cell").nth(2).boundingBox(),
  ]);
  for (const [what, box] of [
    ["start", startBox],
    ["end", endBox],
  ] as const) {
    expect(box!.x + box!.width, `the ${what} inside the card`).toBeLessThanOrEqual(
      rowBox!.x + rowBox!.width + 0.5,
    );
  }
  expect(await boxesRunningOver(page)).toEqual([]);
  expect(await scrollersScrollingSideways(page)).toEqual([]);
  await row.scrollIntoViewIfNeeded();
  await shot(page, testInfo, "compare-phone-200-kernel");
  const startText = (await start.textContent())!;
  await start.click();
  await expect(page.getByLabel("Virtual address")).toHaveValue(startText);
});

test("compare with the state one undo step ago, and with a scenario file", async ({ page }, testInfo) => {
  const errors = collectConsoleErrors(page);
  await openTwoProcesses(page);
  // Make process A's user page read-only: flip R/W of its PTE from the walk card's chip.
  await page.getByLabel("Virtual address").fill("0x400000");
  await page.getByRole("button", { name: "PT[0] R/W", exact: true }).click();
  await page.getByRole("button", { name: "Compare with…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("radio", { name: "An earlier state (undo history)" }).check();
  await expect(dialog.getByRole("spinbutton", { name: "Undo steps ago" })).toHaveValue("1");
  await dialog.getByRole("button", { name: "Compare", exact: true }).click();
  const result = dialog.getByRole("region", { name: "Comparison" });
  await expect(result.getByRole("status")).toHaveText("0 added, 0 removed, 1 changed");
  const row = result.getByRole("row").nth(1);
  await expect(row.getByRole("cell").nth(0)).toHaveText("changed (rights)");
  await expect(row.getByRole("cell").nth(4)).toHaveText("PA 0x600000 4K urwx WB");
  await expect(row.getByRole("cell").nth(5)).toHaveText("PA 0x600000 4K ur-x WB");
  // Further back than the history goes: a message.
  await dialog.getByRole("spinbutton", { name: "Undo steps ago" }).fill("5");
  await dialog.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText(/undo steps? back (is|are) kept/);

  // A scenario file: the example as it was saved, so the same one change shows.
  await dialog.getByRole("radio", { name: "A scenario file" }).check();
  await dialog.getByLabel("Scenario file to compare with").setInputFiles({
    name: "two.json",
    mimeType: "application/json",
    buffer: Buffer.from(serializeScenario(state)),
  });
  await dialog.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(result.getByRole("status")).toHaveText("0 added, 0 removed, 1 changed");
  await expect(result).toContainText("From two.json (CR3 0x1000)");
  await shot(page, testInfo, "compare-file");
  // A file that is not a scenario: its message, no result.
  await dialog.getByLabel("Scenario file to compare with").setInputFiles({
    name: "notes.json",
    mimeType: "application/json",
    buffer: Buffer.from("[1, 2]"),
  });
  await dialog.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText(
    /notes\.json: This is JSON, but not a Pagewalk scenario/,
  );
  // Closed and opened again, or switched away and back, the file input is empty: so is the choice.
  await dialog.getByRole("button", { name: "Close" }).click();
  await page.getByRole("button", { name: "Compare with…" }).click();
  await dialog.getByRole("radio", { name: "A scenario file" }).check();
  await dialog.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Choose a scenario file to compare with.");
  await dialog.getByLabel("Scenario file to compare with").setInputFiles({
    name: "two.json",
    mimeType: "application/json",
    buffer: Buffer.from(serializeScenario(state)),
  });
  await dialog.getByRole("radio", { name: "Another CR3 of this machine" }).check();
  await dialog.getByRole("radio", { name: "A scenario file" }).check();
  await dialog.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Choose a scenario file to compare with.");
  await expect(result).toHaveCount(0);
  expect(errors).toEqual([]);
});
