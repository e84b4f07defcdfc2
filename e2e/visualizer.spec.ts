import { writeFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { collectConsoleErrors, shot } from "./artifacts";
import { LINUX_TITLE, openExample } from "./examples";
import { flingUp } from "./fling";
import { accessibilityScan } from "./axe";
import { graphLayerOf, transformOf } from "./graphLayer";
import { openHandWrittenScenario } from "./scenarioFile";
import { openTestMachine } from "./testMachine";
import { largerText } from "./textSize";

test.use({ viewport: { width: 1280, height: 720 } });

test("a student walks the worked example, breaks it, undoes, and switches to 5-level paging", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  await openTestMachine(page);
  const status = page.getByRole("region", { name: "Walk" }).getByRole("status");
  const va = page.getByLabel("Virtual address");

  // The test machine (a link): the worked example's walk with every level user-accessible, a user read.
  await expect(page.getByRole("heading", { level: 1, name: "Pagewalk" })).toBeVisible();
  await expect(status).toHaveText("0x803fe7f5ce → 0x35ce (4 KiB page, user read ok)");
  await shot(page, testInfo, "01-first-load", { fullPage: true });

  // Type another VA: the higher-half kernel is supervisor-only.
  await va.fill("0xffff_ffff_8000_0000");
  await expect(status).toContainText("#PF error 0x5 at PML4[511]");
  await page.getByRole("radio", { name: "Supervisor" }).check();
  await expect(status).toHaveText("0xffffffff80000000 → 0x200000 (2 MiB page, supervisor read ok)");
  // Bad input is explained inline and the last good walk stays.
  await va.fill("0x12g4");
  await expect(
    page.getByText('Virtual address "0x12g4" is not a hex number (unexpected "g").'),
  ).toBeVisible();
  await expect(va).toHaveAttribute("aria-invalid", "true");
  await shot(page, testInfo, "02-invalid-input", { fullPage: true });
  await va.fill("0x80_3fe7_f5ce");
  await page.getByRole("radio", { name: "User" }).check();
  await expect(status).toHaveText("0x803fe7f5ce → 0x35ce (4 KiB page, user read ok)");

  // Select the PT entry of the walk and clear U/S: the user read faults at the PT.
  await page.getByRole("button", { name: "Inspect PT[127]" }).click();
  const us = page.getByRole("button", { name: "bit 2 U/S" });
  await expect(us).toHaveAttribute("aria-pressed", "true");
  await us.click();
  await expect(us).toHaveAttribute("aria-pressed", "false");
  await expect(status).toContainText("#PF error 0x5 at PT[127]");
  await shot(page, testInfo, "03-pt-us-cleared", { fullPage: true });

  // Clear P in the PD entry: the fault moves up to the PD.
  await page.getByRole("button", { name: "Inspect PD[511]" }).click();
  await page.getByRole("button", { name: "bit 0 P", exact: true }).click();
  await expect(status).toContainText("#PF error 0x4 at PD[511]");
  await expect(page.getByText("not reached")).toBeVisible();
  await shot(page, testInfo, "04-pd-not-present", { fullPage: true });

  // Undo (button) restores the previous outcome; Ctrl+Z the one before.
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(status).toContainText("#PF error 0x5 at PT[127]");
  await page.keyboard.press("Control+z");
  await expect(status).toHaveText("0x803fe7f5ce → 0x35ce (4 KiB page, user read ok)");
  await page.keyboard.press("Control+Shift+z");
  await expect(status).toContainText("#PF error 0x5 at PT[127]");
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(status).toHaveText("0x803fe7f5ce → 0x35ce (4 KiB page, user read ok)");
  await shot(page, testInfo, "05-undone", { fullPage: true });

  // The graph: zoom moves one transform; clicking a table opens it in the table view and inspector.
  const graph = page.getByRole("group", { name: /Page-table graph/ });
  const content = graphLayerOf(graph);
  const before = await transformOf(content);
  await page.getByRole("button", { name: "Zoom in" }).click();
  await expect.poll(() => transformOf(content)).not.toBe(before);
  await graph.getByRole("button", { name: "PD at 0x4000" }).click();
  await expect(page.getByRole("heading", { name: "PD at 0x4000" })).toBeVisible();
  await expect(page.getByRole("button", { name: "bit 7 PS" })).toHaveAttribute("aria-pressed", "false");
  await page.getByRole("button", { name: "Fit" }).click();
  await graph.getByRole("button", { name: "PML4 at 0x1000" }).click();
  await page.getByRole("button", { name: "Select PML4 entry 510" }).click();
  await expect(page.getByRole("region", { name: /Entry|PML4\[510\]/ }).first()).toContainText("PML4[510]");
  await shot(page, testInfo, "05b-graph-and-table", { fullPage: true });

  // 5-level paging: the same CR3 is now read as a PML5, as hardware would.
  await page.getByRole("checkbox", { name: /CR4\.LA57/ }).check();
  await expect(page.getByRole("button", { name: "Inspect PML5[0]" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Bit fields of the address" })).toContainText("PML5");
  await expect(status).toContainText("#PF error 0x4 at PML4[1]");
  await shot(page, testInfo, "06-five-level", { fullPage: true });

  expect(errors, "console errors").toEqual([]);
});

test("keyboard reaches the bit toggles, and the page has no serious accessibility violations", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000); // two axe scans of ~2,000 nodes on a shared 2-core machine
  const errors = collectConsoleErrors(page);
  await openTestMachine(page);
  await page.getByRole("button", { name: "bit 1 R/W" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "bit 1 R/W" })).toHaveAttribute("aria-pressed", "false");
  await page.getByRole("radio", { name: "Write" }).check();
  await expect(page.getByRole("region", { name: "Walk" }).getByRole("status")).toContainText(
    "#PF error 0x7 at PT[127]",
  );
  await shot(page, testInfo, "07-keyboard-rw", { fullPage: true });

  for (const theme of ["light", "dark"] as const) {
    await page.getByLabel("Theme").selectOption(theme);
    await shot(page, testInfo, `08-theme-${theme}`, { fullPage: true });
    const axe = await accessibilityScan(page).analyze();
    const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    const report = testInfo.outputPath(`axe-${theme}.json`);
    await writeFile(report, JSON.stringify(axe.violations, null, 2));
    await testInfo.attach(`axe-${theme}`, { path: report, contentType: "application/json" });
    expect(serious.map((v) => `${theme}: ${v.id} (${v.impact}): ${v.help} [${v.nodes.length}]`)).toEqual([]);
  }
  expect(errors, "console errors").toEqual([]);
});

