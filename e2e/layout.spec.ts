import { expect, test, type Locator, type Page } from "@playwright/test";
import { collectConsoleErrors, shot } from "./artifacts";
import { setFragment } from "../src/core/exercise";
import { PRESETS } from "../src/core/scenario";
import { accessibilityScan } from "./axe";
import { LINUX_TITLE, openExample } from "./examples";
import { foldedOntoLines, wordsBrokenAcrossLines, wordsOfLettersBroken } from "./folded";
import { boxesRunningOver, panelsScrollingSideways, scrollersScrollingSideways } from "./sideways";
import { tabOut } from "./tabOrder";
import { largerText, openAtLargerText } from "./textSize";

/**
 * Every screen Pagewalk is taught and debugged on, in both themes: a small and a common phone, a
 * tablet upright and on its side, a 1280×720 laptop, a 1920×1080 projector, the same projector at
 * 200 % browser zoom (960×540 CSS px at device scale 2 is exactly what that zoom lays out) and a 4K
 * monitor. At each: no sideways page scroll, no text boxes running into each other in the entry list
 * or the walk cards, every panel wide enough to read, the Examples menu inside the window, axe clean.
 */
const SCREENS = [
  { name: "small phone", width: 360, height: 740, scale: 1 },
  { name: "phone", width: 390, height: 844, scale: 1 },
  { name: "tablet", width: 820, height: 1180, scale: 1 },
  { name: "tablet on its side", width: 1024, height: 768, scale: 1 },
  { name: "laptop", width: 1280, height: 720, scale: 1 },
  { name: "projector", width: 1920, height: 1080, scale: 1 },
  { name: "projector at 200 % zoom", width: 960, height: 540, scale: 2 },
  { name: "4K monitor", width: 3840, height: 2160, scale: 1 },
] as const;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Half a pixel: sub-pixel layout rounds differently per box; text that overlaps does so by more. */
const SLACK = 0.5;

function overlaps(a: Box, b: Box): boolean {
  return (
    a.x + a.width > b.x + SLACK &&
    b.x + b.width > a.x + SLACK &&
    a.y + a.height > b.y + SLACK &&
    b.y + b.height > a.y + SLACK
  );
}

function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - SLACK &&
    inner.y >= outer.y - SLACK &&
    inner.x + inner.width <= outer.x + outer.width + SLACK &&
    inner.y + inner.height <= outer.y + outer.height + SLACK
  );
}

/** The boxes of each element matched by `groups`' children (zero-size ones, such as empty text, left out). */
async function childBoxes(groups: Locator): Promise<Box[][]> {
  return groups.evaluateAll((elements) =>
    elements.map((element) =>
      Array.from(element.children)
        .map((child) => child.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0)
        .map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })),
    ),
  );
}

function expectDisjoint(boxes: readonly Box[], what: string): void {
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      expect(overlaps(boxes[i]!, boxes[j]!), `${what}: boxes ${i} and ${j} overlap`).toBe(false);
    }
  }
}

/**
 * The entry list shown in the table panel: in every rendered row the cells are disjoint and inside
 * the row, and each header cell has the x and width of the body cells under it.
 */
async function expectEntryListTidy(page: Page, table: string): Promise<void> {
  const list = page.getByRole("table", { name: new RegExp(`entr(y|ies) in ${table}$`) });
  await expect(list).toBeVisible();
  const rows = await list.getByRole("row").evaluateAll((elements) =>
    elements.map((row) => {
      const r = row.getBoundingClientRect();
      return {
        row: { x: r.x, y: r.y, width: r.width, height: r.height },
        cells: Array.from(row.children).map((cell) => {
          const c = cell.getBoundingClientRect();
          // Where the cell's text is drawn: a cell that does not clip must hold all of it (but a
          // target's name on a line of its own, which the row places: checked below).
          const range = document.createRange();
          range.selectNodeContents(cell);
          const line = cell.querySelector(".pw-name-line");
          if (line !== null && getComputedStyle(line).position === "absolute") range.setEndBefore(line);
          const t = range.getBoundingClientRect();
          const clips = getComputedStyle(cell).overflowX !== "visible";
          return {
            x: c.x,
            y: c.y,
            width: c.width,
            height: c.height,
            header: cell.role === "columnheader",
            textFits: clips || t.width === 0 || (t.x >= c.x - 0.5 && t.x + t.width <= c.x + c.width + 0.5),
          };
        }),
      };
    }),
  );
  expect(rows.length, `${table}: the header and at least one entry`).toBeGreaterThan(1);
  // Every column in view: the flags are not behind a sideways scroll (the rows fold onto two lines).
  const { scrollWidth, clientWidth } = await list.evaluate((l) => ({
    scrollWidth: l.parentElement!.scrollWidth,
    clientWidth: l.parentElement!.clientWidth,
  }));
  expect(scrollWidth, `${table}: the entry list scrolls sideways`).toBeLessThanOrEqual(clientWidth);
  // A frame's name in the Target column shows whole: beside the address on a wide list, and on a line
  // of its own, across the row under its cells, where the rows fold (a named list folds below 68.75
  // em, where the name beside the address would end in an ellipsis no touch screen can hover).
  const names = await list.locator(".pw-target-named").evaluateAll((cells) =>
    cells.map((cell) => {
      const row = cell.closest(".pw-entry-row")!;
      const name = cell.querySelector(".frame-name")!;
      const ownLine = getComputedStyle(name).position === "absolute";
      const box = (e: Element) => e.getBoundingClientRect();
      const under = Array.from(row.children).filter((c) => !c.classList.contains("pw-fault-line"));
      return {
        text: cell.textContent,
        folded: getComputedStyle(row).display === "grid",
        ownLine,
        // A name on its own line may wrap onto a second (where a row is a card, below 27 em).
        whole: ownLine
          ? name.scrollWidth <= name.clientWidth && name.scrollHeight <= name.clientHeight
          : cell.scrollWidth <= cell.clientWidth,
        inRow: box(name).left >= box(row).left - 0.5 && box(name).right <= box(row).right + 0.5,
        belowCells: ownLine && under.every((c) => box(c).bottom <= box(name).top + 0.5),
      };
    }),
  );
  for (const { text, folded, ownLine, whole, inRow, belowCells } of names) {
    expect(whole && inRow, `${table}: the target "${text}" is cut short`).toBe(true);
    if (!folded) continue;
    expect(ownLine, `${table}: the target "${text}" has no line of its own on a folded row`).toBe(true);
    expect(belowCells, `${table}: the target "${text}" runs over the row's cells`).toBe(true);
  }
  const header = rows[0]!;
  expect(header.cells.every((c) => c.header)).toBe(true);
  for (const [k, { row, cells }] of rows.entries()) {
    expectDisjoint(cells, `${table} list row ${k}`);
    for (const [c, cell] of cells.entries()) {
      expect(inside(cell, row), `${table} list row ${k}: a cell outside its row`).toBe(true);
      expect(cell.textFits, `${table} list row ${k} column ${c}: text runs out of its cell`).toBe(true);
    }
    if (k === 0) continue;
    // The first cells of a body row sit under the header's (a fault row adds a full-width line).
    header.cells.forEach((h, c) => {
      const cell = cells[c]!;
      expect(Math.abs(cell.x - h.x), `${table} row ${k} column ${c}: x`).toBeLessThanOrEqual(SLACK);
      expect(Math.abs(cell.width - h.width), `${table} row ${k} column ${c}: width`).toBeLessThanOrEqual(
        SLACK,
      );
    });
  }
}

