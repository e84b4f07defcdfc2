import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { formatPhysAddr } from "../src/core/arch";
import {
  decodeScenarioLink,
  encodeScenarioLink,
  MAX_LINK_LENGTH,
  PRESETS,
  presetById,
  type PresetOutcome,
} from "../src/core/scenario";
import { collectConsoleErrors, shot } from "./artifacts";
import { accessibilityScan } from "./axe";
import { copyLink, openExample } from "./examples";
import { openHandWrittenScenario } from "./scenarioFile";

const statusOf = (page: Page): Locator => page.getByRole("region", { name: "Walk" }).getByRole("status");

/** The status line a preset's stated outcome gives (the core's own numbers: the test cannot drift). */
function outcomePattern(outcome: PresetOutcome): RegExp {
  if ("pa" in outcome) return new RegExp(` → ${formatPhysAddr(outcome.pa)} \\(`);
  if (outcome.exception === "#GP") return /^#GP at /;
  return new RegExp(`^#PF error 0x${outcome.errorCode.toString(16)}[ :]`);
}

const bookmarkButtons = (page: Page): Locator =>
  page.getByRole("region", { name: "Bookmarks" }).getByRole("button");

function must<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
}

test.use({ viewport: { width: 1280, height: 800 } });

test("every example opens from the menu and each bookmark shows its stated outcome", async ({
  page,
}, testInfo) => {
  // About 15 s an example on the loaded 2-core machine (the TLB lessons open their panels too).
  test.setTimeout(PRESETS.length * 15_000);
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  const status = statusOf(page);
  const linkLengths: string[] = [];
  for (const preset of PRESETS) {
    await openExample(page, preset.meta.title);
    await expect(page.getByRole("heading", { level: 2, name: preset.meta.title })).toBeVisible();
    await expect(page.getByText(preset.meta.description, { exact: false }).first()).toBeVisible();
    // Each example as it opens can be shared as a link (none is past a link's length).
    const fragment = new URL(await copyLink(page)).hash;
    expect(fragment.length, `${preset.id}'s link`).toBeLessThanOrEqual(MAX_LINK_LENGTH);
    linkLengths.push(`${preset.id}: ${fragment.length}`);
    await page.keyboard.press("Escape");
    const buttons = bookmarkButtons(page);
    await expect(buttons).toHaveCount(preset.meta.bookmarks.length);
    for (const [k, outcome] of preset.outcomes.entries()) {
      await buttons.nth(k).click();
      await expect(status, `${preset.id} bookmark ${k}`).toHaveText(outcomePattern(outcome));
      await expect(buttons.nth(k)).toHaveAttribute("aria-current", "true");
    }
    await shot(page, testInfo, `preset-${preset.id}`);
  }
  testInfo.annotations.push({ type: "link lengths", description: linkLengths.join(", ") });
  expect(errors, "console errors").toEqual([]);
});

test("the two-processes example switches CR3 between the processes", async ({ page }) => {
  await page.goto("/");
  const preset = must(presetById("two-processes"), "preset");
  await openExample(page, preset.meta.title);
  const status = statusOf(page);
  const [a, b] = preset.meta.processes;
  await expect(page.getByRole("radio", { name: new RegExp(must(a, "A").name) })).toBeChecked();
  await expect(status).toHaveText(outcomePattern(must(preset.outcomes[0], "outcome 0")));
  await page.getByRole("radio", { name: new RegExp(must(b, "B").name) }).check();
  await expect(status).toHaveText(outcomePattern(must(preset.outcomes[1], "outcome 1")));
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByRole("radio", { name: new RegExp(must(a, "A").name) })).toBeChecked();
});