test("the 64 bits are one toolbar: one Tab stop, arrows move, Space toggles, a skip link passes it", async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await openTestMachine(page);
  const bits = page.getByRole("toolbar", { name: "Entry bits, 63 to 0" });
  await expect(bits.getByRole("button")).toHaveCount(64);
  // One Tab stop: bit 0 (P) holds it at first, every other bit is out of the tab order.
  await expect(bits.locator("[tabindex='0']")).toHaveCount(1);
  await expect(bits.getByRole("button", { name: /^bit 0 P/ })).toHaveAttribute("tabindex", "0");
  await bits.getByRole("button", { name: /^bit 0 P/ }).focus();
  // Left goes to the higher bit (drawn to the left), End and Home to the ends.
  await page.keyboard.press("ArrowLeft");
  await expect(bits.getByRole("button", { name: "bit 1 R/W" })).toBeFocused();
  await page.keyboard.press("Home");
  await expect(bits.getByRole("button", { name: /^bit 63 / })).toBeFocused();
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  const us = bits.getByRole("button", { name: "bit 2 U/S" });
  await expect(us).toBeFocused();
  const before = await us.getAttribute("aria-pressed");
  await page.keyboard.press(" ");
  await expect(us).toHaveAttribute("aria-pressed", before === "true" ? "false" : "true");
  // The focus stays on the toggled bit, which now holds the one Tab stop; Tab leaves the toolbar.
  await expect(us).toBeFocused();
  await expect(bits.locator("[tabindex='0']")).toHaveCount(1);
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("[role='toolbar']") ?? null)).toBeNull();
  // The skip link (shown when it has the focus) moves past all 64, and leaves the URL (the share link) alone.
  const url = page.url();
  const skip = page.getByRole("link", { name: "Skip past the 64 bits" });
  await skip.focus();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.activeElement?.closest("[role='toolbar']") ?? null)).toBeNull();
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("[role='toolbar']") ?? null)).toBeNull();
  expect(page.url()).toBe(url);
  // Field names are never clipped: each one-bit field's label fits its box.
  const clipped = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>(".field-label")]
      .filter((l) => l.scrollWidth > l.clientWidth + 1)
      .map((l) => l.textContent),
  );
  expect(clipped).toEqual([]);
  expect(errors, "console errors").toEqual([]);
});

