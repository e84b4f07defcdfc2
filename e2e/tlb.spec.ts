import { expect, test } from "@playwright/test";
import { TLB_LESSON_OUTCOMES, TLB_PRESETS } from "../src/core/scenario";
import { collectConsoleErrors, shot } from "./artifacts";
import { accessibilityScan } from "./axe";
import { openExample } from "./examples";
import { largerText } from "./textSize";

// The laptop case also in the dark theme: its scan checks the TLB's panels, the reach plot's key
// included, against the dark background.
for (const { colorScheme, ...viewport } of [
  { width: 1280, height: 800, colorScheme: "light" },
  { width: 1280, height: 800, colorScheme: "dark" },
  { width: 390, height: 844, colorScheme: "light" },
] as const) {
  const theme = colorScheme === "dark" ? ", dark" : "";
  test(`edit a PTE after an access: a stale hit, then INVLPG and a miss (${viewport.width}px${theme})`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme });
    const errors = collectConsoleErrors(page);
    await page.goto("/");
    await openExample(page, "Worked example (Writing an OS in Rust)");
    await page.getByRole("radio", { name: "Supervisor" }).check();
    const model = page.getByRole("switch", { name: "Model the TLB" });
    await model.click();
    await expect(model).toHaveAttribute("aria-checked", "true");
    const walk = page.getByRole("region", { name: "Walk" });
    const lookup = walk.getByTestId("tlb-lookup");
    await expect(lookup).toContainText("TLB miss → walk");

    const tlb = page.getByRole("region", { name: "TLB", exact: true });
    await tlb.getByRole("button", { name: "Access through the TLB" }).click();
    await expect(tlb).toContainText("0 hits, 1 miss");
    await expect(lookup).toContainText("TLB hit");
    await expect(lookup).not.toContainText("stale");
    const dtlb = tlb.getByRole("table", { name: "DTLB 4 KiB" });
    await expect(dtlb.getByRole("row")).toHaveCount(2);
    await expect(dtlb).toContainText("0x803fe7f000");

    // Make the page writable in the tables: the TLB still holds the read-only translation.
    await walk.getByRole("button", { name: "PT[127] R/W" }).click();
    await expect(lookup).toContainText("TLB hit");
    await expect(lookup).toContainText(
      "stale: the tables now say PA 0x35ce (4 KiB page; supervisor-only, writable, executable)",
    );
    await expect(dtlb).toContainText("⚠ stale");
    if (viewport.width > 1000) {
      const scan = await accessibilityScan(page)
        .include(".walk-path")
        .include(".tlb-panel")
        .include(".trace-panel")
        .include(".reach-panel")
        .analyze();
      expect(
        scan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      ).toEqual([]);
    }
    await shot(page, testInfo, "01-stale-hit", { target: walk });
    await shot(page, testInfo, "02-tlb-panel-stale", { target: tlb });

    await tlb.getByRole("button", { name: "INVLPG" }).click();
    await expect(tlb.getByRole("status")).toHaveText("invalidated 4 entries");
    await expect(lookup).toContainText("TLB miss → walk");
    await expect(tlb.getByRole("table", { name: "DTLB 4 KiB" })).toHaveCount(0);
    await shot(page, testInfo, "03-after-invlpg", { fullPage: viewport.width > 1000 });

    // The stepper begins with the TLB lookup.
    await page.getByRole("button", { name: "Step through the walk" }).click();
    const stepper = page.getByRole("region", { name: "Step" });
    await expect(stepper.getByRole("heading")).toHaveText(/^Step 1 of \d+: TLB lookup: miss$/);
    await page.getByRole("button", { name: "Next step" }).click();
    await expect(stepper.getByRole("heading")).toContainText("Step 2 of");
    await expect(stepper.getByRole("heading")).toContainText("Split the virtual address");
    expect(errors).toEqual([]);
  });
}

