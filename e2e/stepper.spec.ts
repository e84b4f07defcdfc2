/**
 * The walk stepper (issue 11 §1), as a learner uses it: step through the worked example reading
 * each step's arithmetic while every view follows; step a walk that faults at the PD; reopen a
 * copied link at its step; do it all from the keyboard; and on a phone.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { collectConsoleErrors, shot } from "./artifacts";
import { accessibilityScan } from "./axe";

test.use({ viewport: { width: 1280, height: 720 } });

const stepRegion = (page: Page): Locator => page.getByRole("region", { name: "Step" });
const graphOf = (page: Page): Locator => page.getByRole("group", { name: /Page-table graph/ });
const walkStatus = (page: Page): Locator => page.getByRole("region", { name: "Walk" }).getByRole("status");

async function openWorkedExample(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Examples" }).click();
  await page.getByRole("menuitem", { name: "Worked example (Writing an OS in Rust)", exact: true }).click();
  await expect(page).toHaveTitle("Pagewalk — Worked example (Writing an OS in Rust)");
  await expect(walkStatus(page)).toHaveText("0x803fe7f5ce → 0x35ce (4 KiB page, supervisor read ok)");
}

/** The step region says "Step n of count: title". */
async function expectStep(page: Page, n: number, count: number, title: string): Promise<void> {
  await expect(stepRegion(page).getByRole("heading")).toHaveText(`Step ${n} of ${count}: ${title}`);
}

/** The table view shows `table` with entry `index` selected, and the inspector that entry. */
async function expectEntryShown(page: Page, table: string, addr: string, index: number): Promise<void> {
  const grid = page.getByRole("grid", { name: `${table} at ${addr}: 512 entries` });
  await expect(grid).toBeVisible();
  // The cell's name is "entry 511" (the grid's names the table), with ", fault: …" when the walk faulted there.
  const cell = grid.getByRole("gridcell", { name: new RegExp(`^entry ${index}(,|$)`) });
  await expect(cell).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("region", { name: new RegExp(`^${table}\\[${index}\\] `) })).toBeVisible();
}

/** The graph marks `current` as the current step's table, `done` as read before it, `later` not at all. */
async function expectGraphMarks(
  page: Page,
  marks: {
    current: string | RegExp | null;
    done: readonly (string | RegExp)[];
    later: readonly (string | RegExp)[];
  },
): Promise<void> {
  const graph = graphOf(page);
  if (marks.current !== null) {
    const node = graph.getByRole("button", { name: marks.current, exact: true });
    await expect(node).toHaveAttribute("aria-current", "step");
  }
  await expect(graph.locator('[aria-current="step"]')).toHaveCount(marks.current === null ? 0 : 1);
  for (const name of marks.done)
    await expect(graph.getByRole("button", { name, exact: true })).toHaveAttribute("data-step", "done");
  for (const name of marks.later) {
    const node = graph.getByRole("button", { name, exact: true });
    await expect(node).not.toHaveAttribute("data-step");
    await expect(node).not.toHaveAttribute("data-on-path");
  }
}

/** The address bar's fields marked as used by the current step. */
const markedFields = (page: Page): Locator => page.locator(".va-field[data-step-bits]");

