/**
 * Issue 12 §4–5 as a user meets them: presentation mode (button, P, Esc, kept in the URL), the text
 * size (A−/A+, remembered), the embed inside an iframe of another page (compact, no menus, "Open
 * in Pagewalk" carrying the state, read-only refusing an edit), and the small messages of §5.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { presetById, serializeScenario } from "../src/core/scenario";
import { collectConsoleErrors, shot } from "./artifacts";
import { accessibilityScan } from "./axe";
import { foldedOntoLines, wordsBrokenAcrossLines, wordsOfLettersBroken } from "./folded";
import { boxesRunningOver, panelsScrollingSideways, scrollersScrollingSideways } from "./sideways";
import { tabOut } from "./tabOrder";
import { expectInsideView, expectPathInView, pathOffsetFromCentre } from "./graphLayer";
import { largerText } from "./textSize";

const walkRegion = (root: Page | ReturnType<Page["frameLocator"]>): Locator =>
  root.getByRole("region", { name: "Walk", exact: true });
const statusOf = (root: Page | ReturnType<Page["frameLocator"]>): Locator =>
  walkRegion(root).getByRole("status");
const presentButton = (page: Page): Locator => page.getByRole("button", { name: "Presentation mode" });

/**
 * The walk's status text as drawn: its computed font size times the CSS zoom applied to it
 * (present.css scales whole panels with zoom, which getComputedStyle does not include).
 */
async function walkTextPx(page: Page): Promise<number> {
  return textPx(statusOf(page));
}

/** An element's text size as drawn (its computed font size times the CSS zoom applied to it). */
function textPx(element: Locator): Promise<number> {
  return element.evaluate(
    (el) =>
      parseFloat(getComputedStyle(el).fontSize) *
      ((el as HTMLElement & { currentCSSZoom?: number }).currentCSSZoom ?? 1),
  );
}

