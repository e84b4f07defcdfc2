/**
 * Issue 15 §1–2 as a user meets them: paste a QEMU log with the worked example loaded and land on
 * the faulting walk (its VA, its access, the fault it names); a garbled log changes nothing; the
 * Check panel on the Linux example lists the core's findings and walks one. What the page should
 * say is computed here by the core from the same scenario and log.
 */
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { collectConsoleErrors, shot } from "./artifacts";
import { accessibilityScan } from "./axe";
import { LINUX_TITLE, openExample } from "./examples";
import { formatVirtAddr } from "../src/core/arch";
import { formatCount } from "../src/core/common";
import { explainFault, parseFaultLog } from "../src/core/explain";
import { lintAddressSpace } from "../src/core/lint";
import {
  LINUX_PRESET_FILE,
  machineFromScenario,
  parseScenarioBytesSync,
  presetById,
} from "../src/core/scenario";
import { describeOutcome, walk } from "../src/core/walk";

const LOG = readFileSync(
  new URL("../src/core/explain/__fixtures__/logs/qemu-int-triple-fault.log", import.meta.url),
  "utf8",
);

const walkStatus = (page: Page) => page.getByRole("region", { name: "Walk" }).getByRole("status");

test("paste a QEMU log with the worked example loaded and land on the faulting walk", async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  const worked = machineFromScenario(presetById("worked-example")!.build!());
  const log = parseFaultLog(LOG);
  if (!log.ok) throw new Error(log.error.message);
  const expected = explainFault(log.value, { memory: worked.ram, regs: worked.regs });
  const expectedWalk = walk(worked.ram, worked.regs, log.value.va, expected.access);

  await page.goto("/");
  const va = page.getByLabel("Virtual address");
  await expect(va).toHaveValue("0x80_3fe7_f5ce");
  await page.getByRole("button", { name: "Explain a fault…" }).click();
  const panel = page.getByRole("region", { name: "Explain a fault" });
  // A garbled log is refused with a message, and nothing changes.
  await panel.getByLabel("Fault log").fill("     0: v=0e e=00zz i=0 cpl=0 IP=0008:0000000000401000");
  await panel.getByRole("button", { name: "Explain", exact: true }).click();
  await expect(panel.getByRole("alert")).toContainText("starts like a QEMU -d int exception line");
  await expect(va).toHaveValue("0x80_3fe7_f5ce");

  await panel.getByLabel("Fault log").fill(LOG);
  await panel.getByRole("button", { name: "Explain", exact: true }).click();
  const explanation = panel.getByRole("status", { name: "Explanation" });
  await expect(explanation).toContainText(expected.headline);
  expect(expected.headline).toContain("PT[126] has P = 0");
  // The page is at that walk: the VA, a user read, and the walk's own sentence for the fault.
  await expect(va).toHaveValue(formatVirtAddr(log.value.va, true));
  await expect(page.getByRole("radio", { name: "User" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "Read" })).toBeChecked();
  await expect(walkStatus(page)).toContainText(describeOutcome(expectedWalk));
  await shot(page, testInfo, "explain-worked-example", { fullPage: true });
  expect(errors).toEqual([]);
});

test("a long log pasted is held for Explain, not put in the field, and explains as the log itself does", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  // A serial console's noise before the fault, as real logs have: past the 4,194,304 characters
  // that are read whole, so the page reads it from its first page-fault report.
  const noise = Array.from(
    { length: 100_000 },
    (_, i) => `[    ${i}.000000] booting: line ${i + 1} of noise`,
  );
  const long = `${noise.join("\n")}\n${LOG}`;
  const worked = machineFromScenario(presetById("worked-example")!.build!());
  const log = parseFaultLog(long);
  if (!log.ok) throw new Error(log.error.message);
  const expected = explainFault(log.value, { memory: worked.ram, regs: worked.regs });

  await page.goto("/");
  await page.getByRole("button", { name: "Explain a fault…" }).click();
  const panel = page.getByRole("region", { name: "Explain a fault" });
  const field = panel.getByLabel("Fault log");
  await expect(field).toBeFocused();
  await page.evaluate((text) => navigator.clipboard.writeText(text), long);
  await page.keyboard.press("ControlOrMeta+V");
  const lines = long.replace(/\n$/, "").split("\n").length; // a final newline starts no line
  await expect(panel).toContainText(
    `A long log (${formatCount(long.length)} characters, ${formatCount(lines)} lines) is held for Explain`,
  );
  // The field shows the log's first and last lines, and cannot be typed into.
  await expect(field).toHaveAttribute("readonly", "");
  const shown = await field.inputValue();
  expect(shown.split("\n")).toHaveLength(41);
  expect(shown).toContain(`… ${formatCount(lines - 40)} lines not shown …`);
  expect(shown.startsWith(noise[0]!)).toBe(true);
  // The held field, its note and its button pass axe.
  const axe = await accessibilityScan(page).include(".pw-explain").analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  expect(long.length).toBeGreaterThan(4 * 1024 * 1024);
  await panel.getByRole("button", { name: "Explain", exact: true }).click();
  const explanation = panel.getByRole("status", { name: "Explanation" });
  await expect(explanation).toContainText(expected.headline);
  await expect(explanation).toContainText(
    `The log is long (${formatCount(lines)} lines): lines ${formatCount(100_001 + LOG.split("\n").findIndex((l) => /v=0e/.test(l)))}–${formatCount(lines)} were read`,
  );
  // Cleared, the field is empty and editable again, with the keyboard in it.
  await panel.getByRole("button", { name: "Clear the log" }).click();
  await expect(field).toHaveValue("");
  await expect(field).not.toHaveAttribute("readonly");
  await expect(field).toBeFocused();
  await expect(panel.getByRole("status", { name: "Explanation" })).toHaveCount(0);
  // A short paste goes into the field as ever.
  await page.evaluate(() => navigator.clipboard.writeText("PageFaultErrorCode(0x2)"));
  await page.keyboard.press("ControlOrMeta+V");
  await expect(field).toHaveValue("PageFaultErrorCode(0x2)");

  // A log file: a short one into the field, a long one held, named.
  const file = panel.getByLabel("Log file");
  await file.setInputFiles({ name: "short.log", mimeType: "text/plain", buffer: Buffer.from(LOG) });
  await expect(field).toHaveValue(LOG);
  await expect(field).not.toHaveAttribute("readonly");
  await file.setInputFiles({ name: "qemu.log", mimeType: "text/plain", buffer: Buffer.from(long) });
  await expect(panel).toContainText(`A long log from qemu.log (${formatCount(long.length)} characters,`);
  await expect(field).toHaveAttribute("readonly", "");
  await panel.getByRole("button", { name: "Explain", exact: true }).click();
  await expect(explanation).toContainText(expected.headline);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("Explain a fault… opens with the focus in its log field, in view; Close gives the focus back", async ({
    page,
  }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Got it" }).click();
    const open = page.getByRole("button", { name: "Explain a fault…" });
    await open.click();
    const log = page.getByRole("region", { name: "Explain a fault" }).getByLabel("Fault log");
    await expect(log).toBeFocused();
    await expect(log).toBeInViewport({ ratio: 1 });
    await page.keyboard.type("cr2=0x1000");
    await expect(log).toHaveValue("cr2=0x1000");
    await page
      .getByRole("region", { name: "Explain a fault" })
      .getByRole("button", { name: "Close" })
      .click();
    await expect(page.getByRole("region", { name: "Explain a fault" })).toHaveCount(0);
    await expect(open).toBeFocused();
  });
});