test("step through the worked example: each step's arithmetic, and every view at the same moment", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  await openWorkedExample(page);
  const region = stepRegion(page);
  // Off by default: the whole walk, one button away.
  await expect(region.getByRole("button", { name: "Step through the walk" })).toBeVisible();
  await expect(graphOf(page).locator('.pw-node[data-on-path="true"]')).toHaveCount(4);
  await region.getByRole("button", { name: "Step through the walk" }).click();

  // 1. The split: which bits select each index.
  await expectStep(page, 1, 7, "Split the virtual address");
  for (const line of [
    "PML4 index = VA bits 47:39 = 1 (0x1).",
    "PDPT index = VA bits 38:30 = 0 (0x0).",
    "PD index = VA bits 29:21 = 511 (0x1ff).",
    "PT index = VA bits 20:12 = 127 (0x7f).",
    "Offset = VA bits 11:0 = 0x5ce.",
  ])
    await expect(region.getByText(line, { exact: true })).toBeVisible();
  await expect(markedFields(page)).toHaveCount(6);
  await expectGraphMarks(page, { current: null, done: [], later: ["PML4 at 0x1000", "PT at 0x8000"] });
  await shot(page, testInfo, "stepper-01-split");

  // 2–5. One read per level: base + index × 8, the value read, the checks, the rights so far.
  const reads = [
    {
      table: "PML4",
      addr: "0x1000",
      index: 1,
      sum: "0x1000 + 1 × 8 = 0x1008",
      value: "0x0000_0000_0000_4003",
    },
    {
      table: "PDPT",
      addr: "0x4000",
      index: 0,
      sum: "0x4000 + 0 × 8 = 0x4000",
      value: "0x0000_0000_0000_6003",
    },
    {
      table: "PD",
      addr: "0x6000",
      index: 511,
      sum: "0x6000 + 511 × 8 = 0x6ff8",
      value: "0x0000_0000_0000_8003",
    },
    {
      table: "PT",
      addr: "0x8000",
      index: 127,
      sum: "0x8000 + 127 × 8 = 0x83f8",
      value: "0x0000_0000_0000_3001",
    },
  ];
  for (const [k, read] of reads.entries()) {
    await region.getByRole("button", { name: "Next step", exact: true }).click();
    await expectStep(page, k + 2, 7, `Read ${read.table}[${read.index}]`);
    await expect(region.getByText(`Entry address = base + index × 8 = ${read.sum}.`)).toBeVisible();
    await expect(region.getByText(`: ${read.value}.`)).toBeVisible();
    await expect(region.getByText("Check P: P = 1, present.")).toBeVisible();
    // The address bar marks the index bits of this level, and only those.
    await expect(markedFields(page)).toHaveCount(1);
    await expect(markedFields(page)).toContainText(read.table);
    // The graph: this table is current, the ones before it done, the ones after not yet.
    await expectGraphMarks(page, {
      current: `${read.table} at ${read.addr}`,
      done: reads.slice(0, k).map((r) => `${r.table} at ${r.addr}`),
      later: reads.slice(k + 1).map((r) => `${r.table} at ${r.addr}`),
    });
    // The walk card of this level is the current one; those after it are not read yet.
    const card = page.getByRole("region", { name: "Walk" }).locator(`li[aria-current="step"]`);
    await expect(card).toContainText(`${read.table}[${read.index}]`);
    await expect(page.locator('.walk-step[data-step="later"]')).toHaveCount(reads.length - k - 1);
    // The table view and the inspector show the entry read.
    await expectEntryShown(page, read.table, read.addr, read.index);
    if (k === 1) await shot(page, testInfo, "stepper-02-read-pdpt");
  }
  await expect(region.getByText("supervisor only (U/S = 0 in the PML4E)", { exact: false })).toBeVisible();

  // 6. The end of the walk: PA = frame base + offset.
  await region.getByRole("button", { name: "Next step", exact: true }).click();
  await expectStep(page, 6, 7, "Physical address");
  await expect(region.getByText("PA = frame base + offset = 0x3000 + 0x5ce = 0x35ce.")).toBeVisible();
  await expect(markedFields(page)).toHaveText([/offset/]);
  await expectEntryShown(page, "PT", "0x8000", 127);
  await shot(page, testInfo, "stepper-03-pa", { fullPage: true });

  // 7. The access check, rule by rule; the last step: Next does nothing more.
  await region.getByRole("button", { name: "Next step", exact: true }).click();
  await expectStep(page, 7, 7, "Check the supervisor read");
  await expect(
    region.getByText("U/S: a supervisor access may use user and supervisor pages → passes."),
  ).toBeVisible();
  await expect(
    region.getByText("Allowed: no rule denies this supervisor read", { exact: false }),
  ).toBeVisible();
  await expect(region.getByRole("button", { name: "Next step", exact: true })).toHaveAttribute(
    "aria-disabled",
    "true",
  );
  // aria-disabled keeps it focusable (and Playwright calls it disabled): a click changes nothing.
  await expect(region.getByRole("button", { name: "Next step", exact: true })).toBeDisabled();
  await region.getByRole("button", { name: "Next step", exact: true }).click({ force: true });
  await expectStep(page, 7, 7, "Check the supervisor read");
  await region.getByRole("button", { name: "Previous step", exact: true }).click();
  await expectStep(page, 6, 7, "Physical address");
  await region.getByRole("button", { name: "First step", exact: true }).click();
  await expectStep(page, 1, 7, "Split the virtual address");
  await region.getByRole("button", { name: "Last step", exact: true }).click();
  await expectStep(page, 7, 7, "Check the supervisor read");

  // The region passes axe; then back to the whole walk.
  const scan = await accessibilityScan(page).include('section[aria-label="Step"]').analyze();
  expect(scan.violations).toEqual([]);
  await region.getByRole("button", { name: "Show the whole walk" }).click();
  await expect(region.getByRole("button", { name: "Step through the walk" })).toBeFocused();
  await expect(markedFields(page)).toHaveCount(0);
  await expect(graphOf(page).locator('.pw-node[data-on-path="true"]')).toHaveCount(4);
  await expect(graphOf(page).locator("[aria-current]")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("a walk that faults at the PD, stepped to its fault", async ({ page }, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  await openWorkedExample(page);
  // Clear P of PD[511] in the inspector: the walk stops at the PD.
  await page.getByRole("button", { name: "Inspect PD[511]" }).click();
  await page.getByRole("button", { name: "bit 0 P", exact: true }).click();
  await expect(walkStatus(page)).toContainText("#PF error 0x0 at PD[511]");

  const region = stepRegion(page);
  await region.getByRole("button", { name: "Step through the walk" }).click();
  await expectStep(page, 1, 5, "Split the virtual address");
  for (let k = 0; k < 2; k++) await region.getByRole("button", { name: "Next step", exact: true }).click();
  // Before the steps reach the PD, nothing says it will fault: not the graph, not the walk cards.
  await expectStep(page, 3, 5, "Read PDPT[0]");
  await expect(graphOf(page).getByRole("button", { name: "PD at 0x6000", exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Walk" }).getByText("fault: P = 0")).toHaveCount(0);
  await region.getByRole("button", { name: "Next step", exact: true }).click();
  await expectStep(page, 4, 5, "Read PD[511]");
  await expect(region.getByText("Read the PDE: 0x0000_0000_0000_8002.")).toBeVisible();
  await expect(
    region.getByText("Check P: P = 0, not present. The walk stops here: page fault."),
  ).toBeVisible();
  // The PD's node is named with its fault once the steps reach it ("PD 0x6000, fault: P = 0").
  await expectGraphMarks(page, {
    current: /^PD 0x6000, fault: P = 0$/,
    done: ["PML4 at 0x1000", "PDPT at 0x4000"],
    later: [],
  });

  await region.getByRole("button", { name: "Next step", exact: true }).click();
  await expectStep(page, 5, 5, "#PF: page fault at PD[511]");
  for (const line of [
    "Error code 0x0:",
    "bit 0 P = 0: the page was not present.",
    "bit 1 W = 0: the access was a read or fetch.",
    "bit 2 U = 0: the access was in supervisor mode.",
    "CR2 = 0x803fe7f5ce, the address that faulted.",
  ])
    await expect(region.getByText(line, { exact: true })).toBeVisible();
  await expectEntryShown(page, "PD", "0x6000", 511);
  await expect(graphOf(page).getByRole("button", { name: /^PD 0x6000, fault/ })).toHaveAttribute(
    "aria-current",
    "step",
  );
  await shot(page, testInfo, "stepper-04-pd-fault", { fullPage: true });

  // Undo brings P back: the walk has 7 steps again and the stepper stays on step 5, now a read.
  await page.getByRole("button", { name: "Undo" }).click();
  await expectStep(page, 5, 7, "Read PT[127]");

  // "Predict" hides the outcome: the steps would give it away, so they end until the answer.
  await page.getByRole("switch", { name: "Predict" }).click();
  await expect(region.getByRole("button", { name: "Step through the walk" })).toHaveAttribute(
    "aria-disabled",
    "true",
  );
  await expect(region.getByText("after your prediction", { exact: false })).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(region.getByRole("heading")).toHaveCount(0);
  await page.getByRole("switch", { name: "Predict" }).click();
  expect(errors).toEqual([]);
});

test("a 2 MiB page: the address's offset is bits 20:0 from the read of the PDE with PS = 1", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  await page.getByRole("button", { name: "Examples" }).click();
  await page.getByRole("menuitem", { name: /Linux/ }).first().click();
  // The preset's first bookmark: kernel text, mapped by PD[8] with PS = 1.
  await expect(walkStatus(page)).toHaveText(
    "0xffffffff811865a0 → 0x11865a0 (2 MiB page, supervisor fetch ok)",
  );
  const fields = page.getByRole("list", { name: "Bit fields of the address" }).getByRole("listitem");
  // The whole walk: no PT index; bits 20:0 are the offset into the page.
  await expect(fields).toHaveText([
    /sign 63:48/,
    /PML4 47:39/,
    /PDPT 38:30/,
    /PD 29:21/,
    /offset 20:0 in a 2\sMiB page/,
  ]);
  await expect(fields.last()).toContainText("0x1865a0");

  // Stepping: the split starts from the four indices of a 4 KiB walk; PS = 1 in the PDE ends it.
  const region = stepRegion(page);
  await region.getByRole("button", { name: "Step through the walk" }).click();
  await expectStep(page, 1, 6, "Split the virtual address");
  await expect(fields).toHaveText([
    /sign 63:48/,
    /PML4 47:39/,
    /PDPT 38:30/,
    /PD 29:21/,
    /PT 20:12/,
    /offset 11:0/,
  ]);
  for (let k = 0; k < 3; k++) await region.getByRole("button", { name: "Next step", exact: true }).click();
  await expectStep(page, 4, 6, "Read PD[8]");
  await expect(fields).toHaveText([/sign 63:48/, /PML4 47:39/, /PDPT 38:30/, /PD 29:21/, /^offset 20:0/]);
  await expect(markedFields(page)).toHaveText([/^used in this step: PD 29:21/]);
  await region.getByRole("button", { name: "Next step", exact: true }).click();
  await expect(stepRegion(page).getByRole("heading")).toContainText("Step 5 of 6");
  await expect(region.getByText("Offset = VA bits 20:0 = 0x1865a0.")).toBeVisible();
  // The step uses bits 20:0: the one field that holds them is marked, whole.
  await expect(markedFields(page)).toHaveText([/^used in this step: offset 20:0/]);
  await shot(page, testInfo, "stepper-05-2mib-offset");
  expect(errors).toEqual([]);
});

test("a copied link with a step opens at that step in a new page", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  await openWorkedExample(page);
  const region = stepRegion(page);
  await region.getByRole("button", { name: "Step through the walk" }).click();
  for (let k = 0; k < 3; k++) await region.getByRole("button", { name: "Next step", exact: true }).click();
  await expectStep(page, 4, 7, "Read PD[511]");
  await page.getByRole("button", { name: "Copy link" }).click();
  const field = page.getByLabel("Share link URL");
  await expect(field).toHaveValue(/#s1\./);
  const url = await field.inputValue();

  const other = await context.newPage();
  const otherErrors = collectConsoleErrors(other);
  await other.goto(url);
  await expectStep(other, 4, 7, "Read PD[511]");
  await expect(
    stepRegion(other).getByText("Entry address = base + index × 8 = 0x6000 + 511 × 8 = 0x6ff8."),
  ).toBeVisible();
  await expectEntryShown(other, "PD", "0x6000", 511);
  await expect(graphOf(other).getByRole("button", { name: "PD at 0x6000", exact: true })).toHaveAttribute(
    "aria-current",
    "step",
  );
  await shot(other, testInfo, "stepper-05-opened-link");
  // The same state without the step opens on the whole walk.
  await stepRegion(other).getByRole("button", { name: "Show the whole walk" }).click();
  await other.getByRole("button", { name: "Copy link" }).click();
  const plain = await other.getByLabel("Share link URL").inputValue();
  expect(plain).not.toBe(url);
  const third = await context.newPage();
  await third.goto(plain);
  await expect(stepRegion(third).getByRole("button", { name: "Step through the walk" })).toBeVisible();
  await expect(walkStatus(third)).toHaveText("0x803fe7f5ce → 0x35ce (4 KiB page, supervisor read ok)");
  expect([...errors, ...otherErrors]).toEqual([]);
});

test("keyboard only: Tab to the stepper, arrows, Home/End, Space plays and pauses", async ({
  page,
}, testInfo) => {
  // A paused clock: Play's one-step-a-second advances only when the test moves time on.
  await page.clock.install();
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  // The Examples menu from the keyboard: the worked example is its first item.
  await page.getByRole("button", { name: "Examples" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem").first()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(walkStatus(page)).toHaveText("0x803fe7f5ce → 0x35ce (4 KiB page, supervisor read ok)");

  const start = stepRegion(page).getByRole("button", { name: "Step through the walk" });
  for (let k = 0; k < 120 && !(await start.evaluate((el) => el === document.activeElement)); k++)
    await page.keyboard.press("Tab");
  await expect(start).toBeFocused();
  await page.keyboard.press("Enter");
  await expectStep(page, 1, 7, "Split the virtual address");
  await page.keyboard.press("ArrowRight");
  await expectStep(page, 2, 7, "Read PML4[1]");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expectStep(page, 4, 7, "Read PD[511]");
  await page.keyboard.press("ArrowLeft");
  await expectStep(page, 3, 7, "Read PDPT[0]");
  await page.keyboard.press("End");
  await expectStep(page, 7, 7, "Check the supervisor read");
  await page.keyboard.press("Home");
  await expectStep(page, 1, 7, "Split the virtual address");

  // Space plays: one step a second, here by moving the paused clock on.
  await page.clock.pauseAt(Date.now() + 1000);
  await page.keyboard.press(" ");
  const region = stepRegion(page);
  await expect(region.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
  await page.clock.runFor(1000);
  await expectStep(page, 2, 7, "Read PML4[1]");
  await page.clock.runFor(2000);
  await expectStep(page, 4, 7, "Read PD[511]");
  await page.keyboard.press(" ");
  await expect(region.getByRole("button", { name: "Play", exact: true })).toBeVisible();
  await page.clock.runFor(3000);
  await expectStep(page, 4, 7, "Read PD[511]");
  // Played to the end, it stops there.
  await page.keyboard.press(" ");
  await page.clock.runFor(5000);
  await expectStep(page, 7, 7, "Check the supervisor read");
  await expect(region.getByRole("button", { name: "Play", exact: true })).toBeVisible();
  // A manual step while playing stops it.
  await page.keyboard.press("Home");
  await page.keyboard.press(" ");
  await page.keyboard.press("ArrowRight");
  await expect(region.getByRole("button", { name: "Play", exact: true })).toBeVisible();
  await page.clock.runFor(3000);
  await expectStep(page, 2, 7, "Read PML4[1]");

  // Keys in a text field belong to it; Ctrl+Z is still undo.
  const va = page.getByLabel("Virtual address");
  await va.focus();
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowLeft");
  await expectStep(page, 2, 7, "Read PML4[1]");
  await shot(page, testInfo, "stepper-06-keyboard");

  // Tab to "Show the whole walk" and leave: focus returns to the start button.
  const leave = region.getByRole("button", { name: "Show the whole walk" });
  await leave.focus();
  await page.keyboard.press("Enter");
  await expect(start).toBeFocused();
  // → starts stepping from anywhere outside the elements that own the arrows.
  await page.keyboard.press("ArrowRight");
  await expectStep(page, 1, 7, "Split the virtual address");

  // A focused scroll area keeps its keys: Home in the entry list or the field table scrolls it, and
  // neither the graph's height bar nor the Examples button hands → to the stepper.
  await page.keyboard.press("ArrowRight");
  await expectStep(page, 2, 7, "Read PML4[1]");
  const fields = page.getByRole("region", { name: "What each field means" });
  await fields.focus();
  await page.keyboard.press("End");
  await page.keyboard.press("Home");
  await expectStep(page, 2, 7, "Read PML4[1]");
  for (const owner of [
    page.getByRole("region", { name: /^Present entries of the / }),
    page.getByRole("separator", { name: "Graph height" }),
  ]) {
    await owner.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("End");
    await expectStep(page, 2, 7, "Read PML4[1]");
  }
  expect(errors).toEqual([]);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the Step region fits a 390-pixel screen", async ({ page }, testInfo) => {
    const errors = collectConsoleErrors(page);
    await page.goto("/");
    await openWorkedExample(page);
    const region = stepRegion(page);
    await region.getByRole("button", { name: "Step through the walk" }).click();
    for (let k = 0; k < 4; k++) await region.getByRole("button", { name: "Next step", exact: true }).click();
    await expectStep(page, 5, 7, "Read PT[127]");
    // The controls are a bar at the screen's bottom, and each step scrolled its walk card into view
    // above it: the card, the bar's title and Next are all on screen, nothing under the bar.
    const bar = region.getByRole("group", { name: "Step controls" });
    await expect(bar).toContainText("5/7 Read PT[127]");
    const card = page.locator(".walk-step.step-current");
    const [barBox, cardBox] = [await bar.boundingBox(), await card.boundingBox()];
    if (!barBox || !cardBox) throw new Error("no boxes");
    expect(barBox.y + barBox.height).toBeGreaterThan(844 - 16);
    expect(barBox.y + barBox.height).toBeLessThanOrEqual(844);
    expect(cardBox.y).toBeGreaterThanOrEqual(0);
    // The step's working is in the bar too, above its controls, and the card above all of it.
    const lines = region.getByRole("list");
    await expect(lines).toBeInViewport();
    await expect(lines).toContainText("Read the PTE: 0x0000_0000_0000_3001");
    const linesBox = (await lines.boundingBox())!;
    expect(linesBox.y + linesBox.height).toBeLessThanOrEqual(barBox.y);
    expect(cardBox.y + cardBox.height).toBeLessThanOrEqual(linesBox.y);
    await shot(page, testInfo, "stepper-07-phone-bar");
    // Folded away, the lines leave the card more room; the next step's card still clears the bar,
    // and the choice holds after a reload.
    const details = region.getByRole("button", { name: "Step details" });
    await expect(details).toHaveAttribute("aria-expanded", "true");
    await details.click();
    await expect(details).toHaveAttribute("aria-expanded", "false");
    await expect(lines).toBeHidden();
    await region.getByRole("button", { name: "Next step", exact: true }).click();
    await expectStep(page, 6, 7, "Physical address");
    const folded = (await bar.boundingBox())!;
    const nextCard = (await page.locator(".walk-step.step-current").boundingBox())!;
    expect(nextCard.y + nextCard.height).toBeLessThanOrEqual(folded.y);
    await shot(page, testInfo, "stepper-07-phone-bar-folded");
    await page.reload();
    await region.getByRole("button", { name: "Step through the walk" }).click();
    await expect(region.getByRole("button", { name: "Step details" })).toHaveAttribute(
      "aria-expanded",
      "false",
    );
    await expect(region.getByRole("list")).toBeHidden();
    await region.getByRole("button", { name: "Step details" }).click();
    await expect(region.getByRole("list")).toBeInViewport();
    for (let k = 0; k < 4; k++) await region.getByRole("button", { name: "Next step", exact: true }).click();
    await region.scrollIntoViewIfNeeded();
    const box = await region.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    for (const name of ["First step", "Previous step", "Play", "Next step", "Last step"]) {
      const b = await region.getByRole("button", { name, exact: true }).boundingBox();
      expect(b && b.x >= 0 && b.x + b.width <= 390, name).toBe(true);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, testInfo, "stepper-07-phone");
    expect(errors).toEqual([]);
  });
});

test.describe("on a tablet", () => {
  test.use({ viewport: { width: 820, height: 1180 } });

  test("the bar holds the step's lines with no gap under them, and the card above it", async ({
    page,
  }, testInfo) => {
    await page.goto("/");
    await openWorkedExample(page);
    const region = stepRegion(page);
    // Stepping starts on a laptop's width (three columns: no bar), then the window narrows: the
    // controls become the bar, and the page makes room for it from then on.
    await page.setViewportSize({ width: 1280, height: 1180 });
    await region.getByRole("button", { name: "Step through the walk" }).click();
    await expect(region.getByRole("button", { name: "Step details" })).toBeHidden();
    await page.setViewportSize({ width: 820, height: 1180 });
    await expect(region.getByRole("button", { name: "Step details" })).toBeVisible();
    await region.getByRole("button", { name: "Next step", exact: true }).click();
    await expectStep(page, 2, 7, "Read PML4[1]");
    const lines = region.getByRole("list");
    await expect(lines).toBeInViewport();
    // The list is as tall as its lines (a wide page's steady height for the list is not the bar's).
    const gap = await lines.evaluate((ol) => {
      const last = ol.lastElementChild!.getBoundingClientRect().bottom;
      return ol.getBoundingClientRect().bottom - last;
    });
    expect(gap).toBeLessThan(12);
    const linesBox = (await lines.boundingBox())!;
    const card = (await page.locator(".walk-step.step-current").boundingBox())!;
    expect(card.y + card.height).toBeLessThanOrEqual(linesBox.y);
    await shot(page, testInfo, "stepper-08-tablet-bar");
  });
});
