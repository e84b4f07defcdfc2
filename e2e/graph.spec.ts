import { expect, test, type Locator, type Page } from "@playwright/test";
import { shot } from "./artifacts";
import { accessibilityScan } from "./axe";
import {
  expectInsideView,
  expectPathInView,
  graphLayerOf,
  pathOffsetFromCentre,
  scaleOf,
  transformOf,
  translateOf,
} from "./graphLayer";
import { openExample } from "./examples";
import { openTestMachine } from "./testMachine";

test.use({ viewport: { width: 1400, height: 900 } });
// axe over 512 + 1,024 grid cells in two themes takes a while on a busy machine.
test.setTimeout(120_000);

test("the table graph: tables as buttons, walk highlight, select, zoom buttons, wheel, keyboard, axe", async ({
  page,
}, testInfo) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  await openTestMachine(page);

  const graph = page.getByRole("group", { name: /Page-table graph/ });
  const content = graphLayerOf(graph);
  // The test machine: PML4, its PDPTs, PDs and the PT, each once (the recursive PML4[510] is an arc back).
  for (const name of ["PML4 at 0x1000", "PDPT at 0x2000", "PD at 0x4000", "PT at 0x5000"]) {
    await expect(graph.getByRole("button", { name, exact: true })).toBeVisible();
  }
  await expect(graph.locator(".pw-node")).toHaveCount(9);
  await expect(graph.locator(".pw-link-back")).toHaveCount(1);
  // The walk of 0x803fe7f5ce passes PML4 → PDPT → PD → PT.
  await expect(graph.locator('.pw-node[data-on-path="true"]')).toHaveCount(4);
  await expect(graph.getByText("PT[127] → 1 × 4 KiB, RW, U", { exact: true })).toBeVisible();
  await shot(page, testInfo, "graph-01-fit", { target: graph });

  // Clicking a table opens it in the table view.
  await graph.getByRole("button", { name: "PD at 0x4000" }).click();
  await expect(page.getByRole("grid", { name: "PD at 0x4000: 512 entries" })).toBeVisible();
  await expect(graph.getByRole("button", { name: "PD at 0x4000" })).toHaveAttribute("aria-pressed", "true");
  // Keyboard: focus a node and press Enter.
  await graph.getByRole("button", { name: "PDPT at 0x2000" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("grid", { name: "PDPT at 0x2000: 512 entries" })).toBeVisible();

  // Zoom buttons move the one transformed layer.
  const before = await scaleOf(content);
  await page.getByRole("button", { name: "Zoom in" }).click();
  const zoomedIn = await scaleOf(content);
  expect(zoomedIn).toBeCloseTo(before * 1.4, 3);
  await page.getByRole("button", { name: "Zoom out" }).click();
  expect(await scaleOf(content)).toBeCloseTo(before, 3);

  // Wheel zoom over the graph.
  const box = await graph.boundingBox();
  if (!box) throw new Error("graph has no box");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await expect.poll(() => scaleOf(content)).toBeGreaterThan(before * 1.05);
  await shot(page, testInfo, "graph-02-wheel", { target: graph });

  // Zoomed far out, labels go (level of detail), and Fit brings the whole graph back.
  for (let k = 0; k < 6; k++) await page.getByRole("button", { name: "Zoom out" }).click();
  await expect(graph).toHaveAttribute("data-lod", "far");
  await expect(graph.getByText("PT[127] → 1 × 4 KiB, RW, U", { exact: true })).toBeHidden();
  await page.getByRole("button", { name: "Fit" }).click();
  expect(await scaleOf(content)).toBeLessThanOrEqual(before + 1e-9);
  const svgBox = await graph.boundingBox();
  for (const table of await graph.getByRole("button").all()) {
    const b = await table.boundingBox();
    expect(b && svgBox && b.x >= svgBox.x && b.x + b.width <= svgBox.x + svgBox.width + 1).toBe(true);
  }
  await shot(page, testInfo, "graph-03-fit-all", { target: graph });

  // Drag pans without re-rendering: the same node element survives, only the transform changes.
  const node = graph.getByRole("button", { name: "PML4 at 0x1000" });
  const handle = await node.elementHandle();
  const t0 = await transformOf(content);
  await page.mouse.move(box.x + 40, box.y + box.height - 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 140, box.y + box.height - 100, { steps: 5 });
  await page.mouse.up();
  expect(await transformOf(content)).not.toBe(t0);
  expect(await handle?.evaluate((el) => el.isConnected)).toBe(true);

  // Table view: arrows move the roving focus, Enter selects.
  await page.getByRole("button", { name: "Fit" }).click();
  await graph.getByRole("button", { name: "PT at 0x5000" }).click();
  const grid = page.getByRole("grid", { name: "PT at 0x5000: 512 entries" });
  await grid.getByRole("gridcell", { name: "entry 127", exact: true }).click();
  // The hover text names the table and says what the entry holds (set as the pointer arrives).
  await grid.getByRole("gridcell", { name: "entry 200", exact: true }).hover();
  await expect(grid.getByRole("gridcell", { name: "entry 200", exact: true })).toHaveAttribute(
    "title",
    /^PT\[200\] = 0x/,
  );
  await page.keyboard.press("ArrowRight");
  await expect(grid.getByRole("gridcell", { name: "entry 128", exact: true })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(grid.getByRole("gridcell", { name: "entry 160", exact: true })).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  await expect(grid.getByRole("gridcell", { name: "entry 128", exact: true })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await shot(page, testInfo, "graph-04-page");

  // The memory map: 16 MiB in cells of 4 frames; the cell holding the PD (and its neighbours) opens the PD.
  const frames = page.getByRole("grid", { name: "Physical frames" });
  await expect(frames.getByRole("gridcell")).toHaveCount(1024);
  const pdCell = frames.getByRole("gridcell", { name: /^Frames 0x4000–0x7fff \(4\): 2 tables \(top PD\)/ });
  await pdCell.scrollIntoViewIfNeeded();
  await pdCell.click();
  await expect(page.getByRole("grid", { name: "PD at 0x4000: 512 entries" })).toBeVisible();
  await expect(pdCell).toHaveAttribute("aria-selected", "true");
  // Each cell has its top frame's colour: the PD's level colour, and the mapped frames' own.
  const fillOf = (cell: Locator) => cell.evaluate((c) => getComputedStyle(c).backgroundColor);
  // The PD level's colour as the page resolves it (a probe filled with the theme's variable).
  const levelFill = await page.evaluate(() => {
    const probe = document.body.appendChild(document.createElement("div"));
    probe.style.background = "var(--level-2)";
    const rgb = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return rgb;
  });
  expect(levelFill).not.toBe("rgba(0, 0, 0, 0)");
  expect(await fillOf(pdCell)).toBe(levelFill);
  const mapped = frames.getByRole("gridcell", { name: /: 4 mapped$/ }).last();
  expect(await fillOf(mapped)).not.toBe(levelFill);
  expect(await fillOf(mapped)).not.toBe("rgba(0, 0, 0, 0)");
  await shot(page, testInfo, "graph-05-memory-map", { target: page.locator(".pw-memory-map") });

  for (const theme of ["Light", "Dark"]) {
    await page.getByRole("combobox", { name: "Theme" }).selectOption({ label: theme });
    await shot(page, testInfo, `graph-06-${theme.toLowerCase()}`);
    const axe = await accessibilityScan(page)
      .include(".graph-panel")
      .include(".pw-table-view")
      .include(".pw-memory-map")
      .analyze();
    const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      serious.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    ).toEqual([]);
  }
  expect(errors).toEqual([]);
});

/** Node text is 13 px in layout units at its smallest (PageTableGraph.css): on screen, this. */
async function smallestTextPx(content: Locator): Promise<number> {
  return 13 * (await scaleOf(content));
}

for (const size of [
  { name: "laptop", width: 1366, height: 768 },
  { name: "phone", width: 390, height: 844 },
]) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("the walk's path is in view at a readable scale, on first load and after Show walk; full screen; taller", async ({
      page,
    }, testInfo) => {
      await page.goto("/");
      await page.getByText("0x803fe7f5ce → 0x35ce").first().waitFor();
      const panel = page.getByRole("region", { name: "Page-table graph" });
      const graph = page.getByRole("group", { name: /Page-table graph/ });
      const content = graphLayerOf(graph);
      await panel.scrollIntoViewIfNeeded();
      await expect(graph.locator('.pw-node[data-on-path="true"]')).toHaveCount(4);
      await expectPathInView(graph);
      expect(await smallestTextPx(content)).toBeGreaterThanOrEqual(11 - 1e-6);
      await shot(page, testInfo, `graph-path-${size.name}-first`, { target: panel });

      // Lose the path (zoom far out, pan away), and Show walk brings it back, readable.
      for (let k = 0; k < 5; k++) await page.getByRole("button", { name: "Zoom out" }).click();
      expect(await smallestTextPx(content)).toBeLessThan(11);
      await page.getByRole("button", { name: "Show walk" }).click();
      await expectPathInView(graph);
      expect(await smallestTextPx(content)).toBeGreaterThanOrEqual(11 - 1e-6);

      // Taller: the height handle, from the keyboard.
      const body = panel.locator(".graph-body");
      const before = (await body.boundingBox())?.height ?? 0;
      const handle = page.getByRole("separator", { name: "Graph height" });
      await handle.focus();
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      await expect.poll(async () => (await body.boundingBox())?.height ?? 0).toBeCloseTo(before + 80, 0);
      await expect(handle).toHaveAttribute("aria-valuenow", String(Math.round(before + 80)));

      // Full screen covers the viewport (the overlay, whether or not the browser grants its own); Esc leaves.
      const full = page.getByRole("button", { name: "Full screen" });
      await full.click();
      await expect(full).toHaveAttribute("aria-pressed", "true");
      await expect
        .poll(async () => {
          const b = await panel.boundingBox();
          return b ? [Math.round(b.x), Math.round(b.y), Math.round(b.width), Math.round(b.height)] : null;
        })
        .toEqual([0, 0, size.width, size.height]);
      await page.getByRole("button", { name: "Show walk" }).click();
      await expectPathInView(graph);
      await shot(page, testInfo, `graph-path-${size.name}-fullscreen`);
      await page.keyboard.press("Escape");
      await expect(full).toHaveAttribute("aria-pressed", "false");
      await expect.poll(async () => (await panel.boundingBox())?.width ?? 0).toBeLessThan(size.width);
    });
  });
}

