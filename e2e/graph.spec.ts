import { expect, test, type Locator } from "@playwright/test";
import { shot } from "./artifacts";
import { accessibilityScan } from "./axe";
import { openTestMachine } from "./testMachine";

/** Reads the zoom scale of the graph's one transformed group. */
async function scaleOf(content: Locator): Promise<number> {
  const transform = (await content.getAttribute("transform")) ?? "";
  const match = /scale\(([-\d.e]+)\)/.exec(transform);
  return match ? Number(match[1]) : 1;
}

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
  const content = graph.locator("g.pw-graph-content");
  // The test machine: PML4, its PDPTs, PDs and the PT, each once (the recursive PML4[510] is an arc back).
  for (const name of ["PML4 at 0x1000", "PDPT at 0x2000", "PD at 0x4000", "PT at 0x5000"]) {
    await expect(graph.getByRole("button", { name })).toBeVisible();
  }
  await expect(graph.getByRole("button")).toHaveCount(9);
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

  // Zoom buttons move the one transformed group.
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
  const t0 = await content.getAttribute("transform");
  await page.mouse.move(box.x + 40, box.y + box.height - 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 140, box.y + box.height - 100, { steps: 5 });
  await page.mouse.up();
  expect(await content.getAttribute("transform")).not.toBe(t0);
  expect(await handle?.evaluate((el) => el.isConnected)).toBe(true);

  // Table view: arrows move the roving focus, Enter selects.
  await page.getByRole("button", { name: "Fit" }).click();
  await graph.getByRole("button", { name: "PT at 0x5000" }).click();
  const grid = page.getByRole("grid", { name: "PT at 0x5000: 512 entries" });
  await grid.getByRole("gridcell", { name: "entry 127", exact: true }).click();
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
  await shot(page, testInfo, "graph-05-memory-map", { target: page.locator(".pw-memory-map") });

  for (const theme of ["Light", "Dark"]) {
    await page.getByRole("combobox", { name: "Theme" }).selectOption({ label: theme });
    await shot(page, testInfo, `graph-06-${theme.toLowerCase()}`);
    const axe = await accessibilityScan(page)
      .include(".pw-graph")
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
