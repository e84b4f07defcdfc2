/**
 * Keyboard focus never falls to the page: wherever a keyboard user presses a button that goes away
 * or can no longer act (a dialog's, a warning's, a form's, the last Undo), the focus lands on the
 * next thing to use, so a screen reader keeps its place.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { writeWorkedExampleDumps } from "../src/core/__fixtures__/golden";
import { collectConsoleErrors } from "./artifacts";
import { LINUX_TITLE, openExample } from "./examples";

test.use({ viewport: { width: 1280, height: 720 } });

/** Presses Enter on `button` from the keyboard, and checks where the focus went. */
async function pressAndExpectFocus(page: Page, button: Locator, then: Locator): Promise<void> {
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(then).toBeFocused();
}

test("Start here, Undo and Redo, the Map form's warning, Copy link, a revealed prediction, a lesson's end and Exercises keep the focus", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  const stepThrough = page.getByRole("region", { name: "Step" }).getByRole("button", {
    name: "Step through the walk",
  });
  // "Got it": on to what the strip says to press first.
  await pressAndExpectFocus(page, page.getByRole("button", { name: "Got it" }), stepThrough);

  // The last Undo (and Redo) keeps its focus, though it can do nothing more.
  await page.getByRole("radio", { name: "User" }).check();
  await page.getByRole("button", { name: "PML4[1] U/S" }).click();
  const undo = page.getByRole("button", { name: "Undo" });
  const redo = page.getByRole("button", { name: "Redo" });
  const said = page.getByRole("group", { name: "History" }).getByRole("status");
  await pressAndExpectFocus(page, undo, undo);
  await expect(undo).toBeDisabled();
  // Said too: the walk's line may not change with an undo.
  await expect(said).toHaveText("Undone: nothing to undo, 1 to redo.");
  await page.keyboard.press("Enter"); // a disabled Undo does nothing
  await expect(redo).toBeEnabled();
  await pressAndExpectFocus(page, redo, redo);
  await expect(redo).toBeDisabled();
  await expect(said).toHaveText("Redone: 1 to undo, nothing to redo.");
  await expect(undo).toBeEnabled();

  // The Map form's warning goes with its buttons: the focus goes back to Map.
  const form = page.getByRole("form", { name: "Map or unmap a page" });
  const map = form.getByRole("button", { name: "Map", exact: true });
  await form.getByLabel("VA", { exact: true }).fill("0x80_3fe7_e000");
  await form.getByLabel("PA", { exact: true }).fill("0x7000");
  await map.click();
  await pressAndExpectFocus(page, form.getByRole("button", { name: "Cancel" }), map);
  await map.click();
  await pressAndExpectFocus(page, form.getByRole("button", { name: "Map and set the upper levels" }), map);
  await expect(form.getByText("Mapped 0x80_3fe7_e000 → 0x7000.")).toBeVisible();

  // Copy link's × returns to Copy link.
  const copy = page.getByRole("button", { name: "Copy link" });
  await copy.click();
  await pressAndExpectFocus(page, page.getByRole("button", { name: "Close the share panel" }), copy);

  // Revealing a prediction removes its form: the focus goes to the outcome it revealed.
  const walk = page.getByRole("region", { name: "Walk" });
  await walk.getByRole("switch", { name: "Predict" }).click();
  await pressAndExpectFocus(
    page,
    walk.getByRole("button", { name: "Reveal the answer" }),
    walk.getByRole("status"),
  );
  await walk.getByRole("switch", { name: "Predict" }).click();

  // A lesson's Next at its last step keeps its focus.
  await openExample(page, "Lesson: how a walk works");
  const bar = page.getByRole("region", { name: "Lesson", exact: true });
  const next = bar.getByRole("button", { name: "Next" });
  await next.focus();
  for (let k = 0; k < 20 && (await next.getAttribute("aria-disabled")) !== "true"; k++)
    await page.keyboard.press("Enter");
  await expect(next).toBeDisabled();
  await expect(next).toBeFocused();

  // Exercises: opening goes to the exercise, closing back to the button.
  const exercises = page.getByRole("button", { name: "Exercises", exact: true });
  await exercises.focus();
  await page.keyboard.press("Enter");
  const panel = page.getByRole("region", { name: /^Exercise 1 of / });
  await expect(panel.getByRole("heading", { level: 2 })).toBeFocused();
  await pressAndExpectFocus(page, panel.getByRole("button", { name: "Close exercises" }), exercises);
  expect(errors).toEqual([]);
});