/** The walk cards: the parts of each card's head, and the terms and values of its list, never overlap. */
async function expectWalkCardsTidy(page: Page): Promise<void> {
  const walk = page.getByRole("region", { name: "Walk" });
  const heads = await childBoxes(walk.locator(".walk-step-head"));
  const lists = await childBoxes(walk.locator(".walk-step .kv"));
  expect(heads.length, "one head per card").toBeGreaterThanOrEqual(4);
  expect(lists.length, "one list per card").toBeGreaterThanOrEqual(4);
  heads.forEach((boxes, k) => expectDisjoint(boxes, `walk card ${k} head`));
  lists.forEach((boxes, k) => expectDisjoint(boxes, `walk card ${k} list`));
}

async function expectNoSidewaysScroll(page: Page, when: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
  expect(scrollWidth, `${when}: the page scrolls sideways`).toBeLessThanOrEqual(clientWidth);
  expect(await panelsScrollingSideways(page), `${when}: panels that scroll sideways`).toEqual([]);
  expect(await scrollersScrollingSideways(page), `${when}: parts of panels that scroll sideways`).toEqual([]);
  expect(await boxesRunningOver(page), `${when}: boxes whose content runs past their edge`).toEqual([]);
}

/**
 * The header's rows: the tagline and every button label on one line (a crowded header used to fold
 * the tagline into a column of single words), and nothing past the window's right edge.
 */
async function expectHeaderTidy(page: Page): Promise<void> {
  const header = page.getByRole("banner");
  expect(await foldedOntoLines(header.locator(".tagline, button")), "the tagline or a button folds").toEqual(
    [],
  );
  const { right, width } = await header.evaluate((h) => ({
    right: Math.max(...Array.from(h.querySelectorAll("*")).map((e) => e.getBoundingClientRect().right)),
    width: document.documentElement.clientWidth,
  }));
  expect(right, "the header runs past the window").toBeLessThanOrEqual(width);
}

/**
 * The panels' heads: a short title ("Page-table graph", "Physical memory", "Check") on one line,
 * the notes beside it wrapping first, and each of the head's buttons on one line.
 */
async function expectPanelHeadsTidy(page: Page): Promise<void> {
  const folded = [
    ...(await foldedOntoLines(page.locator(".panel-head > h2"), 20)),
    ...(await foldedOntoLines(page.locator(".panel-head button"))),
  ];
  expect(folded, "panel titles and head buttons folded onto several lines").toEqual([]);
  // A head's buttons on one line stand together, not spread along it (the collapse button keeps
  // the head's right end, as in every panel).
  const spread = await page.locator(".panel-head").evaluateAll((heads) =>
    heads.flatMap((head) => {
      const boxes = [...head.querySelectorAll(":scope > button:not(.collapse-button)")]
        .map((b) => ({ name: b.textContent ?? "", box: b.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0);
      return boxes.slice(1).flatMap(({ name, box }, k) => {
        const before = boxes[k]!;
        const sameLine = Math.abs(before.box.top - box.top) < 2;
        const gap = box.left - before.box.right;
        return sameLine && gap > 16 ? [`"${before.name}" … ${Math.round(gap)} px … "${name}"`] : [];
      });
    }),
  );
  expect(spread, "head buttons spread apart").toEqual([]);
}

/**
 * The entry's flags (bits 11:0, AVL to P) stand on one line, whatever the row's wrapping: they used
 * to wrap field by field, splitting them at a tablet's width and leaving P alone on a phone.
 */
async function expectFlagsOnOneLine(bitRow: Locator, entry: string): Promise<void> {
  const lines = await bitRow.evaluate((row) => {
    const tops = [...row.querySelectorAll<HTMLElement>("[data-bit]")]
      .filter((b) => Number(b.dataset["bit"]) < 12)
      .map((b) => Math.round(b.getBoundingClientRect().top));
    return new Set(tops).size;
  });
  expect(lines, `${entry}'s flags (bits 11:0) are split over lines`).toBe(1);
}

/** A popup or dialog lies wholly inside the window. */
async function expectInsideWindow(page: Page, popup: Locator, what: string): Promise<void> {
  await expect(popup).toBeVisible();
  const box = (await popup.boundingBox())!;
  const viewport = await page.evaluate(() => ({
    width: document.documentElement.clientWidth,
    height: window.innerHeight,
  }));
  expect(box.x, `${what}'s left edge`).toBeGreaterThanOrEqual(0);
  expect(box.y, `${what}'s top edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}'s right edge`).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height, `${what}'s bottom edge`).toBeLessThanOrEqual(viewport.height);
}

for (const screen of SCREENS) {
  for (const colorScheme of ["light", "dark"] as const) {
    test.describe(`${screen.name} (${screen.width}×${screen.height}${screen.scale > 1 ? ` at ${screen.scale * 100} %` : ""}), ${colorScheme}`, () => {
      test.use({
        viewport: { width: screen.width, height: screen.height },
        deviceScaleFactor: screen.scale,
        colorScheme,
      });

      test("fits: no sideways scroll, nothing overlapping, menus inside the window, axe clean", async ({
        page,
      }, testInfo) => {
        test.setTimeout(90_000);
        const errors = collectConsoleErrors(page);
        await page.goto("/");
        await page.getByRole("button", { name: "Got it" }).click();
        await expect(page.getByRole("region", { name: "Walk" }).getByRole("status")).toContainText("0x35ce");
        await expectNoSidewaysScroll(page, "the worked example");
        await expectHeaderTidy(page);
        await expectPanelHeadsTidy(page);
        // The address's fields (sign, one per level, offset) each show their whole text.
        const clipped = await page
          .locator(".va-field")
          .evaluateAll((fields) =>
            fields.filter((f) => f.scrollWidth > f.clientWidth + 1).map((f) => f.textContent),
          );
        expect(clipped, "address fields too narrow for their text").toEqual([]);
        // Side by side inside the bar, each field's binary digits on one line (smaller where the
        // bar is narrow), and the fields' names, digits and values in rows across the bar.
        const bar = await page.locator(".va-fields").evaluate((fields) => ({
          overflow: fields.scrollWidth - fields.clientWidth,
          middles: Array.from(fields.querySelectorAll(".va-field-binary"), (b) => {
            const r = b.getBoundingClientRect();
            return r.top + r.height / 2;
          }),
        }));
        expect(bar.overflow, "the address's fields run out of the bar").toBeLessThanOrEqual(1);
        expect(await foldedOntoLines(page.locator(".va-field-binary")), "binary digits wrap").toEqual([]);
        const { middles } = bar;
        expect(Math.max(...middles) - Math.min(...middles), "the binary digits' row").toBeLessThanOrEqual(2);

        // Every panel of the grid gets a readable width, and the graph and table never a sliver.
        const widths = await page.locator(".layout .panel").evaluateAll((panels) =>
          panels.map((p) => ({
            name: p.getAttribute("aria-label") ?? p.id ?? p.className,
            width: p.getBoundingClientRect().width,
          })),
        );
        for (const { name, width } of widths) {
          expect(width, `${name} is too narrow to read`).toBeGreaterThanOrEqual(
            Math.min(280, screen.width - 40),
          );
        }
        for (const name of ["Page-table graph", "PT at 0x8000"]) {
          const box = await page.getByRole("region", { name, exact: true }).first().boundingBox();
          expect(box?.width ?? 0, name).toBeGreaterThanOrEqual(Math.min(340, screen.width - 40));
        }

        await expectWalkCardsTidy(page);
        // The table's grid of 512 cells shrinks to its panel rather than being cut off.
        const grid = (await page.getByRole("grid", { name: "PT at 0x8000: 512 entries" }).boundingBox())!;
        const tablePanel = (await page.locator(".table-panel").boundingBox())!;
        expect(inside(grid, tablePanel), "the table grid runs out of its panel").toBe(true);
        await expectEntryListTidy(page, "PT at 0x8000");
        // The memory map's rows hold as many frames as its column has room for: its grid never runs
        // under the Map form beside it or out of its panel.
        const frames = (await page.getByRole("grid", { name: "Physical frames" }).boundingBox())!;
        const mapColumn = (await page.getByRole("region", { name: "Physical memory map" }).boundingBox())!;
        const mapForm = (await page.locator(".map-form").boundingBox())!;
        expect(inside(frames, mapColumn), "the frame grid runs out of its column").toBe(true);
        expect(overlaps(frames, mapForm), "the frame grid runs under the Map form").toBe(false);
        // The entry's 64 bits wrap by field where they do not fit on one line: the low ones (P,
        // R/W, U/S), the most looked at, are in view without scrolling the row sideways.
        const bitRow = page.getByRole("toolbar", { name: "Entry bits, 63 to 0" });
        const rowBox = (await bitRow.boundingBox())!;
        for (const bit of ["bit 0 P", "bit 1 R/W", "bit 2 U/S"]) {
          const box = (await bitRow.getByRole("button", { name: bit, exact: true }).boundingBox())!;
          expect(inside(box, rowBox), `${bit} is scrolled out of the bits' row`).toBe(true);
        }
        await expectFlagsOnOneLine(bitRow, "the PTE");
        // Another kind of entry (pointers to tables) in another table.
        await page.getByRole("button", { name: "Inspect PML4[1]" }).click();
        await expectEntryListTidy(page, "PML4 at 0x1000");
        await expectFlagsOnOneLine(bitRow, "the PML4E");

        await shot(page, testInfo, "page", { fullPage: true });
        const scan = await accessibilityScan(page).analyze();
        expect(
          scan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
        ).toEqual([]);

        // The Examples menu, opened, lies inside the window whatever the header's wrapping.
        await page.getByRole("button", { name: "Examples" }).click();
        const menu = page.getByRole("menu");
        await expect(menu).toBeVisible();
        await expectInsideWindow(page, menu, "the Examples menu");
        await expectNoSidewaysScroll(page, "the Examples menu open");
        await shot(page, testInfo, "examples-menu");
        await page.keyboard.press("Escape");
        await expect(menu).toBeHidden();

        // So do the Copy-link popover and the glossary.
        await page.getByRole("button", { name: "Copy link" }).click();
        const popover = page.getByRole("group", { name: "Share link" });
        await expectInsideWindow(page, popover, "the Copy-link popover");
        await expectNoSidewaysScroll(page, "the Copy-link popover open");
        await shot(page, testInfo, "copy-link");
        await page.keyboard.press("Escape");
        await expect(popover).toBeHidden();
        await page.getByRole("button", { name: "Glossary", exact: true }).click();
        const glossary = page.getByRole("dialog", { name: "Glossary", exact: true });
        await expectInsideWindow(page, glossary, "the glossary");
        await page.keyboard.press("Escape");
        await expect(glossary).toBeHidden();

        // Stepping adds the stepper's controls and marks; the page still fits.
        await page.getByRole("button", { name: "Step through the walk" }).click();
        await page.getByRole("button", { name: "Next step" }).click();
        await expect(page.getByRole("region", { name: "Step" })).toContainText("Step 2 of");
        await expectNoSidewaysScroll(page, "stepping");
        await expectWalkCardsTidy(page);
        await shot(page, testInfo, "stepping");
        expect(errors).toEqual([]);
      });
    });
  }
}

test('the Walk head\'s note ("4-level, user fetch") keeps its one line at every width and access: the switches wrap first', async ({
  page,
}) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Got it" }).click();
  const note = page.locator(".walk-path > .panel-head > .muted");
  const failures: string[] = [];
  for (const width of [360, 390, 820, 960, 1024, 1180, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const op of ["Read", "Write", "Fetch"]) {
      await page.getByRole("radio", { name: op, exact: true }).check();
      for (const mode of ["User", "Supervisor"]) {
        await page.getByRole("radio", { name: mode, exact: true }).check();
        await expect(note).toContainText(`${mode.toLowerCase()} ${op.toLowerCase()}`);
        failures.push(...(await foldedOntoLines(note)).map((text) => `${width} px: ${text}`));
      }
    }
  }
  expect(failures, "the note folded onto several lines").toEqual([]);
});

