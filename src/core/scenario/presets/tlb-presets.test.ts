/** Each TLB lesson's trace, replayed through the TLB model, does what its text says. */
import { describe, expect, it } from "vitest";
import { parseTrace, replayTrace } from "../../tlb";
import { machineFromScenario } from "../scenario-machine";
import { checkScenario } from "../validate";
import { TLB_LESSON_OUTCOMES, TLB_PRESETS } from "./tlb-presets";

describe.each(TLB_PRESETS.map((p) => [p.meta.title, p] as const))("%s", (_title, preset) => {
  it("replays its trace to the stated outcome, named by its line in the text", () => {
    const state = preset.build?.();
    if (!state?.trace) throw new Error("a TLB lesson has a trace");
    expect(checkScenario(state)).toBeNull();
    const parsed = parseTrace(state.trace);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const { ram, regs } = machineFromScenario(state);
    const replay = replayTrace(ram, regs, parsed.value);
    if (!replay.ok) throw new Error(replay.error.message);
    const want = TLB_LESSON_OUTCOMES[preset.id];
    if (!want) throw new Error(`no stated outcome for ${preset.id}`);
    const step = replay.value.steps.find((s) => s.op.line === want.line);
    if (step?.kind !== "access") throw new Error(`line ${want.line} is not an access`);
    expect({ tlb: step.outcome.tlb, stale: step.outcome.stale !== null, pa: step.outcome.pa }).toEqual({
      tlb: want.tlb,
      stale: want.stale,
      pa: want.pa,
    });
    expect(preset.meta.description).toContain(`(line ${want.line})`);
  });
});