test("undo and redo bring back a machine together with its scenario's title and bookmarks", async ({
  page,
}) => {
  await page.goto("/");
  const worked = must(presetById("worked-example"), "worked example");
  const higherHalf = must(presetById("higher-half-1g"), "higher half");
  const gallery = must(presetById("fault-gallery"), "fault gallery");
  // The page opens on the worked example; something only it maps: the post's VA, read by the kernel.
  const workedRead = async (): Promise<void> => {
    await page.getByLabel("Virtual address").fill("0x80_3fe7_f5ce");
    await page.getByRole("radio", { name: "Read" }).check();
    await page.getByRole("radio", { name: "Supervisor" }).check();
  };
  const workedMapped = "0x803fe7f5ce → 0x35ce (4 KiB page, supervisor read ok)";
  await workedRead();
  await expect(statusOf(page)).toHaveText(workedMapped);
  await openExample(page, higherHalf.meta.title);
  await openExample(page, gallery.meta.title);
  await expect(bookmarkButtons(page)).toHaveCount(gallery.meta.bookmarks.length);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page).toHaveTitle(`Pagewalk — ${higherHalf.meta.title}`);
  await expect(page.getByRole("heading", { level: 2, name: higherHalf.meta.title })).toBeVisible();
  await expect(bookmarkButtons(page)).toHaveCount(higherHalf.meta.bookmarks.length);
  await page.getByRole("button", { name: "Undo" }).click();
  // The page's first machine: the worked example with its own title and bookmarks, nothing before it.
  await expect(page).toHaveTitle(`Pagewalk — ${worked.meta.title}`);
  await expect(page.getByRole("heading", { level: 2, name: worked.meta.title })).toBeVisible();
  await expect(bookmarkButtons(page)).toHaveCount(worked.meta.bookmarks.length);
  await expect(page.getByRole("button", { name: "Undo" })).toBeDisabled();
  // The machine is the first one again (the VA under study is not part of undo: it stays as it was).
  await workedRead();
  await expect(statusOf(page)).toHaveText(workedMapped);
  await page.getByRole("button", { name: "Redo" }).click();
  await page.getByRole("button", { name: "Redo" }).click();
  await expect(page).toHaveTitle(`Pagewalk — ${gallery.meta.title}`);
  await expect(bookmarkButtons(page)).toHaveCount(gallery.meta.bookmarks.length);
});

test("the Examples menu works from the keyboard", async ({ page }, testInfo) => {
  await page.goto("/");
  const button = page.getByRole("button", { name: "Examples" });
  await button.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  const items = menu.getByRole("menuitem");
  await expect(items).toHaveCount(PRESETS.length);
  await expect(items.first()).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press("End");
  await expect(items.last()).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(items.first()).toBeFocused();
  await shot(page, testInfo, "examples-menu");
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const second = must(PRESETS[1], "second preset");
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveTitle(`Pagewalk — ${second.meta.title}`);
  await expect(button).toBeFocused();
});

