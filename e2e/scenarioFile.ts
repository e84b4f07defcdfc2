/**
 * A scenario file written by hand, as a user saves and edits one, opened with **Open…**: a machine
 * whose PML4 is at 0x1000 and whose allocator hands out the frames from 0x2000 up to `allocatorEnd`.
 */
import { expect, type Page } from "@playwright/test";

export interface HandWrittenScenario {
  readonly title: string;
  readonly ramBytes: number;
  /** The allocator's end (exclusive): its frames are 0x2000 up to here. */
  readonly allocatorEnd: number;
  readonly frames?: Record<string, Record<string, string>>;
  readonly va: string;
}

/** Opens the scenario through the Open… file input and waits for its title. */
export async function openHandWrittenScenario(page: Page, s: HandWrittenScenario): Promise<void> {
  const doc = {
    format: "pagewalk-scenario",
    version: 1,
    title: s.title,
    registers: { cr0: "0x80010001", cr3: "0x1000", cr4: "0x20", efer: "0xd00", maxPhyAddr: 52 },
    ramBytes: `0x${s.ramBytes.toString(16)}`,
    frames: s.frames ?? {},
    // Frames from 0x2000: 0x1000 is the PML4 (CR3), which an allocator may not offer.
    allocator: { first: "0x2000", end: `0x${s.allocatorEnd.toString(16)}`, next: "0x2000", free: [] },
    va: s.va,
    access: "supRead",
  };
  await page.getByLabel("Scenario file to open").setInputFiles({
    name: `${s.title.toLowerCase().replace(/\W+/g, "-")}.json`,
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(doc)),
  });
  await expect(page).toHaveTitle(`Pagewalk — ${s.title}`);
}
