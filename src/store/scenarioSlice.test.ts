import { describe, expect, it } from "vitest";
import { CR0, type PhysAddr } from "../core/arch";
import { walk } from "../core/walk";
import { LIMITS, checkScenario, presetById, type Bookmark, type ScenarioState } from "../core/scenario";
import { HISTORY_LIMIT } from "./history";
import { selectCanRedo, selectCanUndo, selectCurrentScenario } from "./selectors";
import { createPagewalkStore, type PagewalkState } from "./store";
import { testInitialState } from "./__fixtures__/testMachine";

const build = (id: string): ScenarioState => {
  const preset = presetById(id);
  if (!preset?.build) throw new Error(id);
  return preset.build();
};

const bookmarkOf = (id: string, k: number): Bookmark => {
  const b = presetById(id)?.meta.bookmarks[k];
  if (!b) throw new Error(`${id}[${k}]`);
  return b;
};

const title = (s: PagewalkState): string | undefined => s.meta?.title;

/** The walk of the selected VA and access on the machine now shown. */
const walkNow = (s: PagewalkState) => walk(s.machine.ram, s.machine.regs, s.selection.va, s.selection.access);

// The scenario slice's first tests, from when it was a store of its own: same assertions, one store.
// They start from a machine with no scenario open (the test machine), as the page once did.
describe("scenario slice", () => {
  it("loads a scenario as one undoable step and gives back the identical state", () => {
    const app = createPagewalkStore(testInitialState());
    const state = build("worked-example");
    // A file keeps the entry it was saved with (an example follows the walk: followWalk.test.ts).
    app.getState().loadScenario(state, "file");
    expect(app.getState().past.length).toBe(1);
    expect(app.getState().selection.va).toBe(state.va);
    expect(app.getState().selection.vaText).toBe("0x80_3fe7_f5ce");
    expect(app.getState().meta?.title).toBe(state.title);
    const back = selectCurrentScenario(app.getState());
    expect(checkScenario(back)).toBeNull();
    expect(back).toEqual(state);
  });

  it("can make a loaded scenario the start of the history (a page opened with a link)", () => {
    const app = createPagewalkStore(testInitialState());
    app.getState().loadScenario(build("la57"), "link", { asStart: true });
    expect(app.getState().past).toEqual([]);
    app.getState().undo();
    expect(app.getState().meta?.title).toBe(build("la57").title);
  });

  it("brings the previous text back on undo and the loaded text on redo", () => {
    const app = createPagewalkStore(testInitialState());
    app.getState().loadScenario(build("worked-example"), "example");
    app.getState().loadScenario(build("fault-gallery"), "example");
    expect(app.getState().meta?.title).toBe("Fault gallery");
    // An edit after loading keeps the text.
    app.getState().toggleEntryBit(0x4008 as never, 1);
    expect(app.getState().meta?.title).toBe("Fault gallery");
    app.getState().undo();
    expect(app.getState().meta?.title).toBe("Fault gallery");
    app.getState().undo();
    expect(app.getState().meta?.title).toBe("Worked example (Writing an OS in Rust)");
    app.getState().undo();
    expect(app.getState().meta).toBeNull();
    app.getState().redo();
    app.getState().redo();
    expect(app.getState().meta?.title).toBe("Fault gallery");
  });

  it("walks each bookmark under the scenario's registers plus its overrides", () => {
    const app = createPagewalkStore(testInitialState());
    const preset = presetById("fault-gallery");
    if (!preset?.build) throw new Error("fault-gallery");
    app.getState().loadScenario(preset.build(), "example");
    preset.meta.bookmarks.forEach((b, k) => {
      app.getState().applyBookmark(b);
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
    const app = createPagewalkStore(testInitialState());
    const first = app.getState().beginLoad("Loading A");
    const second = app.getState().beginLoad("Loading B");
    expect(app.getState().isCurrent(first)).toBe(false);
    app.getState().endLoad(first);
    expect(app.getState().busy).toBe("Loading B");
    app.getState().endLoad(second);
    expect(app.getState().busy).toBeNull();
  });
});

describe("undo and redo across a scenario load", () => {
  it("restore the previous machine and its text together, and the loaded ones again", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    const first = s().machine;
    s().loadScenario(build("worked-example"), "example");
    const worked = s().machine;
    s().loadScenario(build("fault-gallery"), "example");
    const gallery = s().machine;
    expect(s().past).toHaveLength(2);

    s().undo();
    expect(s().machine).toBe(worked);
    expect(title(s())).toBe("Worked example (Writing an OS in Rust)");
    s().undo();
    expect(s().machine).toBe(first);
    expect(s().meta).toBeNull();
    expect(selectCanUndo(s())).toBe(false);

    s().redo();
    expect(s().machine).toBe(worked);
    expect(title(s())).toBe("Worked example (Writing an OS in Rust)");
    s().redo();
    expect(s().machine).toBe(gallery);
    expect(title(s())).toBe("Fault gallery");
    expect(s().meta?.source).toBe("example");
    expect(selectCanRedo(s())).toBe(false);
  });

  it("history entries hold the machine and the text that went with it", () => {
    const store = createPagewalkStore(testInitialState());
    const before = store.getState().machine;
    store.getState().loadScenario(build("two-processes"), "file");
    expect(store.getState().past).toEqual([{ machine: before, meta: null }]);
    expect(store.getState().meta?.processes.length).toBeGreaterThan(1);
    expect(store.getState().meta?.source).toBe("file");
  });

  it("a machine edit after a load keeps the text, and undoing it keeps it too", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    s().loadScenario(build("fault-gallery"), "example");
    const meta = s().meta;
    expect(s().toggleEntryBit(0x4008 as PhysAddr, 1).ok).toBe(true);
    expect(s().meta).toBe(meta);
    s().undo();
    expect(s().meta).toBe(meta);
  });

  it("loading sets the scenario's view and clears an old message; undo leaves the transient state alone", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    s().showMessage({ kind: "error", text: "That link was cut short." });
    const state = build("la57");
    s().loadScenario(state, "link");
    expect(s().message).toBeNull();
    expect(s().selection.va).toBe(state.va);
    s().showMessage({ kind: "notice", text: "Copied." });
    s().setExamplesOpen(true);
    s().undo();
    expect(s().message?.text).toBe("Copied.");
    expect(s().examplesOpen).toBe(true);
    // The selection is not part of undo either: you stay where you are.
    expect(s().selection.va).toBe(state.va);
  });
});