test("on a phone, where the 64 bits wrap, ↑ and ↓ go to the bit drawn above and below", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openTestMachine(page);
  const bits = page.getByRole("toolbar", { name: "Entry bits, 63 to 0" });
  /** The focused bit, where it is drawn, and the centres across of the bits on its line. */
  const focused = () =>
    page.evaluate(() => {
      const box = (el: Element) => el.getBoundingClientRect();
      const el = document.activeElement as HTMLElement;
      const { top, bottom, left, right } = box(el);
      const y = (top + bottom) / 2;
      const line = [...document.querySelectorAll("[role='toolbar'] [data-bit]")]
        .map(box)
        .filter((r) => r.top <= y && r.bottom >= y)
        .map((r) => (r.left + r.right) / 2);
      return { bit: Number(el.dataset["bit"]), x: (left + right) / 2, top, bottom, line };
    });
  /** The focus moved to the line above or below, onto its bit nearest across. */
  const expectMovedStraight = (from: Awaited<ReturnType<typeof focused>>, to: typeof from, down: boolean) => {
    if (down) expect(to.top, `↓ from bit ${from.bit} stayed on its line`).toBeGreaterThanOrEqual(from.bottom);
    else expect(to.bottom, `↑ from bit ${from.bit} stayed on its line`).toBeLessThanOrEqual(from.top);
    const nearest = Math.min(...to.line.map((x) => Math.abs(x - from.x)));
    expect(Math.abs(to.x - from.x), `bit ${to.bit} is not the nearest across to bit ${from.bit}`).toBe(
      nearest,
    );
  };
  await bits.getByRole("button", { name: /^bit 0 P/ }).focus();
  const p = await focused();
  await page.keyboard.press("Home");
  const top = await focused();
  expect(p.top, "the bits are on one line at 390 px").toBeGreaterThan(top.bottom);
  // From P up, line by line, to the first line; from there down again to P's line.
  await page.keyboard.press("End");
  let at = p;
  while (at.top > top.top) {
    await page.keyboard.press("ArrowUp");
    const next = await focused();
    expectMovedStraight(at, next, false);
    at = next;
  }
  expect(at.bit, "↑ went along the bits, not up the lines").not.toBe(1);
  while (at.top < p.top) {
    await page.keyboard.press("ArrowDown");
    const next = await focused();
    expectMovedStraight(at, next, true);
    at = next;
  }
  // On the first line ↑ stays, on the last ↓ does (neither scrolls the page).
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.keyboard.press("ArrowDown");
  expect((await focused()).bit).toBe(at.bit);
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowUp");
  expect((await focused()).bit).toBe(63);
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  // Left and right still step along the bits.
  await page.keyboard.press("ArrowRight");
  expect((await focused()).bit).toBe(62);
});

test("map a page through the memory panel and walk it", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("VA", { exact: true }).fill("0x4000_0000");
  await page.getByLabel("PA", { exact: true }).fill("0x20_0000");
  await page.getByRole("button", { name: "Map", exact: true }).click();
  await expect(page.getByText("Mapped 0x4000_0000 → 0x20_0000.")).toBeVisible();
  await page.getByRole("button", { name: "Map", exact: true }).click();
  await expect(page.locator(".map-form .error")).toContainText(/already|overlap|mapped/i);
  await page.getByLabel("Virtual address").fill("0x4000_0010");
  await page.getByRole("radio", { name: "Supervisor" }).check();
  await expect(page.getByRole("region", { name: "Walk" }).getByRole("status")).toHaveText(
    "0x40000010 → 0x200010 (4 KiB page, supervisor read ok)",
  );
});

