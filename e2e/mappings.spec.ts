/**
 * The Mappings panel (issue 12 §3) as a user meets it: open the Linux example, open Mappings, narrow
 * the list with each filter, search a VA, click a row and see the walk go there, scroll to the end of
 * 65,000 ranges; the reverse lookup of a frame chosen in the memory map and of a typed PA. What the
 * panel should say is computed here by the core from the same scenario file the page fetches.
 */
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { collectConsoleErrors, shot } from "./artifacts";
import { LINUX_TITLE, openExample } from "./examples";
import { flingUp, type FlingFrame } from "./fling";
import { accessibilityScan } from "./axe";
import { panelsScrollingSideways } from "./sideways";
import { formatCount } from "../src/core/common";
import { PAGE_2M } from "../src/core/arch";
import {
  ALL_MAPPINGS,
  enumerateLeaves,
  filterMappings,
  reverseLookup,
  type MappingFilter,
} from "../src/core/inspect";
import { LINUX_PRESET_FILE, machineFromScenario, parseScenarioBytesSync } from "../src/core/scenario";
import { DEFAULT_MEMORY_TYPE_SETTINGS, trustedResolver } from "../src/core/memtype";
import { largerText } from "./textSize";

const linuxFile = readFileSync(new URL(`../public/scenarios/${LINUX_PRESET_FILE}`, import.meta.url));
const parsed = parseScenarioBytesSync(new Uint8Array(linuxFile), (bytes) => ({
  ok: true,
  value: new Uint8Array(inflateRawSync(bytes)),
}));
if (!parsed.ok) throw new Error(parsed.error.message);
const linuxMachine = machineFromScenario(parsed.value);
const linuxLeaves = enumerateLeaves(linuxMachine.ram, linuxMachine.regs).mappings;
/** The panel folds ranges of equal memory types too, as the CLI does. */
const linuxTypes = trustedResolver(linuxMachine.memoryTypes ?? DEFAULT_MEMORY_TYPE_SETTINGS);
const linuxMappings = (filter: MappingFilter) => filterMappings(linuxLeaves, filter, linuxTypes);

/** What the summary line says for a filter, from the core. */
function summaryFor(filter: MappingFilter): string {
  const all = linuxMappings(ALL_MAPPINGS);
  const kept = linuxMappings(filter);
  return `${formatCount(all.leaves.length)} leaves in ${formatCount(all.ranges.length)} ranges; ${formatCount(
    kept.leaves.length,
  )} leaves (${formatCount(kept.ranges.length)} ranges) pass the filters.`;
}

/** A VA as the list's start button shows it ("ffffffff_81000000"). */
const vaCell = (va: bigint): string =>
  va
    .toString(16)
    .padStart(16, "0")
    .replace(/^(.{8})/, "$1_");

const panelOf = (page: Page): Locator => page.getByRole("region", { name: "Mappings" });
const walkStatus = (page: Page): Locator => page.getByRole("region", { name: "Walk" }).getByRole("status");