test("the entry list's frame names show whole at every width: beside the address or on a line of their own", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Got it" }).click();
  await page.getByRole("button", { name: "Inspect PML4[1]" }).click();
  // Between the fits tests' sizes: 10- and 11-inch tablets on their side (1080–1180 px) and the
  // desktops around 1440 px, where a name beside its address had too little room.
  for (const width of [360, 600, 1080, 1112, 1133, 1180, 1366, 1440, 1536, 1680, 2560]) {
    await page.setViewportSize({ width, height: 900 });
    await expectEntryListTidy(page, "PML4 at 0x1000");
  }
});

test.describe("the views opened from the header and the switches, on a 360 px phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("Exercises, the TLB, Explain a fault, Mappings and Check: their heads tidy, nothing sideways", async ({
    page,
  }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Got it" }).click();
    // Each: what opens it, and the region it opens.
    const opened: [string, () => Promise<void>, RegExp][] = [
      ["Exercises", () => page.getByRole("button", { name: "Exercises" }).click(), /^Exercise 1 of/],
      ["the TLB", () => page.getByRole("switch", { name: "Model the TLB" }).click(), /^TLB reach$/],
      [
        "Explain a fault",
        () => page.getByRole("button", { name: "Explain a fault…" }).click(),
        /^Explain a fault$/,
      ],
      ["Mappings", () => page.getByRole("button", { name: "Mappings" }).click(), /^Mappings$/],
      [
        "Check",
        () => page.getByRole("region", { name: "Check" }).getByRole("button").first().click(),
        /^Check$/,
      ],
    ];
    for (const [what, open, region] of opened) {
      await open();
      await expect(page.getByRole("region", { name: region }).first(), what).toBeVisible();
      await expectPanelHeadsTidy(page);
      await expectNoSidewaysScroll(page, what);
    }
  });
});

/**
 * The authoring lists (names, bookmarks, lesson steps): each row's buttons stand together on one
 * line at the row's end, so the rows' Delete buttons line up in one column. They used to follow
 * each text's end, ragged, and a bookmark's were split over two lines on a phone.
 */
async function expectRowButtonsInColumn(rows: Locator, what: string): Promise<void> {
  const boxes = await rows.evaluateAll((items) =>
    items.map((item) => {
      const buttons = [...item.querySelectorAll("button")].filter(
        (b) => !/^Go to step/.test(b.textContent ?? ""),
      );
      const tops = buttons.map((b) => Math.round(b.getBoundingClientRect().top));
      const last = buttons.at(-1)!.getBoundingClientRect();
      return { lines: new Set(tops).size, right: last.right, rowRight: item.getBoundingClientRect().right };
    }),
  );
  expect(boxes.length, `${what}: rows`).toBeGreaterThan(1);
  boxes.forEach(({ lines }, k) => expect(lines, `${what} row ${k}: its buttons on one line`).toBe(1));
  const rights = boxes.map((b) => b.right);
  expect(
    Math.max(...rights) - Math.min(...rights),
    `${what}: the Delete buttons in one column`,
  ).toBeLessThanOrEqual(1);
  boxes.forEach(({ right, rowRight }, k) =>
    expect(rowRight - right, `${what} row ${k}: its buttons at the row's end`).toBeLessThanOrEqual(1),
  );
}

