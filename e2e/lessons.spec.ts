/**
 * Issue 13 §1–2 as a teacher and a learner would do it: author a title, a name and a bookmark with
 * a note; build a three-step lesson; copy the link; open it fresh (full page and read-only embed)
 * and go through the lesson. Screenshots at laptop and phone sizes.
 */
import { expect, test, type Locator, type Page, type TestInfo } from "@playwright/test";
import { collectConsoleErrors, shot } from "./artifacts";
import { accessibilityScan } from "./axe";
import { copyLink } from "./examples";
import { largerText } from "./textSize";

const status = (page: Page) => page.getByRole("region", { name: "Walk" }).getByRole("status");
const lessonBar = (page: Page) => page.getByRole("region", { name: "Lesson", exact: true });

/** Opens the shipped lesson on huge pages from a fresh page: its bar, at step 1 of 5. */
async function openHugePagesLesson(page: Page): Promise<Locator> {
  await page.goto("/");
  await page.getByRole("button", { name: "Examples" }).click();
  await page.getByRole("menuitem", { name: "Lesson: huge pages", exact: true }).click();
  const bar = lessonBar(page);
  await expect(bar).toContainText("Step 1 of 5");
  return bar;
}

/**
 * Follows the address bar through a lesson: each call waits for it to change from the address it
 * had at the last call (the first: the lesson's own link), and returns the new one.
 */
async function addressTracker(page: Page): Promise<() => Promise<string>> {
  await expect.poll(() => page.url()).toContain("#s1.");
  let shown = page.url();
  return async () => {
    await expect.poll(() => page.url()).not.toBe(shown);
    shown = page.url();
    return shown;
  };
}

