import { describe, expect, it } from "vitest";
import { CR0, type PhysAddr, type VirtAddr } from "../core/arch";
import { presetById, type ScenarioState } from "../core/scenario";
import { walk } from "../core/walk";
import type { Machine } from "../core/machine";
import { buildTestMachine, testInitialState } from "./__fixtures__/testMachine";
import { chooseEntry, decidingEntry, followWalk } from "./followWalk";
import { selectOutcomeText, selectSelectedEntryAddr } from "./selectors";
import { selectionFor } from "./selection";
import { createPagewalkStore, type PagewalkState } from "./store";

// The test machine: PML4 0x1000 → PDPT 0x2000 → PD 0x4000 → PT 0x5000, every level P, R/W, U/S.
const PML4 = 0x1000;
const PDPT = 0x2000;
const PD = 0x4000;
const PT = 0x5000;
const VA = 0x80_3fe7_f5cen as VirtAddr;
const USER_READ = { op: "read", mode: "user" } as const;

const build = (id: string): ScenarioState => {
  const preset = presetById(id);
  if (!preset?.build) throw new Error(id);
  return preset.build();
};

function machineWith(edit: (m: Machine) => void): Machine {
  const { machine } = buildTestMachine();
  edit(machine);
  return machine;
}

const where = (s: PagewalkState) => ({
  table: s.selection.table,
  entryIndex: s.selection.entryIndex,
  pinned: s.selection.pinned,
});

describe("decidingEntry: the entry that decided the walk", () => {
  it("is the leaf when the access succeeds", () => {
    const m = buildTestMachine().machine;
    expect(decidingEntry(walk(m.ram, m.regs, VA, USER_READ))).toEqual({
      table: { addr: PT, level: 1 },
      entryIndex: 127,
    });
  });

  it("is the level that denied a permission, not the last entry read", () => {
    // U/S = 0 in the PDPT entry and in the PT entry: the walk reads all four, the PDPT denies first.
    const m = machineWith((mm) => {
      mm.ram.writeEntry(PDPT, mm.ram.readEntry(PDPT) & ~4n);
      mm.ram.writeEntry(PT + 127 * 8, mm.ram.readEntry(PT + 127 * 8) & ~4n);
    });
    const result = walk(m.ram, m.regs, VA, USER_READ);
    expect(result.steps).toHaveLength(4);
    expect(decidingEntry(result)).toEqual({ table: { addr: PDPT, level: 3 }, entryIndex: 0 });
  });

  it("is the XD entry for a fetch, and the entry with P = 0 or reserved bits where the walk stops", () => {
    const m = buildTestMachine().machine;
    // PT[129] maps supervisor data with XD = 1.
    const xd = walk(m.ram, m.regs, 0x80_3fe8_1020n as VirtAddr, { op: "fetch", mode: "supervisor" });
    expect(xd.verdict.ok === false && xd.verdict.cause).toBe("XD");
    expect(decidingEntry(xd)).toEqual({ table: { addr: PT, level: 1 }, entryIndex: 129 });
    const missing = walk(m.ram, m.regs, 0x80_3fe8_3000n as VirtAddr, USER_READ);
    expect(decidingEntry(missing)).toEqual({ table: { addr: PT, level: 1 }, entryIndex: 131 });
    const reserved = machineWith((mm) =>
      mm.ram.writeEntry(PD + 511 * 8, mm.ram.readEntry(PD + 511 * 8) | (1n << 51n)),
    );
    const r = walk(reserved.ram, reserved.regs, VA, USER_READ);
    expect(r.verdict.ok === false && r.verdict.cause).toBe("RSVD");
    expect(decidingEntry(r)).toEqual({ table: { addr: PD, level: 2 }, entryIndex: 511 });
  });

  it("is the pointer that leads outside RAM; nothing for #GP, paging off or CR3 outside RAM", () => {
    const outside = machineWith((mm) => mm.ram.writeEntry(PD + 511 * 8, 0x4000_0000n | 7n));
    expect(decidingEntry(walk(outside.ram, outside.regs, VA, USER_READ))).toEqual({
      table: { addr: PD, level: 2 },
      entryIndex: 511,
    });
    const m = buildTestMachine().machine;
    expect(decidingEntry(walk(m.ram, m.regs, 0x8000_0000_0000n as VirtAddr, USER_READ))).toBeNull();
    const off = { ...m.regs, cr0: m.regs.cr0 & ~CR0.PG };
    expect(decidingEntry(walk(m.ram, off, VA, USER_READ))).toBeNull();
    expect(decidingEntry(walk(m.ram, { ...m.regs, cr3: 0x4000_0000 }, VA, USER_READ))).toBeNull();
  });
});