test("the authoring lists keep each row's buttons together at its end, on a phone and a laptop", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await page.getByRole("button", { name: "Got it" }).click();
  await page.getByRole("button", { name: "Author" }).click();
  const names = page.getByRole("form", { name: "Name a frame or a VA range" });
  await names.getByLabel("at physical address").fill("0x8000");
  await names
    .getByLabel("Name", { exact: true })
    .fill("the PT of the post, a name long enough to wrap on a phone");
  await names.getByRole("button", { name: "Add name" }).click();
  await page.getByText("Rename, reorder or delete bookmarks").click();
  for (const text of ["Look at the PTE: its R/W bit is clear, so a write faults.", "Second step"]) {
    await page.getByLabel("Step text").fill(text);
    await page.getByRole("button", { name: "Add step from current state" }).click();
  }
  await page.getByText(/^Edit or delete steps/).click();
  const lists: [string, Locator][] = [
    ["names", page.getByRole("list", { name: "Names" }).getByRole("listitem")],
    ["bookmarks", page.locator(".bookmark-edit-list > li")],
    ["lesson steps", page.locator(".lesson-step-list > li")],
  ];
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    for (const [what, rows] of lists) await expectRowButtonsInColumn(rows, `${width} px, ${what}`);
  }
  await expectNoSidewaysScroll(page, "the authoring lists");
});

test.describe("collapsing panels on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("a panel collapses from its head, stays so after a reload, and the walk's status stays in view", async ({
    page,
  }, testInfo) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Got it" }).click();
    const registers = page.getByRole("region", { name: "Registers" });
    const cr3 = registers.getByRole("textbox", { name: "CR3" });
    await expect(cr3).toBeVisible();
    const collapseRegisters = registers.getByRole("button", { name: "Collapse Registers" });
    await expect(collapseRegisters).toHaveAttribute("aria-expanded", "true");
    await collapseRegisters.click();
    const expandRegisters = registers.getByRole("button", { name: "Expand Registers" });
    await expect(expandRegisters).toHaveAttribute("aria-expanded", "false");
    await expect(cr3).toBeHidden();
    await expect(registers.getByRole("heading", { name: "Registers" })).toBeVisible();

    // The walk collapsed keeps its one-sentence outcome; the cards go.
    const walk = page.getByRole("region", { name: "Walk" });
    await walk.getByRole("button", { name: "Collapse Walk" }).click();
    await expect(walk.getByRole("button", { name: "Inspect PML4[1]" })).toBeHidden();
    await expect(walk.getByRole("status")).toHaveText(
      "0x803fe7f5ce → 0x35ce (4 KiB page, supervisor read ok)",
    );
    // A change still reaches the collapsed walk's status.
    await page.getByRole("radio", { name: "Write" }).check();
    await expect(walk.getByRole("status")).toContainText("#PF error 0x3");
    await shot(page, testInfo, "collapsed", { fullPage: true });

    // Remembered in this browser: a reload opens them collapsed; expanding brings everything back.
    await page.reload();
    await expect(page.getByRole("button", { name: "Expand Registers" })).toHaveAttribute(
      "aria-expanded",
      "false",
    );
    await expect(
      page.getByRole("region", { name: "Registers" }).getByRole("textbox", { name: "CR3" }),
    ).toBeHidden();
    await page.getByRole("button", { name: "Expand Walk" }).click();
    await expect(page.getByRole("button", { name: "Inspect PML4[1]" })).toBeVisible();
    await page.getByRole("button", { name: "Expand Registers" }).click();
    await expect(
      page.getByRole("region", { name: "Registers" }).getByRole("textbox", { name: "CR3" }),
    ).toBeVisible();
    await page.reload();
    await expect(page.getByRole("button", { name: "Collapse Registers" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Collapse Walk" })).toBeVisible();
  });
});

test.describe("the order Tab follows on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("is the order drawn: the walk, the entry inspector, the table, then the graph; a wide window puts the graph after the walk, nothing built again", async ({
    page,
  }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Got it" }).click();
    const walk = page.getByRole("region", { name: "Walk" });
    const inspector = page.getByRole("region", { name: /^PT\[127\]/ });
    const table = page.locator(".table-panel");
    const graph = page.getByRole("region", { name: "Page-table graph" });
    const tops = await Promise.all(
      [walk, inspector, table, graph].map(async (l) => (await l.boundingBox())!.y),
    );
    expect(tops, "drawn top to bottom: walk, inspector, table, graph").toEqual(
      [...tops].sort((a, b) => a - b),
    );
    const drawing = await graph.locator("svg").first().elementHandle();

    expect(await tabOut(page, walk, "Tab"), "Tab from the walk's last control").toMatch(/^PT\[127\]/);
    expect(await tabOut(page, inspector, "Tab"), "Tab from the inspector's last control").toMatch(
      /^PT at 0x8000/,
    );
    expect(await tabOut(page, table, "Tab"), "Tab from the table's last control").toMatch(
      /^Page-table graph/,
    );
    expect(await tabOut(page, graph, "Shift+Tab"), "Shift+Tab from the graph's first control").toMatch(
      /^PT at 0x8000/,
    );

    // A wider window (a tablet turned, a browser resized): the graph is drawn after the walk again,
    // and Tab goes there; the areas were moved, not built again.
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect(async () =>
      expect(await tabOut(page, walk, "Tab"), "Tab from the walk's last control").toMatch(
        /^Page-table graph/,
      ),
    ).toPass({ timeout: 5_000 });
    expect(await drawing.evaluate((svg) => svg.isConnected), "the graph was built again").toBe(true);
  });
});

test.describe("every kind of entry on a tablet on its side", () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test("the entry list of the fault gallery's table: a faulting row, reserved bits and leaves stay in their columns, there and on a 360 px phone", async ({
    page,
  }, testInfo) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Got it" }).click();
    await page.getByRole("button", { name: "Examples" }).click();
    await page.getByRole("menuitem", { name: "Fault gallery", exact: true }).click();
    await expect(page).toHaveTitle("Pagewalk — Fault gallery", { timeout: 15_000 });
    await page
      .getByRole("region", { name: "Bookmarks" })
      .getByRole("button", { name: /PT\[5\] sets bit 51/ })
      .click();
    await expect(page.getByRole("region", { name: "Walk" }).getByRole("status")).toContainText(
      "#PF error 0x9",
    );
    const list = page.getByRole("table", { name: /entr(y|ies) in PT at 0x4000$/ });
    await expect(list.getByRole("row", { name: /reserved bits set \(faults\)/ }).first()).toBeVisible();
    await expectEntryListTidy(page, "PT at 0x4000");
    // The longest kind, "reserved bits set (faults)", is shown whole.
    const clipped = await list
      .getByRole("cell")
      .evaluateAll(
        (cells) =>
          cells.filter((c) => c.scrollWidth > c.clientWidth + 1 && /reserved/.test(c.textContent ?? ""))
            .length,
      );
    expect(clipped).toBe(0);
    await shot(page, testInfo, "fault-gallery-entries", { target: page.locator(".table-panel") });

    // On a 360 px phone the same rows fold onto two lines and still fit the list: the reserved
    // entry's long target and the flags are not cut at the row's end (expectEntryListTidy: no
    // sideways scroll, no overlap).
    await page.setViewportSize({ width: 360, height: 740 });
    await expectEntryListTidy(page, "PT at 0x4000");
    await shot(page, testInfo, "fault-gallery-entries-phone", { target: page.locator(".table-panel") });
  });
});

/**
 * Where each cell of a body row of the entry list `table` is drawn, as the lines of a card: for each
 * row, the line each of its cells (index, raw, kind, target, flags) starts on, counted from the row's top.
 */
async function cardLines(page: Page, table: string): Promise<{ index: number; lines: number[] }[]> {
  const list = page.getByRole("table", { name: new RegExp(`entr(y|ies) in ${table}$`) });
  return list.locator("[role=rowgroup]:not(.pw-entry-head) .pw-entry-row").evaluateAll((rows) =>
    rows.map((row) => {
      const top = row.getBoundingClientRect().top;
      const cells = Array.from(row.children).slice(0, 5);
      const line = (c: Element) => c.getBoundingClientRect().top - top;
      const step = line(cells[1]!) - line(cells[2]!); // the raw value is under the kind
      return {
        index: Number(row.getAttribute("data-index")),
        lines: cells.map((c) => Math.round(line(c) / step)),
      };
    }),
  );
}