/** The share link of an example, as the page puts it in the address bar when the example opens. */
async function exampleLink(page: Page, title: string): Promise<string> {
  await page.getByRole("button", { name: "Examples" }).click();
  await page.getByRole("menuitem", { name: title, exact: true }).click();
  await expect(page).toHaveTitle(`Pagewalk — ${title}`);
  // Waited for, not read at once: Playwright learns of the page's pushState by an event that can
  // come after the title has changed (a CI run read an empty hash here).
  await expect(page).toHaveURL(/#s1\./);
  return new URL(page.url()).hash;
}

test.describe("presentation mode", () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test("the button shows only the address, the stepper, the walk and the graph, in text 1.5 times larger", async ({
    page,
  }, testInfo) => {
    const errors = collectConsoleErrors(page);
    await page.goto("/");
    const before = await walkTextPx(page);
    // The graph's buttons a presenter reaches for: its tools above the drawing, its controls on it.
    const graphButtons = ["Find VA", "Full screen", "Show walk", "Fit"].map((name) =>
      page.getByRole("region", { name: "Page-table graph" }).getByRole("button", { name, exact: true }),
    );
    const buttonsBefore = await Promise.all(graphButtons.map(textPx));
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "false");
    await expect(presentButton(page)).toHaveAttribute("aria-keyshortcuts", "P");

    await presentButton(page).click();
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
    // Polled: Playwright learns of the page's replaceState by an event that may come after the attribute.
    await expect.poll(() => new URL(page.url()).searchParams.get("present")).toBe("1");
    expect(await walkTextPx(page)).toBeGreaterThanOrEqual(before * 1.5);
    // So do the graph's buttons (they stayed at their size beside a 1.5 times larger head).
    for (const [k, button] of graphButtons.entries())
      expect(await textPx(button), `${await button.textContent()}'s text`).toBeGreaterThanOrEqual(
        buttonsBefore[k]! * 1.5,
      );

    // What stays: the address bar, the stepper, the walk and the graph.
    await expect(page.getByRole("textbox", { name: "Virtual address" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Step" })).toBeVisible();
    await expect(walkRegion(page)).toBeVisible();
    await expect(page.getByRole("region", { name: "Page-table graph" })).toBeVisible();
    // What goes: the menus, the scenario panel, the tables, the inspector, registers and memory.
    for (const name of ["Registers", "Physical memory", "Worked example (Writing an OS in Rust)"])
      await expect(page.getByRole("region", { name, exact: true })).toBeHidden();
    await expect(page.getByRole("region", { name: "Start here" })).toBeHidden();
    for (const name of ["Examples", "Copy link", "Undo", "Glossary"])
      await expect(page.getByRole("button", { name, exact: true })).toBeHidden();
    await expect(page.getByRole("grid", { name: /PML4|PT/ })).toHaveCount(0);

    // The stepper is up front, under the address bar and above the walk, and the graph beside them
    // ends inside the window: the step's words and the graph it marks are in view together.
    const expectStepBesideGraph = async (windowHeight: number): Promise<void> => {
      expect(await page.evaluate(() => scrollY), "the page is scrolled to its top").toBe(0);
      const step = await page.getByRole("region", { name: "Step" }).boundingBox();
      const walk = await walkRegion(page).boundingBox();
      const graph = await page.getByRole("region", { name: "Page-table graph" }).boundingBox();
      expect(step && walk && graph).toBeTruthy();
      expect(step!.y + step!.height).toBeLessThanOrEqual(walk!.y);
      expect(step!.x + step!.width).toBeLessThanOrEqual(graph!.x);
      expect(Math.abs(step!.y - graph!.y)).toBeLessThanOrEqual(1);
      expect(graph!.y + graph!.height, "the graph's bottom edge").toBeLessThanOrEqual(windowHeight);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - innerWidth),
      ).toBeLessThanOrEqual(0);
    };
    await expectStepBesideGraph(1080);

    // The stepper works as before.
    await page.getByRole("button", { name: "Step through the walk" }).click();
    await page.getByRole("button", { name: "Next step" }).click();
    await expect(page.getByRole("region", { name: "Step" })).toContainText("Step 2 of");
    await expectStepBesideGraph(1080);
    await shot(page, testInfo, "presentation-1920x1080");
    // A 1280×720 projector too: the stepper's buttons and the whole graph without scrolling.
    await page.setViewportSize({ width: 1280, height: 720 });
    await expectStepBesideGraph(720);
    await expect(page.getByRole("button", { name: "Next step" })).toBeInViewport({ ratio: 1 });
    await shot(page, testInfo, "presentation-1280x720");
    // Scrolled down the walk's cards, the graph stays beside them, whole, and takes the window's height.
    await page.mouse.move(200, 600);
    await page.mouse.wheel(0, 800);
    await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(400);
    await expect(async () => {
      const graph = (await page.getByRole("region", { name: "Page-table graph" }).boundingBox())!;
      expect(graph.y, "the graph's top edge").toBeGreaterThanOrEqual(0);
      expect(graph.y + graph.height, "the graph's bottom edge").toBeLessThanOrEqual(720);
      expect(graph.height, "the graph's height").toBeGreaterThanOrEqual(680);
    }).toPass({ timeout: 5_000 });
    await shot(page, testInfo, "presentation-1280x720-scrolled");
    await page.evaluate(() => scrollTo(0, 0));
    await page.setViewportSize({ width: 1920, height: 1080 });

    // The same button leaves it, and the URL forgets it.
    await presentButton(page).click();
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "false");
    await expect.poll(() => new URL(page.url()).searchParams.has("present")).toBe(false);
    await expect(page.getByRole("region", { name: "Registers" })).toBeVisible();
    expect(await walkTextPx(page)).toBeCloseTo(before, 5);
    expect(errors).toEqual([]);
  });

  test("on a 1280×720 projector, entering and leaving it shows the walk again, fitted to the resized graph", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto("/");
    const graph = page.getByRole("group", { name: /Page-table graph/ });
    const onPath = graph.locator('.pw-node[data-on-path="true"]');
    await expect(onPath).toHaveCount(4);
    /**
     * The walk as a fit shows it: its middle at the graph's middle across, and its last table (where
     * the walk ends) inside the graph, with the whole path when the graph is tall enough for it.
     */
    const expectWalkFitted = async (whole: boolean): Promise<void> => {
      const view = (await graph.boundingBox())!;
      if (whole) await expectPathInView(graph);
      const last = (await graph.getByRole("button", { name: "PT at 0x8000", exact: true }).boundingBox())!;
      expect(last.y, "the walk's last table's top").toBeGreaterThanOrEqual(view.y - 1);
      expect(last.y + last.height, "its bottom").toBeLessThanOrEqual(view.y + view.height + 1);
      const [across] = await pathOffsetFromCentre(graph);
      expect(Math.abs(across), "the path's middle off the graph's").toBeLessThan(view.width * 0.05);
    };
    await presentButton(page).click();
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
    await expect(() => expectWalkFitted(false)).toPass({ timeout: 5_000 });
    await presentButton(page).click();
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "false");
    await page.getByRole("region", { name: "Page-table graph" }).scrollIntoViewIfNeeded();
    await expect(() => expectWalkFitted(true)).toPass({ timeout: 5_000 });
  });

  test("P turns it on and off, Esc leaves it, and typing P in the address field does not", async ({
    page,
  }) => {
    await page.goto("/");
    await page.locator("body").press("p");
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
    await page.locator("body").press("p");
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "false");
    await page.locator("body").press("p");
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
    // Esc in the full-screen graph leaves full screen only; the next Esc leaves presentation mode.
    await page.getByRole("button", { name: "Full screen" }).click();
    const graphPanel = page.getByRole("region", { name: "Page-table graph" });
    await expect(graphPanel).toHaveClass(/graph-fullscreen/);
    await page.locator("body").press("Escape");
    await expect(graphPanel).not.toHaveClass(/graph-fullscreen/);
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
    await page.locator("body").press("Escape");
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "false");
    await expect.poll(() => new URL(page.url()).searchParams.has("present")).toBe(false);

    const va = page.getByRole("textbox", { name: "Virtual address" });
    await va.fill("0x");
    await va.press("p");
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "false");
    await expect(va).toHaveValue("0xp");
    // The stepper's → still starts stepping: the two sets of keys do not clash.
    await va.blur();
    await page.keyboard.press("p");
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("region", { name: "Step" })).toContainText("Step 1 of");
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
  });

  test("P is an open menu's key, and does nothing behind a dialog", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Examples" }).click();
    const menu = page.getByRole("menu");
    await expect(menu.getByRole("menuitem").first()).toBeFocused();
    await page.keyboard.press("p");
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "false");
    await expect(menu).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(menu).toHaveCount(0);

    await page.getByRole("button", { name: "Glossary", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Glossary" });
    await dialog.getByRole("button", { name: "Close" }).focus();
    await page.keyboard.press("p");
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "false");
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await page.keyboard.press("p");
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
  });

  test("survives a reload through the URL, beside a share link that still opens its state", async ({
    page,
  }) => {
    await page.goto("/");
    const link = await exampleLink(page, "Fault gallery");
    const status = await statusOf(page).textContent();
    await presentButton(page).click();
    // The query parameter sits beside the fragment: the link is untouched.
    expect(new URL(page.url()).hash).toBe(link);
    await page.reload();
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
    await expect(page).toHaveTitle("Pagewalk — Fault gallery");
    await expect(statusOf(page)).toHaveText(status ?? "");

    // A presentation URL opened fresh (what a teacher bookmarks) opens presenting, with its state.
    const fresh = await page.context().newPage();
    await fresh.goto(`/?present=1${link}`);
    await expect(presentButton(fresh)).toHaveAttribute("aria-pressed", "true");
    await expect(fresh).toHaveTitle("Pagewalk — Fault gallery");
    await expect(fresh.getByRole("region", { name: "Registers" })).toBeHidden();
  });
});

