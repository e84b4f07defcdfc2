import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { readGolden, writeGoldenImage, writeWorkedExampleDumps } from "../src/core/__fixtures__/golden";
import { writeFullTablesImage } from "../src/core/__fixtures__/full-tables-dump";
import { shot } from "./artifacts";

const LINUX = readGolden("linux-4l");
const WORKED = "0x803fe7f5ce → 0x35ce (4 KiB page, supervisor read ok)";
let dir = "";

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pagewalk-dump-e2e-"));
  writeWorkedExampleDumps({ raw: join(dir, "worked-example.raw"), elf: join(dir, "worked-example.elf") });
  writeFileSync(join(dir, "notes.txt"), "This is not a memory dump.\n");
  // The real Linux tables at their physical addresses in a sparse 256 MiB raw image.
  writeGoldenImage(LINUX, join(dir, "linux-256m.raw"));
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test.use({ viewport: { width: 1280, height: 800 } });

function parts(page: Page) {
  return {
    status: page.getByRole("region", { name: "Walk" }).getByRole("status"),
    walk: page.getByRole("region", { name: "Walk" }),
    dialog: page.getByRole("dialog", { name: "Import memory dump" }),
    file: page.getByLabel("Memory dump file"),
  };
}

/** Breaks the worked example (PT[127].P = 0) so that an import visibly replaces the machine. */
async function breakWorkedExample(page: Page): Promise<void> {
  const { status } = parts(page);
  await expect(status).toHaveText(WORKED);
  await page.getByRole("button", { name: "Inspect PT[127]" }).click();
  await page.getByRole("button", { name: "bit 0 P", exact: true }).click();
  await expect(status).toContainText("#PF error 0x0 at PT[127]");
}

