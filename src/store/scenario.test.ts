import { describe, expect, it } from "vitest";
import { walk } from "../core/walk";
import { presetById, checkScenario, type ScenarioState } from "../core/scenario";
import { createScenarioStore } from "./scenario";
import { createPagewalkStore } from "./store";

const build = (id: string): ScenarioState => {
  const preset = presetById(id);
  if (!preset?.build) throw new Error(id);
  return preset.build();
};

function stores() {
  const app = createPagewalkStore();
  return { app, scenario: createScenarioStore(app) };
}

describe("scenario slice", () => {
  it("loads a scenario as one undoable step and gives back the identical state", () => {
    const { app, scenario } = stores();
    const state = build("worked-example");
    scenario.getState().loadScenario(state, "example");
    expect(app.getState().past.length).toBe(1);
    expect(app.getState().selection.va).toBe(state.va);
    expect(app.getState().selection.vaText).toBe("0x80_3fe7_f5ce");
    expect(scenario.getState().open?.meta.title).toBe(state.title);
    const back = scenario.getState().currentScenario();
    expect(checkScenario(back)).toBeNull();
    expect(back).toEqual(state);
  });

  it("can make a loaded scenario the start of the history (a page opened with a link)", () => {
    const { app, scenario } = stores();
    scenario.getState().loadScenario(build("la57"), "link", { asStart: true });
    expect(app.getState().past).toEqual([]);
    app.getState().undo();
    expect(scenario.getState().open?.meta.title).toBe(build("la57").title);
  });

  it("brings the previous text back on undo and the loaded text on redo", () => {
    const { app, scenario } = stores();
    scenario.getState().loadScenario(build("worked-example"), "example");
    scenario.getState().loadScenario(build("fault-gallery"), "example");
    expect(scenario.getState().open?.meta.title).toBe("Fault gallery");
    // An edit after loading keeps the text.
    app.getState().toggleEntryBit(0x4008 as never, 1);
    expect(scenario.getState().open?.meta.title).toBe("Fault gallery");
    app.getState().undo();
    expect(scenario.getState().open?.meta.title).toBe("Fault gallery");
    app.getState().undo();
    expect(scenario.getState().open?.meta.title).toBe("Worked example (Writing an OS in Rust)");
    app.getState().undo();
    expect(scenario.getState().open).toBeNull();
    app.getState().redo();
    app.getState().redo();
    expect(scenario.getState().open?.meta.title).toBe("Fault gallery");
  });

  it("walks each bookmark under the scenario's registers plus its overrides", () => {
    const { app, scenario } = stores();
    const preset = presetById("fault-gallery");
    if (!preset?.build) throw new Error("fault-gallery");
    scenario.getState().loadScenario(preset.build(), "example");
    preset.meta.bookmarks.forEach((b, k) => {
      scenario.getState().applyBookmark(b);
      const { machine, selection } = app.getState();
      const result = walk(machine.ram, machine.regs, selection.va, selection.access);
      const expected = preset.outcomes[k];
      if (expected === undefined) throw new Error(String(k));
      if ("pa" in expected)
        expect(result.translation.kind === "mapped" ? result.translation.pa : null, b.note).toBe(expected.pa);
      else expect(result.verdict.ok ? null : result.verdict.exception, b.note).toBe(expected.exception);
    });
  });

  it("drops the result of a load the user has since replaced", () => {
    const { scenario } = stores();
    const first = scenario.getState().beginLoad("Loading A");
    const second = scenario.getState().beginLoad("Loading B");
    expect(scenario.getState().isCurrent(first)).toBe(false);
    scenario.getState().endLoad(first);
    expect(scenario.getState().busy).toBe("Loading B");
    scenario.getState().endLoad(second);
    expect(scenario.getState().busy).toBeNull();
  });
});
