/**
 * The store tests' machine (src/store/__fixtures__/testMachine.ts; the page's first machine before
 * the app opened on the worked-example preset): the worked example's walk with every level
 * user-accessible, an identity-mapped first 2 MiB, a 1 GiB direct map, a higher-half kernel and a
 * recursive PML4 entry. Specs that test those open it as a user would: as a link.
 */
import type { Page } from "@playwright/test";
import { encodeScenarioLink, scenarioFromMachine } from "../src/core/scenario";
import { testInitialState } from "../src/store/__fixtures__/testMachine";

/** Opens the test machine on a user read of 0x803fe7f5ce, its PT entry selected. */
export async function openTestMachine(page: Page): Promise<void> {
  const { machine, selection } = testInitialState();
  const state = scenarioFromMachine(
    machine,
    {
      va: selection.va,
      access: selection.access,
      selection: selection.table ? { table: selection.table, entryIndex: selection.entryIndex } : null,
    },
    {},
  );
  await page.goto(`/${await encodeScenarioLink(state)}`);
  await page.getByText("0x803fe7f5ce → 0x35ce (4 KiB page, user read ok)").waitFor();
}
