import { expect, test, type Page } from "@playwright/test";
import { virtAddr } from "../src/core/arch";
import { machineFromScenario, presetById } from "../src/core/scenario";
import { describeOutcome, walk } from "../src/core/walk";
import { collectConsoleErrors, shot } from "./artifacts";
import { openExample } from "./examples";

test.use({ viewport: { width: 1280, height: 800 } });

const preset = presetById("two-processes");
if (!preset?.build) throw new Error("two-processes preset");
const opened = machineFromScenario(preset.build());

/** The status line of process B's supervisor read of `va` in the example as it opens (the core's words). */
const inProcessBAtFirst = (va: bigint): string =>
  describeOutcome(
    walk(opened.ram, { ...opened.regs, cr3: 0x4000 }, virtAddr(va), { op: "read", mode: "supervisor" }),
  );

/** Switches to a process and walks a supervisor read of `va`; the status line answers. */
async function walkIn(page: Page, process: RegExp, va: string) {
  await page.getByRole("radio", { name: process }).check();
  await page.getByLabel("Virtual address").fill(va);
  await page.getByRole("radio", { name: "Read" }).check();
  await page.getByRole("radio", { name: "Supervisor" }).check();
  return page.getByRole("region", { name: "Walk" }).getByRole("status");
}

test("unmapping the kernel page in process A keeps the kernel PDPT process B still uses", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  if (!preset) throw new Error("two-processes preset");
  await page.goto("/");
  await openExample(page, preset.meta.title);

  const processA = /^process A/;
  const processB = /^process B/;
  // PML4 511, PDPT 0, PD 0, PT 0: where process A's next user page showed up in B before the fix.
  const probe = 0xffff_ff80_0000_0000n;
  const bProbe = inProcessBAtFirst(probe);
  const bUser = inProcessBAtFirst(0x40_0000n);
  expect(bUser).toContain("→ 0x700000");
  await expect(await walkIn(page, processB, "0xffff_ff80_0000_0000")).toHaveText(bProbe);
  await expect(await walkIn(page, processB, "0x40_0000")).toHaveText(bUser);

  await page.getByRole("radio", { name: processA }).check();
  const form = page.getByRole("form", { name: "Map or unmap a page" });
  await form.getByLabel("VA", { exact: true }).fill("0xffff_ffff_8000_0000");
  await form.getByRole("radio", { name: "2 MiB" }).check();
  await form.getByRole("button", { name: "Unmap" }).click();
  await expect(form.getByText("Unmapped 0xffff_ffff_8000_0000.")).toBeVisible();
  await expect(
    form.getByText("The PDPT at 0x2000 is empty but process B (CR3 0x4000) still reaches it: kept."),
  ).toBeVisible();
  await shot(page, testInfo, "kept-notice", { target: form });

  await form.getByRole("radio", { name: "4 KiB" }).check();
  for (const [va, pa] of [
    ["0x7f00_0000_0000", "0x90_0000"],
    ["0x7e00_0000_0000", "0xa0_0000"],
  ] as const) {
    await form.getByLabel("VA", { exact: true }).fill(va);
    await form.getByLabel("PA", { exact: true }).fill(pa);
    await form.getByRole("button", { name: "Map", exact: true }).click();
    await expect(form.getByText(`Mapped ${va} → ${pa}.`)).toBeVisible();
  }

  // Process B translates what it did before: no page of process A appears in its kernel half.
  await expect(await walkIn(page, processB, "0xffff_ff80_0000_0000")).toHaveText(bProbe);
  await expect(await walkIn(page, processB, "0x40_0000")).toHaveText(bUser);
  expect(errors, "console errors").toEqual([]);
});