test("the Linux example is fetched on demand, and a failed fetch says so and keeps the state", async ({
  page,
}, testInfo) => {
  const linux = must(
    PRESETS.find((p) => p.file !== undefined),
    "the fetched preset",
  );
  const requested: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/scenarios/")) requested.push(r.url());
  });
  await page.goto("/");
  const status = statusOf(page);
  const before = await status.textContent();
  expect(requested, "nothing fetched on first load").toEqual([]);

  await page.route("**/scenarios/**", (route) => route.fulfill({ status: 404, body: "gone" }));
  await page.getByRole("button", { name: "Examples" }).click();
  await page.getByRole("menuitem", { name: linux.meta.title }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText(`could not be loaded (HTTP 404)`);
  await expect(status).toHaveText(must(before, "status"));
  await shot(page, testInfo, "linux-fetch-failed");
  await page.getByRole("button", { name: "Dismiss" }).click();

  // Slow but working: a loading state while it arrives.
  await page.unroute("**/scenarios/**");
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/scenarios/**", async (route) => {
    await gate;
    await route.continue();
  });
  await page.getByRole("button", { name: "Examples" }).click();
  await page.getByRole("menuitem", { name: linux.meta.title }).click();
  await expect(page.getByText(`Loading ${linux.meta.title}…`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Examples" })).toHaveAttribute("aria-busy", "true");
  release();
  await expect(page).toHaveTitle(`Pagewalk — ${linux.meta.title}`, { timeout: 15_000 });
  expect(requested.length).toBeGreaterThan(0);
});

test("a copied link opens the identical state in a new page", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  const preset = must(presetById("worked-example"), "preset");
  await openExample(page, preset.meta.title);
  // Study the second bookmark (a write), and change an entry so the state is not the preset's.
  await bookmarkButtons(page).nth(1).click();
  const status = statusOf(page);
  await expect(status).toHaveText(outcomePattern(must(preset.outcomes[1], "outcome")));
  await page.getByRole("button", { name: "Inspect PT[127]" }).click();
  await page.getByRole("button", { name: "bit 1 R/W" }).click();
  await expect(status).toContainText("→ 0x35ce");
  const url = await copyLink(page);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  const fragment = new URL(url).hash;
  await expect(page.locator(".share-length")).toContainText(`${fragment.length} in the fragment`);
  testInfo.annotations.push({
    type: "link length",
    description: `worked example, edited: ${fragment.length} characters of fragment`,
  });
  expect(fragment.length).toBeLessThanOrEqual(300);
  expect(page.url()).toBe(url);
  await shot(page, testInfo, "link-copied");

  const statusText = await status.textContent();
  const walkText = await page.getByRole("region", { name: "Walk" }).innerText();
  const vaValue = await page.getByLabel("Virtual address").inputValue();
  const registers = await page.getByRole("region", { name: /Registers/ }).innerText();

  const other = await context.newPage();
  const otherErrors = collectConsoleErrors(other);
  await other.goto(url);
  await expect(other).toHaveTitle(`Pagewalk — ${preset.meta.title}`);
  await expect(statusOf(other)).toHaveText(must(statusText, "status"));
  expect(await other.getByLabel("Virtual address").inputValue()).toBe(vaValue);
  expect(await other.getByRole("region", { name: "Walk" }).innerText()).toBe(walkText);
  expect(await other.getByRole("region", { name: /Registers/ }).innerText()).toBe(registers);
  await expect(other.getByRole("button", { name: "bit 1 R/W" })).toHaveAttribute("aria-pressed", "true");
  await expect(
    other.getByRole("button", { name: "Undo" }),
    "a page opened with a link starts its history",
  ).toBeDisabled();
  await shot(other, testInfo, "link-opened");
  expect(errors, "console errors").toEqual([]);
  expect(otherErrors, "console errors (new page)").toEqual([]);
});

/** A tampered copy of a fragment that the decoder refuses (raw deflate has no checksum, so pick one). */
async function refusedTampering(fragment: string): Promise<string> {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (let i = 4; i < fragment.length; i++) {
    const c = fragment.charAt(i);
    const flipped = alphabet.charAt((alphabet.indexOf(c) ^ 1) % 64);
    const candidate = fragment.slice(0, i) + flipped + fragment.slice(i + 1);
    if (!(await decodeScenarioLink(candidate)).ok) return candidate;
  }
  throw new Error("no refused tampering found");
}

test("a broken link shows one message and keeps the current state", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  const preset = must(presetById("fault-gallery"), "preset");
  await openExample(page, preset.meta.title);
  const status = statusOf(page);
  const expected = must(await status.textContent(), "status");
  await expect(page).toHaveURL(/#s1\./); // the example's pushState, as Playwright learns of it
  const good = new URL(page.url()).hash;

  // 16 MiB of zeros deflate to ~16 KB: a decompression bomb that must stop at the 8 MiB cap.
  const bomb = `#s1.${deflateRawSync(Buffer.alloc(16 << 20)).toString("base64url")}`;
  const cases: [string, string][] = [
    ["garbage", "#hello-there"],
    ["not base64url", "#s1.%%%%!!**"],
    ["truncated", good.slice(0, Math.floor(good.length / 2))],
    ["bit-flipped", await refusedTampering(good)],
    ["newer version", "#s7.AAAA"],
    ["decompression bomb", bomb],
    ["oversized", `#s1.${"A".repeat(70_000)}`],
  ];
  for (const [name, fragment] of cases) {
    await page.evaluate((f) => (location.hash = f), fragment);
    const alert = page.getByRole("alert");
    await expect(alert, name).toBeVisible();
    await expect(alert, name).toContainText("Your current state is unchanged.");
    await expect(page.getByRole("alert"), name).toHaveCount(1);
    await expect(status, name).toHaveText(expected);
    await expect(page).toHaveTitle(`Pagewalk — ${preset.meta.title}`);
    if (name === "truncated") await shot(page, testInfo, "broken-link");
    await page.getByRole("button", { name: "Dismiss" }).click();
    await expect(alert).toBeHidden();
  }

  // The offer to start from an example.
  await page.evaluate(() => (location.hash = "#s1.broken"));
  await page.getByRole("button", { name: "Open the worked example" }).click();
  await expect(page).toHaveTitle("Pagewalk — Worked example (Writing an OS in Rust)");
  await page.evaluate(() => (location.hash = "#s1.broken-again"));
  await page.getByRole("button", { name: "Choose an example…" }).click();
  await expect(page.getByRole("menu")).toBeVisible();
  await expect(page.getByRole("menuitem").first()).toBeFocused();
  expect(errors, "console errors").toEqual([]);
});

test("a page opened with a broken link starts normally and says why", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/#s1.AAAA_this_is_not_deflate");
  await expect(page.getByRole("alert")).toContainText("This link is damaged");
  // There was no state of the user's to keep: the message says what the page shows instead.
  await expect(page.getByRole("alert")).toContainText(
    "Showing “Worked example (Writing an OS in Rust)” instead.",
  );
  await expect(page.getByRole("alert")).not.toContainText("unchanged");
  await expect(statusOf(page)).toHaveText("0x803fe7f5ce → 0x35ce (4 KiB page, supervisor read ok)");
  expect(errors).toEqual([]);
});