test("resizing the window keeps what was at the graph's centre at its centre", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/");
  const graph = page.getByRole("group", { name: /Page-table graph/ });
  const onPath = graph.locator('.pw-node[data-on-path="true"]');
  await expect(onPath).toHaveCount(4);
  await page.getByRole("button", { name: "Show walk" }).click();
  const pathFromCentre = async (): Promise<[number, number]> =>
    (await pathOffsetFromCentre(graph)).map(Math.round) as [number, number];
  const before = await pathFromCentre();
  const widthBefore = (await graph.boundingBox())!.width;
  // Narrower (the graph 160 px narrower) and back: the path stays where it was from the centre,
  // within a pixel, and inside the graph.
  for (const size of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    await page.setViewportSize(size);
    await expect
      .poll(async () => {
        const [dx, dy] = await pathFromCentre();
        return Math.max(Math.abs(dx - before[0]), Math.abs(dy - before[1]));
      })
      .toBeLessThanOrEqual(1);
    await expectPathInView(graph);
    if (size.width === 1280) {
      expect(Math.abs((await graph.boundingBox())!.width - widthBefore)).toBeGreaterThan(100);
      await shot(page, testInfo, "graph-resized-1280", { target: graph });
    }
  }
});

test("the graph's height follows the window's until chosen, and the height chosen is kept after a reload", async ({
  page,
}) => {
  const body = page.locator(".graph-panel .graph-body");
  const handle = page.getByRole("separator", { name: "Graph height" });
  const height = async (): Promise<number> => Math.round((await body.boundingBox())?.height ?? 0);
  // A laptop's window: 480 px; a 1440 px one: 45 % of it.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/");
  expect(await height()).toBe(480);
  await page.setViewportSize({ width: 2560, height: 1440 });
  await page.reload();
  expect(await height()).toBe(648);
  await expect(handle).toHaveAttribute("aria-valuenow", "648");
  // Three steps shorter from the keyboard, then a reload: the same height, at any window height.
  await handle.focus();
  for (let k = 0; k < 3; k++) await page.keyboard.press("ArrowUp");
  await expect.poll(height).toBe(528);
  await expect.poll(() => page.evaluate(() => localStorage.getItem("pagewalk.graphHeight"))).toBe("528");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.reload();
  expect(await height()).toBe(528);
  // A garbled stored height is ignored: the window's default.
  await page.evaluate(() => localStorage.setItem("pagewalk.graphHeight", "tall"));
  await page.reload();
  expect(await height()).toBe(480);
});