test("an ELF core imports with the registers from its QEMU note, with progress, and can be exported", async ({
  page,
}, testInfo) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/");
  const { status, walk, dialog, file } = parts(page);
  await breakWorkedExample(page);

  await file.setInputFiles(join(dir, "worked-example.elf"));
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("ELF core (QEMU dump-guest-memory)");
  await expect(dialog).toContainText("CR0, CR3 and CR4 come from the core's QEMU CPU note.");
  await expect(dialog.getByLabel("CR3")).toHaveValue("0x10000");
  await expect(dialog.getByLabel("CR0")).toHaveValue("0x80010011");
  await shot(page, testInfo, "01-elf-registers", { fullPage: true });

  await dialog.getByRole("button", { name: "Import tables" }).click();
  const summary = dialog.getByRole("status");
  await expect(summary).toContainText(/^4 table frames read \(16 KiB in 4 reads, (\d+) progress updates?/);
  const updates = Number(/(\d+) progress update/.exec((await summary.textContent()) ?? "")?.[1]);
  expect(updates).toBeGreaterThanOrEqual(4);
  await expect(dialog.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("value", "1");
  await expect(status).toHaveText(WORKED);
  await expect(walk).toContainText("→ PML4 at 0x10000");
  await shot(page, testInfo, "02-elf-imported", { fullPage: true });

  const download = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Export as scenario" }).click();
  const saved = await (await download).path();
  const scenario = JSON.parse(readFileSync(saved, "utf8")) as {
    format: string;
    registers: { cr3: string };
    frames: object;
    va: string;
  };
  expect(scenario).toMatchObject({
    format: "pagewalk-scenario",
    registers: { cr3: "0x10000" },
    va: "0x803fe7f5ce",
  });
  expect(Object.keys(scenario.frames)).toEqual(["0x10000", "0x24000", "0x32000", "0x41000"]);

  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  // One undoable step: undo brings back the broken worked example.
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(status).toContainText("#PF error 0x0 at PT[127]");
  expect(errors).toEqual([]);
});

test("a raw dump asks for CR3, checks it, then imports", async ({ page }, testInfo) => {
  await page.goto("/");
  const { status, walk, dialog, file } = parts(page);
  await breakWorkedExample(page);

  await file.setInputFiles(join(dir, "worked-example.raw"));
  await expect(dialog).toContainText("raw physical memory image (pmemsave)");
  await expect(dialog).toContainText("enter CR3");
  const cr3 = dialog.getByLabel("CR3");
  await expect(cr3).toHaveValue("");
  await dialog.getByRole("button", { name: "Import tables" }).click();
  await expect(dialog).toContainText("Enter CR3: the physical address of the top-level table");
  await expect(cr3).toHaveAttribute("aria-invalid", "true");

  await cr3.fill("0x10g00");
  await dialog.getByRole("button", { name: "Import tables" }).click();
  await expect(dialog).toContainText('CR3 "0x10g00" is not a hex number (unexpected "g").');

  await cr3.fill("0x4000000");
  await dialog.getByRole("button", { name: "Import tables" }).click();
  await expect(dialog).toContainText(
    "CR3 0x4000000 points outside the dump (it covers physical addresses 0 to 0x1000000, 16 MiB).",
  );
  await expect(status).toContainText("#PF error 0x0 at PT[127]"); // nothing changed
  await shot(page, testInfo, "03-raw-cr3-outside", { fullPage: true });

  // A good CR3 beside a bad CR0: the old CR3 refusal goes with the CR3 it was about.
  await cr3.fill("0x1_0000");
  await expect(dialog).not.toContainText("points outside the dump");
  const cr0 = dialog.getByLabel("CR0");
  const cr0Before = await cr0.inputValue();
  await cr0.fill("0xzz");
  await dialog.getByRole("button", { name: "Import tables" }).click();
  await expect(dialog).toContainText('CR0 "0xzz" is not a hex number (unexpected "z").');
  await expect(dialog).not.toContainText("points outside the dump");
  await expect(cr3).not.toHaveAttribute("aria-invalid", "true");
  await cr0.fill(cr0Before);
  await dialog.getByRole("button", { name: "Import tables" }).click();
  await expect(dialog.getByRole("status")).toContainText(/^4 table frames read/);
  await expect(status).toHaveText(WORKED);
  await expect(walk).toContainText("→ PML4 at 0x10000");
  await shot(page, testInfo, "04-raw-imported", { fullPage: true });
});

test("a file that is not a dump is refused and the machine stays as it was", async ({ page }, testInfo) => {
  await page.goto("/");
  const { status, dialog, file } = parts(page);
  await breakWorkedExample(page);
  await file.setInputFiles(join(dir, "notes.txt"));
  await expect(dialog.getByRole("alert")).toHaveText(
    "This is a text file, not a memory image (a raw dump is binary: physical memory from address 0). Nothing was changed.",
  );
  await shot(page, testInfo, "05-not-a-dump", { fullPage: true });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(status).toContainText("#PF error 0x0 at PT[127]");
  await expect(page.getByRole("button", { name: "Undo" })).toBeEnabled(); // the P edit is still the last step
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(status).toHaveText(WORKED);
});

// 65,536 table frames with all 512 entries present (src/core/__fixtures__/full-tables-dump.ts): the
// import built every entry as an object on the main thread (180 s, 11.5 GB) before a limit applied.
test("tables past a scenario's entry limit are refused while they are read, and nothing changes", async ({
  page,
}, testInfo) => {
  const image = writeFullTablesImage(join(dir, "full-tables.raw"));
  await page.goto("/");
  const { status, dialog, file } = parts(page);
  await breakWorkedExample(page);
  await file.setInputFiles(image);
  await expect(dialog).toContainText("RAM up to 0x10100000 (257 MiB)");
  await dialog.getByLabel("CR3").fill("0x100000");
  await dialog.getByRole("button", { name: "Import tables" }).click();
  await expect(dialog.getByRole("alert")).toHaveText(
    "The page tables reachable from CR3 hold more than 1,048,576 non-zero entries (1,049,088 in the first 2,049 table frames read); a scenario holds at most 1,048,576, so the import stops here. Nothing was changed.",
  );
  await shot(page, testInfo, "06-too-many-entries", { fullPage: true });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(status).toContainText("#PF error 0x0 at PT[127]");
  await page.getByRole("button", { name: "Undo" }).click(); // the P edit is still the last step
  await expect(status).toHaveText(WORKED);
});

async function fillLinuxRegisters(page: Page): Promise<void> {
  const { dialog } = parts(page);
  const r = LINUX.registers;
  await dialog.getByLabel("CR3").fill(r.cr3);
  await dialog.getByLabel("CR0").fill(r.cr0);
  await dialog.getByLabel("CR4").fill(r.cr4);
  await dialog.getByLabel("EFER").fill(r.efer);
  await dialog.getByLabel("MAXPHYADDR").fill(String(r.maxPhyAddr));
}

// How fast this is (from choosing the file to a translation shown) is a figure of `npm run bench`
// (bench/ui.bench.mjs), not a check here: a loaded machine must not fail the test.
test("real Linux tables in a 256 MiB raw dump are imported, walked and counted", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  const { status, walk, dialog, file } = parts(page);
  await expect(status).toHaveText(WORKED);

  await file.setInputFiles(join(dir, "linux-256m.raw"));
  await expect(dialog).toContainText("RAM up to 0x10000000 (256 MiB)");
  await fillLinuxRegisters(page);

  await dialog.getByRole("button", { name: "Import tables" }).click();
  // Reading the tables and the first render of 96 of them took up to ~2.5 s on a loaded machine.
  await expect(status).toHaveText(/^0x[0-9a-f]+ → 0x[0-9a-f]+ \(.+ ok\)$/, { timeout: 15_000 });
  await expect(dialog.getByRole("status")).toHaveText(/^96 table frames read/);
  await expect(walk).toContainText("→ PML4 at 0x2a10000");
  await shot(page, testInfo, "06-linux-256m-imported", { fullPage: true });
});