test("text from a link is shown as text, never as HTML", async ({ page }) => {
  const preset = must(presetById("worked-example"), "preset");
  const state = must(preset.build, "build")();
  const evil = '<img src=x onerror="window.__pwned=1">';
  const fragment = await encodeScenarioLink({
    ...state,
    title: `Hostile ${evil}`,
    description: `A description with ${evil} and <b>bold</b>.`,
    bookmarks: [{ ...must(state.bookmarks[0], "bookmark"), note: `note ${evil}` }],
    labels: [{ kind: "frame", addr: must(state.frames[0], "frame").addr, name: `label ${evil}` }],
  });
  await page.goto(`/${fragment}`);
  await expect(page).toHaveTitle(`Pagewalk — Hostile ${evil}`);
  await expect(page.getByRole("heading", { level: 2, name: `Hostile ${evil}` })).toBeVisible();
  await expect(page.getByText(`note ${evil}`)).toBeVisible();
  expect(await page.locator(".scenario-panel img, .scenario-panel b").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("save a file and open it again; a bad file changes nothing", async ({ page }, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  const preset = must(presetById("two-processes"), "preset");
  await openExample(page, preset.meta.title);
  await bookmarkButtons(page).nth(1).click();
  const status = statusOf(page);
  const saved = must(await status.textContent(), "status");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Save", exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("two-processes-sharing-the-kernel-half.json");
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const doc = JSON.parse(await readFile(file, "utf8")) as {
    format: string;
    version: number;
    title: string;
    registers: { cr3: string };
  };
  expect(doc.format).toBe("pagewalk-scenario");
  expect(doc.version).toBe(1);
  expect(doc.title).toBe(preset.meta.title);
  expect(doc.registers.cr3).toBe("0x4000");

  await openExample(page, must(presetById("la57"), "la57").meta.title);
  await expect(status).not.toHaveText(saved);
  await page.getByLabel("Scenario file to open").setInputFiles(file);
  await expect(page).toHaveTitle(`Pagewalk — ${preset.meta.title}`);
  await expect(status).toHaveText(saved);

  const before = await status.textContent();
  await page.getByLabel("Scenario file to open").setInputFiles({
    name: "future.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ ...doc, version: 99 })),
  });
  await expect(page.getByRole("alert")).toContainText('"future.json" was not opened');
  await expect(page.getByRole("alert")).toContainText("newer");
  await expect(status).toHaveText(must(before, "status"));
  await page.getByRole("button", { name: "Dismiss" }).click();
  await page.getByLabel("Scenario file to open").setInputFiles({
    name: "junk.bin",
    mimeType: "application/octet-stream",
    buffer: Buffer.from([1, 2, 3, 4]),
  });
  await expect(page.getByRole("alert")).toContainText('"junk.bin" was not opened');
  await expect(status).toHaveText(must(before, "status"));
  await shot(page, testInfo, "bad-file");
  expect(errors, "console errors").toEqual([]);
});

test("hostile scenario files: refused by size before reading, and with the command line's words", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  const dir = await mkdtemp(join(tmpdir(), "pagewalk-files-e2e-"));
  try {
    // A sparse 2 GiB ".json": read whole it took seconds and a GiB, or could not be read at all.
    const huge = join(dir, "huge.json");
    const handle = await open(huge, "w");
    await handle.truncate(2 ** 31);
    await handle.close();
    await page.goto("/");
    const status = statusOf(page);
    const before = must(await status.textContent(), "status");
    const alert = page.getByRole("alert");
    const input = page.getByLabel("Scenario file to open");

    await input.setInputFiles(huge);
    await expect(alert).toContainText(
      '"huge.json" was not opened: The file is too large (2048 MiB; the limit is 32 MiB). Your current state is unchanged.',
    );
    await shot(page, testInfo, "huge-file");
    await page.getByRole("button", { name: "Dismiss" }).click();

    // Data after the end of the deflate stream (the CLI used to accept it; both refuse it now).
    const { serializeScenario } = await import("../src/core/scenario");
    const text = serializeScenario(must(presetById("recursive")?.build, "build")());
    await input.setInputFiles({
      name: "junk.pwscn",
      mimeType: "application/octet-stream",
      buffer: Buffer.concat([deflateRawSync(Buffer.from(text)), Buffer.from("junk")]),
    });
    await expect(alert).toContainText(
      '"junk.pwscn" was not opened: The file is neither a scenario (JSON) nor a compressed scenario.',
    );
    await page.getByRole("button", { name: "Dismiss" }).click();

    // A JSON array is JSON, just not a scenario.
    await input.setInputFiles({
      name: "array.json",
      mimeType: "application/json",
      buffer: Buffer.from("[1, 2, 3]\n"),
    });
    await expect(alert).toContainText(
      '"array.json" was not opened: This is JSON, but not a Pagewalk scenario: a scenario is a JSON object, and this is an array.',
    );
    await expect(status).toHaveText(before);
    expect(errors, "console errors").toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a state too large for a link says so and offers the file", async ({ page }) => {
  await page.goto("/");
  // 2,000 frames of random entries: incompressible, far past the 64 KiB link limit.
  const frames: Record<string, Record<string, string>> = {};
  let seed = 12345;
  const random = (): string => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed * 4096).toString(16);
  };
  for (let f = 0; f < 2000; f++) {
    const entries: Record<string, string> = {};
    for (let i = 0; i < 16; i++) entries[String(i * 7)] = `0x${random()}`;
    frames[`0x${((f + 16) * 4096).toString(16)}`] = entries;
  }
  await openHandWrittenScenario(page, {
    title: "Big",
    ramBytes: 0x100_0000,
    allocatorEnd: 0x100_0000,
    frames,
    va: "0x0",
  });
  await page.getByRole("button", { name: "Copy link" }).click();
  const alert = page.getByRole("group", { name: "Share link" }).getByRole("alert");
  await expect(alert).toContainText("too large for a link");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    alert.getByRole("button", { name: "Save file" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("big.json");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: "Copy link" })).toBeFocused();
});

