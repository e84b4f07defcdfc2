import { describe, expect, it } from "vitest";
import type { PhysAddr } from "../core/arch";
import { presetById, type ScenarioState } from "../core/scenario";
import { walkSteps } from "../core/teach";
import { walk } from "../core/walk";
import { selectCurrentScenario, selectCurrentStep, selectStepCount, selectWalkSteps } from "./selectors";
import { createPagewalkStore, type PagewalkStore } from "./store";

const worked = (): ScenarioState => {
  const state = presetById("worked-example")?.build?.();
  if (!state) throw new Error("the worked example is a built-in preset");
  return state;
};

/** A store with the worked example open: supervisor read of 0x803fe7f5ce, 7 steps. */
function workedStore(): PagewalkStore {
  const store = createPagewalkStore();
  store.getState().loadScenario(worked(), "example");
  return store;
}

const at = (store: PagewalkStore) => {
  const s = store.getState();
  return { step: s.selection.step, table: s.selection.table, entryIndex: s.selection.entryIndex };
};

describe("the walk stepper in the store", () => {
  it("starts on the whole walk; the count is the walk's steps", () => {
    const store = workedStore();
    const s = store.getState();
    expect(s.selection.step).toBeNull();
    expect(selectCurrentStep(s)).toBeNull();
    const result = walk(s.machine.ram, s.machine.regs, s.selection.va, s.selection.access);
    expect(selectStepCount(s)).toBe(walkSteps(result, { accessedDirty: false }).length);
    expect(selectStepCount(s)).toBe(7);
  });

  it("moves step by step; each step with an entry selects it for the table view and inspector", () => {
    const store = workedStore();
    const { stepBy, firstStep, lastStep, setStep } = store.getState();
    const chosenBefore = at(store);
    stepBy(1); // from the whole walk, → starts at step 1 (the split: no entry, selection kept)
    expect(at(store)).toEqual({ ...chosenBefore, step: 1 });
    stepBy(1);
    expect(at(store)).toEqual({ step: 2, table: { addr: 0x1000, level: 4 }, entryIndex: 1 });
    stepBy(1);
    stepBy(1);
    expect(at(store)).toEqual({ step: 4, table: { addr: 0x6000, level: 2 }, entryIndex: 511 });
    expect(selectCurrentStep(store.getState())?.title).toBe("Read PD[511]");
    lastStep();
    expect(at(store)).toEqual({ step: 7, table: { addr: 0x8000, level: 1 }, entryIndex: 127 });
    stepBy(1); // stays at the last step
    expect(at(store).step).toBe(7);
    firstStep();
    expect(at(store).step).toBe(1);
    stepBy(-1); // stays at the first
    expect(at(store).step).toBe(1);
    setStep(99); // kept within the walk
    expect(at(store).step).toBe(7);
    setStep(3);
    expect(at(store)).toEqual({ step: 3, table: { addr: 0x4000, level: 3 }, entryIndex: 0 });
    setStep(null);
    expect(at(store)).toEqual({ step: null, table: { addr: 0x4000, level: 3 }, entryIndex: 0 });
    stepBy(-1); // ← on the whole walk does nothing
    expect(at(store).step).toBeNull();
    setStep(Number.NaN);
    expect(at(store).step).toBeNull();
  });

  it("a walk with fewer steps clamps the step to its last; undo brings the walk back, the step stays", () => {
    const store = workedStore();
    store.getState().lastStep(); // step 7: the access check
    // Clear P of PD[511]: the walk now stops at the PD (split, 3 reads, fault = 5 steps).
    expect(store.getState().toggleEntryBit((0x6000 + 511 * 8) as PhysAddr, 0).ok).toBe(true);
    expect(selectStepCount(store.getState())).toBe(5);
    expect(at(store)).toEqual({ step: 5, table: { addr: 0x6000, level: 2 }, entryIndex: 511 });
    expect(selectCurrentStep(store.getState())?.title).toBe("#PF: page fault at PD[511]");
    store.getState().undo();
    expect(selectStepCount(store.getState())).toBe(7);
    expect(at(store).step).toBe(5);
    // A new VA with a walk that stops at the PML4 (entry 0 is empty): 3 steps.
    store.getState().setVaText("0x1000");
    expect(at(store)).toEqual({ step: 3, table: { addr: 0x1000, level: 4 }, entryIndex: 0 });
  });

  it("a new walk moves the selection to the step's entry; an entry chosen while stepping stays while that entry is the same", () => {
    const store = workedStore();
    store.getState().setStep(5); // Read PT[127]
    store.getState().selectEntry(0); // the learner looks at PT[0] instead
    expect(at(store)).toEqual({ step: 5, table: { addr: 0x8000, level: 1 }, entryIndex: 0 });
    // An edit of PT[0] leaves step 5 on PT[127]: the learner keeps PT[0].
    expect(store.getState().toggleEntryBit(0x8000 as PhysAddr, 1).ok).toBe(true);
    expect(at(store).entryIndex).toBe(0);
    // A VA one page on: step 5 now reads PT[128], and the selection follows.
    store.getState().setVaText("0x803fe805ce");
    expect(at(store)).toEqual({ step: 5, table: { addr: 0x8000, level: 1 }, entryIndex: 128 });
  });

  it("'walk sets A/D' adds the A/D writes as steps of an allowed access", () => {
    const store = workedStore();
    expect(selectStepCount(store.getState())).toBe(7);
    store.getState().setAccessedDirty(true);
    const steps = selectWalkSteps(store.getState());
    expect(steps.map((s) => s.kind).slice(7)).toEqual([
      "accessed-dirty",
      "accessed-dirty",
      "accessed-dirty",
      "accessed-dirty",
    ]);
    store.getState().lastStep();
    expect(at(store)).toEqual({ step: 11, table: { addr: 0x8000, level: 1 }, entryIndex: 127 });
    // Performing the access sets the bits: nothing is left to write, and the step is clamped.
    expect(store.getState().walkAccess()).toHaveLength(4);
    expect(selectStepCount(store.getState())).toBe(7);
    expect(at(store).step).toBe(7);
  });

  it("opening a scenario with a step shows that step (clamped); the current scenario carries the step", () => {
    const store = createPagewalkStore();
    store.getState().loadScenario({ ...worked(), step: 4 }, "link");
    expect(at(store)).toEqual({ step: 4, table: { addr: 0x6000, level: 2 }, entryIndex: 511 });
    expect(selectCurrentScenario(store.getState()).step).toBe(4);
    store.getState().loadScenario({ ...worked(), step: 60 }, "link");
    expect(at(store).step).toBe(7);
    store.getState().setStep(null);
    expect("step" in selectCurrentScenario(store.getState())).toBe(false);
    store.getState().loadScenario(worked(), "example");
    expect(at(store).step).toBeNull();
  });

  it("while stepping the step's entry is shown, not the one that decided the walk; after, the selection follows again", () => {
    const store = workedStore();
    store.getState().setStep(4); // Read PD[511]
    store.getState().setAccess({ op: "write", mode: "supervisor" }); // faults at PT[127]: R/W = 0
    expect(selectCurrentStep(store.getState())?.title).toBe("Read PD[511]");
    expect(at(store)).toEqual({ step: 4, table: { addr: 0x6000, level: 2 }, entryIndex: 511 });
    store.getState().setStep(null);
    store.getState().setAccess({ op: "read", mode: "supervisor" });
    expect(at(store)).toEqual({ step: null, table: { addr: 0x8000, level: 1 }, entryIndex: 127 });
  });

  it("Predict hides the outcome: stepping ends, and starts again only once the outcome is shown", () => {
    const store = workedStore();
    store.getState().setStep(3);
    store.getState().setPredict(true);
    expect(at(store).step).toBeNull();
    store.getState().setStep(2);
    store.getState().stepBy(1);
    expect(at(store).step).toBeNull();
    store.getState().revealOutcome();
    store.getState().setStep(2);
    expect(at(store)).toEqual({ step: 2, table: { addr: 0x1000, level: 4 }, entryIndex: 1 });
  });
});