test("Cancel stops the import of the 256 MiB dump and changes nothing", async ({ page }, testInfo) => {
  await page.goto("/");
  const { status, walk, dialog, file } = parts(page);
  await expect(status).toHaveText(WORKED);
  await file.setInputFiles(join(dir, "linux-256m.raw"));
  await fillLinuxRegisters(page);
  // Cancel at once (a real user's click would come too late: the import takes a few dozen ms).
  const cancelled = await page.evaluate(async () => {
    const dialogEl = document.querySelector("dialog.dump-dialog");
    const button = (name: string) =>
      [...(dialogEl?.querySelectorAll<HTMLButtonElement>("button") ?? [])].find(
        (b) => b.textContent === name,
      );
    button("Import tables")?.click();
    for (let i = 0; i < 5 && !button("Cancel import"); i++)
      await new Promise((r) => queueMicrotask(() => r(null)));
    const cancel = button("Cancel import");
    cancel?.click();
    return cancel !== undefined;
  });
  expect(cancelled).toBe(true);
  await expect(dialog.getByRole("alert")).toHaveText("The import was cancelled; nothing was changed.");
  await expect(status).toHaveText(WORKED);
  await expect(walk).not.toContainText("0x2a10000");
  await shot(page, testInfo, "07-linux-cancelled", { fullPage: true });
  // The form stays: importing again works.
  await dialog.getByRole("button", { name: "Import tables" }).click();
  await expect(dialog.getByRole("status")).toContainText(/^96 table frames read/);
});

test("a memory dump dropped on the page opens the import dialog, not the scenario reader", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  const { status, dialog } = parts(page);
  await breakWorkedExample(page);
  // The page fetches the 17 MB core from a route the test serves: much cheaper on a slow machine than
  // passing it to page.evaluate as base64 and decoding it there character by character.
  await page.route("**/__e2e__/guest.core", (route) =>
    route.fulfill({ path: join(dir, "worked-example.elf") }),
  );
  await page.evaluate(async () => {
    const bytes = await (await fetch("/__e2e__/guest.core")).arrayBuffer();
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], "guest.core"));
    document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("CR3")).toHaveValue("0x10000");
  await expect(page.getByRole("alert")).toHaveCount(0); // no "not a scenario" message
  await dialog.getByRole("button", { name: "Import tables" }).click();
  await expect(status).toHaveText(WORKED);
  await shot(page, testInfo, "03-dropped-elf-imported", { fullPage: true });
});