/** Everything the teacher writes, on the worked example the page opens with. Returns the link. */
async function authorLesson(page: Page, testInfo: TestInfo): Promise<string> {
  await page.goto("/");
  await page.getByRole("button", { name: "Got it" }).click();
  await expect(status(page)).toHaveText(/ → 0x35ce \(/);

  // A title and a description in the safe subset, edited in place.
  await page.getByRole("button", { name: "Edit title and description" }).click();
  await page.getByLabel("Title", { exact: true }).fill("Paging 101");
  await page
    .getByLabel("Description", { exact: true })
    .fill("A **read-only** page at `0x3000`.\n\nSee [the SDM](https://www.intel.com/sdm) <b>not html</b>");
  await page.getByRole("button", { name: "Save title and description" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Paging 101" })).toBeVisible();
  const about = page.locator(".scenario-description");
  await expect(about.locator("strong")).toHaveText("read-only");
  await expect(about.locator("code")).toHaveText("0x3000");
  await expect(about.getByRole("link", { name: "the SDM" })).toHaveAttribute(
    "href",
    "https://www.intel.com/sdm",
  );
  await expect(about).toContainText("<b>not html</b>"); // shown as text, never as HTML
  await expect(page).toHaveTitle("Pagewalk — Paging 101");

  // The editors of names, bookmarks and lesson steps are behind "Author".
  await page.getByRole("button", { name: "Author" }).click();
  // A name for the page table: it appears on the graph, the walk card and the table panel.
  const names = page.getByRole("form", { name: "Name a frame or a VA range" });
  await names.getByLabel("at physical address").fill("0x8000");
  await names.getByLabel("Name", { exact: true }).fill("the PT of the post");
  await names.getByRole("button", { name: "Add name" }).click();
  await expect(page.locator(".pw-node-name", { hasText: "the PT of the post" })).toBeVisible();
  await expect(
    page.locator(".walk-step .frame-name").filter({ hasText: "the PT of the post" }),
  ).toBeVisible();
  await expect(page.getByRole("gridcell", { name: /“the PT of the post”/ })).toBeAttached(); // memory map
  // The frame of the page: its name is beside PT[127]'s target in the entry list.
  await names.getByLabel("at physical address").fill("0x3000");
  await names.getByLabel("Name", { exact: true }).fill("the read-only page");
  await names.getByRole("button", { name: "Add name" }).click();
  await expect(
    page
      .getByRole("table", { name: /entr(y|ies) in PT at 0x8000$/ })
      .getByRole("row", { name: /the read-only page/ }),
  ).toBeVisible();
  // A VA range: named in the Mappings panel's Name column.
  await names.getByLabel("Name a").selectOption("VA range");
  await names.getByLabel("from VA").fill("0x80_3fe0_0000");
  await names.getByLabel("to VA (inclusive)").fill("0x80_3fff_ffff");
  await names.getByLabel("Name", { exact: true }).fill("user data");
  await names.getByRole("button", { name: "Add name" }).click();
  const mappings = page.getByRole("region", { name: "Mappings" });
  await mappings.getByRole("button", { name: "Mappings" }).click();
  await expect(
    mappings.getByRole("table", { name: "Mapped ranges" }).getByRole("cell", { name: "user data" }).first(),
  ).toBeVisible();
  await mappings.getByRole("button", { name: "Mappings" }).click();
  await names.getByLabel("Name a").selectOption("table or frame");
  // A bad address is refused with its reason; nothing is added.
  await names.getByLabel("at physical address").fill("0x8001");
  await names.getByLabel("Name", { exact: true }).fill("bad");
  await names.getByRole("button", { name: "Add name" }).click();
  await expect(names.getByRole("alert")).toHaveText(/0x8001 is not 4 KiB aligned/);
  await expect(page.getByRole("list", { name: "Names" }).getByRole("listitem")).toHaveCount(6); // 4 names, the PT renamed, the page and the range added

  // A bookmark of this walk with a note, renamed, all undoable.
  await page.getByLabel("Note", { exact: true }).fill("the post's read");
  await page.getByRole("button", { name: "Bookmark this walk" }).click();
  const bookmarks = page.getByRole("region", { name: "Bookmarks" });
  await expect(bookmarks.getByRole("button", { name: /the post's read/ })).toBeVisible();
  // The confirmation goes with the bookmark: undone, it goes too (and comes back with no message).
  const bookmarked = page.getByText("Bookmarked (bookmark 4).");
  await expect(bookmarked).toBeVisible();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(bookmarks.getByRole("button", { name: /the post's read/ })).toHaveCount(0);
  await expect(bookmarked).toHaveCount(0);
  await page.getByRole("button", { name: "Redo" }).click();
  await expect(bookmarks.getByRole("button", { name: /the post's read/ })).toBeVisible();
  await page.getByText("Rename, reorder or delete bookmarks").click();
  await page.getByRole("button", { name: "Rename bookmark 4" }).click();
  await page.getByLabel("New text for bookmark 4").fill("read of 0x803fe7f5ce");
  await page.getByLabel("New text for bookmark 4").press("Enter");
  await expect(bookmarks.getByRole("button", { name: /read of 0x803fe7f5ce/ })).toBeVisible();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(bookmarks.getByRole("button", { name: /the post's read/ })).toBeVisible();
  await page.getByRole("button", { name: "Redo" }).click();
  await page.getByRole("button", { name: "Move bookmark 4 up" }).click();
  await expect(bookmarks.getByRole("button").nth(2)).toContainText("read of 0x803fe7f5ce");
  // The keyboard follows the bookmark it moved.
  await expect(page.getByRole("button", { name: "Move bookmark 3 up" })).toBeFocused();

  // A three-step lesson: the read, the write that faults, the write after setting R/W.
  const stepText = page.getByLabel("Step text");
  const addStep = page.getByRole("button", { name: "Add step from current state" });
  await stepText.fill("**Step one.** The read goes through to `0x35ce`.");
  await addStep.click();
  await expect(lessonBar(page)).toContainText("Step 1 of 1");
  await page.getByRole("radio", { name: "Write" }).check();
  await expect(status(page)).toHaveText(/^#PF error 0x3[ :]/);
  await stepText.fill("Step two: a write faults on the read-only page.");
  await addStep.click();
  await page.getByRole("button", { name: "PT[127] R/W" }).click();
  await expect(status(page)).toHaveText(/ → 0x35ce \(/);
  await stepText.fill("Step three: with R/W set the write goes through.");
  await addStep.click();
  await expect(lessonBar(page)).toContainText("Step 3 of 3");
  await expect(lessonBar(page)).toContainText("This step changed an entry: 0x8000[127] = 0x3003");
  await shot(page, testInfo, "teacher-authored", { fullPage: true });
  await shot(page, testInfo, "teacher-scenario-panel", { target: page.locator(".scenario-panel") });
  await shot(page, testInfo, "teacher-walk-and-graph", { target: page.locator("main.layout") });

  // Back to the start, then share.
  await lessonBar(page).getByRole("button", { name: "Back" }).click();
  await lessonBar(page).getByRole("button", { name: "Back" }).click();
  await expect(lessonBar(page)).toContainText("Step 1 of 3");
  await expect(status(page)).toHaveText(/ → 0x35ce \(/);
  const link = await copyLink(page);
  await page.keyboard.press("Escape");
  return link;
}

async function goThroughLesson(page: Page): Promise<void> {
  const bar = lessonBar(page);
  await expect(bar).toContainText("Step 1 of 3");
  await expect(bar.locator("strong")).toHaveText("Step one.");
  await expect(bar.getByRole("button", { name: "Back" })).toBeDisabled();
  await expect(status(page)).toHaveText(/ → 0x35ce \(/);
  await bar.getByRole("button", { name: "Next" }).click();
  await expect(bar).toContainText("Step 2 of 3");
  await expect(status(page)).toHaveText(/^#PF error 0x3[ :]/);
  await bar.getByRole("button", { name: "Next" }).click();
  await expect(bar).toContainText("Step 3 of 3");
  await expect(status(page)).toHaveText(/ → 0x35ce \(/);
  await expect(bar.getByRole("button", { name: "Next" })).toBeDisabled();
  await expect(bar.getByRole("progressbar")).toHaveAttribute("value", "3");
  await bar.getByRole("button", { name: "Back" }).click();
  await expect(status(page)).toHaveText(/^#PF error 0x3[ :]/);
}

test("a teacher authors a titled, named, bookmarked three-step lesson; a learner opens the link and goes through it", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  const errors = collectConsoleErrors(page);
  const url = await authorLesson(page, testInfo);

  for (const [name, viewport] of [
    ["laptop", { width: 1366, height: 768 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    const learner = await browser.newPage({ viewport });
    const learnerErrors = collectConsoleErrors(learner);
    await learner.goto(url);
    await expect(learner.getByRole("heading", { level: 2, name: "Paging 101" })).toBeVisible();
    await expect(learner.locator(".pw-node-name", { hasText: "the PT of the post" })).toBeAttached();
    await expect(
      learner
        .getByRole("region", { name: "Bookmarks" })
        .getByRole("button", { name: /read of 0x803fe7f5ce/ }),
    ).toBeVisible();
    await shot(learner, testInfo, `learner-${name}`);
    await goThroughLesson(learner);
    await shot(learner, testInfo, `learner-${name}-step2`, { fullPage: name === "phone" });
    expect(learnerErrors, `console errors (${name})`).toEqual([]);
    await learner.close();
  }

  // The same link in a read-only embed: the lesson bar is there, and Next and Back work.
  const embedUrl = url.replace("/#", "/?embed=1&readonly=1#");
  const embed = await browser.newPage({ viewport: { width: 800, height: 450 } });
  await embed.goto(embedUrl);
  await goThroughLesson(embed);
  await shot(embed, testInfo, "embed");
  await embed.close();
  expect(errors, "console errors").toEqual([]);
});

test("a shipped lesson opens from the Examples menu at its first step", async ({ page }, testInfo) => {
  const bar = await openHugePagesLesson(page);
  await expect(page).toHaveTitle("Pagewalk — Lesson: huge pages");
  await expect(status(page)).toHaveText(/ → 0xb8000 \(2 MiB page/);
  await bar.getByRole("button", { name: "Next" }).click();
  await bar.getByRole("button", { name: "Next" }).click();
  await bar.getByRole("button", { name: "Next" }).click();
  await expect(bar).toContainText("Step 4 of 5");
  await expect(status(page)).toHaveText(/^#PF error 0x0[ :]/);
  await shot(page, testInfo, "huge-pages-step4");
});

test("a reload reopens the lesson at the step shown: the address bar follows Next and Back", async ({
  page,
}) => {
  const bar = await openHugePagesLesson(page);
  const addressFollows = await addressTracker(page);
  const entries = await page.evaluate(() => history.length);
  /** Clicks `button`, waits for step `k` and for the address bar to follow it. */
  const move = async (button: Locator, k: number): Promise<void> => {
    await button.click();
    await expect(bar).toContainText(`Step ${k} of 5`);
    await addressFollows();
  };
  const next = bar.getByRole("button", { name: "Next" });
  const back = bar.getByRole("button", { name: "Back" });
  for (const k of [2, 3, 4]) await move(next, k);
  await move(back, 3);
  // Replaced, not pushed: the browser's Back still leaves the lesson rather than stepping it.
  expect(await page.evaluate(() => history.length)).toBe(entries);
  const statusAtStep3 = await status(page).textContent();
  await page.reload();
  await expect(bar).toContainText("Step 3 of 5");
  await expect(status(page)).toHaveText(statusAtStep3 ?? "");
  // Undo of a move is a move too: the address bar follows it back to step 2.
  await move(back, 2);
  await move(next, 3);
  await move(page.getByRole("button", { name: "Undo" }), 2);
  await page.reload();
  await expect(bar).toContainText("Step 2 of 5");
});

test("no serious accessibility violations with the authoring tools and a lesson open", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto("/");
  await page.getByRole("button", { name: "Examples" }).click();
  await page.getByRole("menuitem", { name: "Lesson: recursive mapping", exact: true }).click();
  await expect(lessonBar(page)).toContainText("Step 1 of 6");
  await page.getByRole("button", { name: "Author" }).click();
  await page.getByRole("button", { name: "Edit title and description" }).click();
  await page.getByText("Rename, reorder or delete bookmarks").click();
  await page.getByText(/^Edit or delete steps/).click();
  const axe = await accessibilityScan(page).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map(
      (v) => `${v.id} (${v.impact}): ${v.help} [${v.nodes.map((n) => n.target.join(" ")).join("; ")}]`,
    ),
  ).toEqual([]);
});

test("a step's text keeps its paragraphs when renamed, and the keyboard goes back to Rename", async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  await page.getByRole("button", { name: "Author" }).click();
  await page.getByLabel("Step text").fill("First paragraph.\n\nSecond paragraph.");
  await page.getByRole("button", { name: "Add step from current state" }).click();
  await expect(lessonBar(page).locator("p", { hasText: "paragraph." })).toHaveCount(2);
  // "Added step 1." is about the lesson as it is: Undo takes it away, Redo does not bring it back.
  await expect(page.getByText("Added step 1.")).toBeVisible();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByText("Added step 1.")).toHaveCount(0);
  await page.getByRole("button", { name: "Redo" }).click();
  await expect(lessonBar(page)).toBeVisible();
  await expect(page.getByText("Added step 1.")).toHaveCount(0);
  await page.getByText("Edit or delete steps (1)").click();
  const rename = page.getByRole("button", { name: "Rename step 1" });
  await rename.click();
  const box = page.getByLabel("New text for step 1");
  await expect(box).toHaveValue("First paragraph.\n\nSecond paragraph.");
  await box.press("Escape");
  await expect(rename).toBeFocused();
  await rename.press("Enter");
  await box.press("Control+End");
  await box.pressSequentially(" Edited.");
  await page.getByRole("button", { name: "Save step 1" }).click();
  await expect(lessonBar(page).locator("p", { hasText: "paragraph." })).toHaveCount(2);
  await expect(lessonBar(page)).toContainText("Second paragraph. Edited.");
  await expect(rename).toBeFocused();
  expect(errors).toEqual([]);
});

test("a lesson link made after the learner's own edits in a step says they are not in it", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Author" }).click();
  await page.getByLabel("Step text").fill("One.");
  await page.getByRole("button", { name: "Add step from current state" }).click();
  const popover = page.getByRole("group", { name: "Share link" });
  await copyLink(page);
  await expect(popover).not.toContainText("Your own edits");
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "PT[127] R/W" }).click();
  await copyLink(page);
  await expect(popover).toContainText(
    "Your own edits in this lesson step are not in it: the link opens the step as the lesson made it.",
  );
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the lesson bar stays at the top, and each step brings the walk into view below it", async ({
    page,
  }, testInfo) => {
    const errors = collectConsoleErrors(page);
    const bar = await openHugePagesLesson(page);
    // Each move waits for the address bar to follow it (a reload opens the step it names).
    const addressFollows = await addressTracker(page);
    /** The walk's outcome (or the stepper's card) is on screen, below the bar and above the step bar. */
    const expectInViewBelowBar = async (target: ReturnType<Page["locator"]>) => {
      await expect(target).toBeInViewport();
      const [b, t] = [(await bar.boundingBox())!, (await target.boundingBox())!];
      expect(b.y, "the lesson bar left the top of the screen").toBeCloseTo(0, 0);
      expect(t.y, "under the lesson bar").toBeGreaterThanOrEqual(b.y + b.height - 1);
      const dock = page.locator(".step-dock");
      if (await dock.isVisible())
        expect(t.y + t.height).toBeLessThanOrEqual((await dock.boundingBox())!.y + 1);
    };
    // Step 2 steps the walk to the PD: its card, between the two bars.
    await bar.getByRole("button", { name: "Next" }).click();
    await expect(bar).toContainText("Step 2 of 5");
    await addressFollows();
    await expectInViewBelowBar(page.locator(".walk-step.step-current"));
    await shot(page, testInfo, "lesson-phone-step2");
    // Step 3 walks another VA, not stepping: its outcome line.
    await bar.getByRole("button", { name: "Next" }).click();
    await expect(bar).toContainText("Step 3 of 5");
    await addressFollows();
    await expect(status(page)).toHaveText(/→ 0x12345678 \(2 MiB page/);
    await expectInViewBelowBar(status(page));
    // Scrolled far down, the bar and its Next are still at hand; Next brings the walk back.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(bar.getByRole("button", { name: "Next" })).toBeInViewport();
    await bar.getByRole("button", { name: "Next" }).click();
    await expect(status(page)).toHaveText(/^#PF error 0x0/);
    await addressFollows();
    await expectInViewBelowBar(status(page));
    await shot(page, testInfo, "lesson-phone-step4");
    // The text folds away (the bar is then one row), remembered after a reload; Back works as ever.
    const toggle = bar.getByRole("button", { name: "Lesson text" });
    const tall = (await bar.boundingBox())!.height;
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(bar.getByText("The machine changes")).toBeHidden();
    expect((await bar.boundingBox())!.height).toBeLessThan(tall - 40);
    // Back goes to step 3 and its walk, with the text folded.
    await bar.getByRole("button", { name: "Back" }).click();
    await expect(bar).toContainText("Step 3 of 5");
    await expectInViewBelowBar(status(page));
    await addressFollows();
    // A reload reopens the step shown (the address bar follows the lesson), text still folded.
    await page.reload();
    await expect(bar).toContainText("Step 3 of 5");
    await expect(bar.getByRole("button", { name: "Lesson text" })).toHaveAttribute("aria-expanded", "false");
    await expect(bar.getByText("falls in PD[145]")).toBeHidden();
    await bar.getByRole("button", { name: "Lesson text" }).click();
    await expect(bar.getByText("falls in PD[145]")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
  });

  test("at 200 % text the lesson bar and the stepper's bar share the screen without covering each other", async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto("/");
    await page.getByRole("button", { name: "Got it" }).click();
    await largerText(page, 5);
    await page.getByRole("button", { name: "Examples" }).click();
    await page.getByRole("menuitem", { name: "Lesson: how a walk works", exact: true }).click();
    const bar = lessonBar(page);
    // Step 2 steps the walk: both bars are up. Next is clicked where it is drawn (nothing over it).
    for (const n of [2, 3]) {
      await bar.getByRole("button", { name: "Next" }).click({ timeout: 5_000 });
      await expect(bar).toContainText(`Step ${n} of 6`);
      const [top, bottom] = [(await bar.boundingBox())!, (await page.locator(".step-dock").boundingBox())!];
      expect(top.y + top.height, "the lesson bar runs under the stepper's").toBeLessThanOrEqual(bottom.y);
      expect(bottom.y + bottom.height).toBeLessThanOrEqual(740 + 1);
    }
    await shot(page, testInfo, "lesson-phone-200");
    // Both bars, their folds and what scrolls inside them pass axe (names, contrast, scrollable regions).
    const axe = await accessibilityScan(page).analyze();
    expect(
      axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    ).toEqual([]);
  });
  test("turned sideways, both bars leave the page over a third of the screen, the step's card in it", async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 844, height: 390 });
    const bar = await openHugePagesLesson(page);
    await bar.getByRole("button", { name: "Next" }).click();
    await expect(bar).toContainText("Step 2 of 5");
    const dock = page.locator(".step-dock");
    await expect(dock).toBeVisible();
    const [top, bottom] = [(await bar.boundingBox())!, (await dock.boundingBox())!];
    expect(bottom.y - (top.y + top.height), "the page between the two bars").toBeGreaterThanOrEqual(
      390 * 0.35,
    );
    // The step's card is whole between them.
    const card = (await page.locator(".walk-step.step-current").boundingBox())!;
    expect(card.y).toBeGreaterThanOrEqual(top.y + top.height - 1);
    expect(card.y + card.height).toBeLessThanOrEqual(bottom.y + 1);
    await shot(page, testInfo, "lesson-phone-sideways");
  });
});