describe("a link the page was opened with (asStart)", () => {
  it("starts the history: nothing to undo or redo, and the text stays", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    s().toggleEntryBit(0x5000 as PhysAddr, 1);
    s().toggleEntryBit(0x5000 as PhysAddr, 2);
    s().undo(); // a redo branch that the link replaces
    s().loadScenario(build("la57"), "link", { asStart: true });
    expect(s().past).toEqual([]);
    expect(s().future).toEqual([]);
    const loaded = s().machine;
    s().undo();
    expect(s().machine).toBe(loaded);
    expect(title(s())).toBe(build("la57").title);
    // The next change is the first step of the history.
    s().setTitle("My LA57 notes");
    s().undo();
    expect(title(s())).toBe(build("la57").title);
    expect(selectCanUndo(s())).toBe(false);
  });
});

describe("editing the scenario's text", () => {
  it("a title edit is one undo step that keeps the machine", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    s().loadScenario(build("worked-example"), "example");
    const machine = s().machine;
    const loaded = s().meta;
    expect(s().setTitle("Paging, step by step").ok).toBe(true);
    expect(title(s())).toBe("Paging, step by step");
    expect(s().meta?.bookmarks).toBe(loaded?.bookmarks);
    expect(s().machine).toBe(machine);
    expect(s().past).toHaveLength(2);
    s().undo();
    expect(s().meta).toBe(loaded);
    expect(s().machine).toBe(machine);
    s().redo();
    expect(title(s())).toBe("Paging, step by step");
  });

  it("undo walks back through text and machine edits in the order they were made", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    s().loadScenario(build("worked-example"), "example");
    const loaded = s().machine;
    s().setTitle("A");
    s().toggleEntryBit(0x4008 as PhysAddr, 1);
    const edited = s().machine;
    s().setDescription("B");
    expect(s().meta).toMatchObject({ title: "A", description: "B" });
    s().undo();
    expect(s().meta).toMatchObject({ title: "A" });
    expect(s().meta?.description).not.toBe("B");
    expect(s().machine).toBe(edited);
    s().undo();
    expect(s().machine).toBe(loaded);
    expect(title(s())).toBe("A");
    s().undo();
    expect(title(s())).toBe("Worked example (Writing an OS in Rust)");
  });

  it("setting the same text is not a step; blank text removes it", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    s().loadScenario(build("fault-gallery"), "example");
    s().setTitle("Fault gallery");
    expect(s().past).toHaveLength(1);
    s().setDescription("   ");
    expect(s().meta).not.toHaveProperty("description");
    expect(s().meta?.title).toBe("Fault gallery");
    expect(s().past).toHaveLength(2);
    s().setDescription("");
    expect(s().past).toHaveLength(2);
  });

  it("refuses what a file or link would refuse, without a step", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    s().loadScenario(build("worked-example"), "example");
    const long = s().setTitle("x".repeat(LIMITS.titleLength + 1));
    expect(!long.ok && long.error.message).toMatch(/at most 200/);
    expect(s().setDescription("x".repeat(LIMITS.descriptionLength + 1)).ok).toBe(false);
    expect(s().setTitle("half a pair \ud83d").ok).toBe(false);
    expect(s().past).toHaveLength(1);
    expect(s().setTitle("a whole pair \ud83d\ude00").ok).toBe(true);
  });

  it("with no scenario open, the first text starts one (undo takes it away again)", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    const regs = s().machine.regs;
    s().setTitle("My first tables");
    expect(s().meta).toEqual({
      title: "My first tables",
      labels: [],
      bookmarks: [],
      processes: [],
      registers: regs,
      source: "authored",
    });
    s().setDescription("");
    expect(s().past).toHaveLength(1);
    s().undo();
    expect(s().meta).toBeNull();
  });

  it("the edited text is what a link or file carries", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    s().loadScenario(build("worked-example"), "example");
    const before = selectCurrentScenario(s());
    expect(selectCurrentScenario(s())).toBe(before);
    s().setTitle("Renamed");
    expect(selectCurrentScenario(s()).title).toBe("Renamed");
    expect(selectCurrentScenario(s()).frames).toEqual(before.frames);
  });

  it(`text edits count against the ${HISTORY_LIMIT}-step history like any other`, () => {
    const store = createPagewalkStore(testInitialState());
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) store.getState().setTitle(`Title ${i}`);
    expect(store.getState().past).toHaveLength(HISTORY_LIMIT);
    expect(store.getState().past[0]?.meta?.title).toBe("Title 9");
  });
});

