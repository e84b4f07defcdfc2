import { describe, expect, it } from "vitest";
import { presetById } from "../../core/scenario";
import { createPagewalkStore, type PagewalkStore } from "../../store/store";
import { selectWalk } from "../../store/selectors";
import { selectSplitLeafLevel } from "./stepMarks";

function storeWith(id: string): PagewalkStore {
  const state = presetById(id)?.build?.();
  if (!state) throw new Error(`${id} is a built-in preset`);
  const store = createPagewalkStore();
  store.getState().loadScenario(state, "example");
  return store;
}

/** The split the address bar shows at each step of the walk, from the first to the last. */
function splitsWhileStepping(store: PagewalkStore): number[] {
  const { firstStep, stepBy } = store.getState();
  firstStep();
  const seen: number[] = [];
  for (;;) {
    const s = store.getState();
    seen.push(selectSplitLeafLevel(s));
    stepBy(1);
    if (store.getState().selection.step === s.selection.step) return seen;
  }
}

describe("the address bar's split follows the walk's leaf", () => {
  it("a 4 KiB walk splits down to the PT, whether stepping or not", () => {
    const store = storeWith("worked-example");
    expect(selectSplitLeafLevel(store.getState())).toBe(1);
    expect(new Set(splitsWhileStepping(store))).toEqual(new Set([1]));
  });

  it("a 2 MiB walk: the PD is the last index; while stepping, from the PDE's read on", () => {
    const store = storeWith("identity-2m");
    const t = selectWalk(store.getState()).translation;
    expect(t.kind === "mapped" && t.pageSize).toBe(2 * 1024 * 1024);
    expect(selectSplitLeafLevel(store.getState())).toBe(2);
    // Split, PML4, PDPT: a 4 KiB split; the PD's read (PS = 1) and every later step: 2 MiB.
    const seen = splitsWhileStepping(store);
    expect(seen.slice(0, 3)).toEqual([1, 1, 1]);
    expect(seen.slice(3).length).toBeGreaterThan(1);
    expect(new Set(seen.slice(3))).toEqual(new Set([2]));
  });

  it("a 1 GiB walk: the PDPT is the last index, from the PDPTE's read on", () => {
    const store = storeWith("higher-half-1g");
    expect(selectSplitLeafLevel(store.getState())).toBe(3);
    const seen = splitsWhileStepping(store);
    expect(seen.slice(0, 2)).toEqual([1, 1]);
    expect(new Set(seen.slice(2))).toEqual(new Set([3]));
  });

  it("a walk that faults before any leaf keeps the 4 KiB split", () => {
    const store = storeWith("higher-half-1g");
    store.getState().setVaText("0x0000_0000_0040_0000"); // PML4[0] is empty
    expect(selectWalk(store.getState()).translation.kind).toBe("not-present");
    expect(selectSplitLeafLevel(store.getState())).toBe(1);
  });
});