test("a leaf run's tooltip says VA → PA, a click walks its first page, and keyboard focus pans to it", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  await page.getByText("0x803fe7f5ce → 0x35ce").first().waitFor();
  const graph = page.getByRole("group", { name: /Page-table graph/ });
  const content = graphLayerOf(graph);
  // Nodes show the VA range they cover: the PT of PML4[1] PDPT[0] PD[511].
  await expect(graph.getByRole("button", { name: "PT at 0x8000", exact: true })).toContainText(
    "00000080_3fe00000–00000080_3fffffff",
  );
  const row = graph.getByRole("button", { name: /^PT\[0\] → 1 × 4 KiB, RW: walk VA/ });
  await expect(row.locator("title")).toHaveText(
    /VA 00000080_3fe00000–00000080_3fe00fff → PA 0x[0-9a-f]+–0x[0-9a-f]+/,
  );

  // Keyboard focus on a row far off screen pans it into view (zoomed in, panned away).
  for (let k = 0; k < 4; k++) await page.getByRole("button", { name: "Zoom in" }).click();
  const scale = await scaleOf(content);
  // Tab from Fit: the tables and their collapse buttons first, then the runs.
  await page.getByRole("button", { name: "Fit" }).focus();
  for (let k = 0; k < 20 && !(await row.evaluate((el) => el === document.activeElement)); k++)
    await page.keyboard.press("Tab");
  await expect(row).toBeFocused();
  const view = await graph.boundingBox();
  const box = await row.boundingBox();
  expect(view && box && box.y >= view.y && box.y + box.height <= view.y + view.height).toBe(true);
  expect(view && box && box.x >= view.x && box.x <= view.x + view.width).toBe(true);
  expect(await scaleOf(content)).toBeCloseTo(scale, 6); // panned, not zoomed
  await shot(page, testInfo, "graph-focus-pans", { target: graph });

  // Enter (or a click) walks the run's first page: the VA field and the status line follow.
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Virtual address", { exact: true })).toHaveValue("0x80_3fe0_0000");
  await expect(page.getByRole("region", { name: "Walk" }).getByRole("status")).toContainText(
    "0x803fe00000 →",
  );
  await page.getByRole("button", { name: "Show walk" }).click();
  await graph.getByRole("button", { name: /^PT\[127\] → 1 × 4 KiB, RO: walk VA/ }).click();
  await expect(page.getByLabel("Virtual address", { exact: true })).toHaveValue("0x80_3fe7_f000");
});