describe("bookmarks", () => {
  it("walk under the scenario's registers plus the bookmark's overrides, whatever was changed since", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    s().loadScenario(build("fault-gallery"), "example");
    const meta = s().meta;
    // The learner turns CR0.WP off by hand; the bookmark without overrides turns it back on.
    s().setRegister("cr0", s().machine.regs.cr0 & ~CR0.WP);
    const ram = s().machine.ram;
    s().applyBookmark(bookmarkOf("fault-gallery", 4));
    expect(s().machine.regs).toEqual(meta?.registers);
    expect(walkNow(s()).verdict.ok).toBe(false);
    // Its register change is one step that shares the RAM and keeps the text.
    expect(s().machine.ram).toBe(ram);
    expect(s().meta).toBe(meta);
    expect(s().past).toHaveLength(3);
    // The next bookmark states CR0.WP = 0 on top of the scenario's registers.
    s().applyBookmark(bookmarkOf("fault-gallery", 5));
    expect(s().machine.regs.cr0 & CR0.WP).toBe(0);
    expect(walkNow(s()).verdict.ok).toBe(true);
    s().undo();
    expect(s().machine.regs).toEqual(meta?.registers);
    expect(s().meta).toBe(meta);
  });

  it("a bookmark under the registers already loaded is no step", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    s().loadScenario(build("fault-gallery"), "example");
    s().applyBookmark(bookmarkOf("fault-gallery", 0));
    expect(s().past).toHaveLength(1);
    expect(s().selection.vaText).toBe("0x80_0000_0000");
  });
});

describe("transient loading state", () => {
  it("keeps the load token in the store, outside the history", () => {
    const store = createPagewalkStore(testInitialState());
    const token = store.getState().beginLoad("Opening the link…");
    expect(store.getState()).toMatchObject({ busy: "Opening the link…", loadToken: token });
    expect(store.getState().past).toHaveLength(0);
    store.getState().endLoad(token);
    expect(store.getState().busy).toBeNull();
  });
});