test("a map the frame allocator cannot supply tables for is refused with the counts, and changes nothing", async ({
  page,
}) => {
  await page.goto("/");
  // A 1 MiB machine with only the PML4 and an allocator of two frames: a 4 KiB page at 4 MiB needs a
  // PDPT, a PD and a PT.
  await openHandWrittenScenario(page, {
    title: "Two frames left",
    ramBytes: 0x10_0000,
    allocatorEnd: 0x4000,
    va: "0x400000",
  });
  const memory = page.getByRole("region", { name: "Physical memory", exact: true });
  await expect(memory).toContainText("2 frames left to allocate");
  const undoCount = (await page.getByText(/to undo/).textContent()) ?? "";
  await page.getByLabel("VA", { exact: true }).fill("0x40_0000");
  await page.getByLabel("PA", { exact: true }).fill("0x8_0000");
  await page.getByRole("button", { name: "Map", exact: true }).click();
  await expect(page.locator(".map-form .error")).toHaveText(
    "Mapping 0x400000 needs 3 new tables, but the frame allocator has only 2 frames left.",
  );
  await expect(memory).toContainText("2 frames left to allocate");
  await expect(memory).toContainText("unused: 255");
  await expect(memory).not.toContainText("PDPT tables");
  await expect(page.getByText(/to undo/)).toHaveText(undoCount);
});

test("edit an entry as hex: raw value and address field, bad input, and reset after a bit toggle", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  await openTestMachine(page);
  const status = page.getByRole("region", { name: "Walk" }).getByRole("status");
  const inspector = page.getByRole("region", { name: /PT\[127\]/ });
  const raw = inspector.getByLabel("Raw");
  const address = inspector.getByLabel("Address field");
  await expect(status).toHaveText("0x803fe7f5ce → 0x35ce (4 KiB page, user read ok)");
  await expect(raw).toHaveValue("0x0000_0000_0000_3007");

  // Clear U/S by typing the raw value: the user read now faults at the PT.
  await raw.fill("0x3003");
  await raw.press("Enter");
  await expect(status).toContainText("#PF error 0x5 at PT[127]");
  await expect(raw).toHaveValue("0x0000_0000_0000_3003");

  // Point the page at another frame through the address field.
  await address.fill("0x7000");
  await address.press("Enter");
  await expect(status).toContainText("#PF error 0x5 at PT[127]");
  await page.getByRole("button", { name: "bit 2 U/S" }).click();
  await expect(status).toHaveText("0x803fe7f5ce → 0x75ce (4 KiB page, user read ok)");
  // The drafts follow the entry when it changes elsewhere (the toggle above).
  await expect(raw).toHaveValue("0x0000_0000_0000_7007");
  await expect(address).toHaveValue("0x7000");

  // Bad input is explained and changes nothing.
  await raw.fill("0x12g4");
  await raw.press("Enter");
  await expect(inspector.getByRole("alert")).toContainText('unexpected "g"');
  await expect(status).toHaveText("0x803fe7f5ce → 0x75ce (4 KiB page, user read ok)");
  await shot(page, testInfo, "07-hex-editors", { fullPage: true });
  expect(errors).toEqual([]);
});

test("a long entry list puts only the rows in view in the page, and scrolls through all of them", async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  // The example is fetched on demand and, once in, sets its own VA: the test's VA goes in after it.
  await openExample(page, LINUX_TITLE);
  // The direct map's 2 MiB pages: a read there ends at a PD with over a hundred present entries.
  await page.getByRole("radio", { name: "Read" }).check();
  await page.getByLabel("Virtual address", { exact: true }).fill("0xffff888010000000");
  const list = page.getByRole("region", { name: "Present entries of the PD" });
  const table = list.getByRole("table");
  await expect(table).toHaveAttribute("aria-rowcount", /^\d{3}$/);
  const rows = Number(await table.getAttribute("aria-rowcount")) - 1;
  const body = list.getByRole("rowgroup").nth(1).getByRole("row");
  expect(await body.count()).toBeLessThan(40);
  // The first rows are the first entries; each row says where it stands in the whole list.
  await expect(body.first()).toHaveAttribute("aria-rowindex", "2");
  // Scrolled to the end, the last entries are there (and the first ones gone from the page).
  await list.scrollIntoViewIfNeeded();
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(body.last()).toHaveAttribute("aria-rowindex", String(rows + 1));
  await expect(body.last().getByRole("button")).toBeInViewport();
  expect(await body.count()).toBeLessThan(40);
  await expect(list.getByRole("button", { name: "Select PD entry 0", exact: true })).toHaveCount(0);
  // A click on a row there picks its entry.
  await body.last().getByRole("button").click();
  await expect(body.last().getByRole("button")).toHaveAttribute("aria-pressed", "true");
  // A fast fling back up (the rows' elements rewritten in place): each frame, the rows drawn follow
  // one another, each one row below the last, their entries in order, and the row at the top of the
  // list's view is one of them.
  const frames = await flingUp(list, 600, 5);
  for (const frame of frames) {
    expect(frame.rows.length).toBeGreaterThan(5);
    frame.rows.forEach((row, k) => {
      const before = frame.rows[k - 1];
      if (!before) return;
      const entry = (r: typeof row) => Number(/entry (\d+)$/.exec(r.buttonName)?.[1]);
      expect(row.rowIndex).toBe(before.rowIndex + 1);
      expect(entry(row)).toBeGreaterThan(entry(before));
      expect(row.y).toBeCloseTo(before.y + before.height, 0);
    });
  }
  expect(frames.at(-1)?.top).toBeLessThan(frames[0]?.top ?? 0);
  expect(errors, "console errors").toEqual([]);
});