test.describe("the largest text sizes, on phones and a tablet", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("at 150 % and 200 % each entry becomes a card, every column in view, on the Linux example and in a named list", async ({
    page,
  }, testInfo) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Got it" }).click();
    // A named list (the start's PML4 names its PDPT's frame): the name on two lines of its own.
    await page.getByRole("button", { name: "Inspect PML4[1]" }).click();
    await largerText(page, 3); // 150 %
    await expectEntryListTidy(page, "PML4 at 0x1000");
    // Index, kind, raw value, target and flags on lines 0, 0, 1, 2, 3 of the card.
    expect(await cardLines(page, "PML4 at 0x1000")).toEqual([{ index: 1, lines: [0, 1, 0, 2, 3] }]);
    await shot(page, testInfo, "named-entry-cards-150", { target: page.locator(".table-panel") });

    // The Linux example's PD: 27 two-megabyte pages with Linux's flags, which no longer fit beside
    // the kind from 115 % on this phone; at 200 % the index takes a line of its own too.
    await openExample(page, LINUX_TITLE);
    const pd = (await page
      .getByRole("table", { name: /entries in PD at 0x[0-9a-f]+$/ })
      .getAttribute("aria-labelledby"))!;
    const table = (await page.locator(`[id="${pd}"]`).textContent())!.replace(/^.* in /, "");
    await expectEntryListTidy(page, table);
    for (const { lines } of await cardLines(page, table)) expect(lines).toEqual([0, 1, 0, 2, 3]);
    expect(await panelsScrollingSideways(page), "at 150 %").toEqual([]);
    await largerText(page, 2); // 200 %
    await expectEntryListTidy(page, table);
    for (const { lines } of await cardLines(page, table)) expect(lines).toEqual([0, 2, 1, 3, 4]);
    expect(await panelsScrollingSideways(page), "at 200 %").toEqual([]);
    await shot(page, testInfo, "linux-entry-cards-200", { target: page.locator(".table-panel") });
  });

  // A tablet's column at 200 % is as narrow as a phone's (178 px of its own text at 820 px).
  for (const [size, clicks, screen, width, height] of [
    ["150 %", 3, "a 360 px phone", 360, 740],
    ["200 %", 5, "a 360 px phone", 360, 740],
    ["200 %", 5, "an 820 px tablet", 820, 1180],
  ] as const) {
    test(`at ${size} on ${screen} no panel of any example scrolls sideways`, async ({ page }) => {
      test.slow(); // every example, the Linux one downloaded
      await openAtLargerText(page, width, height, clicks);
      await expect(page.getByRole("group", { name: "Text size" })).toContainText(size);
      // Every example the Examples menu lists.
      const titles = PRESETS.map((preset) => preset.meta.title);
      expect(titles.length).toBeGreaterThan(10);
      // The bar's address, an inspector's inputs and head, the memory map and its head, the TLB's
      // menu, the stepper's head and buttons: each once pushed its panel wider than the column.
      for (const title of titles) {
        await openExample(page, title);
        expect(await panelsScrollingSideways(page), title).toEqual([]);
        // Nor a part of one: the bookmarks, the inspector's field table; nor does anything run past
        // its box (a walk card's head, a field of the address, the lesson's buttons).
        expect(await scrollersScrollingSideways(page), title).toEqual([]);
        expect(await boxesRunningOver(page), title).toEqual([]);
        expect(await wordsOfLettersBroken(page.locator(".app")), title).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), title).toBeLessThanOrEqual(
          width,
        );
      }
      // And the views opened from the header and the switches: their inputs, lists and head buttons.
      await openExample(page, titles[0]!);
      const views: [string, () => Promise<void>][] = [
        ["Exercises", () => page.getByRole("button", { name: "Exercises" }).click()],
        ["the TLB", () => page.getByRole("switch", { name: "Model the TLB" }).click()],
        ["Explain a fault", () => page.getByRole("button", { name: "Explain a fault…" }).click()],
        ["Mappings", () => page.getByRole("button", { name: "Mappings", exact: true }).click()],
        ["Check", () => page.getByRole("region", { name: "Check" }).getByRole("button").first().click()],
      ];
      for (const [what, open] of views) {
        await open();
        expect(await panelsScrollingSideways(page), what).toEqual([]);
        expect(await scrollersScrollingSideways(page), what).toEqual([]);
        expect(await boxesRunningOver(page), what).toEqual([]);
      }
    });
  }

  test("at 200 % on a 360 px phone what a user's actions bring up keeps to its panel: the TLB's entries, a replayed trace, a wrong prediction, an exercise's question, the authoring tools, a one-word name, a garbled address's, entry's and log's messages", async ({
    page,
  }, testInfo) => {
    await openAtLargerText(page, 360, 740, 5);
    const keptToPanels = async (what: string): Promise<void> => {
      expect(await scrollersScrollingSideways(page), what).toEqual([]);
      expect(await boxesRunningOver(page), what).toEqual([]);
      // And kept readable: a word of letters breaks only where it is wider than its box.
      expect(await wordsOfLettersBroken(page.locator(".app")), what).toEqual([]);
    };
    // The TLB after a trace: each entry a card (the ten columns need 430 px; the panel has 150 of its
    // text), labelled; each line of the trace with its outcome under it.
    await page.getByRole("switch", { name: "Model the TLB" }).click();
    const trace = page.getByRole("region", { name: "Access trace" });
    await trace
      .getByRole("textbox", { name: "Access trace" })
      .fill("read sup 0x803fe7f5ce\nread sup 0x803fe7f000\nwrite user 0xffffffffffff0000");
    await trace.getByRole("button", { name: "Replay" }).click();
    await expect(trace.getByRole("list", { name: "Trace outcomes" }).getByRole("listitem")).toHaveCount(3);
    const dtlb = page.getByRole("table", { name: "DTLB 4 KiB" });
    const age = dtlb.getByRole("row").nth(1).getByRole("cell").last();
    await expect(age).toHaveAccessibleName("LRU age 0");
    const [tableBox, ageBox] = await Promise.all([dtlb.boundingBox(), age.boundingBox()]);
    expect(ageBox!.x + ageBox!.width, "the entry's LRU age in view").toBeLessThanOrEqual(
      tableBox!.x + tableBox!.width,
    );
    await keptToPanels("the TLB after a trace");
    await dtlb.scrollIntoViewIfNeeded();
    await shot(page, testInfo, "tlb-cards-200");
    await page.getByRole("switch", { name: "Model the TLB" }).click();

    // A wrong prediction: its fields as wide as the panel at most.
    await page.getByRole("switch", { name: "Predict" }).click();
    const prediction = page.getByRole("form", { name: "Your prediction" });
    await prediction.getByRole("textbox").first().fill("0x1234");
    await prediction.getByRole("button", { name: "Check" }).click();
    await expect(page.getByText("Not quite", { exact: false }).first()).toBeVisible();
    await keptToPanels("a wrong prediction");
    await page.getByRole("switch", { name: "Predict" }).click();

    // A garbled address, quoted in its message, and a garbled fault log's line, quoted in its.
    await page.getByLabel("Virtual address").fill("0xzzzzzzzzzzzzzzzzzzzzzzzz");
    await expect(page.locator(".va-message").getByText("0xzzzz", { exact: false })).toBeVisible();
    await keptToPanels("a garbled address");
    await page.getByLabel("Virtual address").fill("0x803fe7f5ce");
    const raw = page.getByLabel("Raw").first();
    await raw.fill("0xzzzzzzzzzzzzzzzzzzzzzzzz");
    await raw.press("Enter");
    await expect(page.getByRole("alert").filter({ hasText: "0xzzzz" })).toBeVisible();
    await keptToPanels("a garbled entry value");
    // The title editor: its fields and buttons as wide as the panel.
    await page.getByRole("button", { name: "Edit title and description" }).click();
    await expect(page.getByRole("button", { name: "Save title and description" })).toBeVisible();
    await keptToPanels("the title editor");
    // The authoring lists (a bookmark's four buttons wrap at the row's end) and a name of one long
    // word, in its form's message, the names list and the table's title.
    await page.getByRole("button", { name: "Author" }).click();
    await keptToPanels("the authoring tools");
    const names = page.getByRole("form", { name: "Name a frame or a VA range" });
    await names.getByLabel("at physical address").fill("0x8000");
    await names.getByLabel("Name", { exact: true }).fill("the_page_table_of_the_blog_post_in_one_word");
    await names.getByRole("button", { name: "Add name" }).click();
    await expect(page.locator(".table-panel > .panel-head")).toContainText("“the_page_table_of_");
    await keptToPanels("a name of one long word");
    await page.getByRole("button", { name: "Explain a fault…" }).click();
    const explain = page.getByRole("region", { name: "Explain a fault" });
    await explain
      .getByLabel("Fault log")
      .fill(
        "     0: v=0e e=00zz i=0 cpl=0 IP=0008:0000000000401000 pc=0000000000401000 CR2=00000000deadbeef",
      );
    await explain.getByRole("button", { name: "Explain", exact: true }).click();
    await expect(explain.getByRole("alert")).toBeVisible();
    await keptToPanels("a garbled fault log");

    // An exercise's question names a VA ("0x…_…_…:"), one word wider than the panel's line.
    await page.goto(`/${setFragment({ families: ["translate"], count: 1, seed: 5, difficulty: "easy" })}`);
    await expect(page.locator(".exercise-question")).toContainText(/0x[0-9a-f_]{12,}/);
    await keptToPanels("an exercise");
  });

  test("at 200 % on a 360 px phone the dialogs follow the text size and fit the window: the glossary, Export code, Compare with…, Import dump", async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto("/");
    await page.getByRole("button", { name: "Got it" }).click();
    const dialogs: [string, () => Promise<unknown>][] = [
      ["Glossary", () => page.getByRole("button", { name: "Glossary", exact: true }).click()],
      ["Export the page tables as code", () => page.getByRole("button", { name: "Export code" }).click()],
      ["Compare this address space with…", () => page.getByRole("button", { name: "Compare with…" }).click()],
      [
        "Import memory dump",
        () =>
          page.getByLabel("Memory dump file").setInputFiles({
            name: "zeros.raw",
            mimeType: "application/octet-stream",
            buffer: Buffer.alloc(4 * 4096),
          }),
      ],
    ];
    /** The dialog's Close or Cancel button's height, once the dialog is open and checked. */
    const openAndMeasure = async (name: string, open: () => Promise<unknown>): Promise<number> => {
      await open();
      const dialog = page.getByRole("dialog", { name });
      await expect(dialog).toBeVisible();
      const box = (await dialog.boundingBox())!;
      expect(box.y, `${name}: top in the window`).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, `${name}: bottom in the window`).toBeLessThanOrEqual(740);
      expect(box.x + box.width, `${name}: right edge in the window`).toBeLessThanOrEqual(360);
      // Nothing in it scrolls sideways but the exported code (long lines, not wrapped on purpose).
      const sideways = (await scrollersScrollingSideways(page)).filter((s) => !s.includes("export-code"));
      expect(sideways, name).toEqual([]);
      expect(await boxesRunningOver(page), name).toEqual([]);
      const height = (await dialog
        .getByRole("button", { name: /^(Close|Cancel)$/ })
        .first()
        .boundingBox())!.height;
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      return height;
    };
    const at100: number[] = [];
    for (const [name, open] of dialogs) at100.push(await openAndMeasure(name, open));
    await largerText(page, 5);
    for (const [i, [name, open]] of dialogs.entries()) {
      expect(await openAndMeasure(name, open), `${name}: twice as large`).toBeGreaterThan(1.8 * at100[i]!);
    }
    // A term wider than the dialog breaks after a slash: "(user/" then "supervisor,", not "supervi|sor,".
    await dialogs[0]![1]();
    const glossary = page.getByRole("dialog", { name: "Glossary" });
    await glossary.getByRole("searchbox").fill("user/supervisor");
    const term = glossary.getByRole("term").filter({ hasText: "U/S (user/supervisor, bit 2)" });
    await expect(term).toBeVisible();
    expect(await wordsBrokenAcrossLines(term)).toEqual([]);
    expect((await term.boundingBox())!.height, "the term on more than one line").toBeGreaterThan(40);
    await page.keyboard.press("Escape");
    // The dump's register fields under their names, each as wide as the dialog's text.
    await dialogs[3]![1]();
    const dump = page.getByRole("dialog", { name: "Import memory dump" });
    const [cr3Label, cr3] = await Promise.all([
      dump.getByText("CR3", { exact: true }).boundingBox(),
      dump.getByRole("textbox", { name: "CR3" }).boundingBox(),
    ]);
    expect(cr3!.y, "CR3's field under its name").toBeGreaterThanOrEqual(
      cr3Label!.y + cr3Label!.height - SLACK,
    );
    expect(cr3!.width, "CR3's field wide enough to type in").toBeGreaterThan(200);
    await shot(page, testInfo, "dump-dialog-200");
  });

  test("at 200 % on a tablet, the heads of the narrow column's panels and of the graph put their buttons and notes under their titles, the Map form goes under the memory map", async ({
    page,
  }, testInfo) => {
    await openAtLargerText(page, 820, 1180, 5);
    await openExample(page, "Lesson: how a walk works");
    // The step's title and "Show the whole walk" (nowrap, 274 px) were wider than the step's panel
    // (178 px of its text): the button now goes under the title, inside the panel.
    const step = page.getByRole("region", { name: "Step" });
    const [panel, title, whole] = await Promise.all([
      step.boundingBox(),
      step.locator(".panel-head > :first-child").boundingBox(),
      step.getByRole("button", { name: "Show the whole walk" }).boundingBox(),
    ]);
    expect(whole!.y, "the button under the step's title").toBeGreaterThanOrEqual(
      title!.y + title!.height - SLACK,
    );
    expect(whole!.x + whole!.width, "the button inside the panel").toBeLessThanOrEqual(
      panel!.x + panel!.width,
    );
    // The graph's head follows the text size, its panel does not: its note ("4 tables · 2 leaves ·
    // drag or swipe…") was a column of words beside the title; it is a line of its own under it.
    const graph = page.getByRole("region", { name: "Page-table graph" });
    const head = graph.locator(".graph-head");
    const [headBox, heading, note] = await Promise.all([
      head.boundingBox(),
      head.getByRole("heading").boundingBox(),
      head.locator(".graph-counts").boundingBox(),
    ]);
    expect(note!.y, "the note under the title").toBeGreaterThanOrEqual(heading!.y + heading!.height - SLACK);
    expect(note!.width, "the note across the head").toBeGreaterThan(headBox!.width * 0.9);
    expect(await panelsScrollingSideways(page)).toEqual([]);
    await shot(page, testInfo, "tablet-200-heads", { fullPage: false });
    // The memory map beside the Map form needs a wider panel than this one's 400 px of text: the
    // map was squeezed into an 8 px column under the form's text; the form now goes under it.
    const [map, form] = await Promise.all([
      page.getByRole("region", { name: "Physical memory map" }).boundingBox(),
      page.getByRole("form", { name: "Map or unmap a page" }).boundingBox(),
    ]);
    expect(map!.width, "the map as wide as its panel's text").toBeGreaterThan(300);
    expect(form!.y, "the form under the map").toBeGreaterThanOrEqual(map!.y + map!.height - SLACK);
  });

  test("at 200 % on a 360 px phone, the fault gallery's faulting row fits its card, the longest kind cut short only there", async ({
    page,
  }, testInfo) => {
    await openAtLargerText(page, 360, 740, 5);
    await openExample(page, "Fault gallery");
    await page
      .getByRole("region", { name: "Bookmarks" })
      .getByRole("button", { name: /PT\[5\] sets bit 51/ })
      .click();
    await expect(page.getByRole("region", { name: "Walk" }).getByRole("status")).toContainText(
      "#PF error 0x9",
    );
    const list = page.getByRole("table", { name: /entr(y|ies) in PT at 0x4000$/ });
    const faulting = list.getByRole("row", { name: /reserved bits set \(faults\)/ }).first();
    await faulting.scrollIntoViewIfNeeded();
    await expectEntryListTidy(page, "PT at 0x4000");
    // The mark is under the card's five lines, as tall as they are.
    const [row, mark] = await Promise.all([
      faulting.boundingBox(),
      faulting.locator(".pw-fault-line").boundingBox(),
    ]);
    const flags = (await faulting.getByRole("cell").nth(4).boundingBox())!;
    expect(mark!.y).toBeGreaterThanOrEqual(flags.y + flags.height - SLACK);
    expect(mark!.y + mark!.height).toBeLessThanOrEqual(row!.y + row!.height + SLACK);
    await expect(faulting.locator(".pw-fault-line")).toContainText("reserved bits");
    // "reserved bits set (faults)" is a little wider than this list: it ends in an ellipsis, whole in
    // its hover text, rather than put every row behind a sideways scroll; the other kinds are whole.
    const kinds = await list
      .locator("[role=rowgroup]:not(.pw-entry-head) .pw-entry-row > :nth-child(3)")
      .evaluateAll((cells) =>
        cells.map((c) => ({
          text: c.textContent,
          cut: c.scrollWidth > c.clientWidth,
          title: c.getAttribute("title"),
        })),
      );
    for (const { text, cut, title } of kinds) {
      expect(cut, `"${text}" cut short`).toBe(text === "reserved bits set (faults)");
      expect(title).toBe(text);
    }
    await shot(page, testInfo, "fault-entry-card-200", { target: page.locator(".table-panel") });
  });

  test("at 200 % on a 360 px phone, a leaf with every flag and a 52-bit frame keeps to its card, and each of its fields is a card", async ({
    page,
  }, testInfo) => {
    await openAtLargerText(page, 360, 740, 5);
    // The start's leaf, PT[127], in the inspector: every flag from P to XD, and the highest frame a
    // 52-bit MAXPHYADDR allows (the widest raw value and target there are).
    const raw = page.getByLabel("Raw", { exact: true });
    await raw.fill("0x800fffffffffffff");
    await raw.press("Enter");
    const list = page.getByRole("table", { name: /entries in PT at 0x8000$/ });
    const leaf = list.locator('.pw-entry-row[data-index="127"]');
    await expect(leaf.getByRole("cell").nth(1)).toHaveText("0x800fffffffffffff");
    await leaf.scrollIntoViewIfNeeded();
    await expectEntryListTidy(page, "PT at 0x8000");
    // The flags are wider than the card: an ellipsis, whole in the hover text; the raw value and the
    // target are whole.
    const cells = leaf.getByRole("cell");
    const cut = (cell: Locator) => cell.evaluate((c) => c.scrollWidth > c.clientWidth);
    await expect(cells.nth(4)).toHaveAttribute("title", "RW U PWT PCD A D PAT G XD");
    expect(await cut(cells.nth(4)), "the flags cut short").toBe(true);
    expect(await cut(cells.nth(1)), "the raw value cut short").toBe(false);
    expect(await cut(cells.nth(3)), "the target cut short").toBe(false);

    // The inspector's field table: each field a card, its name and bits on one line, the value after
    // them (on the next line where it does not fit: a long address), the meaning under them across
    // the card, nothing sticking out of it and nothing behind a sideways scroll.
    const fields = page.getByRole("table", { name: "What each field means at this level" });
    await fields.scrollIntoViewIfNeeded();
    const cards = await fields.locator("tbody tr").evaluateAll((rows) =>
      rows.map((r) => {
        const boxes = Array.from(r.children, (c) => c.getBoundingClientRect());
        const [name, bits, value, meaning] = boxes;
        const row = r.getBoundingClientRect();
        return {
          field: r.children[0]!.textContent,
          bitsBesideName: Math.abs(bits!.top - name!.top) < 1 && bits!.left >= name!.right,
          valueAfter: value!.top >= name!.top - 0.5 && value!.bottom <= meaning!.top + 0.5,
          meaningUnder: meaning!.top >= Math.max(name!.bottom, bits!.bottom) - 0.5,
          meaningAcross: meaning!.left <= row.left + 0.5 && meaning!.right >= row.right - 0.5,
          inCard: boxes.every((b) => b.left >= row.left - 0.5 && b.right <= row.right + 0.5),
        };
      }),
    );
    expect(cards.length).toBeGreaterThan(10);
    for (const card of cards)
      expect(card, card.field ?? "").toMatchObject({
        bitsBesideName: true,
        valueAfter: true,
        meaningUnder: true,
        meaningAcross: true,
        inCard: true,
      });
    // With no column headers in view, a card says which are the bits and which the value.
    await expect(fields.getByRole("cell", { name: "bits 51:12", exact: true })).toBeVisible();
    await expect(fields.getByRole("cell", { name: "= 0xffffffffff000", exact: true })).toBeVisible();
    expect(await scrollersScrollingSideways(page)).toEqual([]);
    await shot(page, testInfo, "field-cards-200", {
      target: page.getByRole("region", { name: "What each field means" }),
    });

    // Back at 100 % the fields are a table again, the headers in view and the cells bare.
    for (let i = 0; i < 5; i++) await page.getByRole("button", { name: "Smaller text" }).click();
    await expect(page.getByRole("group", { name: "Text size" })).toContainText("100 %");
    await expect(fields.getByRole("columnheader", { name: "Meaning here" })).toBeVisible();
    await expect(fields.getByRole("cell", { name: "51:12", exact: true })).toBeVisible();
  });
});

