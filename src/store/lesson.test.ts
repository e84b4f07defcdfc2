import { describe, expect, it } from "vitest";
import { accessOfKind, type PhysAddr } from "../core/arch";
import {
  checkScenario,
  decodeScenarioLink,
  encodeScenarioLink,
  presetById,
  type ScenarioState,
} from "../core/scenario";
import { walk } from "../core/walk";
import { selectCurrentScenario, selectLessonEditsLeftOut } from "./selectors";
import { createPagewalkStore, type PagewalkState } from "./store";

const build = (id: string): ScenarioState => {
  const preset = presetById(id);
  if (!preset?.build) throw new Error(id);
  return preset.build();
};
const walkNow = (s: PagewalkState) => walk(s.machine.ram, s.machine.regs, s.selection.va, s.selection.access);
const at = (s: PagewalkState): number | undefined => s.meta?.lessonRun?.at;
/** The raw entry at a physical address on the machine shown. */
const entry = (s: PagewalkState, addr: number): bigint => s.machine.ram.readEntry(addr);

describe("lessons in the store", () => {
  it("opens a lesson at step 1 and moves with Next and Back, each step rebuilt from the start", () => {
    const app = createPagewalkStore();
    app.getState().loadScenario(build("lesson-walk"), "example");
    const s = app.getState;
    expect(at(s())).toBe(1);
    expect(s().selection.step).toBe(1);
    s().lessonGo(5);
    expect(walkNow(s()).verdict.ok).toBe(false);
    s().lessonNext();
    expect(at(s())).toBe(6);
    expect(walkNow(s()).verdict.ok).toBe(true); // step 6 sets R/W in PT[127]
    expect(entry(s(), 0x8000 + 127 * 8) & 2n).toBe(2n);
    s().lessonNext(); // past the end: nothing
    expect(at(s())).toBe(6);
    s().lessonBack();
    expect(at(s())).toBe(5);
    expect(entry(s(), 0x8000 + 127 * 8) & 2n).toBe(0n); // Back undoes the step's write
    expect(walkNow(s()).verdict.ok).toBe(false);
    s().undo(); // moving is one undoable step: undo goes back to step 6
    expect(at(s())).toBe(6);
  });

  it("a teacher records three steps; the link opens at the step it was copied at and goes through them", async () => {
    const app = createPagewalkStore();
    const s = app.getState;
    s().loadScenario(build("worked-example"), "example");
    expect(s().addLessonStep("   ").ok).toBe(false); // blank text is refused, nothing changes
    expect(s().meta?.lesson).toBeUndefined();
    expect(s().addLessonStep("Step one: the read.").ok).toBe(true);
    s().setAccess(accessOfKind("supWrite"));
    s().addLessonStep("Step two: a write faults.");
    s().toggleEntryBit((0x8000 + 127 * 8) as PhysAddr, 1); // set R/W in PT[127]
    s().addLessonStep("Step three: R/W set, the write goes through.");
    const steps = s().meta?.lesson?.steps ?? [];
    expect(steps.map((x) => x.text)).toEqual([
      "Step one: the read.",
      "Step two: a write faults.",
      "Step three: R/W set, the write goes through.",
    ]);
    expect(steps[0]?.writes).toBeUndefined();
    expect(steps[1]?.access).toEqual(accessOfKind("supWrite"));
    expect(steps[2]?.writes).toEqual([{ frame: 0x8000, index: 127, value: 0x3003n }]);
    expect(at(s())).toBe(3);

    s().lessonGo(1);
    const shared = selectCurrentScenario(s());
    expect(checkScenario(shared)).toBeNull();
    expect(shared.lessonStep).toBe(1);
    // The shared machine is the lesson's start: PT[127] read-only.
    expect(shared.frames.find((f) => f.addr === 0x8000)?.entries).toContainEqual([127, 0x3001n]);

    const link = await encodeScenarioLink(shared);
    const opened = await decodeScenarioLink(link);
    if (!opened.ok) throw new Error(opened.error.message);
    const learner = createPagewalkStore();
    const l = learner.getState;
    l().loadScenario(opened.value, "link", { asStart: true });
    expect(at(l())).toBe(1);
    expect(walkNow(l()).verdict.ok).toBe(true);
    l().lessonNext();
    expect(walkNow(l()).verdict.ok).toBe(false);
    l().lessonNext();
    expect(walkNow(l()).verdict.ok).toBe(true);
    expect(at(l())).toBe(3);
  });

  it("a step records the registers that differ from the scenario's, and inserts after the step shown", () => {
    const app = createPagewalkStore();
    const s = app.getState;
    s().loadScenario(build("two-processes"), "example");
    s().addLessonStep("A.");
    s().setCr3(0x4000);
    s().addLessonStep("B.");
    expect(s().meta?.lesson?.steps[1]?.registers).toEqual({ cr3: 0x4000 });
    s().lessonGo(1);
    expect(s().machine.regs.cr3).toBe(0x1000);
    s().addLessonStep("Between.");
    expect(s().meta?.lesson?.steps.map((x) => x.text)).toEqual(["A.", "Between.", "B."]);
    s().setLessonStepText(2, "In between.");
    expect(s().meta?.lesson?.steps[1]?.text).toBe("In between.");
    s().deleteLessonStep(2);
    s().deleteLessonStep(1);
    expect(s().meta?.lesson?.steps.map((x) => x.text)).toEqual(["B."]);
    s().deleteLessonStep(1);
    expect(s().meta?.lesson).toBeUndefined();
    expect(checkScenario(selectCurrentScenario(s()))).toBeNull();
    s().undo();
    expect(s().meta?.lesson?.steps.length).toBe(1);
  });

  it("deleting a step at or before the one shown rebuilds the machine of the step then shown", () => {
    const app = createPagewalkStore();
    const s = app.getState;
    s().loadScenario(build("worked-example"), "example");
    const rw = 0x8000 + 127 * 8;
    const us = 0x1000 + 1 * 8;
    s().addLessonStep("One.");
    s().toggleEntryBit(rw as PhysAddr, 1); // R/W in PT[127]
    s().addLessonStep("Two: R/W.");
    s().toggleEntryBit(us as PhysAddr, 2); // U/S in PML4[1]
    s().addLessonStep("Three: U/S.");
    s().toggleEntryBit(0x4000 as PhysAddr, 2); // U/S in PDPT[0]
    s().addLessonStep("Four.");
    const start = { rw: entry(s(), rw) & ~0x2n, us: entry(s(), us) & ~0x4n };
    s().lessonGo(2);
    // Step 1 goes: "Two" is shown still, now as step 1, and its machine has its own write only.
    s().deleteLessonStep(1);
    expect(at(s())).toBe(1);
    expect(s().meta?.lesson?.steps.map((x) => x.text)).toEqual(["Two: R/W.", "Three: U/S.", "Four."]);
    expect(entry(s(), rw)).toBe(start.rw | 0x2n);
    expect(entry(s(), us)).toBe(start.us);
    // The step shown goes: the one now in its place ("Three") is shown, with its machine.
    s().deleteLessonStep(1);
    expect(at(s())).toBe(1);
    expect(s().meta?.lesson?.steps.map((x) => x.text)).toEqual(["Three: U/S.", "Four."]);
    expect(entry(s(), us)).toBe(start.us | 0x4n);
    // The last step, shown, goes: the new last step is shown, without the deleted step's write.
    s().lessonGo(2);
    const pdptBefore = entry(s(), 0x4000);
    s().deleteLessonStep(2);
    expect(at(s())).toBe(1);
    expect(entry(s(), 0x4000)).toBe(pdptBefore & ~0x4n);
    // A later step's deletion leaves the step shown and its machine (with the learner's edits) alone.
    s().addLessonStep("Five.");
    s().lessonGo(1);
    s().toggleEntryBit(0x6000 as PhysAddr, 1);
    const edited = s().machine;
    s().deleteLessonStep(2);
    expect(at(s())).toBe(1);
    expect(s().machine).toBe(edited);
  });

  it("tells when the machine shown has edits of the learner's that a link leaves out", () => {
    const app = createPagewalkStore();
    const s = app.getState;
    s().loadScenario(build("worked-example"), "example");
    expect(selectLessonEditsLeftOut(s())).toBe(false); // no lesson
    s().addLessonStep("One.");
    s().toggleEntryBit((0x8000 + 127 * 8) as PhysAddr, 1);
    s().addLessonStep("Two.");
    s().lessonGo(1);
    expect(selectLessonEditsLeftOut(s())).toBe(false);
    s().lessonGo(2);
    expect(selectLessonEditsLeftOut(s())).toBe(false);
    s().toggleEntryBit((0x8000 + 127 * 8) as PhysAddr, 2);
    expect(selectLessonEditsLeftOut(s())).toBe(true);
    s().toggleEntryBit((0x8000 + 127 * 8) as PhysAddr, 2); // back as the step made it
    expect(selectLessonEditsLeftOut(s())).toBe(false);
    s().setMaxPhyAddr(40);
    expect(selectLessonEditsLeftOut(s())).toBe(true);
  });

  it("a read-only embed moves through a lesson but cannot author one", () => {
    const app = createPagewalkStore(undefined, { readOnly: true });
    const s = app.getState;
    s().loadScenario(build("lesson-huge-pages"), "link", { asStart: true });
    s().lessonNext();
    expect(at(s())).toBe(2);
    expect(s().addLessonStep("x").ok).toBe(false);
    expect(s().meta?.lesson?.steps.length).toBe(5);
  });
});

