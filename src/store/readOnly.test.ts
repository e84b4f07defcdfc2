import { describe, expect, it } from "vitest";
import { PAGE_4K, type PhysAddr, type VirtAddr } from "../core/arch";
import { presetById, type ScenarioState } from "../core/scenario";
import { READ_ONLY_MESSAGE } from "./displaySlice";
import { selectOutcomeText } from "./selectors";
import { createPagewalkStore, type PagewalkState, type PagewalkStore } from "./store";
import { buildTestMachine, testInitialState } from "./__fixtures__/testMachine";

const PT_127 = (0x5000 + 127 * 8) as PhysAddr;

const build = (id: string): ScenarioState => {
  const preset = presetById(id);
  if (!preset?.build) throw new Error(id);
  return preset.build();
};

/** Every edit a view can ask for, each run against a fresh read-only store. */
const EDITS: Record<string, (s: PagewalkState) => unknown> = {
  toggleEntryBit: (s) => s.toggleEntryBit(PT_127, 1),
  writeEntryRaw: (s) => s.writeEntryRaw(PT_127, 0n),
  setEntryAddress: (s) => s.setEntryAddress(PT_127, 0x7000),
  allocateTable: (s) => s.allocateTable(),
  map: (s) =>
    s.map({ va: 0x4000_0000n as VirtAddr, pa: 0x9000, size: PAGE_4K, leafFlags: { writable: true } }),
  unmap: (s) => s.unmap(0x80_3fe7_f000n as VirtAddr, PAGE_4K),
  setCr3: (s) => s.setCr3(0x2000),
  setRegister: (s) => s.setRegister("cr0", 0),
  toggleRegisterBits: (s) => s.toggleRegisterBits("cr4", 1 << 20),
  setMaxPhyAddr: (s) => s.setMaxPhyAddr(39),
  setAccessedDirty: (s) => s.setAccessedDirty(!s.machine.setAccessedDirty),
  loadMachine: (s) => s.loadMachine(buildTestMachine().machine),
  setTitle: (s) => s.setTitle("Changed"),
  setDescription: (s) => s.setDescription("Changed"),
};

const readOnlyStore = (): PagewalkStore => createPagewalkStore(testInitialState(), { readOnly: true });

describe("a read-only store (an embed with ?readonly=1)", () => {
  it.each(Object.keys(EDITS))(
    "refuses %s: the machine, the text and the history stay as they were",
    (name) => {
      const store = readOnlyStore();
      const before = store.getState();
      const result = EDITS[name]!(store.getState());
      const after = store.getState();
      expect(after.machine).toBe(before.machine);
      expect(after.meta).toBe(before.meta);
      expect(after.past).toEqual([]);
      if (typeof result === "object" && result !== null && "ok" in result) {
        expect(result).toEqual({ ok: false, error: { kind: "read-only", message: READ_ONLY_MESSAGE } });
      }
      expect(after.message?.text).toBe(READ_ONLY_MESSAGE);
    },
  );

  it("makes the same edits in an ordinary store (the refusals above are read-only's doing)", () => {
    for (const [name, edit] of Object.entries(EDITS)) {
      const store = createPagewalkStore(testInitialState());
      const before = store.getState().machine;
      const beforeMeta = store.getState().meta;
      edit(store.getState());
      const changed = store.getState().machine !== before || store.getState().meta !== beforeMeta;
      expect(changed, name).toBe(true);
    }
  });

  it("still lets the reader explore: the VA, the access, the step and the selected entry change", () => {
    const store = readOnlyStore();
    store.getState().setVaText("0x0");
    expect(store.getState().selection.va).toBe(0n);
    store.getState().setVaText("0x803fe7f5ce");
    store.getState().setAccess({ op: "write", mode: "user" });
    expect(store.getState().selection.access).toEqual({ op: "write", mode: "user" });
    store.getState().stepBy(1);
    store.getState().stepBy(1);
    expect(store.getState().selection.step).toBe(2);
    expect(selectOutcomeText(store.getState())).toContain("0x803fe7f5ce");
    expect(store.getState().message).toBeNull();
  });

  it("opens a followed link, and refuses to undo past it", () => {
    const store = readOnlyStore();
    const start = store.getState().machine;
    store.getState().loadScenario(build("fault-gallery"), "link");
    expect(store.getState().meta?.title).toBe("Fault gallery");
    expect(store.getState().machine).not.toBe(start);
    store.getState().undo();
    expect(store.getState().meta?.title).toBe("Fault gallery");
    store.getState().redo();
    expect(store.getState().meta?.title).toBe("Fault gallery");
  });

  it("does not write accessed/dirty bits when the access is performed", () => {
    const ordinary = createPagewalkStore(testInitialState());
    ordinary.getState().setAccessedDirty(true);
    const state = ordinary.getState();
    const readOnly = createPagewalkStore(
      { machine: state.machine, selection: state.selection },
      { readOnly: true },
    );
    expect(readOnly.getState().walkAccess()).toEqual([]);
    expect(ordinary.getState().walkAccess().length).toBeGreaterThan(0);
  });
});

describe("presentation mode in the store", () => {
  it("is off unless asked for, and is turned on and off without touching undo", () => {
    const store = createPagewalkStore(testInitialState());
    expect(store.getState().presenting).toBe(false);
    store.getState().setPresenting(true);
    expect(store.getState().presenting).toBe(true);
    expect(store.getState().past).toEqual([]);
    store.getState().setPresenting(false);
    expect(store.getState().presenting).toBe(false);
    expect(createPagewalkStore(testInitialState(), { presenting: true }).getState().presenting).toBe(true);
  });
});
