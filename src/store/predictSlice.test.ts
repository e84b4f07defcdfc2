import { describe, expect, it } from "vitest";
import type { PhysAddr } from "../core/arch";
import type { PredictionForm } from "../core/teach";
import { selectOutcomeHidden, selectPredictionCheck, selectWalkPathTables } from "./selectors";
import { createPagewalkStore, type PagewalkState } from "./store";
import { selectFaultMark } from "../views/faultMark";

// The first state is the worked example: PML4 0x1000 → PDPT 0x4000 → PD 0x6000 → PT 0x8000, a
// supervisor read of 0x803fe7f5ce reaching 0x35ce; PML4[1] has U/S = 0, so a user read faults there.
const PT = 0x8000;
const form = (change: Partial<PredictionForm>): PredictionForm => ({
  outcome: "translates",
  pa: "",
  exception: "#PF",
  errorCode: "",
  level: "",
  ...change,
});
const selected = (s: PagewalkState) => ({ table: s.selection.table, entryIndex: s.selection.entryIndex });

describe("Predict: the outcome waits for the learner's answer", () => {
  it("hides the outcome, the path and the fault mark until a right answer, then shows them", () => {
    const store = createPagewalkStore();
    const { setPredict, submitPrediction, setAccess } = store.getState();
    expect(selectOutcomeHidden(store.getState())).toBe(false);
    setPredict(true);
    setAccess({ op: "read", mode: "user" });
    const hidden = store.getState();
    expect(selectOutcomeHidden(hidden)).toBe(true);
    expect(selectWalkPathTables(hidden).tables).toEqual([]);
    expect(selectFaultMark(hidden)).toBeNull();

    const wrong = submitPrediction(form({ pa: "0x35ce" }));
    expect(wrong.ok && wrong.value.correct).toBe(false);
    expect(selectOutcomeHidden(store.getState())).toBe(true);
    expect(selectPredictionCheck(store.getState())?.feedback[0]).toMatch(/^The address does map to 0x35ce/);

    const right = submitPrediction(form({ outcome: "faults", errorCode: "0x5", level: "4" }));
    expect(right.ok && right.value.correct).toBe(true);
    const shown = store.getState();
    expect(selectOutcomeHidden(shown)).toBe(false);
    expect(selectWalkPathTables(shown).tables).toEqual([0x1000]);
    expect(selectFaultMark(shown)?.label).toBe("fault: U/S = 0");
  });

  it("does not move the selection to the deciding entry while hidden, and moves it when revealed", () => {
    const store = createPagewalkStore();
    const { setPredict, setAccess, revealOutcome } = store.getState();
    expect(selected(store.getState())).toEqual({ table: { addr: PT, level: 1 }, entryIndex: 127 });
    setPredict(true);
    setAccess({ op: "read", mode: "user" }); // faults at PML4[1]: following would give it away
    expect(selected(store.getState())).toEqual({ table: { addr: PT, level: 1 }, entryIndex: 127 });
    revealOutcome();
    expect(selected(store.getState())).toEqual({ table: { addr: 0x1000, level: 4 }, entryIndex: 1 });
    expect(selectOutcomeHidden(store.getState())).toBe(false);
  });

  it("asks a new question when the walk changes, and a parse error changes nothing", () => {
    const store = createPagewalkStore();
    const { setPredict, submitPrediction, setVaText, toggleEntryBit } = store.getState();
    setPredict(true);
    expect(submitPrediction(form({ pa: "0x35ce" })).ok).toBe(true);
    expect(selectOutcomeHidden(store.getState())).toBe(false);
    toggleEntryBit((PT + 127 * 8) as PhysAddr, 1); // the page becomes writable: a new walk
    expect(selectOutcomeHidden(store.getState())).toBe(true);
    expect(selectPredictionCheck(store.getState())).toBeNull();
    const before = store.getState();
    const bad = submitPrediction(form({ pa: "0x35q" }));
    expect(bad.ok).toBe(false);
    expect(store.getState().predict).toBe(before.predict);
    setVaText("0x803fe00000");
    expect(selectOutcomeHidden(store.getState())).toBe(true);
    setPredict(false);
    expect(selectOutcomeHidden(store.getState())).toBe(false);
  });
});