test.describe("dialogs, popovers and panels on a laptop", () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test("a collapsed Registers panel gives its column to the graph and the table", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Got it" }).click();
    const graph = page.getByRole("region", { name: "Page-table graph" });
    const before = (await graph.boundingBox())!.width;
    await page.getByRole("button", { name: "Collapse Registers" }).click();
    await expect.poll(async () => (await graph.boundingBox())!.width).toBeGreaterThan(before + 100);
    await expectNoSidewaysScroll(page, "Registers collapsed");
    await page.getByRole("button", { name: "Expand Registers" }).click();
    await expect.poll(async () => (await graph.boundingBox())!.width).toBeCloseTo(before, 0);
  });

  test("the dump-import dialog is modal like Export code: a backdrop, the page behind inert, Esc closes it", async ({
    page,
  }, testInfo) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Got it" }).click();
    // Four zeroed 4 KiB frames: a raw dump, which asks for CR3.
    await page.getByLabel("Memory dump file").setInputFiles({
      name: "zeros.raw",
      mimeType: "application/octet-stream",
      buffer: Buffer.alloc(4 * 4096),
    });
    const dialog = page.getByRole("dialog", { name: "Import memory dump" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("raw physical memory image");
    expect(await dialog.evaluate((d) => d.matches(":modal"))).toBe(true);
    await shot(page, testInfo, "import-dialog");

    // A click on the page behind (the Glossary button) does nothing while the dialog is open.
    const glossary = page.getByRole("button", { name: "Glossary", exact: true });
    const behind = (await glossary.boundingBox())!;
    await page.mouse.click(behind.x + behind.width / 2, behind.y + behind.height / 2);
    await expect(page.getByRole("dialog", { name: "Glossary", exact: true })).toBeHidden();
    await expect(dialog).toBeVisible();
    // The keyboard never reaches the page behind (past the dialog's last control, Tab may leave for
    // the browser's own controls, as with every modal dialog, and comes back to the dialog).
    for (let k = 0; k < 12; k++) {
      await page.keyboard.press("Tab");
      const where = await dialog.evaluate((d) =>
        d.contains(document.activeElement)
          ? "dialog"
          : document.activeElement === document.body
            ? "browser"
            : "page",
      );
      expect(where).not.toBe("page");
    }

    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    // The page is usable again.
    await glossary.click();
    await expect(page.getByRole("dialog", { name: "Glossary", exact: true })).toBeVisible();
  });

  test("the Copy-link popover closes when the glossary, the Examples menu or a message opens, and on Esc", async ({
    page,
  }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Got it" }).click();
    const copyLink = page.getByRole("button", { name: "Copy link" });
    const popover = page.getByRole("group", { name: "Share link" });

    await copyLink.click();
    await expect(popover).toBeVisible();
    await page.getByRole("button", { name: "Glossary", exact: true }).click();
    await expect(page.getByRole("dialog", { name: "Glossary", exact: true })).toBeVisible();
    await expect(popover).toBeHidden();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog", { name: "Glossary", exact: true })).toBeHidden();

    await copyLink.click();
    await expect(popover).toBeVisible();
    await page.getByRole("button", { name: "Examples" }).click();
    await expect(page.getByRole("menu")).toBeVisible();
    await expect(popover).toBeHidden();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menu")).toBeHidden();

    await copyLink.click();
    await expect(popover).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(popover).toBeHidden();

    // A message about a file appears where the popover hangs: the popover gives way.
    await copyLink.click();
    await expect(popover).toBeVisible();
    await page.getByLabel("Scenario file to open").setInputFiles({
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from("{ not json"),
    });
    await expect(page.getByRole("alert")).toBeVisible();
    await expect(popover).toBeHidden();
  });

  for (const size of [
    { width: 1280, height: 720 },
    { width: 390, height: 844 },
  ]) {
    test(`a message on show before the Copy-link popover opens stays uncovered (${size.width}×${size.height})`, async ({
      page,
    }, testInfo) => {
      await page.setViewportSize(size);
      await page.goto("/#not-a-scenario");
      await page.getByRole("button", { name: "Got it" }).click();
      const alert = page.getByRole("alert");
      await expect(alert).toContainText("does not carry a Pagewalk scenario");
      const header = page.locator(".app-header");
      const headerHeight = (await header.boundingBox())!.height;

      await page.getByRole("button", { name: "Copy link" }).click();
      const popover = page.getByRole("group", { name: "Share link" });
      await expect(popover).toBeVisible();
      await expect(alert).toBeVisible();
      // Measured once the header has made its room (a layout effect, before the first paint).
      const [panel, message] = [(await popover.boundingBox())!, (await alert.boundingBox())!];
      expect(overlaps(panel, message), "the popover covers the message").toBe(false);
      expect(panel.y + panel.height).toBeLessThanOrEqual(message.y);
      await expectNoSidewaysScroll(page, "the popover open over a message");
      await shot(page, testInfo, "copy-link-over-message");

      // Closed, the header is as tall as before.
      await page.keyboard.press("Escape");
      await expect(popover).toBeHidden();
      await expect.poll(async () => (await header.boundingBox())!.height).toBeCloseTo(headerHeight, 0);
    });
  }
});