test("an entry list first drawn with no entries measures its rows when entries come", async ({ page }) => {
  await page.goto("/");
  await openExample(page, LINUX_TITLE);
  await page.getByRole("radio", { name: "Read" }).check();
  // CR3 on an empty frame: the table view says there is nothing to list (the list is not drawn).
  const cr3 = page.getByRole("textbox", { name: "CR3", exact: true });
  const root = await cr3.inputValue();
  await cr3.fill("0x100000");
  await cr3.press("Enter");
  await expect(page.getByText("No present entries.")).toBeVisible();
  // Back to the kernel's tables, and a read that ends at a PD with over a hundred present entries:
  // the same list, now with rows.
  await cr3.fill(root);
  await cr3.press("Enter");
  await page.getByLabel("Virtual address", { exact: true }).fill("0xffff888010000000");
  const list = page.getByRole("region", { name: "Present entries of the PD" });
  await expect(list.getByRole("table")).toHaveAttribute("aria-rowcount", /^\d{3}$/);
  await list.scrollIntoViewIfNeeded();
  // Scrolled anywhere, the rows drawn are windowed by their measured height, not a guessed one: each
  // stands where its place in the list puts it (a guess put the 40th entry where the 70th belongs),
  // and together they fill the list's view from its header to its bottom edge (a guess left a blank
  // band half the view tall). The same at 150 % text, which zooms the panel: the height is measured
  // in the list's own pixels, not the zoomed ones.
  const expectRowsInPlace = async (): Promise<void> => {
    for (const part of [0.3, 0.6, 1]) {
      await list.evaluate((el, f) => (el.scrollTop = (el.scrollHeight - el.clientHeight) * f), part);
      await expect
        .poll(() =>
          list.evaluate((el) => {
            const view = el.getBoundingClientRect();
            const head = el.querySelector("[role=rowgroup]")!.getBoundingClientRect();
            const body = el.querySelector("[role=rowgroup]:last-child")!;
            const top0 = body.getBoundingClientRect().top;
            const drawn = [...body.querySelectorAll("[role=row]")].map((row) => ({
              place: Number(row.getAttribute("aria-rowindex")) - 2,
              box: row.getBoundingClientRect(),
            }));
            const astray = drawn.find(({ place, box }) => Math.abs(box.top - top0 - place * box.height) > 1);
            if (astray) return `entry row ${astray.place} drawn ${Math.round(astray.box.top - top0)} px down`;
            const inView = drawn
              .map((d) => d.box)
              .filter((r) => r.bottom > head.bottom && r.top < view.bottom);
            if (inView.length === 0) return "no rows in view";
            const top = Math.min(...inView.map((r) => r.top));
            const bottom = Math.max(...inView.map((r) => r.bottom));
            return top <= head.bottom + 0.5 && bottom >= view.bottom - 0.5
              ? "in place"
              : `blank: ${Math.round(top - head.bottom)} px above the rows, ${Math.round(view.bottom - bottom)} px below`;
          }),
        )
        .toBe("in place");
    }
  };
  await expectRowsInPlace();
  await largerText(page, 3);
  await expectRowsInPlace();
});