test("the Check panel on the Linux example lists the findings and walks one", async ({ page }, testInfo) => {
  const errors = collectConsoleErrors(page);
  const file = readFileSync(new URL(`../public/scenarios/${LINUX_PRESET_FILE}`, import.meta.url));
  const parsed = parseScenarioBytesSync(new Uint8Array(file), (bytes) => ({
    ok: true,
    value: new Uint8Array(inflateRawSync(bytes)),
  }));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const linux = machineFromScenario(parsed.value);
  const report = lintAddressSpace(linux.ram, linux.regs);
  await page.goto("/");
  await openExample(page, LINUX_TITLE);
  const panel = page.getByRole("region", { name: "Check" });
  await panel.getByRole("button", { name: "Check" }).click();
  const s = report.summary;
  await expect(panel.getByRole("status")).toHaveText(
    `${s.errors} error${s.errors === 1 ? "" : "s"}, ${s.warnings} warning${s.warnings === 1 ? "" : "s"} in ${formatCount(s.tables)} tables and ${formatCount(s.leaves)} leaves.`,
  );
  const rows = panel.getByRole("list", { name: "Findings" }).getByRole("listitem");
  await expect(rows).toHaveCount(report.findings.length);
  const first = report.findings[0]!;
  await expect(rows.first()).toContainText(first.message);
  await expect(rows.first()).toContainText(first.kind);
  const start = formatVirtAddr(first.va.start);
  // Ranges end at their last byte, as everywhere on the page.
  await expect(rows.first()).toContainText(`${start}–${formatVirtAddr(first.va.end - 1n)}`);
  await panel.getByRole("button", { name: `Walk ${start}` }).click();
  await expect(page.getByLabel("Virtual address")).toHaveValue(formatVirtAddr(first.va.start, true));
  await shot(page, testInfo, "check-linux", { target: panel });
  expect(errors).toEqual([]);
});

test.describe("in the dark theme", () => {
  test.use({ colorScheme: "dark" });

  test("the Check panel's severities and a refused log's message are readable (contrast)", async ({
    page,
  }, testInfo) => {
    const contrast = async (panel: string): Promise<string[]> =>
      (
        await accessibilityScan(page).include(panel).withRules(["color-contrast"]).analyze()
      ).violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ")));
    await page.goto("/");
    await openExample(page, LINUX_TITLE);
    const check = page.getByRole("region", { name: "Check" });
    await check.getByRole("button", { name: "Check" }).click();
    await expect(check.locator(".pw-check-finding.warning").first()).toBeVisible();
    expect(await contrast(".pw-check"), "findings too faint on the dark theme").toEqual([]);

    await page.getByRole("button", { name: "Explain a fault…" }).click();
    const explain = page.getByRole("region", { name: "Explain a fault" });
    await explain.getByLabel("Fault log").fill("v=0e e=00zz");
    await explain.getByRole("button", { name: "Explain", exact: true }).click();
    await expect(explain.getByRole("alert")).toBeVisible();
    expect(await contrast(".pw-explain"), "the message too faint on the dark theme").toEqual([]);
    // The log's text area has the look of the page's other fields, not the browser's grey.
    const look = (field: Locator) =>
      field.evaluate((e) => {
        const style = getComputedStyle(e);
        return { background: style.backgroundColor, border: style.borderTopColor, text: style.color };
      });
    expect(await look(explain.getByLabel("Fault log")), "the fault log's colours").toEqual(
      await look(page.getByLabel("Virtual address")),
    );
    await shot(page, testInfo, "check-and-explain-dark", { target: check });
  });
});
