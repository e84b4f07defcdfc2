/**
 * Exercises in the browser (issue 13 §3), as a student and as a teacher: a problem-set link,
 * a wrong answer with its feedback, the right one, progress kept over a reload; the solution on
 * the stepper; the problem-set builder; and the same seed giving byte-identical JSON in the page
 * and in the command line.
 */
import { expect, test, type Page } from "@playwright/test";
import { formatHex } from "../src/core/common";
import {
  checkExercise,
  generateExercise,
  setFragment,
  type Exercise,
  type ProblemSet,
} from "../src/core/exercise";
import { main } from "../src/cli/cli";
import { collectConsoleErrors, shot } from "./artifacts";
import { accessibilityScan } from "./axe";

const exerciseRegion = (page: Page) => page.getByRole("region", { name: /^Exercise/ });

async function answer(page: Page, exercise: Exercise, values: Record<string, string>): Promise<void> {
  const form = page.getByRole("form", { name: "Your answer" });
  for (const f of exercise.fields) {
    const field = form.getByLabel(f.label, { exact: true });
    if (f.choices) await field.selectOption(values[f.name] ?? "");
    else await field.fill(values[f.name] ?? "");
  }
  await form.getByRole("button", { name: "Check" }).click();
}

test("a student opens a problem-set link, answers wrong, reads the feedback, answers right, and keeps the progress over a reload", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  const set: ProblemSet = { families: ["translate", "split-va"], count: 3, seed: 5, difficulty: "easy" };
  await page.goto(`/${setFragment(set)}`);
  const region = exerciseRegion(page);
  const first = generateExercise("translate", 5, "easy");
  await expect(region.getByRole("heading", { level: 2 })).toHaveText(
    "Exercise 1 of 3: Translate a virtual address",
  );
  await expect(region.locator(".exercise-question")).toHaveText(first.question);
  await expect(region.getByText("Solved 0 of 3 (kept in this browser)")).toBeVisible();
  // The exercise's machine is open in the views: its CR3 is the one the question names.
  await expect(page).toHaveTitle("Pagewalk — Translate a virtual address");

  // Wrong first: the feedback names what is wrong (the entry and the field, or the leaf).
  const wrong = { pa: first.answer.pa === "fault" ? "0x1000" : "fault" };
  const expected = checkExercise(first, wrong);
  expect(expected.correct).toBe(false);
  await answer(page, first, wrong);
  const feedback = region.getByRole("status");
  await expect(feedback.getByText("Not yet:")).toBeVisible();
  for (const line of expected.feedback) await expect(feedback.getByText(line)).toBeVisible();
  await expect(region.getByText("Session score: 0 solved of 1 tried")).toBeVisible();
  await shot(page, testInfo, "01-wrong-answer");

  // Then right.
  await answer(page, first, first.answer);
  await expect(feedback).toHaveText("Right: solved.");
  await expect(region.getByText("Solved 1 of 3 (kept in this browser)")).toBeVisible();
  await expect(region.getByRole("button", { name: "Exercise 1, solved" })).toBeVisible();
  await expect(region.getByText("Session score: 1 solved of 1 tried")).toBeVisible();

  // Show solution: the stepper on the walk the question asks about.
  await region.getByRole("button", { name: "Show solution" }).click();
  await expect(page.getByRole("textbox", { name: "Virtual address", exact: true })).toHaveValue(
    formatHex(first.solution.va, { separators: true }),
  );
  await expect(page.getByRole("region", { name: "Step" }).getByRole("heading")).toContainText("Step 1 of");
  await shot(page, testInfo, "02-solved-solution", { fullPage: true });

  // Next exercise, then a reload: the set, the open item and the progress are all kept.
  await region.getByRole("button", { name: "Next exercise" }).click();
  await expect(region.getByRole("heading", { level: 2 })).toHaveText(
    "Exercise 2 of 3: Split a virtual address",
  );
  await page.reload();
  await expect(exerciseRegion(page).getByRole("heading", { level: 2 })).toHaveText(
    "Exercise 2 of 3: Split a virtual address",
  );
  await expect(exerciseRegion(page).getByText("Solved 1 of 3 (kept in this browser)")).toBeVisible();
  await expect(exerciseRegion(page).getByRole("button", { name: "Exercise 1, solved" })).toBeVisible();
  await expect(exerciseRegion(page).getByRole("button", { name: "Exercise 2", exact: true })).toHaveAttribute(
    "aria-current",
    "step",
  );
  await shot(page, testInfo, "03-after-reload");
  const axe = await accessibilityScan(page).include(".exercise-panel").analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  expect(errors).toEqual([]);
});

