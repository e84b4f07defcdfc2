import { describe, expect, it } from "vitest";
import { presetById } from "../core/scenario";
import { createPagewalkStore } from "./store";
import { MAX_BROWSER_TRACE_OPS } from "./tlbSlice";
import { selectTlbProbe, selectTlbTables } from "./tlbSelectors";
import { selectCurrentScenario, selectWalkSteps } from "./selectors";

function store() {
  const s = createPagewalkStore();
  s.getState().setAccess({ op: "read", mode: "supervisor" });
  return s;
}

describe("the TLB in the store", () => {
  it("is off until switched on; then an access fills it and the preview says hit", () => {
    const s = store();
    expect(selectTlbProbe(s.getState())).toBeNull();
    s.getState().setTlbModel(true);
    expect(selectTlbProbe(s.getState())?.tlb).toBe("miss");
    s.getState().tlbAccess();
    expect(selectTlbProbe(s.getState())?.tlb).toBe("hit");
    expect(s.getState().tlbUi.message).toBe("TLB miss → walk: PA 0x35ce (4 KiB page)");
    expect(selectTlbTables(s.getState()).tlbs.dtlb4k).toHaveLength(1);
  });

  it("marks the entry stale after an edit, and INVLPG makes the preview a miss", () => {
    const s = store();
    s.getState().setTlbModel(true);
    s.getState().tlbAccess();
    const leaf = s.getState().machine.ram.readEntry(0x83f8);
    s.getState().writeEntryRaw(0x83f8 as never, leaf ^ 0x2n);
    expect(selectTlbProbe(s.getState())?.stale?.kind).toBe("rights");
    expect(selectTlbTables(s.getState()).tlbs.dtlb4k[0]?.stale).toBe(true);
    s.getState().tlbInvlpg();
    expect(selectTlbProbe(s.getState())?.tlb).toBe("miss");
  });

  it("puts the TLB lookup first in the stepper's steps", () => {
    const s = store();
    const plain = selectWalkSteps(s.getState()).length;
    s.getState().setTlbModel(true);
    const steps = selectWalkSteps(s.getState());
    expect(steps).toHaveLength(plain + 1);
    expect(steps[0]?.title).toBe("TLB lookup: miss");
  });

  it("opens a lesson with the model on and its trace, and shares the trace", () => {
    const s = store();
    const lesson = presetById("tlb-stale-pte")?.build?.();
    if (!lesson) throw new Error("no lesson");
    s.getState().loadScenario(lesson, "example");
    expect(s.getState().tlbUi.on).toBe(true);
    expect(s.getState().tlbUi.trace).toBe(lesson.trace);
    expect(selectCurrentScenario(s.getState()).trace).toBe(lesson.trace);
    s.getState().replayTrace();
    expect(s.getState().tlbUi.replay?.steps).toHaveLength(5);
    // A trace with a bad line is not shared (a file or link would refuse it), and says why.
    s.getState().setTrace("read sup 0x1000\nnonsense");
    expect(selectCurrentScenario(s.getState()).trace).toBeUndefined();
    s.getState().replayTrace();
    expect(s.getState().tlbUi.traceError).toBe(
      'Line 2: unknown operation "nonsense" (one of: read, write, fetch, write-entry, invlpg, mov-cr3, mov-cr4, mov-cr0, invpcid, cpu, shootdown).',
    );
  });

  it("replays at most MAX_BROWSER_TRACE_OPS operations, and says where a longer trace goes", () => {
    const s = store();
    s.getState().setTlbModel(true);
    const line = "read sup 0x803fe7f5ce";
    s.getState().setTrace(Array(MAX_BROWSER_TRACE_OPS).fill(line).join("\n"));
    s.getState().replayTrace();
    expect(s.getState().tlbUi.replay?.steps).toHaveLength(MAX_BROWSER_TRACE_OPS);
    s.getState().setTrace(
      Array(MAX_BROWSER_TRACE_OPS + 1)
        .fill(line)
        .join("\n"),
    );
    s.getState().replayTrace();
    expect(s.getState().tlbUi.replay).toBeNull();
    expect(s.getState().tlbUi.traceError).toBe(
      "The trace has 2,001 operations; the page replays at most 2,000, each shown with its outcome. Replay a longer one with pagewalk tlb --trace FILE.",
    );
  });

  it("a D = 0 re-walk that faults counts the entry it dropped among those the #PF invalidated", () => {
    const s = store();
    const lesson = presetById("tlb-stale-pte")?.build?.();
    if (!lesson) throw new Error("no lesson");
    s.getState().loadScenario(lesson, "example");
    const invalidatedBy = (trace: string): number | undefined => {
      s.getState().setTrace(trace);
      s.getState().replayTrace();
      const last = s.getState().tlbUi.replay?.steps.at(-1);
      return last?.kind === "access" ? last.outcome.invalidated : undefined;
    };
    // The same fault from a plain hit (an entry cached read-only) and from a D re-walk (an entry cached
    // writable with D = 0, the page made read-only since).
    const plain = invalidatedBy("write-entry 0x4000 0x10005\nread user 0x400000\nwrite user 0x400000");
    const rewalk = invalidatedBy("read user 0x400000\nwrite-entry 0x4000 0x10005\nwrite user 0x400000");
    expect(plain).toBe(4);
    expect(rewalk).toBe(plain);
  });

  it("Undo back to a scenario brings back its trace; within a scenario the trace as typed stays", () => {
    const s = store();
    const lesson = presetById("tlb-stale-pte")?.build?.();
    const worked = presetById("worked-example")?.build?.();
    if (!lesson || !worked) throw new Error("no preset");
    s.getState().loadScenario(lesson, "example");
    s.getState().stepTrace();
    s.getState().loadScenario(worked, "example");
    expect(s.getState().tlbUi.trace).toBe("");
    s.getState().undo();
    expect(s.getState().tlbUi.trace).toBe(lesson.trace);
    s.getState().redo();
    expect(s.getState().tlbUi.trace).toBe("");
    s.getState().undo();
    s.getState().setTrace("read sup 0x1000");
    s.getState().setTitle("Renamed");
    s.getState().undo();
    expect(s.getState().tlbUi.trace).toBe("read sup 0x1000");
  });
});