test("a typed trace replays line by line, and a bad line is named", async ({ page }, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  await page.getByRole("switch", { name: "Model the TLB" }).click();
  const panel = page.getByRole("region", { name: "Access trace" });
  const editor = panel.getByRole("textbox", { name: "Access trace" });
  await editor.fill(
    "read sup 0x803fe7f5ce\nread sup 0x803fe7f000\ninvlpg 0x803fe7f000\nread sup 0x803fe7f5ce",
  );
  await panel.getByRole("button", { name: "Step" }).click();
  const outcomes = panel.getByRole("list", { name: "Trace outcomes" }).getByRole("listitem");
  await expect(outcomes).toHaveCount(1);
  await expect(outcomes.nth(0)).toContainText("TLB miss → walk: PA 0x35ce (4 KiB page)");
  await panel.getByRole("button", { name: "Step" }).click();
  await expect(outcomes).toHaveCount(2);
  await expect(outcomes.nth(1)).toContainText("TLB hit: PA 0x3000 (4 KiB page)");
  await panel.getByRole("button", { name: "Replay" }).click();
  await expect(outcomes).toHaveCount(4);
  await expect(outcomes.nth(2)).toContainText("invalidated 4 entries");
  await expect(outcomes.nth(3)).toContainText("TLB miss → walk");
  await expect(panel).toContainText("4 of 4 operations");
  await shot(page, testInfo, "trace-replayed", { target: panel });

  // A bad line: one message naming it, and the replay shown before stays as it was.
  await editor.fill("read sup 0x803fe7f5ce\nflush everything");
  await panel.getByRole("button", { name: "Replay" }).click();
  await expect(panel.getByRole("alert")).toHaveText(
    'Line 2: unknown operation "flush" (one of: read, write, fetch, write-entry, invlpg, mov-cr3, mov-cr4, mov-cr0, invpcid, cpu, shootdown).',
  );
  expect(errors).toEqual([]);
});