/** Opens the Linux example and waits for its graph: the graph's panel and its viewport. */
async function openLinuxGraph(page: Page): Promise<{ panel: Locator; graph: Locator }> {
  await page.goto("/");
  await page.getByRole("button", { name: "Examples" }).click();
  await page.getByRole("menuitem", { name: /Linux/ }).first().click();
  const panel = page.getByRole("region", { name: "Page-table graph" });
  await expect(panel).toContainText("96 tables · 5,222 leaves", { timeout: 15_000 });
  return { panel, graph: page.getByRole("group", { name: /Page-table graph/ }) };
}

test.describe("the Linux preset", () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test("wheel zoom at a readable scale moves one layer and lays nothing out", async ({ page }) => {
    const { panel, graph } = await openLinuxGraph(page);
    const layer = graphLayerOf(graph);
    await panel.scrollIntoViewIfNeeded();
    await page.getByRole("button", { name: "Show walk" }).click();
    await expect(graph.locator(".pw-node-title").first()).toBeVisible();
    const k0 = await scaleOf(layer);

    // Ten wheel steps in, one a frame, as a hand on a wheel gives them: the scale changes at each, and
    // the page's layout count (DevTools metric) does not move. An SVG transform would lay out every
    // node's text again at each step (its on-screen font size changes with the scale).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const layouts = async (): Promise<number> =>
      (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "LayoutCount")?.value ?? 0;
    const before = await layouts();
    const transforms = await graph.evaluate(async (viewport) => {
      const box = viewport.getBoundingClientRect();
      const layerEl = viewport.querySelector("svg.pw-graph-layer") as SVGSVGElement;
      const seen: string[] = [];
      for (let i = 0; i < 10; i++) {
        viewport.dispatchEvent(
          new WheelEvent("wheel", {
            bubbles: true,
            cancelable: true,
            clientX: box.left + box.width / 2,
            clientY: box.top + box.height / 2,
            deltaY: -40,
          }),
        );
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        seen.push(layerEl.style.transform);
      }
      return seen;
    });
    expect(await layouts()).toBe(before);
    expect(new Set(transforms).size).toBe(transforms.length);
    expect(await graph.locator("g.pw-graph-content").getAttribute("transform")).toBeNull();
    // Zoomed in at each step; when the gesture ends (d3 waits 150 ms) the view may render what came
    // into view, and the scale stays where the wheel left it.
    await expect.poll(() => scaleOf(layer)).toBeGreaterThan(k0 * 1.3);
  });

  test("Find VA jumps to any VA's path or says why not; subtrees collapse and expand; Fit says when text is too small", async ({
    page,
  }, testInfo) => {
    const { panel, graph } = await openLinuxGraph(page);
    const content = graphLayerOf(graph);
    const va = page.getByLabel("Virtual address", { exact: true });
    const find = page.getByRole("search", { name: "Find VA" });
    await panel.scrollIntoViewIfNeeded();
    await shot(page, testInfo, "graph-linux-first", { target: panel });

    // Fit shows everything, and says the text is too small to read.
    await page.getByRole("button", { name: "Fit" }).click();
    await expect(panel.getByRole("status").filter({ hasText: "text too small to read" })).toContainText(
      /Zoomed to \d+ %: text too small to read — use Show walk/,
    );
    await shot(page, testInfo, "graph-linux-fit", { target: panel });

    // The direct map: the walk goes there, its whole path is in view, readable (the PML4 sits
    // thousands of pixels from its PDPTs until Find VA straightens the path).
    await find.getByRole("textbox", { name: "VA to find" }).fill("ffff888000000000");
    await find.getByRole("button", { name: "Find VA" }).click();
    await expect(va).toHaveValue("0xffff_8880_0000_0000");
    await expect(find).toContainText("0xffff_8880_0000_0000 is mapped → PA 0x0");
    await expect(panel.getByText("text too small to read")).toBeHidden();
    await expectPathInView(graph);
    expect(await smallestTextPx(content)).toBeGreaterThanOrEqual(11 - 1e-6);
    await expect(graph.locator('.pw-node[data-on-path="true"]').first()).toContainText("ffff");
    await shot(page, testInfo, "graph-linux-find", { target: panel });

    // Not canonical: refused with the reason, the VA is left alone.
    await find.getByRole("textbox", { name: "VA to find" }).fill("0000800000000000");
    await find.getByRole("button", { name: "Find VA" }).click();
    await expect(find).toContainText("not canonical");
    await expect(va).toHaveValue("0xffff_8880_0000_0000");
    // Unmapped: walked, and said so.
    await find.getByRole("textbox", { name: "VA to find" }).fill("0x1000");
    await find.getByRole("button", { name: "Find VA" }).click();
    await expect(va).toHaveValue("0x1000");
    await expect(find).toContainText("0x1000 is unmapped");

    // Collapse the root: one table left, with the count of what it hides; expand brings them back.
    const tables = graph.locator(".pw-node");
    await page.getByRole("button", { name: "Fit" }).click();
    const collapse = graph.getByRole("button", { name: /^Collapse subtree: PML4 0x/ });
    await collapse.click();
    await expect(tables).toHaveCount(1);
    const expand = graph.getByRole("button", { name: /^Expand subtree: PML4 0x.* hidden\)$/ });
    await expect(expand).toHaveAttribute("aria-expanded", "false");
    await expect(graph.locator(".pw-collapsed-count")).toHaveText(/▸ \d+ tables · 5,222 leaves hidden/);
    await shot(page, testInfo, "graph-linux-collapsed", { target: panel });
    await expand.click();
    await expect(graph.getByRole("button", { name: /^Collapse subtree: PML4 0x/ })).toHaveAttribute(
      "aria-expanded",
      "true",
    );
    // Collapse the direct map's PDPT, then Find VA into it: the path is expanded again and shown.
    await find.getByRole("textbox", { name: "VA to find" }).fill("ffff888000000000");
    await find.getByRole("button", { name: "Find VA" }).click();
    const onPath = graph.locator('.pw-node[data-on-path="true"]');
    await expect(onPath.first()).toBeAttached();
    const pathLength = await onPath.count();
    expect(pathLength).toBeGreaterThanOrEqual(3);
    const pathPdpt = graph.locator('.pw-node[data-on-path="true"][data-level="3"]');
    const pdptName = (await pathPdpt.getAttribute("aria-label")) ?? "";
    const [, pdptAddr] = /at (0x[0-9a-f]+)/.exec(pdptName) ?? [];
    // From the keyboard: the PDPT is off screen while the end of the path is shown.
    await graph.getByRole("button", { name: `Collapse subtree: PDPT ${pdptAddr}` }).focus();
    await page.keyboard.press("Enter");
    await expect(graph.locator('.pw-node[data-on-path="true"]')).toHaveCount(2);
    await find.getByRole("button", { name: "Find VA" }).click();
    await expect(onPath).toHaveCount(pathLength);
    await expectPathInView(graph);
    await shot(page, testInfo, "graph-linux-find-expanded", { target: panel });
  });

  for (const size of [
    { name: "a 1280×720 laptop", width: 1280, height: 720 },
    { name: "a phone", width: 390, height: 844 },
  ]) {
    test(`on ${size.name} the first view holds the kernel text's whole walk, straightened over its run, readable`, async ({
      page,
    }, testInfo) => {
      // The walk ends in a 2 MiB run of the PD, which the tidy tree places beside the PD's PT,
      // 640 px from the column of tables: the tables now stand over the run, and the path fits.
      await page.setViewportSize({ width: size.width, height: size.height });
      const { panel, graph } = await openLinuxGraph(page);
      await panel.scrollIntoViewIfNeeded();
      await expect(graph.locator('.pw-node[data-on-path="true"]')).toHaveCount(3);
      const run = graph.getByRole("button", { name: /^PD\[8–24\] → 17 × 2 MiB, RW, G: walk VA/ });
      await expect(async () => {
        await expectPathInView(graph);
        expectInsideView((await run.boundingBox())!, (await graph.boundingBox())!, "the run");
      }).toPass({ timeout: 5_000 });
      expect(await smallestTextPx(graphLayerOf(graph))).toBeGreaterThanOrEqual(11 - 1e-6);
      await shot(page, testInfo, `graph-linux-first-${size.width}`, { target: panel });
    });
  }
});

