import { expect, test, type Page } from "@playwright/test";
import { collectConsoleErrors, shot } from "./artifacts";
import { accessibilityScan } from "./axe";

/** Opens the worked example of Writing an OS in Rust (tables 0x1000 → 0x4000 → 0x6000 → 0x8000, frame 0x3000). */
async function openWorkedExample(page: Page): Promise<void> {
  await page.goto("/");
  await page.getByRole("button", { name: "Examples" }).click();
  await page.getByRole("menuitem", { name: "Worked example (Writing an OS in Rust)", exact: true }).click();
  await expect(page).toHaveTitle("Pagewalk — Worked example (Writing an OS in Rust)");
}

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
]) {
  test(`a learner predicts wrong, reads the feedback, predicts right (${viewport.width}px)`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize(viewport);
    const errors = collectConsoleErrors(page);
    await openWorkedExample(page);
    const walk = page.getByRole("region", { name: "Walk" });
    const status = walk.getByRole("status");
    await page.getByRole("radio", { name: "Supervisor" }).check();
    await expect(status).toHaveText("0x803fe7f5ce → 0x35ce (4 KiB page, supervisor read ok)");

    // Predict on: the outcome, the walk cards and the PA are gone until the learner answers.
    const predict = page.getByRole("switch", { name: "Predict" });
    await predict.click();
    await expect(predict).toHaveAttribute("aria-checked", "true");
    await expect(status).toHaveText("Outcome hidden: predict it, then check.");
    await expect(walk.getByText("0x35ce")).toHaveCount(0);
    await expect(walk.getByRole("button", { name: "Inspect PT[127]" })).toBeHidden();
    const form = page.getByRole("form", { name: "Your prediction" });
    await shot(page, testInfo, "01-predict-hidden", { fullPage: viewport.width > 1000 });

    // Bad input is explained and nothing is checked.
    const pa = form.getByLabel("to physical address");
    await pa.fill("0x35q");
    await form.getByRole("button", { name: "Check" }).click();
    await expect(form.getByRole("alert")).toHaveText(
      'Physical address "0x35q" is not a hex number (unexpected "q").',
    );
    await expect(status).toHaveText("Outcome hidden: predict it, then check.");

    // A classic mistake: the frame without the offset.
    await pa.fill("0x3000");
    await form.getByRole("button", { name: "Check" }).click();
    await expect(form.getByText("Not quite.")).toBeVisible();
    await expect(
      form.getByText(
        "The page frame 0x3000 is right, but the offset is VA bits 11:0 = 0x5ce; PA = 0x3000 + 0x5ce = 0x35ce.",
      ),
    ).toBeVisible();
    await expect(status).toHaveText("Outcome hidden: predict it, then check.");
    await shot(page, testInfo, "02-predict-wrong", { fullPage: viewport.width > 1000 });

    // Right: the outcome is revealed, with the answer.
    await pa.fill("0x35ce");
    await form.getByRole("button", { name: "Check" }).click();
    await expect(status).toHaveText("0x803fe7f5ce → 0x35ce (4 KiB page, supervisor read ok)");
    await expect(walk.getByText("Right.")).toBeVisible();
    await expect(
      walk.getByText("It translates to PA 0x35ce: a 4 KiB page at 0x3000 plus offset 0x5ce."),
    ).toBeVisible();
    await expect(walk.getByRole("button", { name: "Inspect PT[127]" })).toBeVisible();
    // The stepper is offered: one click starts it at the first step.
    await walk.getByRole("button", { name: "Step through this walk" }).click();
    await expect(page.getByRole("region", { name: "Step" })).toContainText("Step 1 of");
    await expect(walk.getByRole("button", { name: "Step through this walk" })).toHaveCount(0);
    await shot(page, testInfo, "03-predict-right", { fullPage: viewport.width > 1000 });

    // A new question (a user read) hides the outcome again, and nothing gives the fault away: no
    // fault mark in the graph, the inspector stays on PT[127].
    await page.getByRole("radio", { name: "User" }).check();
    await expect(status).toHaveText("Outcome hidden: predict it, then check.");
    const graph = page.getByRole("region", { name: "Page-table graph" });
    await expect(graph.getByRole("button", { name: /fault/ })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: /^PT\[127\]/ })).toBeVisible();
    await form.getByRole("radio", { name: "faults" }).check();
    await form.getByLabel("error code").fill("0x5");
    await form.getByLabel("at level").selectOption({ label: "PT" });
    await form.getByRole("button", { name: "Check" }).click();
    await expect(
      form.getByText("PT[127] is not what faults; the fault is at PML4[1], which has U/S = 0."),
    ).toBeVisible();
    await form.getByLabel("at level").selectOption({ label: "PML4" });
    await form.getByRole("button", { name: "Check" }).click();
    await expect(status).toContainText("#PF error 0x5 at PML4[1]");
    await expect(walk.getByText("Right.")).toBeVisible();
    // Revealed: the graph marks the faulting table and the inspector moves to the entry.
    await expect(graph.getByRole("button", { name: "PML4 0x1000, fault: U/S = 0" })).toBeVisible();
    await expect(page.getByRole("heading", { name: /^PML4\[1\]/ })).toBeVisible();

    // Predict off: everything is shown as before.
    await predict.click();
    await expect(predict).toHaveAttribute("aria-checked", "false");
    await expect(walk.getByText("Right.")).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}

test("the prediction form works from the keyboard, can reveal the answer, and passes axe", async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openWorkedExample(page);
  const walk = page.getByRole("region", { name: "Walk" });
  const predict = page.getByRole("switch", { name: "Predict" });
  await predict.focus();
  await page.keyboard.press("Enter");
  await expect(predict).toHaveAttribute("aria-checked", "true");
  const form = page.getByRole("form", { name: "Your prediction" });
  await page.keyboard.press("Tab"); // the panel head's "Model the TLB"
  await page.keyboard.press("Tab"); // the panel head's "Collapse Walk"
  await page.keyboard.press("Tab"); // the "translates" radio
  await page.keyboard.press("Tab"); // the PA field
  await expect(form.getByLabel("to physical address")).toBeFocused();
  await page.keyboard.type("0x83f8");
  await page.keyboard.press("Enter");
  await expect(
    form.getByText(/^0x83f8 is the address of the entry PT\[127\], not of the byte/),
  ).toBeVisible();
  const scan = await accessibilityScan(page).include(".walk-path").analyze();
  expect(scan.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await form.getByRole("button", { name: "Reveal the answer" }).click();
  await expect(walk.getByRole("status")).toContainText("→ 0x35ce");
  await expect(walk.getByText("The answer:")).toBeVisible();
  await expect(walk.getByText(/^0x83f8 is the address of the entry PT\[127\]/)).toBeVisible();
  await shot(page, testInfo, "04-revealed", { target: walk });
});