test("the screen follows its URL: an item or a seed edited by hand, Back and Forward, and a solved seed after Next", async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  const set: ProblemSet = { families: ["translate", "split-va"], count: 5, seed: 42, difficulty: "easy" };
  await page.goto(`/${setFragment(set)}`);
  const region = exerciseRegion(page);
  const heading = region.getByRole("heading", { level: 2 });
  await region.getByRole("button", { name: "Exercise 3", exact: true }).click();
  await expect(heading).toHaveText(/^Exercise 3 of 5: /);
  expect(page.url()).toContain("&at=2");
  // Edited by hand, then Back and Forward.
  await page.evaluate((hash) => (location.hash = hash), setFragment(set, 4));
  await expect(heading).toHaveText(/^Exercise 5 of 5: /);
  await page.goBack();
  await expect(heading).toHaveText(/^Exercise 3 of 5: /);
  await page.goForward();
  await expect(heading).toHaveText(/^Exercise 5 of 5: /);
  // An item the set does not have is explained, like every other broken part of a link.
  await page.evaluate((hash) => (location.hash = hash), `${setFragment(set)}&at=9`);
  await expect(page.getByRole("alert")).toHaveText(
    'This exercise link cannot be opened: The link\'s at "9" is not a number from 0 to 4.',
  );

  // One exercise: Next writes seed 43; the URL edited back to 42 brings back 42's question.
  const question = region.locator(".exercise-question");
  await page.evaluate(() => (location.hash = "#exercise=split-va&seed=42&difficulty=easy"));
  const seed42 = generateExercise("split-va", 42, "easy");
  const seed43 = generateExercise("split-va", 43, "easy");
  await expect(question).toHaveText(seed42.question);
  await region.getByRole("button", { name: "Next exercise" }).click();
  await expect(question).toHaveText(seed43.question);
  expect(page.url()).toContain("seed=43");
  await answer(page, seed43, seed43.answer);
  await expect(region.getByRole("status")).toHaveText("Right: solved.");
  await page.evaluate(() => (location.hash = "#exercise=split-va&seed=42&difficulty=easy"));
  await expect(question).toHaveText(seed42.question);
  await expect(region.getByText("You have solved this one.")).toHaveCount(0);
  // Seed 43's progress is its own: a reload of its link says it is solved.
  await page.goto("/#exercise=split-va&seed=43&difficulty=easy");
  await page.reload();
  await expect(exerciseRegion(page).getByText("You have solved this one.", { exact: false })).toBeVisible();
  expect(errors).toEqual([]);
});

test("the same seed gives byte-identical JSON in the page and in the command line", async ({ page }) => {
  for (const [family, seed, difficulty] of [
    ["predict-ad", 99, "hard"],
    ["build-mapping", 4000000000, "normal"],
    ["fix-tables", 7, "easy"],
  ] as const) {
    await page.goto(`/#exercise=${family}&seed=${seed}&difficulty=${difficulty}`);
    const region = exerciseRegion(page);
    await region.getByText("This exercise as JSON").click();
    const json = region.getByLabel("Exercise JSON");
    const inPage = await json.textContent();
    // One exercise is one long line: it wraps in its box rather than scroll sideways.
    expect(await json.evaluate((pre) => pre.scrollWidth - pre.clientWidth)).toBeLessThanOrEqual(1);
    let cli = "";
    const code = main(
      [
        "exercise",
        "--family",
        family,
        "--seed",
        String(seed),
        "--difficulty",
        difficulty,
        "--format",
        "json",
      ],
      {
        stdout: (t) => (cli += t),
        stderr: () => undefined,
      },
    );
    expect(code).toBe(0);
    expect(inPage).toBe(cli);
  }
});

test("a teacher builds a problem-set link; a broken link is explained", async ({ page }, testInfo) => {
  await page.goto("/#exercise=walk&seed=1");
  await expect(exerciseRegion(page).getByRole("alert")).toHaveText(
    'This exercise link cannot be opened: The link\'s family "walk" is not one of split-va, translate, error-code, fault-entry, fix-tables, build-mapping, predict-ad.',
  );
  const region = exerciseRegion(page);
  await region.getByText("Build a problem set").click();
  const form = region.getByRole("form", { name: "Problem set" });
  await form.getByLabel("Translate a virtual address").uncheck();
  await form.getByRole("button", { name: "Create problem-set link" }).click();
  await expect(form.getByRole("alert")).toHaveText("Choose at least one family.");
  await form.getByLabel("Give the #PF error code").check();
  await form.getByLabel("Predict the A/D bits").check();
  await form.getByLabel("Count").fill("4");
  await form.getByLabel("Seed").fill("77");
  await form.getByLabel("Difficulty").selectOption("hard");
  await form.getByRole("button", { name: "Create problem-set link" }).click();
  await expect(form.getByLabel("Problem-set link")).toHaveValue(
    /#set=error-code,predict-ad&count=4&seed=77&difficulty=hard$/,
  );
  await shot(page, testInfo, "04-builder");
  await form.getByRole("link", { name: "Open the problem set" }).click();
  await expect(exerciseRegion(page).getByRole("heading", { level: 2 })).toHaveText(
    "Exercise 1 of 4: Give the #PF error code",
  );
  await expect(exerciseRegion(page).locator(".exercise-question")).toHaveText(
    generateExercise("error-code", 77, "hard").question,
  );

  // On a phone the screen fits the width: no sideways scroll.
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(exerciseRegion(page).getByRole("button", { name: "Check" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await shot(page, testInfo, "05-phone", { target: exerciseRegion(page) });
});