test.describe("on a touch screen", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("a table's − takes a finger's tap from around it, not only on its small square", async ({ page }) => {
    await page.goto("/");
    await page.getByText("0x803fe7f5ce → 0x35ce").first().waitFor();
    const graph = page.getByRole("group", { name: /Page-table graph/ });
    const collapse = graph.getByRole("button", { name: /^Collapse subtree: PDPT 0x/ });
    await collapse.scrollIntoViewIfNeeded();
    const square = (await collapse.locator("rect").boundingBox())!;
    // Drawn small at this zoom: the tap lands beside it, 4 px right of the square.
    expect(square.width).toBeLessThan(24);
    const [x, y] = [square.x + square.width + 4, square.y + square.height / 2];
    const hit = await page.evaluate(
      ([x, y]) =>
        document.elementFromPoint(x!, y!)?.closest("[role='button']")?.getAttribute("aria-label") ?? null,
      [x, y],
    );
    expect(hit).toMatch(/^Collapse subtree: PDPT/);
    await page.touchscreen.tap(x, y);
    await expect(graph.getByRole("button", { name: /^Expand subtree: PDPT 0x/ })).toHaveAttribute(
      "aria-expanded",
      "false",
    );
  });

  test("one finger scrolls the page past the graph, two fingers pan and pinch-zoom it, and it cannot be pushed out of view", async ({
    page,
    context,
  }, testInfo) => {
    await page.goto("/");
    await page.getByText("0x803fe7f5ce → 0x35ce").first().waitFor();
    const graph = page.getByRole("group", { name: /Page-table graph/ });
    const content = graphLayerOf(graph);
    // The graph at the top of the screen, with page left below it to scroll to.
    await graph.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 40));
    const box = await graph.boundingBox();
    if (!box) throw new Error("graph has no box");
    const cdp = await context.newCDPSession(page);
    const touch = (type: "touchStart" | "touchMove" | "touchEnd", points: Array<[number, number]>) =>
      cdp.send("Input.dispatchTouchEvent", {
        type,
        touchPoints: points.map(([x, y], id) => ({ x, y, id })),
      });
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    /** Fingers at `points`, all moved by (dx, dy) in `steps` steps, then lifted. */
    const drag = async (points: Array<[number, number]>, dx: number, dy: number, steps = 8) => {
      await touch("touchStart", points);
      for (let i = 1; i <= steps; i++)
        await touch(
          "touchMove",
          points.map(([x, y]) => [x + (dx * i) / steps, y + (dy * i) / steps]),
        );
      await touch("touchEnd", []);
    };

    // One finger swiping up over the graph scrolls the page; the drawing stays where it was.
    const [x0, y0] = await translateOf(content);
    const k0 = await scaleOf(content);
    const scrollBefore = await page.evaluate(() => window.scrollY);
    await drag([[cx, cy]], 0, -200);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(scrollBefore + 50);
    expect(await translateOf(content)).toEqual([x0, y0]);

    // Two fingers moving together pan it: 80 px left and 60 px up; the zoom stays. (First the
    // swipe's fling ends: a page still scrolling under the fingers would move the graph with it.)
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const before = window.scrollY;
          await new Promise((r) => setTimeout(r, 300));
          return window.scrollY === before;
        }),
      )
      .toBe(true);
    await graph.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 40));
    const inView = await graph.boundingBox();
    if (!inView) throw new Error("graph has no box");
    const [gx, gy] = [inView.x + inView.width / 2, inView.y + inView.height / 2];
    await drag(
      [
        [gx - 20, gy],
        [gx + 20, gy],
      ],
      -80,
      -60,
    );
    const [x1, y1] = await translateOf(content);
    expect(x1 - x0).toBeCloseTo(-80, 0);
    expect(y1 - y0).toBeCloseTo(-60, 0);
    expect(await scaleOf(content)).toBeCloseTo(k0, 6);

    // Two fingers moving apart zoom in.
    await touch("touchStart", [
      [gx - 20, gy],
      [gx + 20, gy],
    ]);
    for (let i = 1; i <= 8; i++)
      await touch("touchMove", [
        [gx - 20 - 8 * i, gy],
        [gx + 20 + 8 * i, gy],
      ]);
    await touch("touchEnd", []);
    expect(await scaleOf(content)).toBeGreaterThan(k0 * 2);

    // Pushed far off to the left and up, the drawing stops with 64 px of it still in view.
    for (let n = 0; n < 4; n++)
      await drag(
        [
          [gx - 20, gy],
          [gx + 20, gy],
        ],
        -150,
        -150,
      );
    const viewport = await graph.boundingBox();
    // The drawing's right and bottom edges on screen: its boxes (a few, all drawn on this example).
    const drawing = await content.evaluate((layer) => {
      const rects = [...layer.querySelectorAll("rect")].map((r) => r.getBoundingClientRect());
      return rects.length === 0
        ? null
        : { right: Math.max(...rects.map((r) => r.right)), bottom: Math.max(...rects.map((r) => r.bottom)) };
    });
    if (!viewport || !drawing) throw new Error("no boxes");
    expect(drawing.right - viewport.x).toBeGreaterThanOrEqual(63);
    expect(drawing.bottom - viewport.y).toBeGreaterThanOrEqual(63);
    await shot(page, testInfo, "graph-touch", { target: graph });

    // In full screen there is no page to scroll: one finger pans.
    await page.getByRole("button", { name: "Full screen" }).click();
    await page.getByRole("button", { name: "Fit" }).click();
    const full = await graph.boundingBox();
    if (!full) throw new Error("graph has no box");
    const [fx0, fy0] = await translateOf(content);
    await drag([[full.x + full.width / 2, full.y + full.height / 2]], -40, -30);
    const [fx1, fy1] = await translateOf(content);
    expect(fx1 - fx0).toBeCloseTo(-40, 0);
    expect(fy1 - fy0).toBeCloseTo(-30, 0);
  });
});

