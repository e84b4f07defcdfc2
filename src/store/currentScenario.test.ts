/**
 * What the store saves and shares always opens again: a table the user linked into a frame the
 * allocator still offers is left out of the saved allocator, which loading would otherwise refuse.
 */
import { describe, expect, it } from "vitest";
import type { PhysAddr } from "../core/arch";
import { checkScenario, encodeScenarioLink, parseScenario, serializeScenario } from "../core/scenario";
import { selectCurrentScenario } from "./selectors";
import { createPagewalkStore } from "./store";

describe("the current scenario", () => {
  it("never offers a table in use as a free frame, so its file and link reopen", async () => {
    const store = createPagewalkStore();
    const free = store.getState().machine.alloc.state();
    const table = free.nextPfn * 4096; // the frame the next Map would zero and hand out
    // PML4[2] → that frame, as a table (P, R/W): a learner's edit.
    expect(store.getState().writeEntryRaw((0x1000 + 2 * 8) as PhysAddr, BigInt(table) | 3n).ok).toBe(true);
    const state = selectCurrentScenario(store.getState());
    expect(checkScenario(state)).toBeNull();
    expect(state.allocator.nextPfn).toBe(free.nextPfn + 1);
    const reopened = parseScenario(serializeScenario(state));
    expect(reopened.ok).toBe(true);
    await expect(encodeScenarioLink(state)).resolves.toMatch(/^#s1\./);
    // The machine itself is as the user left it.
    expect(store.getState().machine.alloc.state()).toEqual(free);
  });
});