describe("followWalk and chooseEntry", () => {
  const m = buildTestMachine().machine;
  const fault = walk(m.ram, m.regs, 0x80_3fe8_3000n as VirtAddr, USER_READ);
  const elsewhere = selectionFor("0x1", USER_READ, { addr: PML4 as PhysAddr, level: 4 }, 1);

  it("moves an unpinned selection to the deciding entry and leaves a pinned one alone", () => {
    expect(followWalk(elsewhere, fault)).toMatchObject({ table: { addr: PT, level: 1 }, entryIndex: 131 });
    const pinned = { ...elsewhere, pinned: true };
    expect(followWalk(pinned, fault)).toBe(pinned);
    const gp = walk(m.ram, m.regs, 0x8000_0000_0000n as VirtAddr, USER_READ);
    expect(followWalk(elsewhere, gp)).toBe(elsewhere);
  });

  it("pins another entry the user picks, but not the deciding one", () => {
    expect(chooseEntry(elsewhere, elsewhere.table, 1, fault).pinned).toBe(true);
    expect(chooseEntry(elsewhere, { addr: PT as PhysAddr, level: 1 }, 131, fault).pinned).toBe(false);
    expect(chooseEntry(elsewhere, { addr: PT as PhysAddr, level: 1 }, null, fault).pinned).toBe(true);
  });
});

describe("the store's selection follows the walk", () => {
  it("opens on the worked-example preset exactly, its leaf PT[127] selected", () => {
    const s = createPagewalkStore().getState();
    const preset = build("worked-example");
    expect(s.meta).toMatchObject({ title: preset.title, source: "example", bookmarks: preset.bookmarks });
    expect(s.machine.regs).toEqual(preset.registers);
    expect(s.selection).toMatchObject({ va: preset.va, access: preset.access, pinned: false });
    expect(where(s)).toEqual({ table: { addr: 0x8000, level: 1 }, entryIndex: 127, pinned: false });
    expect(selectOutcomeText(s)).toBe("0x803fe7f5ce → 0x35ce (4 KiB page, supervisor read ok)");
    expect(s.past).toHaveLength(0);
  });

  it("the issue's story: a fetch of 0x803fe81020 selects PT[129], so a bit click edits that entry", () => {
    const store = createPagewalkStore();
    store.getState().setVaText("0x803fe81020");
    store.getState().setAccess({ op: "fetch", mode: "supervisor" });
    expect(where(store.getState())).toEqual({
      table: { addr: 0x8000, level: 1 },
      entryIndex: 129,
      pinned: false,
    });
    expect(selectSelectedEntryAddr(store.getState())).toBe(0x8000 + 129 * 8);
  });

  it("a permission fault moves the selection to the level that denied it; undo moves it back", () => {
    const store = createPagewalkStore(testInitialState());
    store.getState().toggleEntryBit(PDPT as PhysAddr, 2);
    expect(where(store.getState())).toEqual({
      table: { addr: PDPT, level: 3 },
      entryIndex: 0,
      pinned: false,
    });
    store.getState().undo();
    expect(where(store.getState())).toEqual({
      table: { addr: PT, level: 1 },
      entryIndex: 127,
      pinned: false,
    });
    store.getState().redo();
    expect(where(store.getState()).table).toEqual({ addr: PDPT, level: 3 });
  });

  it("a pinned entry stays through VA and machine changes until the user follows the walk again", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    s().selectEntryOf({ addr: PML4 as PhysAddr, level: 4 }, 510);
    expect(where(s())).toEqual({ table: { addr: PML4, level: 4 }, entryIndex: 510, pinned: true });
    s().setVaText("0x803fe83000");
    s().toggleEntryBit(PDPT as PhysAddr, 2);
    s().undo();
    expect(where(s())).toEqual({ table: { addr: PML4, level: 4 }, entryIndex: 510, pinned: true });
    s().followTheWalk();
    expect(where(s())).toEqual({ table: { addr: PT, level: 1 }, entryIndex: 131, pinned: false });
    // Picking the deciding entry itself does not pin.
    s().selectEntry(131);
    expect(s().selection.pinned).toBe(false);
  });

  it("a bookmark and an example unpin; a link keeps the entry it was shared with", () => {
    const store = createPagewalkStore();
    const s = store.getState;
    s().selectEntryOf({ addr: 0x1000 as PhysAddr, level: 4 }, 1);
    expect(s().selection.pinned).toBe(true);
    const write = s().meta?.bookmarks[1];
    if (!write) throw new Error("bookmark");
    s().applyBookmark(write);
    expect(where(s())).toEqual({ table: { addr: 0x8000, level: 1 }, entryIndex: 127, pinned: false });

    // The preset itself names PML4[1]: as a link that is kept (pinned), as an example it follows.
    const state = build("worked-example");
    s().loadScenario(state, "link");
    expect(where(s())).toEqual({ table: { addr: 0x1000, level: 4 }, entryIndex: 1, pinned: true });
    s().loadScenario(state, "example");
    expect(where(s())).toEqual({ table: { addr: 0x8000, level: 1 }, entryIndex: 127, pinned: false });
  });
});