/** The contrast of a badge's text against its fill, as WCAG computes it from the two colours. */
async function badgeContrast(badge: Locator): Promise<number> {
  return badge.evaluate((g) => {
    const luminance = (css: string): number => {
      const [r, g2, b] = (css.match(/[\d.]+/g) ?? []).map(Number).map((c) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g2! + 0.0722 * b!;
    };
    const text = luminance(getComputedStyle(g.querySelector("text")!).fill);
    const fill = luminance(getComputedStyle(g.querySelector("rect")!).fill);
    return (Math.max(text, fill) + 0.05) / (Math.min(text, fill) + 0.05);
  });
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`the ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test("a table's badges (its reserved entries, the step's ▶ now) are legible on their fills", async ({
      page,
    }, testInfo) => {
      await page.goto("/");
      await openExample(page, "Fault gallery");
      await page.getByRole("button", { name: "Step through the walk" }).click();
      await page.getByRole("button", { name: "Next step" }).click();
      const graph = page.getByRole("group", { name: /Page-table graph/ });
      const now = graph.locator(".pw-step-glyph").filter({ hasText: "now" });
      const reserved = graph.locator(".pw-badge").filter({ hasText: /^!\d+$/ });
      await expect(now).toHaveCount(1);
      await expect(reserved).toHaveCount(1);
      expect(await badgeContrast(now), "▶ now").toBeGreaterThanOrEqual(4.5);
      expect(await badgeContrast(reserved), "the reserved entries' count").toBeGreaterThanOrEqual(4.5);
      await shot(page, testInfo, `badges-${colorScheme}`, { target: graph });
    });
  });
}