test("the title editor, deleting and renaming a name, and the Import dump dialog keep the focus", async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  const dir = mkdtempSync(join(tmpdir(), "pagewalk-focus-e2e-"));
  try {
    writeWorkedExampleDumps({ raw: join(dir, "worked-example.raw"), elf: join(dir, "worked-example.elf") });
    await page.goto("/");
    const editTitle = page.getByRole("button", { name: "Edit title and description" });
    await editTitle.click();
    await pressAndExpectFocus(page, page.getByRole("button", { name: "Cancel" }), editTitle);
    await editTitle.click();
    await page.getByLabel("Title", { exact: true }).press("Enter");
    await expect(editTitle).toBeFocused();

    // Deleting a name: on to the Delete button of the row now in its place.
    await page.getByRole("button", { name: "Author" }).click();
    const names = page.getByRole("list", { name: "Names" });
    const deletes = names.getByRole("button", { name: /^Delete name / });
    const count = await deletes.count();
    expect(count).toBeGreaterThan(1);
    const second = (await deletes.nth(1).getAttribute("aria-label")) ?? "";
    await pressAndExpectFocus(page, deletes.first(), names.getByRole("button", { name: second }));
    await expect(deletes).toHaveCount(count - 1);
    // Renaming: the row stays, and the focus goes back to its Rename button.
    const rename = names.getByRole("button", { name: /^Rename name / }).first();
    await rename.click();
    const field = names.getByRole("textbox", { name: /^New text for name / });
    await field.fill("renamed by keyboard");
    await field.press("Enter");
    await expect(names.getByRole("button", { name: "Rename name renamed by keyboard" })).toBeFocused();

    // The Import dump dialog: Esc goes back to its button; an import that starts and ends keeps
    // the focus in the dialog, on its Close.
    const opener = page.getByRole("button", { name: "Import dump…" });
    const file = page.getByLabel("Memory dump file");
    const dialog = page.getByRole("dialog", { name: "Import memory dump" });
    await file.setInputFiles(join(dir, "worked-example.raw"));
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(opener).toBeFocused();
    await file.setInputFiles(join(dir, "worked-example.raw"));
    await dialog.getByLabel("CR3").fill("0x1_0000");
    await pressAndExpectFocus(
      page,
      dialog.getByRole("button", { name: "Import tables" }),
      dialog.getByRole("button", { name: "Close" }),
    );
    await page.keyboard.press("Enter");
    await expect(dialog).toHaveCount(0);
    await expect(opener).toBeFocused();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(errors).toEqual([]);
});

test("a glossary link reached with Shift+Tab in the field table stops below its sticky header", async ({
  page,
}) => {
  await page.goto("/");
  const fields = page.getByRole("region", { name: "What each field means" });
  const links = fields.getByRole("button", { name: /^Glossary: / });
  await links.last().focus();
  const count = await links.count();
  for (let k = 1; k < count; k++) await page.keyboard.press("Shift+Tab");
  await expect(links.first()).toBeFocused();
  // Each press scrolled the focused link into view: it must not sit under the header row.
  const header = await fields.locator("thead th").first().boundingBox();
  const focused = await links.first().boundingBox();
  if (!header || !focused) throw new Error("no boxes");
  expect(focused.y).toBeGreaterThanOrEqual(header.y + header.height - 1);
});

test("the graph's focus ring shows outside a table's path ring, and on a run when zoomed far out", async ({
  page,
}) => {
  await page.goto("/");
  const graph = page.getByRole("group", { name: /Page-table graph/ });
  const pd = graph.getByRole("button", { name: /^PD at 0x6000/ });
  await pd.focus();
  // From the keyboard, so that the ring is the keyboard's (:focus-visible).
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect(pd).toBeFocused();
  const rings = await pd.evaluate((node) => {
    const box = (selector: string) => node.querySelector(selector)!.getBoundingClientRect();
    const style = getComputedStyle(node.querySelector(".pw-focus-ring")!);
    return {
      focus: box(".pw-focus-ring"),
      path: box(".pw-path-ring"),
      stroke: style.stroke,
      width: style.strokeWidth,
    };
  });
  expect(rings.stroke).not.toBe("none");
  expect(rings.focus.left).toBeLessThan(rings.path.left - 1);
  expect(rings.focus.right).toBeGreaterThan(rings.path.right + 1);
  expect(rings.focus.top).toBeLessThan(rings.path.top - 1);
  expect(rings.focus.bottom).toBeGreaterThan(rings.path.bottom + 1);

  await openExample(page, LINUX_TITLE);
  await page.getByRole("button", { name: "Fit" }).click();
  await expect(graph.locator("..").getByText(/Zoomed to \d+ %/)).toBeVisible();
  const run = graph.locator(".pw-run-button").first();
  await run.focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect(run).toBeFocused();
  // The ring's width on screen: its stroke in drawing units times the drawing's scale.
  const onScreen = await run.evaluate((button) => {
    const hover = button.querySelector(".pw-run-hover")!;
    const layer = button.closest("svg")!;
    const scale = new DOMMatrix(getComputedStyle(layer).transform).a;
    return parseFloat(getComputedStyle(hover).strokeWidth) * scale;
  });
  expect(onScreen).toBeGreaterThanOrEqual(2);
});

test("Tab goes through the graph from the top: each table, then its collapse button, then the leaf runs", async ({
  page,
}) => {
  await page.goto("/");
  const graph = page.getByRole("group", { name: /Page-table graph/ });
  await graph.getByRole("button", { name: /^PML4 at 0x1000/ }).focus();
  const names: string[] = [];
  for (let k = 0; k < 12; k++) {
    const name = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.closest("[role=group][aria-label^='Page-table graph']")
        ? (el.getAttribute("aria-label") ?? "")
        : null;
    });
    if (name === null) break;
    names.push(name.split(":")[0]!.split(",")[0]!);
    await page.keyboard.press("Tab");
  }
  expect(names.map((n) => n.replace(/ at 0x[0-9a-f]+.*/, "").replace(/ →.*/, ""))).toEqual([
    "PML4",
    "Collapse subtree",
    "PDPT",
    "Collapse subtree",
    "PD",
    "Collapse subtree",
    "PT",
    "Collapse subtree",
    "PT[0]",
    "PT[127]",
  ]);
});