async function openLinuxMappings(page: Page): Promise<Locator> {
  await page.goto("/");
  await openExample(page, LINUX_TITLE);
  const panel = panelOf(page);
  const toggle = panel.getByRole("button", { name: "Mappings" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  return panel;
}

/** The access letters of every row drawn (the list draws only the rows in view). */
async function accessColumn(table: Locator): Promise<string[]> {
  return table.locator('[role="row"][aria-rowindex] .pw-c-access[role="cell"]').allInnerTexts();
}

/** A windowed table's header and the rows it draws: each row's box and its cells' boxes, in px. */
interface DrawnRow {
  readonly index: number;
  /** From the top of the body of rows (the header is not counted). */
  readonly top: number;
  readonly height: number;
  /** From the row's top and the table's left edge. */
  readonly cells: readonly {
    x: number;
    y: number;
    width: number;
    height: number;
    cut: boolean;
    /** The range's name (the last column, when the scenario names ranges). */
    name: boolean;
  }[];
}
async function drawnRows(table: Locator): Promise<{
  clientWidth: number;
  scrollWidth: number;
  scrollTop: number;
  head: DrawnRow;
  rows: DrawnRow[];
}> {
  return table.evaluate((el) => {
    // Boxes in the list's own px, as its clientWidth is: a larger text size zooms the panel, and
    // getBoundingClientRect gives the zoomed size.
    const outer = el.getBoundingClientRect();
    const zoom = outer.width / (el as HTMLElement).offsetWidth;
    const bodyTop = el.querySelector(".pw-vrows-body")!.getBoundingClientRect().top;
    const drawn = (row: Element) => {
      const box = row.getBoundingClientRect();
      return {
        index: Number(row.getAttribute("aria-rowindex")),
        top: (box.top - bodyTop) / zoom,
        height: box.height / zoom,
        cells: Array.from(row.children, (cell) => {
          const c = cell.getBoundingClientRect();
          return {
            x: (c.left - outer.left) / zoom,
            y: (c.top - box.top) / zoom,
            width: c.width / zoom,
            height: c.height / zoom,
            cut: cell.scrollWidth > cell.clientWidth + 1,
            name: cell.classList.contains("pw-c-name"),
          };
        }),
      };
    };
    const rows = Array.from(el.querySelectorAll('[role="row"]'), drawn);
    return {
      clientWidth: el.clientWidth,
      scrollWidth: el.scrollWidth,
      scrollTop: el.scrollTop,
      head: rows[0]!,
      rows: rows.slice(1),
    };
  });
}

/**
 * What is wrong with how a table draws its rows `lines` to a row, each `height` px tall: the list
 * scrolling sideways, rows out of place, cells outside their row or the table's width or not under
 * their header, a header cut short, a row's lines out of order (on two lines: the first two cells,
 * the addresses, over the rest; on three, a named list's on a phone, the name under them on a line of
 * its own; as a card, at a large text size on a phone, each address on a line, then the other cells
 * two to a line, the name last), a range's name cut short (the Linux example's names all show whole).
 */
function rowFaults(
  drawn: Awaited<ReturnType<typeof drawnRows>>,
  lines: 1 | 2 | 3 | "card",
  height: number,
): string[] {
  const faults: string[] = [];
  if (drawn.scrollWidth > drawn.clientWidth + 1)
    faults.push(`the list scrolls sideways: ${drawn.scrollWidth} > ${drawn.clientWidth}`);
  for (const row of [drawn.head, ...drawn.rows]) {
    const name = row.index === 1 ? "the header" : `row ${row.index}`;
    if (Math.abs(row.height - height) > 0.5) faults.push(`${name} is ${row.height} px tall`);
    if (row.index > 1 && Math.abs(row.top - (row.index - 2) * height) > 0.5)
      faults.push(`${name} is at ${row.top} px, not ${(row.index - 2) * height}`);
    for (const [k, cell] of row.cells.entries()) {
      if (cell.x < -0.5 || cell.x + cell.width > drawn.clientWidth + 0.5)
        faults.push(`${name}: cell ${k + 1} runs out of the list's width`);
      if (cell.y < -0.5 || cell.y + cell.height > row.height + 0.5)
        faults.push(`${name}: cell ${k + 1} runs out of its row`);
    }
    // Each header whole (a value may end in an ellipsis, a column's name not), and each cell
    // under its column's header: same place, same width.
    if (row.index === 1)
      for (const [k, cell] of row.cells.entries())
        if (cell.cut) faults.push(`the header of column ${k + 1} is cut short`);
    if (row.index > 1)
      for (const [k, cell] of row.cells.entries()) {
        const head = drawn.head.cells[k];
        if (!head || Math.abs(cell.x - head.x) > 1 || Math.abs(cell.width - head.width) > 1)
          faults.push(`${name}: cell ${k + 1} is not under its header`);
      }
    // A cell's line: the row's upper or lower half holds its middle (a button and a text of one
    // line differ in height by a few px).
    const middles = row.cells.map((c) => Math.round(c.y + c.height / 2));
    const named = row.cells.some((c) => c.name);
    const unnamed = row.cells.length - (named ? 1 : 0);
    const count = lines === "card" ? 2 + Math.ceil((unnamed - 2) / 2) + (named ? 1 : 0) : lines;
    const onLine = (k: number): number => {
      const isName = row.cells[k]?.name === true;
      if (lines === "card") return k < 2 ? k : isName ? count - 1 : 2 + Math.floor((k - 2) / 2);
      if (lines === 1 || k < 2) return 0;
      return lines === 3 && isName ? 2 : 1;
    };
    if (middles.some((m, k) => Math.floor((m / row.height) * count) !== onLine(k)))
      faults.push(`${name}: its cells are not on ${count} line(s) in order: ${middles.join(", ")}`);
    if (row.cells.some((cell) => cell.name && cell.cut)) faults.push(`${name}: its name is cut short`);
  }
  return faults;
}

test.use({ viewport: { width: 1366, height: 768 } });
test.setTimeout(120_000);

test("the Linux mappings: filters, VA search, a row walks its VA, scrolling to the end", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  const panel = await openLinuxMappings(page);
  const summary = panel.locator(".pw-mappings-summary");
  await expect(summary).toHaveText(summaryFor(ALL_MAPPINGS));
  const ranges = panel.getByRole("table", { name: "Mapped ranges" });
  const all = linuxMappings(ALL_MAPPINGS);
  await expect(ranges).toHaveAttribute("aria-rowcount", String(all.ranges.length + 1));
  await panel.scrollIntoViewIfNeeded();
  // One line a row, each cell under its header (the named ranges: the Name column too).
  await expect(ranges.getByRole("columnheader", { name: "Name" })).toBeVisible();
  expect(rowFaults(await drawnRows(ranges), 1, 28)).toEqual([]);
  await shot(page, testInfo, "mappings-01-ranges");

  // Writable only: every listed range is writable.
  await panel.getByLabel("Writable", { exact: true }).check();
  await expect(summary).toHaveText(summaryFor({ ...ALL_MAPPINGS, writable: true }));
  expect((await accessColumn(ranges)).every((a) => /^.rw/.test(a))).toBe(true);
  await panel.getByLabel("Writable", { exact: true }).uncheck();

  // Executable only, then W+X: the kernel text that is also writable.
  await panel.getByLabel("Executable", { exact: true }).check();
  await expect(summary).toHaveText(summaryFor({ ...ALL_MAPPINGS, exec: true }));
  expect((await accessColumn(ranges)).every((a) => /^..[w-]x/.test(a))).toBe(true);
  await panel.getByLabel("Executable", { exact: true }).uncheck();
  await panel.getByLabel("Writable and executable (W+X)").check();
  const wx = linuxMappings({ ...ALL_MAPPINGS, writableExec: true });
  await expect(summary).toHaveText(summaryFor({ ...ALL_MAPPINGS, writableExec: true }));
  await expect(ranges).toHaveAttribute("aria-rowcount", String(wx.ranges.length + 1));
  expect(await accessColumn(ranges)).toEqual(wx.ranges.toArray().map(() => "-rwx"));
  await shot(page, testInfo, "mappings-02-wx", { target: panel });
  await panel.getByLabel("Writable and executable (W+X)").uncheck();

  // User: Linux at this point maps no user page; supervisor keeps every one.
  await panel.getByLabel("Privilege").selectOption("user");
  await expect(summary).toHaveText(summaryFor({ ...ALL_MAPPINGS, privilege: "user" }));
  await expect(panel.getByText("No mapping passes the filters.")).toBeVisible();
  await panel.getByLabel("Privilege").selectOption("supervisor");
  await expect(summary).toHaveText(summaryFor({ ...ALL_MAPPINGS, privilege: "supervisor" }));
  await panel.getByLabel("Privilege").selectOption("any");

  // Page size 2 MiB, as leaves: every leaf drawn is a 2 MiB page.
  await panel.getByLabel("Page size").selectOption({ label: "2 MiB" });
  await panel.getByRole("radio", { name: "Leaves" }).check();
  const leaves = panel.getByRole("table", { name: "Leaf mappings" });
  const huge = linuxMappings({ ...ALL_MAPPINGS, pageSize: PAGE_2M });
  await expect(leaves).toHaveAttribute("aria-rowcount", String(huge.leaves.length + 1));
  const sizes = await leaves.locator('[role="row"][aria-rowindex] .pw-c-size[role="cell"]').allInnerTexts();
  expect(sizes.length).toBeGreaterThan(0);
  expect(sizes.every((s) => s === "2 MiB")).toBe(true);
  expect(rowFaults(await drawnRows(leaves), 1, 28)).toEqual([]);
  await panel.getByLabel("Page size").selectOption("any");
  await panel.getByRole("radio", { name: "Ranges" }).check();

  // Search a VA in the kernel image: the range holding it scrolls into view, marked.
  const search = panel.getByLabel("Search mappings for a VA");
  await search.fill("ffff_ffff_8100_0123");
  await panel.getByRole("button", { name: "Search", exact: true }).click();
  await expect(panel.getByText(/^0xffffffff_81000123 is in range [\d,]+ of [\d,]+/)).toBeVisible();
  const found = ranges.locator(".pw-found");
  await expect(found).toBeInViewport();
  // Bad input says so and changes nothing.
  await search.fill("0xzz");
  await panel.getByRole("button", { name: "Search", exact: true }).click();
  await expect(panel.getByText(/not a hex number/)).toBeVisible();
  await expect(summary).toHaveText(summaryFor(ALL_MAPPINGS));
  await expect(found).toBeInViewport();

  // Each range has its memory type: the uncached (UC) one the search finds says so, as the core does.
  const uncached = all.ranges.toArray().find((r) => r.memoryType === "UC")!;
  await search.fill(uncached.start.toString(16));
  await panel.getByRole("button", { name: "Search", exact: true }).click();
  await expect(found.locator('.pw-c-type[role="cell"]')).toHaveText("UC");
  await expect(found.getByRole("button")).toHaveText(vaCell(uncached.start));
  await search.fill("ffff_ffff_8100_0123");
  await panel.getByRole("button", { name: "Search", exact: true }).click();
  await expect(found.locator('.pw-c-type[role="cell"]')).toHaveText("WB");

  // Clicking the found range's start walks it: the address bar and the walk go there.
  const startButton = found.getByRole("button");
  const startText = (await startButton.innerText()).trim();
  await startButton.click();
  await expect(page.getByLabel("Virtual address")).toHaveValue(`0x${startText}`);
  const startVa = `0x${BigInt(`0x${startText.replace("_", "")}`).toString(16)}`;
  await expect(walkStatus(page)).toHaveText(new RegExp(`^${startVa} → 0x[0-9a-f]+ \\(`));
  await expect(found).toHaveAttribute("aria-current", "true");
  await shot(page, testInfo, "mappings-03-walked");

  // Scrolling to the end draws the last range, and only a window of rows is ever in the page.
  await ranges.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = ranges.locator(`[role="row"][aria-rowindex="${all.ranges.length + 1}"]`);
  await expect(last).toBeInViewport();
  const end = all.ranges.at(all.ranges.length - 1);
  await expect(last.getByRole("button")).toHaveText(vaCell(end?.start ?? 0n));
  expect(await ranges.locator('[role="row"]').count()).toBeLessThan(80);

  // A fast fling back up (25 rows a frame: the rows' elements are rewritten in place): each frame,
  // every row drawn is the range its aria-rowindex says, in order, 28 px below the one before, and
  // the row at the scroller's top is the one scrolled to.
  const frames = await flingUp(ranges, 700, 6);
  for (const frame of frames) {
    expect(frame.rows.length).toBeGreaterThan(10);
    const indexOf = (row: FlingFrame["rows"][number]) => row.rowIndex - 2;
    frame.rows.forEach((row, k) => {
      expect(row.rowIndex).toBe((frame.rows[0]?.rowIndex ?? -1) + k);
      expect(row.y).toBeCloseTo(indexOf(row) * 28, 0);
      expect(row.buttonText).toBe(vaCell(all.ranges.at(indexOf(row))?.start ?? -1n));
    });
    const atTop = Math.floor(frame.top / 28);
    expect(frame.rows.some((row) => indexOf(row) === atTop)).toBe(true);
  }

  const scan = await accessibilityScan(page).include("#mappings-panel").analyze();
  expect(scan.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  expect(errors).toEqual([]);
});

test("reverse lookup: a direct-map frame from the memory map, a typed PA with its kernel alias", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  const panel = await openLinuxMappings(page);

  // A frame chosen in the memory map: its VAs include the direct map's ffff888… one.
  const frames = page.getByRole("grid", { name: "Physical frames" });
  await frames.getByRole("gridcell").nth(40).click();
  // Under the map, the cell's own words (its hover text, which a touch screen never shows).
  const context = page.locator(".pw-frame-context");
  const cellText = (await frames.getByRole("gridcell").nth(40).getAttribute("aria-label")) ?? "";
  expect(cellText).toMatch(/^Frames? 0x/);
  await expect(context).toContainText(cellText);
  await context.getByRole("button", { name: "Which VAs map it?" }).click();
  const reverse = panel.getByRole("region", { name: /^Reverse lookup/ });
  const frameText = await reverse.getByLabel("PA to look up").inputValue();
  expect(cellText).toContain(frameText);
  const expected = reverseLookup(linuxMachine.ram, linuxMachine.regs, Number(frameText)).matches;
  expect(expected.some((m) => m.va.toString(16).startsWith("ffff888"))).toBe(true);
  const n = expected.length;
  await expect(
    reverse.getByText(`${formatCount(n)} ${n === 1 ? "VA maps" : "VAs map"} ${frameText}.`),
  ).toBeVisible();
  const vas = reverse.getByRole("table", { name: `VAs of ${frameText}` });
  await expect(vas.getByRole("button", { name: /^ffff8880_/ }).first()).toBeVisible();
  await shot(page, testInfo, "mappings-04-reverse-frame");

  // A typed PA in the kernel image: the direct map and the kernel's own alias at ffffffff81….
  await reverse.getByLabel("PA to look up").fill("0x100_0000");
  await reverse.getByRole("button", { name: "Find VAs" }).click();
  const aliases = reverseLookup(linuxMachine.ram, linuxMachine.regs, 0x1000000).matches;
  await expect(reverse.getByText(`${aliases.length} VAs map 0x1000000.`)).toBeVisible();
  const kernel = reverse.getByRole("button", { name: "ffffffff_81000000" });
  await expect(reverse.getByRole("button", { name: "ffff8880_01000000" })).toBeVisible();
  await kernel.click();
  await expect(walkStatus(page)).toHaveText(/^0xffffffff81000000 → 0x1000000 \(/);

  // Bad input: a clear message, the last answer stays.
  await reverse.getByLabel("PA to look up").fill("0x100_0000_0000");
  await reverse.getByRole("button", { name: "Find VAs" }).click();
  await expect(reverse.getByText(/wider than MAXPHYADDR \(40 bits\)/)).toBeVisible();
  await expect(reverse.getByText(`${aliases.length} VAs map 0x1000000.`)).toBeVisible();
  expect(errors).toEqual([]);
});

test("the Mappings panel on a phone: nothing overflows the page; each row of its lists takes two lines (a name a third) and at 150 % is a card, every column in view", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.setViewportSize({ width: 360, height: 740 });
  const panel = await openLinuxMappings(page);
  await panel.scrollIntoViewIfNeeded();
  const ranges = panel.getByRole("table", { name: "Mapped ranges" });
  await expect(ranges).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  const box = await ranges.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
  // Nor does any panel scroll sideways inside itself with the Linux tables in it (the memory map's
  // 64-cell rows and the entry's bits did), nor the list: its rows, too narrow for the columns on
  // one line, take two, the addresses over the size, the access and the type; the Linux tables
  // name their ranges, and the name takes a third line, whole (beside the others it had a few
  // characters, and a touch screen shows no tooltip).
  expect(await panelsScrollingSideways(page), "panels that scroll sideways").toEqual([]);
  expect(rowFaults(await drawnRows(ranges), 3, 64)).toEqual([]);
  // "Page size" stays on the line of its list when the filters wrap (Privilege's list is inside
  // its label, which does not wrap).
  const list = (await panel.getByLabel("Page size", { exact: true }).boundingBox())!;
  const title = (await panel.getByText("Page size", { exact: true }).boundingBox())!;
  expect(
    Math.abs(list.y + list.height / 2 - (title.y + title.height / 2)),
    "Page size beside its list",
  ).toBeLessThan(list.height / 2);
  await shot(page, testInfo, "mappings-05-phone");

  // The window of rows follows the taller rows: scrolled to the end, the last range is drawn in
  // its place; scrolled to the thousandth, it is the one under the header.
  const all = linuxMappings(ALL_MAPPINGS);
  await ranges.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = ranges.locator(`[role="row"][aria-rowindex="${all.ranges.length + 1}"]`);
  await expect(last).toBeInViewport();
  await expect(last.getByRole("button")).toHaveText(
    vaCell(all.ranges.at(all.ranges.length - 1)?.start ?? 0n),
  );
  expect(rowFaults(await drawnRows(ranges), 3, 64)).toEqual([]);
  await ranges.evaluate((el) => (el.scrollTop = 1000 * 64));
  const thousandth = ranges.locator('[role="row"][aria-rowindex="1002"]');
  await expect(thousandth.getByRole("button")).toHaveText(vaCell(all.ranges.at(1000)?.start ?? 0n));
  await ranges.screenshot({ path: testInfo.outputPath("phone-table.png") });

  // Turned on its side, the name has room beside the size: two lines a row; on a tablet, wide
  // enough for a row with its whole name, one. The same range stays under the header each time.
  await page.setViewportSize({ width: 740, height: 360 });
  await expect(thousandth).toHaveCSS("height", "46px");
  const side = await drawnRows(ranges);
  expect(rowFaults(side, 2, 46)).toEqual([]);
  expect(side.scrollTop).toBe(1000 * 46);
  await page.setViewportSize({ width: 820, height: 1180 });
  await expect(thousandth).toHaveCSS("height", "28px");
  const wide = await drawnRows(ranges);
  expect(rowFaults(wide, 1, 28)).toEqual([]);
  expect(wide.scrollTop).toBe(1000 * 28);
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(thousandth).toHaveCSS("height", "64px");
  expect((await drawnRows(ranges)).scrollTop).toBe(1000 * 64);

  // At a large text size the list is too narrow for the two addresses side by side: each row is a
  // card of five lines (an address on each of two, the size and pages, the access and type, the
  // name), nothing behind a sideways scroll; the filters' longest label wraps inside their border.
  await largerText(page, 3);
  await expect(thousandth).toHaveCSS("height", "105px");
  expect(rowFaults(await drawnRows(ranges), "card", 105)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(await panelsScrollingSideways(page), "panels that scroll sideways at 150 %").toEqual([]);
  const filters = (await panel.getByRole("group", { name: "Filters" }).boundingBox())!;
  const wx = (await panel.getByText("Writable and executable (W+X)").boundingBox())!;
  expect(wx.x + wx.width, "the W+X label inside the filters").toBeLessThanOrEqual(filters.x + filters.width);
  await ranges.screenshot({ path: testInfo.outputPath("phone-table-150.png") });
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Smaller text" }).click();
  await expect(thousandth).toHaveCSS("height", "64px");

  // The reverse lookup's rows too: the VA and its page size over the level and the access.
  await panel.getByLabel("PA to look up").fill("0x1000000");
  await panel.getByRole("button", { name: "Find VAs" }).click();
  const vas = panel.getByRole("table", { name: "VAs of 0x1000000" });
  await expect(vas.getByRole("row")).toHaveCount(3);
  expect(rowFaults(await drawnRows(vas), 2, 46)).toEqual([]);
  await vas.scrollIntoViewIfNeeded();
  await shot(page, testInfo, "mappings-06-phone-reverse");

  // The leaves, named too: the VA and the PA over the size, the flags, the access and the type,
  // and the name on its own line.
  await panel.getByRole("radio", { name: "Leaves" }).check();
  const leaves = panel.getByRole("table", { name: "Leaf mappings" });
  await expect(leaves.getByRole("row").nth(1)).toBeVisible();
  expect(rowFaults(await drawnRows(leaves), 3, 64)).toEqual([]);

  // At 150 % the leaves and the reverse lookup's rows are cards too (the VAs: three lines).
  await largerText(page, 3);
  // The rows take the header's new height once the lists have measured it.
  await expect(leaves.getByRole("row").nth(1)).toHaveCSS("height", "105px");
  await expect(vas.getByRole("row").nth(1)).toHaveCSS("height", "63px");
  expect(rowFaults(await drawnRows(leaves), "card", 105)).toEqual([]);
  expect(rowFaults(await drawnRows(vas), "card", 63)).toEqual([]);
  await vas.scrollIntoViewIfNeeded();
  await shot(page, testInfo, "mappings-07-phone-reverse-150");
  expect(errors).toEqual([]);
});

test("the Map form holds back a user-writable page over a page table and a frame outside RAM, until Map anyway", async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  const form = page.getByRole("form", { name: "Map or unmap a page" });
  const undo = page.getByRole("button", { name: "Undo" });
  const pa = form.getByLabel("PA", { exact: true });
  // The form's first PA is a free frame: no table, page or data there, below the allocator's frames
  // (0x8000, its first guess once, is the worked example's PT). A 2 MiB page takes the top of RAM.
  await expect(pa).toHaveValue("0x2000");
  await form.getByRole("radio", { name: "2 MiB" }).check();
  await expect(pa).toHaveValue("0xe00000");
  await form.getByRole("radio", { name: "4 KiB" }).check();
  // Its first flags are U/S and R/W: mapped at once, and the PA moves on to the next free frame.
  // The memory map's first cell (frames 0x0–0x3fff), chosen, says what it holds, kept current.
  await page.getByRole("grid", { name: "Physical frames" }).getByRole("gridcell").first().click();
  const chosen = page.locator(".pw-frame-context");
  await expect(chosen).toContainText("Frames 0x0–0x3fff (4): 1 table (top PML4), 1 mapped");
  await form.getByLabel("VA", { exact: true }).fill("0x4000_0000");
  await form.getByRole("button", { name: "Map", exact: true }).click();
  await expect(form.getByText("Mapped 0x4000_0000 → 0x2000.")).toBeVisible();
  await expect(pa).toHaveValue("0x5000");
  await expect(chosen).toContainText("Frames 0x0–0x3fff (4): 1 table (top PML4), 2 mapped");
  await undo.click();
  await expect(pa).toHaveValue("0x2000");
  await expect(chosen).toContainText("Frames 0x0–0x3fff (4): 1 table (top PML4), 1 mapped");

  await pa.fill("0x8000");
  await form.getByRole("button", { name: "Map", exact: true }).click();
  await expect(form.getByText("This mapping is probably a mistake.")).toBeVisible();
  await expect(
    form.getByText(
      "PA 0x8000 holds a page table of this address space: user code could write it through this page and map itself anything.",
    ),
  ).toBeVisible();
  await expect(form.getByText("An upper level denies this mapping.")).toHaveCount(0);
  await expect(form.getByRole("button", { name: "Map and set the upper levels" })).toHaveCount(0);
  await expect(undo).toBeDisabled();
  await form.getByRole("button", { name: "Cancel" }).click();
  await expect(form.getByText("This mapping is probably a mistake.")).toHaveCount(0);
  await expect(undo).toBeDisabled();

  // Device memory past the 16 MiB of RAM: held back too, and mapped when the user says so.
  await form.getByLabel("PA", { exact: true }).fill("0xfee0_0000");
  await form.getByLabel("U/S").uncheck();
  await form.getByRole("button", { name: "Map", exact: true }).click();
  await expect(
    form.getByText(
      "PA 0xfee00000 lies outside RAM, which ends at 0xffffff: right for device memory (MMIO), wrong for memory.",
    ),
  ).toBeVisible();
  await form.getByRole("button", { name: "Map anyway" }).click();
  await expect(form.getByText("Mapped 0x4000_0000 → 0xfee0_0000.")).toBeVisible();
  await expect(walkStatus(page)).toHaveText("0x40000000 → 0xfee00000 (4 KiB page, supervisor read ok)");
  await expect(undo).toBeEnabled();
  // A refusal belongs to its moment: Undo clears it, and Redo does not bring it back.
  await form.getByRole("button", { name: "Map", exact: true }).click();
  const refusal = form.locator(".error");
  await expect(refusal).toContainText(/already|overlap|mapped/i);
  await undo.click();
  await expect(refusal).toHaveCount(0);
  await page.getByRole("button", { name: "Redo" }).click();
  await expect(walkStatus(page)).toHaveText("0x40000000 → 0xfee00000 (4 KiB page, supervisor read ok)");
  await expect(form.locator(".error")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("the Map form warns when an upper level denies the new page, fixes it in one step, and Undo clears it", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  await expect(walkStatus(page)).toHaveText("0x803fe7f5ce → 0x35ce (4 KiB page, supervisor read ok)");
  const form = page.getByRole("form", { name: "Map or unmap a page" });
  // It starts from the page of the VA under study.
  await expect(form.getByLabel("VA", { exact: true })).toHaveValue("0x80_3fe7_f000");

  // A user page beside the worked example's: its PML4, PDPT and PD entries have U/S = 0.
  await form.getByLabel("VA", { exact: true }).fill("0x80_3fe7_e000");
  await form.getByLabel("PA", { exact: true }).fill("0x7000");
  await form.getByRole("button", { name: "Map", exact: true }).click();
  await expect(form.getByText("An upper level denies this mapping.")).toBeVisible();
  await expect(
    form.getByText(/^A user read, write or instruction fetch of 0x803fe7e000 would still fault at PML4\[1\]/),
  ).toBeVisible();
  await expect(form.getByText("PML4[1] U/S = 1; PDPT[0] U/S = 1; PD[511] U/S = 1")).toBeVisible();
  // Nothing is mapped yet.
  await expect(page.getByRole("button", { name: "Undo" })).toBeDisabled();
  await shot(page, testInfo, "mapform-01-warning", { target: form });

  await form.getByRole("button", { name: "Map and set the upper levels" }).click();
  await expect(form.getByText("Mapped 0x80_3fe7_e000 → 0x7000.")).toBeVisible();
  await expect(form.getByText("Also set PML4[1] U/S = 1; PDPT[0] U/S = 1; PD[511] U/S = 1.")).toBeVisible();
  // The walk goes to the new page, as the user read it was made for: it works.
  await expect(walkStatus(page)).toHaveText("0x803fe7e000 → 0x7000 (4 KiB page, user read ok)");
  await shot(page, testInfo, "mapform-02-mapped");

  // One undo takes back the page and the upper rights together, and the message with them.
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(form.getByText("Mapped 0x80_3fe7_e000 → 0x7000.")).toHaveCount(0);
  await expect(walkStatus(page)).toHaveText(/^#PF error 0x4 at PT\[126\]/);
  await expect(page.getByRole("button", { name: "Undo" })).toBeDisabled();

  // Map anyway: the page is there, and the user read faults where the warning said.
  await form.getByRole("button", { name: "Map", exact: true }).click();
  await form.getByRole("button", { name: "Map anyway" }).click();
  await expect(form.getByText("Mapped 0x80_3fe7_e000 → 0x7000.")).toBeVisible();
  await expect(walkStatus(page)).toHaveText(/^#PF error 0x5 at PML4\[1\]/);

  // A supervisor-only page there needs nothing above: no warning.
  await page.getByRole("button", { name: "Undo" }).click();
  await form.getByLabel("U/S").uncheck();
  await form.getByRole("button", { name: "Map", exact: true }).click();
  await expect(form.getByText("Mapped 0x80_3fe7_e000 → 0x7000.")).toBeVisible();
  await expect(form.getByText("An upper level denies this mapping.")).toHaveCount(0);
  await expect(walkStatus(page)).toHaveText("0x803fe7e000 → 0x7000 (4 KiB page, supervisor read ok)");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("button", { name: "Undo" }).click();
  await form.getByLabel("U/S").check();
  await form.getByRole("button", { name: "Map", exact: true }).click();
  await expect(form.getByText("An upper level denies this mapping.")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await form.scrollIntoViewIfNeeded();
  await shot(page, testInfo, "mapform-03-warning-phone", { target: form });
  expect(errors).toEqual([]);
});