test("the TLB reach plot renders; pointing at it or its slider reads out the numbers", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  await page.getByRole("switch", { name: "Model the TLB" }).click();
  const region = page.getByRole("region", { name: "TLB reach" });
  const plot = region.getByRole("img", { name: "TLB reach" });
  await expect(plot).toHaveAttribute("aria-busy", "false");
  await expect(region.getByTestId("reach-4k")).toHaveAttribute("d", /^M.+L.+/);
  await expect(region.getByTestId("reach-2m")).toHaveAttribute("d", /^M.+L.+/);
  // The far left of the plot area is N = 1: 9 of 10 accesses hit with either page size.
  await region.locator(".reach-hover").hover({ position: { x: 1, y: 10 } });
  await expect(region.getByRole("status")).toHaveText(
    "N = 1: 4 KiB pages 90.0 % hits, 2 MiB pages 90.0 % hits",
  );
  // The keyboard reads the same numbers through the "Read at N" slider, which follows the pointer's
  // N; the cursor's dots sit on the two lines.
  const readAt = region.getByRole("slider", { name: "Read at N" });
  await expect(readAt).toHaveAttribute("aria-valuetext", "N = 1");
  await readAt.focus();
  await page.keyboard.press("ArrowRight");
  await expect(region.getByRole("status")).toHaveText(/^N = 2: 4 KiB pages \d+\.\d % hits/);
  await page.keyboard.press("End");
  await expect(readAt).toHaveAttribute("aria-valuetext", "N = 8192");
  // 8,192 pages touched in turn, ten times, miss the 4 KiB TLB every time (it keeps the least
  // recently used); as 2 MiB pages they are 16 large pages, which miss once each in 81,920 accesses.
  await expect(region.getByRole("status")).toHaveText(
    "N = 8192: 4 KiB pages 0.0 % hits, 2 MiB pages 100.0 % hits",
  );
  await expect(region.locator(".reach-cursor circle")).toHaveCount(2);
  await shot(page, testInfo, "reach-plot", { target: region });
  /** The N axis's labels: each at least `px` tall on screen, each clear of the one before. */
  const expectTicksApart = async (px: number) => {
    const ticks = await region.locator(".reach-tick").evaluateAll((texts) =>
      texts.map((t) => {
        const box = t.getBoundingClientRect();
        return { left: box.left, right: box.right, height: box.height };
      }),
    );
    for (const [i, tick] of ticks.entries()) {
      expect(tick.height).toBeGreaterThanOrEqual(px);
      if (i > 0) expect(tick.left).toBeGreaterThan(ticks[i - 1]!.right);
    }
  };
  /** Awaited: the plot drawn at `scale` times its own units (its width follows its panel's a frame later). */
  const drawnAtScale = (scale: number) =>
    expect
      .poll(() =>
        plot.evaluate((svg: SVGSVGElement) => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width),
      )
      .toBeCloseTo(scale, 2);
  // On a phone the plot is drawn at its width on screen, not scaled down: its 11 px text stays
  // 11 px, and the N axis's labels stay apart.
  await page.setViewportSize({ width: 390, height: 844 });
  await drawnAtScale(1);
  await expectTicksApart(11);
  await shot(page, testInfo, "reach-plot-phone", { target: region });
  // At 200 % on a 360 px phone the panel is 150 px of its text: the plot is drawn that wide, so its
  // text doubles like the page's (kept 260 wide and scaled down, it was 13 px), with fewer N labels,
  // the axis's name inside the drawing, and each line's key on one line.
  await page.setViewportSize({ width: 360, height: 740 });
  await largerText(page, 5);
  await drawnAtScale(2);
  await expectTicksApart(2 * 11);
  const axisName = (await region.locator(".reach-axis").boundingBox())!;
  const drawing = (await plot.boundingBox())!;
  expect(axisName.x).toBeGreaterThanOrEqual(drawing.x);
  expect(axisName.x + axisName.width).toBeLessThanOrEqual(drawing.x + drawing.width);
  const keyLines = await region
    .locator(".reach-key")
    .evaluateAll((keys) => keys.map((k) => k.getClientRects().length));
  expect(keyLines).toEqual([1, 1]);
  await shot(page, testInfo, "reach-plot-phone-200", { target: region });
  // Another stride recomputes in the worker.
  await region.getByLabel("Stride (pages)").fill("512");
  await expect(plot).toHaveAttribute("aria-busy", "false");
  expect(errors).toEqual([]);
});

for (const preset of TLB_PRESETS) {
  test(`TLB lesson "${preset.meta.title}" replays to its stated outcome`, async ({ page }, testInfo) => {
    const errors = collectConsoleErrors(page);
    await page.goto("/");
    await openExample(page, preset.meta.title);
    await expect(page.getByRole("switch", { name: "Model the TLB" })).toHaveAttribute("aria-checked", "true");
    const panel = page.getByRole("region", { name: "Access trace" });
    await panel.getByRole("button", { name: "Replay" }).click();
    const want = TLB_LESSON_OUTCOMES[preset.id];
    if (!want) throw new Error(`no stated outcome for ${preset.id}`);
    const line = panel
      .getByRole("list", { name: "Trace outcomes" })
      .getByRole("listitem")
      .filter({ hasText: new RegExp(`^line ${want.line} ·`) });
    await expect(line).toHaveCount(1);
    await expect(line).toContainText(want.tlb === "hit" ? "TLB hit" : "TLB miss");
    if (want.stale) await expect(line).toContainText("stale: the tables now say");
    else await expect(line).not.toContainText("stale");
    if (want.pa === null) await expect(line).toContainText("#PF");
    else await expect(line).toContainText(`PA 0x${want.pa.toString(16)} `);
    await shot(page, testInfo, `lesson-${preset.id}`, { target: panel });
    expect(errors).toEqual([]);
  });
}