describe("authoring bookmarks and names", () => {
  it("bookmarks the walk with a note; renames, reorders, deletes; every change undoable", () => {
    const app = createPagewalkStore();
    const s = app.getState;
    const before = s().meta?.bookmarks.length ?? 0;
    s().setCr3(0x1000); // unchanged register: no override
    s().toggleRegisterBits("cr0", 1 << 16); // WP off: an override the bookmark keeps
    expect(s().addBookmark("  WP off: the write goes through  ").ok).toBe(true);
    const added = s().meta?.bookmarks[before];
    expect(added?.note).toBe("WP off: the write goes through");
    expect(added?.registers).toEqual({ cr0: s().machine.regs.cr0 });
    s().setBookmarkNote(before, "Renamed");
    expect(s().meta?.bookmarks[before]?.note).toBe("Renamed");
    s().moveBookmark(before, -1);
    expect(s().meta?.bookmarks[before - 1]?.note).toBe("Renamed");
    s().deleteBookmark(before - 1);
    expect(s().meta?.bookmarks.length).toBe(before);
    s().undo();
    expect(s().meta?.bookmarks[before - 1]?.note).toBe("Renamed");
    s().undo();
    s().undo();
    expect(s().meta?.bookmarks[before]?.note).toBe("WP off: the write goes through");
    expect(s().setBookmarkNote(before, "x".repeat(2001)).ok).toBe(false);
    const shared = selectCurrentScenario(s());
    expect(shared.bookmarks[before]?.note).toBe("WP off: the write goes through");
  });

  it("names a frame and a VA range; refuses a blank name, a misaligned frame and a reversed range", () => {
    const app = createPagewalkStore();
    const s = app.getState;
    const n = s().meta?.labels.length ?? 0;
    expect(s().addLabel({ kind: "frame", addr: 0x3000, name: " the page " }).ok).toBe(true);
    expect(s().meta?.labels[n]).toEqual({ kind: "frame", addr: 0x3000, name: "the page" });
    const bad = [
      s().addLabel({ kind: "frame", addr: 0x3001, name: "x" }),
      s().addLabel({ kind: "frame", addr: 0x3000, name: "  " }),
      s().addLabel({ kind: "va-range", start: 0x2000n, last: 0x1000n, name: "x" }),
    ];
    expect(bad.map((r) => (r.ok ? "" : r.error.message))).toEqual([
      "0x3001 is not 4 KiB aligned: a frame starts at a multiple of 0x1000.",
      "A name cannot be blank.",
      "The range ends (0x1000) before it starts (0x2000).",
    ]);
    expect(s().meta?.labels.length).toBe(n + 1);
    s().addLabel({ kind: "frame", addr: 0x3000, name: "renamed" }); // one name per frame
    expect(s().meta?.labels.length).toBe(n + 1);
    expect(s().meta?.labels[n]?.name).toBe("renamed");
    s().addLabel({ kind: "va-range", start: 0x80_3fe0_0000n, last: 0x80_3fff_ffffn, name: "user stack" });
    s().renameLabel(n, "data page");
    expect(s().meta?.labels[n]?.name).toBe("data page");
    s().deleteLabel(n);
    expect(s().meta?.labels[n]?.name).toBe("user stack");
    expect(checkScenario(selectCurrentScenario(s()))).toBeNull();
  });
});