for (const screen of [
  { name: "a tablet upright", width: 820, height: 1180, scale: 1 },
  { name: "a projector at 200 % zoom", width: 960, height: 540, scale: 2 },
]) {
  test.describe(`presentation mode on ${screen.name}`, () => {
    test.use({ viewport: { width: screen.width, height: screen.height }, deviceScaleFactor: screen.scale });

    test("one column: the address, the stepper, then the graph it marks, then the walk's cards", async ({
      page,
    }, testInfo) => {
      await page.goto("/?present=1");
      await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
      await page.getByRole("button", { name: "Step through the walk" }).click();
      await page.getByRole("button", { name: "Next step" }).click();
      await expect(page.getByRole("region", { name: "Step" })).toContainText("Step 2 of");
      const [address, step, graph, walk] = await Promise.all(
        [
          page.getByRole("textbox", { name: "Virtual address" }),
          page.getByRole("region", { name: "Step" }),
          page.getByRole("region", { name: "Page-table graph" }),
          walkRegion(page),
        ].map(async (l) => (await l.boundingBox())!),
      );
      // Stacked, each under the one before: the graph straight after the step's words (the cards,
      // long at this size, used to stand between them).
      expect(address!.y + address!.height).toBeLessThanOrEqual(step!.y);
      expect(step!.y + step!.height).toBeLessThanOrEqual(graph!.y);
      expect(graph!.y - (step!.y + step!.height), "the gap between the step and the graph").toBeLessThan(20);
      expect(graph!.y + graph!.height).toBeLessThanOrEqual(walk!.y);
      await shot(page, testInfo, `presentation-${screen.width}x${screen.height}`, { fullPage: true });
    });

    test("Tab follows the order drawn: the stepper, the graph, then the walk's cards; the graph stays mounted", async ({
      page,
    }) => {
      await page.goto("/");
      await page.getByRole("button", { name: "Got it" }).click();
      const step = page.getByRole("region", { name: "Step" });
      const graph = page.getByRole("region", { name: "Page-table graph" });
      // The graph's drawing, to see that entering the mode keeps it (its view, its collapsed tables).
      const drawing = await graph.locator("svg").first().elementHandle();
      await presentButton(page).click();
      await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
      expect(await drawing.evaluate((svg) => svg.isConnected), "the graph was built again").toBe(true);
      await step.getByRole("button", { name: "Step through the walk" }).click();
      await expect(step).toContainText("Step 1 of");

      expect(await tabOut(page, step, "Tab"), "Tab from the stepper's last control").toMatch(
        /^Page-table graph/,
      );
      expect(
        await tabOut(page, walkRegion(page), "Shift+Tab"),
        "Shift+Tab from the walk's first control",
      ).toMatch(/^Page-table graph/);

      // Leaving it, the cards go back under the stepper (and Tab with them); the graph again stays.
      await presentButton(page).click();
      await expect(presentButton(page)).toHaveAttribute("aria-pressed", "false");
      expect(await drawing.evaluate((svg) => svg.isConnected), "the graph was built again").toBe(true);
      expect(await tabOut(page, step, "Tab"), "Tab from the stepper's last control").toMatch(/^Walk/);
    });
  });
}