test("drop a scenario file on the page", async ({ page }, testInfo) => {
  await page.goto("/");
  const preset = must(presetById("recursive"), "preset");
  const state = must(preset.build, "build")();
  const { serializeScenario } = await import("../src/core/scenario");
  const json = serializeScenario({ ...state, title: "Dropped scenario" });
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], "dropped.json", { type: "application/json" }));
    document.body.dispatchEvent(
      new DragEvent("dragenter", { dataTransfer: dt, bubbles: true, cancelable: true }),
    );
    (window as unknown as { __dropData: DataTransfer }).__dropData = dt;
  }, json);
  await expect(page.getByText("Drop a scenario file")).toBeVisible();
  await shot(page, testInfo, "drop-overlay");
  await page.evaluate(() => {
    const dt = (window as unknown as { __dropData: DataTransfer }).__dropData;
    document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect(page.getByText("Drop a scenario file")).toBeHidden();
  await expect(page).toHaveTitle("Pagewalk — Dropped scenario");

  // Behind a modal dialog the page is inert: a drop there opens nothing.
  await page.getByRole("button", { name: "Examples" }).click();
  await page.getByRole("menuitem", { name: /Worked example/ }).click();
  await expect(page).toHaveTitle(/Worked example/);
  await page.getByRole("button", { name: "Compare with…" }).click();
  await page.evaluate(() => {
    const dt = (window as unknown as { __dropData: DataTransfer }).__dropData;
    document.body.dispatchEvent(
      new DragEvent("dragenter", { dataTransfer: dt, bubbles: true, cancelable: true }),
    );
    document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect(page.getByText("Drop a scenario file")).toBeHidden();
  await expect(page).toHaveTitle(/Worked example/);
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
  await page.evaluate(() => {
    const dt = (window as unknown as { __dropData: DataTransfer }).__dropData;
    document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect(page).toHaveTitle("Pagewalk — Dropped scenario");
  await expect(bookmarkButtons(page)).toHaveCount(preset.meta.bookmarks.length);
  await bookmarkButtons(page).first().click();
  await expect(statusOf(page)).toHaveText(outcomePattern(must(preset.outcomes[0], "outcome")));
});

test("Copy link from the keyboard keeps the focus on the button, and Esc closes its popover", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  const button = page.getByRole("button", { name: "Copy link" });
  await button.focus();
  await page.keyboard.press("Enter");
  const popover = page.getByRole("group", { name: "Share link" });
  await expect(popover).toContainText("Copied to the clipboard.");
  await expect(button).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(popover).toBeHidden();
  await expect(button).toBeFocused();
});

test("back and forward move between shared and opened states", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  const status = statusOf(page);
  const first = await status.textContent();
  const startTitle = await page.title();
  // The page starts on the worked example: open another one, to tell it from the page's start.
  const gallery = must(presetById("fault-gallery"), "preset");
  await openExample(page, gallery.meta.title);
  await bookmarkButtons(page).nth(2).click();
  const one = must(await status.textContent(), "status one");
  const linkOne = await copyLink(page);
  await bookmarkButtons(page).nth(1).click();
  // A click elsewhere closes the Copy-link popover (e2e/layout.spec.ts), stale link and all.
  await expect(page.getByRole("group", { name: "Share link" })).toBeHidden();
  const two = must(await status.textContent(), "status two");
  expect(two).not.toBe(one);
  const linkTwo = await copyLink(page);
  expect(linkTwo).not.toBe(linkOne);

  await page.goBack();
  await expect(status).toHaveText(one);
  expect(page.url()).toBe(linkOne);
  await page.goForward();
  await expect(status).toHaveText(two);
  expect(page.url()).toBe(linkTwo);

  // Further back: the example as opened, then the page as it started.
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveTitle(`Pagewalk — ${gallery.meta.title}`);
  await page.goBack();
  await expect(status).toHaveText(must(first, "first status"));
  await expect(page).toHaveTitle(startTitle);
  expect(startTitle).toBe(`Pagewalk — ${must(presetById("worked-example"), "worked").meta.title}`);
});

test("export the tables as C and NASM", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await openExample(page, must(presetById("worked-example"), "preset").meta.title);
  await page.getByRole("button", { name: "Export code" }).click();
  const dialog = page.getByRole("dialog", { name: "Export the page tables as code" });
  await expect(dialog).toBeVisible();
  const code = dialog.getByLabel("C code");
  await expect(code).toHaveValue(/uint64_t/);
  await expect(code).toHaveValue(/0x1000/);
  await shot(page, testInfo, "export-c");
  await dialog.getByRole("radio", { name: "NASM" }).check();
  const nasm = dialog.getByLabel("NASM code");
  await expect(nasm).toHaveValue(/\bdq\b/);
  await dialog.getByRole("button", { name: "Copy NASM" }).click();
  await expect(dialog.getByText("Copied to the clipboard.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await nasm.inputValue());
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("no serious accessibility violations with the scenario UI open", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await page.goto("/");
  await openExample(page, must(presetById("two-processes"), "preset").meta.title);
  await page.evaluate(() => (location.hash = "#s1.broken"));
  await expect(page.getByRole("alert")).toBeVisible();
  await page.getByRole("button", { name: "Examples" }).click();
  await expect(page.getByRole("menu")).toBeVisible();
  await shot(page, testInfo, "a11y-menu-open");
  const axe = await accessibilityScan(page).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = testInfo.outputPath("axe-scenarios.json");
  await writeFile(report, JSON.stringify(axe.violations, null, 2));
  expect(
    serious.map(
      (v) => `${v.id} (${v.impact}): ${v.help} [${v.nodes.map((n) => n.target.join(" ")).join("; ")}]`,
    ),
  ).toEqual([]);
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Export code" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  const axe2 = await accessibilityScan(page).include("dialog").analyze();
  expect(
    axe2.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
  ).toEqual([]);
  await page.keyboard.press("Escape");

  // The dark theme: the scenario panel, the alert and the open menu.
  await page.getByLabel("Theme").selectOption("dark");
  await page.getByRole("button", { name: "Examples" }).click();
  await expect(page.getByRole("menu")).toBeVisible();
  await shot(page, testInfo, "a11y-dark-menu-open");
  const axe3 = await accessibilityScan(page)
    .include(".app-header")
    .include(".scenario-messages")
    .include(".scenario-panel")
    .analyze();
  expect(
    axe3.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `dark: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`),
  ).toEqual([]);
  expect(errors, "console errors").toEqual([]);
});