test.describe("on a touch phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("after an edit far below the header, Undo and Redo come to the screen's corner until the header is back", async ({
    page,
  }, testInfo) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Got it" }).click();
    const history = page.getByRole("group", { name: "History" });
    const header = page.locator(".app-header");
    const headerHeight = (await header.boundingBox())!.height;
    const rw = page.getByRole("button", { name: "PDPT[0] R/W", exact: true });
    await rw.scrollIntoViewIfNeeded();
    await expect(history).not.toHaveClass(/floating/);
    const scrolled = await page.evaluate(() => window.scrollY);
    await expect(header).not.toBeInViewport();
    const pressed = await rw.getAttribute("aria-pressed");
    await rw.tap();
    await expect(rw).not.toHaveAttribute("aria-pressed", pressed!);
    // The same group (one Undo in the page), now at the bottom right, in view; the page did not move
    // and the header kept its height (the group's slot keeps its size).
    await expect(history).toHaveClass(/floating/);
    await expect(page.getByRole("button", { name: "Undo" })).toHaveCount(1);
    const box = (await history.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.x + box.width).toBeGreaterThan(390 - 24);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(box.y + box.height).toBeGreaterThan(844 - 40);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    expect((await header.boundingBox())!.height).toBe(headerHeight);
    await shot(page, testInfo, "touch-undo-floating");
    // Undo there takes the edit back; Redo is then at hand beside it.
    await history.getByRole("button", { name: "Undo" }).tap();
    await expect(rw).toHaveAttribute("aria-pressed", pressed!);
    await expect(history).toHaveClass(/floating/);
    await expect(history.getByRole("button", { name: "Redo" })).toHaveAttribute("aria-disabled", "false");
    // Back at the top, they are in the header again, and stay there until the next edit down the page.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(history).not.toHaveClass(/floating/);
    expect(await history.evaluate((el) => el.closest("header") !== null)).toBe(true);
    await page.evaluate((y) => window.scrollTo(0, y), scrolled);
    await expect(header).not.toBeInViewport();
    await expect(history).not.toHaveClass(/floating/);
  });

  test("flag chips, address bits, collapse buttons and glossary links are big enough for a finger", async ({
    page,
  }) => {
    await page.goto("/");
    await page.getByText("0x803fe7f5ce → 0x35ce").first().waitFor();
    const sizes = (selector: string) =>
      page.locator(selector).evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { name: e.getAttribute("aria-label") ?? e.textContent, width: r.width, height: r.height };
        }),
      );
    const chips = await sizes("button.chip");
    expect(chips.length).toBeGreaterThan(20);
    for (const chip of chips) {
      expect(chip.width, `${chip.name}`).toBeGreaterThanOrEqual(24);
      expect(chip.height, `${chip.name}`).toBeGreaterThanOrEqual(24);
    }
    const addressBits = await sizes(".bit-row .field-ADDR .bit");
    expect(addressBits.length).toBe(40);
    for (const bit of addressBits) expect(bit.width, `${bit.name}`).toBeGreaterThanOrEqual(22);
    // The panels' collapse buttons are finger-sized, and a glossary link or "?" takes a tap a few
    // pixels beside what it draws (the register's checkbox label is next to its "?").
    for (const button of await sizes(".panel-head > .collapse-button")) {
      expect(button.width, `${button.name}`).toBeGreaterThanOrEqual(24);
      expect(button.height, `${button.name}`).toBeGreaterThanOrEqual(24);
    }
    const help = page.locator("button.term-help").first();
    await help.scrollIntoViewIfNeeded();
    const box = await help.boundingBox();
    if (!box) throw new Error("no ? button");
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest("button")?.className ?? null,
      [box.x + box.width + 4, box.y + box.height / 2],
    );
    expect(hit).toBe("term-help");
    // Still no sideways scroll: the bits wrap onto more lines instead.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

test("with a mouse, Undo and Redo stay in the header after an edit far below it", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await page.getByRole("button", { name: "Got it" }).click();
  const rw = page.getByRole("button", { name: "PDPT[0] R/W", exact: true });
  const pressed = await rw.getAttribute("aria-pressed");
  await rw.click();
  await expect(rw).not.toHaveAttribute("aria-pressed", pressed!);
  await expect(page.locator(".app-header")).not.toBeInViewport();
  await expect(page.getByRole("group", { name: "History" })).not.toHaveClass(/floating/);
});