test.describe("presentation mode on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("1.25 times the text, the address's fields side by side in the width", async ({ page }, testInfo) => {
    await page.goto("/");
    const before = await walkTextPx(page);
    await presentButton(page).click();
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
    expect(await walkTextPx(page)).toBeCloseTo(before * 1.25, 1);
    await expectFieldsInBar(page);
    await shot(page, testInfo, "presentation-360x740");
  });

  test("at the largest text size on a 390 and a 360 px phone (2.5 times), Privilege goes under Access and nothing scrolls sideways", async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    await presentButton(page).click();
    await largerText(page, 5);
    expect(await panelsScrollingSideways(page)).toEqual([]);
    const access = (await page.getByRole("group", { name: "Access" }).boundingBox())!;
    const privilege = (await page.getByRole("group", { name: "Privilege" }).boundingBox())!;
    expect(privilege.y).toBeGreaterThanOrEqual(access.y + access.height);
    await shot(page, testInfo, "presentation-390x844-200");
    // On a 360 px phone the walk's column is 136 px of its text: a card's raw value (21 characters)
    // and the outcome's "supervisor only (PDPTE)" break inside it.
    await page.setViewportSize({ width: 360, height: 740 });
    await expect.poll(() => panelsScrollingSideways(page)).toEqual([]);
    // The walk's permissions go under their names, their words whole ("supervi|sor only" beside them).
    const permissions = page.getByRole("table", { name: "Effective permissions" });
    await expect(permissions).toBeVisible();
    expect(await wordsBrokenAcrossLines(permissions.getByRole("cell"))).toEqual([]);
    // So does a step's arithmetic ("Read the PDE: 0x0000_0000_0000_6003", step 4).
    await page.getByRole("button", { name: "Step through the walk" }).click();
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Next step" }).click();
    const step = page.getByRole("region", { name: "Step" });
    await expect(step.getByRole("heading")).toContainText("Step 4 of");
    expect(await scrollersScrollingSideways(page)).toEqual([]);
    // The address's fields go two to a row there: three to a row, "offset" ran past its 37 px box.
    expect(await boxesRunningOver(page)).toEqual([]);
    // And a page fault's error-code table.
    await page.getByRole("button", { name: "Show the whole walk" }).click();
    await page.getByLabel("Virtual address").fill("0x7fff_ffff_f000");
    await page.getByRole("radio", { name: "User" }).check();
    const errorBits = page.getByRole("table", { name: "Page-fault error code bits" });
    await expect(errorBits).toBeVisible();
    expect(await scrollersScrollingSideways(page)).toEqual([]);
    expect(await boxesRunningOver(page)).toEqual([]);
    // Each bit's meaning goes under its name there, its words whole (beside it: "acces|s"); so do a
    // walk card's values (beside their names: "not presen|t"; a raw entry's digits still break).
    expect(await wordsBrokenAcrossLines(errorBits.getByRole("cell"))).toEqual([]);
    expect(await wordsOfLettersBroken(walkRegion(page).getByRole("definition"))).toEqual([]);
    // A kernel address's sign ("0xffff"), and a 1 GiB page's offset ("0x00100000"), four fields.
    await page.getByLabel("Virtual address").fill("0xffff_8880_0000_0000");
    await expect(page.getByRole("list", { name: "Bit fields of the address" })).toContainText("0xffff");
    expect(await boxesRunningOver(page)).toEqual([]);
    await presentButton(page).click();
    await exampleLink(page, "Higher-half kernel (1 GiB pages)");
    await presentButton(page).click();
    const fields = page.getByRole("list", { name: "Bit fields of the address" });
    await expect(fields).toContainText("0x00100000");
    expect(await boxesRunningOver(page)).toEqual([]);
    await fields.scrollIntoViewIfNeeded();
    await shot(page, testInfo, "presentation-360x740-250-1g-fields");
  });

  test("seven fields (5-level paging) fit the bar too, their text smaller", async ({ page }, testInfo) => {
    await page.goto("/");
    await exampleLink(page, "5-level paging (LA57)");
    await presentButton(page).click();
    await expect(page.getByRole("list", { name: "Bit fields of the address" })).toContainText("PML5");
    await expectFieldsInBar(page);
    await shot(page, testInfo, "presentation-360x740-la57");
  });
});

/** The address's fields side by side on one row, inside the bar, each showing its whole text. */
async function expectFieldsInBar(page: Page): Promise<void> {
  const address = page.getByRole("region", { name: "Address and access" });
  const overflow = await address.evaluate((panel) => panel.scrollWidth - panel.clientWidth);
  expect(overflow, "the address bar scrolls sideways").toBeLessThanOrEqual(0);
  const fields = address.getByRole("list", { name: "Bit fields of the address" });
  const fieldsOverflow = await fields.evaluate((list) => list.scrollWidth - list.clientWidth);
  expect(fieldsOverflow, "the last field runs out of the bar").toBeLessThanOrEqual(1);
  const boxes = await fields.locator(".va-field").evaluateAll((list) =>
    list.map((f) => ({
      top: Math.round(f.getBoundingClientRect().top),
      clipped: f.scrollWidth > f.clientWidth + 1,
    })),
  );
  expect(new Set(boxes.map((b) => b.top)).size, "the address's fields on one row").toBe(1);
  expect(
    boxes.filter((b) => b.clipped),
    "a field too narrow for its text",
  ).toEqual([]);
}

test("Back and Forward move between examples and keep presentation mode", async ({ page }) => {
  await page.goto("/");
  await exampleLink(page, "Fault gallery");
  await presentButton(page).click();
  const link = new URL(page.url()).hash;
  await page.goBack();
  await expect(page).toHaveTitle("Pagewalk — Worked example (Writing an OS in Rust)");
  await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => new URL(page.url()).searchParams.get("present")).toBe("1");
  await page.goForward();
  await expect(page).toHaveTitle("Pagewalk — Fault gallery");
  await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => new URL(page.url()).hash).toBe(link);
  await expect.poll(() => new URL(page.url()).searchParams.get("present")).toBe("1");
});

test("A− and A+ change the text size, remembered across a reload", async ({ page }, testInfo) => {
  await page.goto("/");
  const base = await walkTextPx(page);
  const size = page.getByRole("group", { name: "Text size" });
  await expect(size).toContainText("100 %");
  await page.getByRole("button", { name: "Larger text" }).click();
  await page.getByRole("button", { name: "Larger text" }).click();
  await expect(size).toContainText("130 %");
  expect(await walkTextPx(page)).toBeCloseTo(base * 1.3, 1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
  await shot(page, testInfo, "text-130");

  await page.reload();
  await expect(size).toContainText("130 %");
  expect(await walkTextPx(page)).toBeCloseTo(base * 1.3, 1);
  // Presentation mode multiplies the chosen size.
  await presentButton(page).click();
  expect(await walkTextPx(page)).toBeCloseTo(base * 1.3 * 1.5, 1);
  await presentButton(page).click();

  for (let k = 0; k < 3; k++) await page.getByRole("button", { name: "Smaller text" }).click();
  await expect(size).toContainText("85 %");
  await expect(page.getByRole("button", { name: "Smaller text" })).toBeDisabled();
  expect(await walkTextPx(page)).toBeCloseTo(base * 0.85, 1);
  await page.reload();
  await expect(size).toContainText("85 %");
});

test.describe("the embed", () => {
  /** A blog post's page with Pagewalk in an iframe, 800×450 as in the README's snippet. */
  async function hostPage(
    page: Page,
    src: string,
    size = { width: 800, height: 450 },
  ): Promise<ReturnType<Page["frameLocator"]>> {
    await page.setViewportSize({ width: Math.max(1000, size.width + 40), height: 700 });
    await page.setContent(
      `<!doctype html><title>A course page</title><h1>Paging, lecture 3</h1>` +
        `<iframe src="${src}" title="Pagewalk" width="${size.width}" height="${size.height}" style="border:1px solid #888"></iframe>`,
    );
    const frame = page.frameLocator('iframe[title="Pagewalk"]');
    await expect(statusOf(frame)).toBeVisible();
    return frame;
  }

  test("runs inside an iframe: compact, no header menus, the walk steps, and the link opens the state", async ({
    page,
    baseURL,
  }, testInfo) => {
    await page.goto("/");
    const link = await exampleLink(page, "Fault gallery");
    const frame = await hostPage(page, `${baseURL}/?embed=1${link}`);

    await expect(frame.getByText("Fault gallery")).toBeVisible();
    for (const name of [
      "Examples",
      "Copy link",
      "Save",
      "Open…",
      "Import dump…",
      "Glossary",
      "Presentation mode",
    ])
      await expect(frame.getByRole("button", { name, exact: true })).toHaveCount(0);
    await expect(frame.getByRole("region", { name: "Registers" })).toHaveCount(0);
    await expect(frame.getByRole("region", { name: "Page-table graph" })).toBeVisible();

    // Step through the walk inside the frame.
    await frame.getByRole("button", { name: "Step through the walk" }).click();
    await expect(frame.getByRole("region", { name: "Step" })).toContainText("Step 1 of");
    await frame.getByRole("button", { name: "Next step" }).click();
    await expect(frame.getByRole("region", { name: "Step" })).toContainText("Step 2 of");
    // The frame's content fits its 800 px width.
    const overflow = await page
      .frames()
      .find((f) => f.url().includes("embed=1"))!
      .evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // In the frame's narrow column, every field of the address keeps its binary digits on one line.
    const wrapped = await foldedOntoLines(frame.locator(".va-field-binary"));
    expect(wrapped, "binary digits wrapped in the embed").toEqual([]);
    await shot(page, testInfo, "embed-in-iframe-800x450");

    // The graph is whole in the frame's first screen, with the walk's path in it, and stays so
    // beside the walk while the reader scrolls down its cards (longer than the frame).
    const frameBox = (await page.locator('iframe[title="Pagewalk"]').boundingBox())!;
    const graph = frame.getByRole("group", { name: "Page-table graph" });
    const expectGraphInFrame = async (): Promise<void> => {
      const graphBox = (await graph.boundingBox())!;
      expect(graphBox.height).toBeGreaterThanOrEqual(250);
      expectInsideView(graphBox, frameBox, "the graph's drawing");
      await expectPathInView(graph);
    };
    await expectGraphInFrame();
    const walkTop = async (): Promise<number> => (await walkRegion(frame).boundingBox())!.y;
    const before = await walkTop();
    await page.mouse.move(frameBox.x + 200, frameBox.y + 300);
    await page.mouse.wheel(0, 2000);
    await expect.poll(async () => before - (await walkTop())).toBeGreaterThan(200);
    await expectGraphInFrame();
    await shot(page, testInfo, "embed-in-iframe-scrolled");

    // The reader's own VA travels with "Open in Pagewalk": a full page, no embed flag, this state.
    await frame.getByRole("textbox", { name: "Virtual address" }).fill("0x1234000");
    const status = await statusOf(frame).textContent();
    const open = frame.getByRole("link", { name: "Open in Pagewalk" });
    await expect(open).toHaveAttribute("href", /#s1\./);
    await expect(open).not.toHaveAttribute(
      "href",
      new RegExp(link.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "$"),
    );
    await expect(open).toHaveAttribute("target", "_blank");
    const href = (await open.getAttribute("href")) ?? "";
    expect(new URL(href).searchParams.has("embed")).toBe(false);
    const full = await page.context().newPage();
    await full.goto(href);
    await expect(full.getByRole("button", { name: "Examples" })).toBeVisible();
    await expect(full.getByRole("textbox", { name: "Virtual address" })).toHaveValue("0x123_4000");
    await expect(statusOf(full)).toHaveText(status ?? "");
    await expect(full).toHaveTitle("Pagewalk — Fault gallery");
  });

  test("in a phone's frame: nothing scrolls sideways, and the bar's title, badge and link are whole", async ({
    page,
    baseURL,
  }, testInfo) => {
    for (const readOnly of [false, true]) {
      const frame = await hostPage(page, `${baseURL}/?embed=1${readOnly ? "&readonly=1" : ""}`, {
        width: 360,
        height: 640,
      });
      const frameBox = (await page.locator('iframe[title="Pagewalk"]').boundingBox())!;
      const embedded = page.frames().find((f) => f.url().includes("embed=1"))!;
      expect(
        await embedded.evaluate(() => document.documentElement.scrollWidth - innerWidth),
        "the frame scrolls sideways",
      ).toBeLessThanOrEqual(0);
      const whole = [
        frame.getByRole("link", { name: "Open in Pagewalk" }),
        frame.getByText("Pagewalk", { exact: true }),
      ];
      if (readOnly) whole.push(frame.getByText("read-only", { exact: true }));
      else
        whole.push(
          frame.getByRole("button", { name: "Undo" }),
          frame.getByRole("button", { name: "Larger text" }),
        );
      for (const item of whole) {
        const box = (await item.boundingBox())!;
        expect(box.x, `${String(item)} starts inside the frame`).toBeGreaterThanOrEqual(frameBox.x);
        expect(box.x + box.width, `${String(item)} ends inside the frame`).toBeLessThanOrEqual(
          frameBox.x + frameBox.width,
        );
      }
      // The title is not squeezed to nothing beside the buttons.
      expect((await frame.getByRole("heading", { level: 1 }).boundingBox())!.width).toBeGreaterThan(250);
      await shot(page, testInfo, `embed-360x640${readOnly ? "-readonly" : ""}`);
    }
  });

  test("at the largest text size in an 800×450 frame the bar wraps and nothing scrolls sideways", async ({
    page,
    baseURL,
  }, testInfo) => {
    const frame = await hostPage(page, `${baseURL}/?embed=1`);
    await largerText(frame, 5);
    const embedded = page.frames().find((f) => f.url().includes("embed=1"))!;
    expect(
      await embedded.evaluate(() => document.documentElement.scrollWidth - innerWidth),
      "the frame scrolls sideways",
    ).toBeLessThanOrEqual(0);
    const frameBox = (await page.locator('iframe[title="Pagewalk"]').boundingBox())!;
    const open = (await frame.getByRole("link", { name: "Open in Pagewalk" }).boundingBox())!;
    expect(open.x + open.width, "Open in Pagewalk ends inside the frame").toBeLessThanOrEqual(
      frameBox.x + frameBox.width,
    );
    await shot(page, testInfo, "embed-800x450-200");
    // In a frame a little narrower the name stays whole (the buttons go to the next line: squeezed
    // beside them it read "Pagewa…"), the scenario's title after it in the heading's name.
    await page.locator('iframe[title="Pagewalk"]').evaluate((iframe: HTMLIFrameElement) => {
      iframe.width = "760";
    });
    const heading = frame.getByRole("heading", { level: 1 });
    await expect.poll(() => embedded.evaluate(() => innerWidth)).toBe(760);
    await expect(heading).toHaveAccessibleName("Pagewalk · Worked example (Writing an OS in Rust)");
    const [name, headingBox] = await Promise.all([
      heading.locator("strong").boundingBox(),
      heading.boundingBox(),
    ]);
    expect(name!.x + name!.width, "the name inside its heading").toBeLessThanOrEqual(
      headingBox!.x + headingBox!.width,
    );
    await shot(page, testInfo, "embed-760x450-200");
  });

  test("read-only: a reader explores (VA, access, steps) but a bit toggle is refused", async ({
    page,
    baseURL,
  }, testInfo) => {
    const frame = await hostPage(page, `${baseURL}/?embed=1&readonly=1`);
    const status = statusOf(frame);
    const before = await status.textContent();
    await expect(frame.getByText("read-only", { exact: true })).toBeVisible();
    const chip = frame.getByRole("button", { name: "PT[127] U/S" });
    await expect(chip).toBeDisabled();
    await chip.click({ force: true });
    await expect(chip).toHaveAttribute("aria-pressed", "false");
    await expect(status).toHaveText(before ?? "");
    await expect(frame.getByRole("button", { name: "Undo" })).toHaveCount(0);

    // Exploring still works.
    await frame.getByRole("radio", { name: "Write" }).check();
    await expect(status).toContainText("#PF");
    await frame.getByRole("button", { name: "Step through the walk" }).click();
    await frame.getByRole("button", { name: "Next step" }).click();
    await expect(frame.getByRole("region", { name: "Step" })).toContainText("Step 2 of");
    await shot(page, testInfo, "embed-readonly-800x450");
  });

  test("a broken link's message offers only what the page can do", async ({ page, baseURL }) => {
    const readOnly = await hostPage(page, `${baseURL}/?embed=1&readonly=1#hello`);
    await expect(readOnly.getByRole("alert")).toContainText("Showing");
    await expect(readOnly.getByRole("button", { name: "Dismiss" })).toBeVisible();
    await expect(readOnly.getByRole("button", { name: "Open the worked example" })).toHaveCount(0);
    await expect(readOnly.getByRole("button", { name: "Choose an example…" })).toHaveCount(0);
    const editable = await hostPage(page, `${baseURL}/?embed=1#hello`);
    await expect(editable.getByRole("button", { name: "Open the worked example" })).toBeVisible();
    await expect(editable.getByRole("button", { name: "Choose an example…" })).toHaveCount(0);
    // Presenting, the header (and its Examples menu) is hidden.
    await page.goto("/?present=1#hello");
    await expect(page.getByRole("alert")).toContainText("Showing");
    await expect(page.getByRole("button", { name: "Open the worked example" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Choose an example…" })).toHaveCount(0);
  });

  test("a file dropped on an embed is not opened: it says where to open it, and the embed stays", async ({
    page,
    baseURL,
  }) => {
    for (const src of [`${baseURL}/?embed=1&readonly=1`, `${baseURL}/?embed=1`]) {
      const frame = await hostPage(page, src);
      const before = await statusOf(frame).textContent();
      await frame.locator("body").evaluate((body) => {
        const dt = new DataTransfer();
        dt.items.add(new File(["{}"], "lecture.pwscn"));
        body.dispatchEvent(new DragEvent("dragenter", { dataTransfer: dt, bubbles: true, cancelable: true }));
        (window as unknown as { __dropData: DataTransfer }).__dropData = dt;
      });
      await expect(frame.getByText("This embedded Pagewalk opens no files")).toBeVisible();
      const dropped = await frame.locator("body").evaluate((body) => {
        const dt = (window as unknown as { __dropData: DataTransfer }).__dropData;
        // Not cancelled, the browser would open the file in the frame, in place of the embed.
        return body.dispatchEvent(
          new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }),
        );
      });
      expect(dropped, "the drop's default (opening the file) is prevented").toBe(false);
      await expect(
        frame.getByText(
          '"lecture.pwscn" was not opened: this embedded Pagewalk opens no files. Use “Open in Pagewalk” and drop it there.',
        ),
      ).toBeVisible();
      await expect(frame.getByText("This embedded Pagewalk opens no files:")).toHaveCount(0);
      await expect(statusOf(frame)).toHaveText(before ?? "");
    }
  });
});

test.describe("small things a user meets", () => {
  test("a link cut short says so in plain words, without the browser's internals", async ({ page }) => {
    await page.goto("/");
    const link = await exampleLink(page, "Fault gallery");
    // Cut after a whole number of base64url groups, as a line break in an e-mail cuts a link.
    const cut = "#s1.".length + 4 * Math.floor((link.length - "#s1.".length) / 8);
    await page.evaluate((f) => (location.hash = f), link.slice(0, cut));
    const alert = page.getByRole("alert");
    await expect(alert).toContainText(
      "This link is damaged: part of it is missing or was changed (was it cut short when copied?). Copy the whole link again. Your current state is unchanged.",
    );
    await expect(alert).not.toContainText(/Failed|execute|Stream|Compressed/);
  });

  test("a display flag the page does not understand is said, and the page opens all the same", async ({
    page,
  }) => {
    await page.goto("/?present=maybe");
    const note = page.locator(".scenario-message.notice");
    await expect(note).toHaveText(
      /The address's "present=maybe" is not understood, so presentation mode is off: present=1 turns it on\./,
    );
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "false");
    await expect(page.getByRole("region", { name: "Walk" }).getByRole("status")).toContainText("→ 0x35ce");
    await note.getByRole("button", { name: "Dismiss" }).click();
    await expect(note).toHaveCount(0);
    // Read-only belongs to the embed: a full page says it stays editable, and is.
    await page.goto("/?readonly=1");
    await expect(note).toContainText(
      '"readonly" applies only to an embed (with embed=1): this page can be edited.',
    );
    await page.getByRole("button", { name: "PT[127] R/W", exact: true }).click();
    await expect(page.getByRole("group", { name: "History" })).toContainText("1 to undo");
    // A flag understood says nothing.
    await page.goto("/?present=1");
    await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
    await expect(note).toHaveCount(0);
  });

  test("fields for addresses, numbers and logs ask a phone's keyboard for no capitals and no autocorrect", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    await page.getByRole("button", { name: "Explain a fault…" }).click();
    await page.getByRole("button", { name: "Author" }).click();
    await page.getByRole("switch", { name: "Predict" }).click();
    // Code fields: the monospaced inputs, and the text areas for code (prose ones, a lesson's step
    // text or a description, keep the spelling check and the keyboard's help).
    const fields = page.locator("input.mono:not([type=number]), textarea[spellcheck=false]");
    await expect(page.getByLabel("Fault log")).toHaveAttribute("spellcheck", "false");
    // The VA, Find VA, CR3, PKRU, the entry's raw value and address, the Map form's VA and PA, the
    // names editor's, Predict's PA, the fault log, the TLB trace, the memory types' PAT and MTRRs…
    expect(await fields.count()).toBeGreaterThanOrEqual(12);
    const wrong = await fields.evaluateAll((els) =>
      els
        .filter(
          (el) =>
            el.getAttribute("autocapitalize") !== "off" ||
            el.getAttribute("autocorrect") !== "off" ||
            el.getAttribute("spellcheck") !== "false",
        )
        .map((el) => el.id || el.getAttribute("aria-label") || el.outerHTML.slice(0, 80)),
    );
    expect(wrong).toEqual([]);
  });

  test("a scenario file given to Import dump… is called one, and opens when asked", async ({ page }) => {
    await page.goto("/");
    const gallery = presetById("fault-gallery")?.build?.();
    if (!gallery) throw new Error("fault-gallery preset");
    await page.getByLabel("Memory dump file").setInputFiles({
      name: "fault-gallery.json",
      mimeType: "application/json",
      buffer: Buffer.from(serializeScenario(gallery)),
    });
    const dialog = page.getByRole("dialog", { name: "Import memory dump" });
    await expect(dialog.getByRole("alert")).toHaveText(
      "This is a scenario file, not a memory dump: use Open… to open it. Nothing was changed.",
    );
    await expect(dialog).not.toContainText("4 KiB frames");
    await expect(page).toHaveTitle("Pagewalk — Worked example (Writing an OS in Rust)");
    await dialog.getByRole("button", { name: "Open it as a scenario" }).click();
    await expect(page).toHaveTitle("Pagewalk — Fault gallery");
    await expect(dialog).toHaveCount(0);
  });

  test("MAXPHYADDR out of range is refused with a message; the undo depth and the memory counts are labelled", async ({
    page,
  }) => {
    await page.goto("/");
    const history = page.getByRole("group", { name: "History" });
    await expect(history).toContainText("0 to undo");
    const field = page.getByRole("spinbutton", { name: "MAXPHYADDR" });
    await expect(field).toHaveValue("52");
    const registersPanel = page.getByRole("region", { name: "Registers" });
    await expect(registersPanel.getByText("bits; no entry address bit is reserved")).toBeVisible();
    await field.fill("60");
    await expect(page.getByRole("alert")).toHaveText("MAXPHYADDR must be between 36 and 52. It stays 52.");
    await expect(field).toHaveValue("60");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(history).toContainText("0 to undo");
    await field.fill("4e1"); // 40 to a number field, not a width as written
    await expect(page.getByRole("alert")).toHaveText("MAXPHYADDR must be between 36 and 52. It stays 52.");
    await expect(history).toContainText("0 to undo");
    await field.fill("40");
    await expect(page.getByRole("alert")).toHaveCount(0);
    await expect(registersPanel.getByText("bits; entry bits 51:40 are reserved")).toBeVisible();
    await expect(history).toContainText("1 to undo");
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(field).toHaveValue("52");

    // CR3 and PKRU wider than their registers: refused with their width, nothing to undo.
    const registers = page.getByRole("region", { name: "Registers" });
    for (const [name, typed, message] of [
      ["CR3", "0xfffffffffffff000", "CR3 0xfffffffffffff000 does not fit in 52 bits. It stays 0x1000."],
      ["PKRU", "0x1_0000_0000", "PKRU 0x100000000 does not fit in 32 bits. It stays 0x0."],
      [
        "CR3",
        "0x1_0000_0000_0000_0000",
        'CR3 "0x1_0000_0000_0000_0000" does not fit in 64 bits. It stays 0x1000.',
      ],
    ] as const) {
      const input = registers.getByLabel(name, { exact: true });
      await input.fill(typed);
      await input.press("Enter");
      await expect(registers.getByRole("alert").filter({ hasText: new RegExp(`^${name} `) })).toHaveText(
        message,
      );
      await expect(history).toContainText("0 to undo");
    }

    // CR4.PCIDE on over CR3 bits 11:0 ≠ 0 (here PWT and PCD) is a #GP on a CPU: refused, saying so.
    const cr3 = registers.getByLabel("CR3", { exact: true });
    await cr3.fill("0x1018");
    await cr3.press("Enter");
    await expect(history).toContainText("1 to undo");
    const pcide = registers.getByRole("checkbox", { name: /^CR4\.PCIDE/ });
    const refusal = registers.getByRole("alert").filter({ hasText: /^CR4\.PCIDE/ });
    await pcide.click();
    await expect(refusal).toHaveText(
      "CR4.PCIDE can be turned on only while CR3 bits 11:0 are 0 (a MOV to CR4 would be a #GP, SDM vol. 3A §4.10.1); they are 0x18: clear them in CR3 first.",
    );
    await expect(pcide).not.toBeChecked();
    await expect(history).toContainText("1 to undo");
    const axe = await accessibilityScan(page).include(".registers").analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await cr3.fill("0x1000");
    await cr3.press("Enter");
    await expect(refusal).toHaveCount(0);
    await pcide.click();
    await expect(pcide).toBeChecked();
    await expect(history).toContainText("3 to undo");

    const memory = page.getByRole("region", { name: "Physical memory", exact: true });
    await expect(memory).toContainText("frames left to allocate");
    const legend = memory.getByRole("list", { name: "Legend" });
    await expect(legend).toContainText("unused: ");
    await expect(legend).not.toContainText(/\bfree\b/);
    // The legend's counts add up to the RAM the map's summary line states (16 MiB: 4,096 frames).
    const summary = (await memory.getByText(/of RAM \(/).textContent()) ?? "";
    const frames = Number(/\(([\d,]+) frames\)/.exec(summary)?.[1]?.replace(/,/g, ""));
    expect(frames).toBe(4096);
    const counts = (await legend.getByRole("listitem").allTextContents()).map((t) =>
      Number(/: ([\d,]+)$/.exec(t)?.[1]?.replace(/,/g, "")),
    );
    expect(counts.every(Number.isFinite)).toBe(true);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(frames);
  });
});

test("presentation mode and the read-only embed pass an accessibility scan", async ({ page }) => {
  test.setTimeout(90_000);
  const violations = async (): Promise<string[]> =>
    (await accessibilityScan(page).analyze()).violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto("/?present=1");
  await expect(presentButton(page)).toHaveAttribute("aria-pressed", "true");
  expect(await violations()).toEqual([]);
  await page.setViewportSize({ width: 800, height: 450 });
  await page.goto("/?embed=1&readonly=1");
  await expect(statusOf(page)).toBeVisible();
  expect(await violations()).toEqual([]);
});
