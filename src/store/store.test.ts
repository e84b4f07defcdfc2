import { describe, expect, it } from "vitest";
import {
  LEVEL_TABLE_NAMES,
  PAGE_2M,
  PAGE_4K,
  CR0,
  CR4,
  EFER,
  RFLAGS_AC,
  type PhysAddr,
  type VirtAddr,
} from "../core/arch";
import { FrameAllocator, Ram } from "../core/memory";
import { walk } from "../core/walk";
import { buildTestMachine, testInitialState, WORKED_EXAMPLE_VA } from "./__fixtures__/testMachine";
import type { Machine } from "../core/machine";
import {
  selectCanRedo,
  selectCanUndo,
  selectOutcomeText,
  selectTableGraph,
  selectWalk,
  selectWalkPathTables,
} from "./selectors";
import { createPagewalkStore, HISTORY_LIMIT, type PagewalkState } from "./store";

const PML4 = 0x1000 as PhysAddr;
const PDPT = 0x2000 as PhysAddr;
const PD = 0x4000 as PhysAddr;
const PT = 0x5000 as PhysAddr;
const PT_127 = (PT + 127 * 8) as PhysAddr;
const PD_511 = (PD + 511 * 8) as PhysAddr;

const outcome = (s: PagewalkState): string => selectOutcomeText(s);

/** Frames whose storage differs between two RAM states (what one history step costs). */
function framesNotShared(a: Ram, b: Ram): number[] {
  const out: number[] = [];
  for (let pfn = 0; pfn < a.frameCount; pfn++) if (a.frameVersion(pfn) !== b.frameVersion(pfn)) out.push(pfn);
  return out;
}

describe("the test machine", () => {
  it("walks the Writing-an-OS-in-Rust worked example: 0x803fe7f5ce → 0x35ce, user read ok", () => {
    const { machine, layout } = buildTestMachine();
    expect(layout).toEqual({ pml4: 0x1000, pdpt: 0x2000, page: 0x3000, pd: 0x4000, pt: 0x5000 });
    const result = walk(machine.ram, machine.regs, WORKED_EXAMPLE_VA, { op: "read", mode: "user" });
    expect(result.steps.map((s) => [LEVEL_TABLE_NAMES[s.level], s.index])).toEqual([
      ["PML4", 1],
      ["PDPT", 0],
      ["PD", 511],
      ["PT", 127],
    ]);
    expect(result.translation.kind === "mapped" && result.translation.pa).toBe(0x35ce);
    expect(result.verdict.ok).toBe(true);
  });

  it("starts with the PT entry of the walk selected and nothing to undo", () => {
    const s = createPagewalkStore(testInitialState()).getState();
    expect(s.selection.table).toEqual({ addr: PT, level: 1 });
    expect(s.selection.entryIndex).toBe(127);
    expect(outcome(s)).toBe("0x803fe7f5ce → 0x35ce (4 KiB page, user read ok)");
    expect(selectCanUndo(s)).toBe(false);
    expect(selectCanRedo(s)).toBe(false);
  });

  it("has more than one PML4 entry, including a recursive one", () => {
    const { machine } = buildTestMachine();
    const present = [...Array(512).keys()].filter((i) => (machine.ram.readEntry(PML4 + i * 8) & 1n) === 1n);
    expect(present).toEqual([0, 1, 256, 510, 511]);
    expect(Number(machine.ram.readEntry(PML4 + 510 * 8) & 0xffff_f000n)).toBe(PML4);
  });
});

describe("entry actions", () => {
  it("toggleEntryBit: U/S off in the PT entry turns the user read into #PF 0x5 at PT[127]", () => {
    const store = createPagewalkStore(testInitialState());
    expect(store.getState().toggleEntryBit(PT_127, 2).ok).toBe(true);
    expect(outcome(store.getState())).toMatch(/^#PF error 0x5 at PT\[127\]: /);
    expect(store.getState().past).toHaveLength(1);
  });

  it("toggleEntryBit: P off in the PD entry moves the fault to PD[511] with error 0x4", () => {
    const store = createPagewalkStore(testInitialState());
    store.getState().toggleEntryBit(PD_511, 0);
    expect(outcome(store.getState())).toMatch(/^#PF error 0x4 at PD\[511\]: /);
  });

  it("toggleEntryBit rejects bits outside 0–63 and entries outside RAM without a history step", () => {
    const store = createPagewalkStore(testInitialState());
    expect(store.getState().toggleEntryBit(PT_127, 64).ok).toBe(false);
    const outside = store.getState().toggleEntryBit(0x4000_0000 as PhysAddr, 0);
    expect(outside.ok).toBe(false);
    expect(!outside.ok && outside.error.message).toMatch(/outside RAM/);
    expect(store.getState().past).toHaveLength(0);
  });

  it("writeEntryRaw writes 64 bits; writing the same value is not a step", () => {
    const store = createPagewalkStore(testInitialState());
    const before = store.getState().machine.ram.readEntry(PT_127);
    store.getState().writeEntryRaw(PT_127, before);
    expect(store.getState().past).toHaveLength(0);
    store.getState().writeEntryRaw(PT_127, 0x8000_0000_0000_9067n);
    expect(store.getState().machine.ram.readEntry(PT_127)).toBe(0x8000_0000_0000_9067n);
    expect(store.getState().writeEntryRaw(PT_127, 1n << 64n).ok).toBe(false);
  });

  it("setEntryAddress keeps the flags and needs a 4 KiB-aligned 52-bit address", () => {
    const store = createPagewalkStore(testInitialState());
    store.getState().setEntryAddress(PT_127, 0x6000);
    expect(store.getState().machine.ram.readEntry(PT_127)).toBe(0x6007n);
    expect(outcome(store.getState())).toBe("0x803fe7f5ce → 0x65ce (4 KiB page, user read ok)");
    expect(store.getState().setEntryAddress(PT_127, 0x6001).ok).toBe(false);
    expect(store.getState().setEntryAddress(PT_127, 2 ** 52).ok).toBe(false);
    expect(store.getState().past).toHaveLength(1);
  });

  it("allocateTable hands out a zeroed frame and can link it from an entry", () => {
    const store = createPagewalkStore(testInitialState());
    const alone = store.getState().allocateTable();
    expect(alone.ok).toBe(true);
    const pt128 = (PT + 128 * 8) as PhysAddr;
    expect(store.getState().allocateTable({ entryAddr: pt128, level: 1 }).ok).toBe(false);
    const pml4e2 = (PML4 + 2 * 8) as PhysAddr;
    const linked = store.getState().allocateTable({ entryAddr: pml4e2, level: 4 });
    expect(linked.ok).toBe(true);
    const addr = linked.ok ? linked.value : 0;
    expect(addr).toBe((alone.ok ? alone.value : 0) + 0x1000);
    expect(store.getState().machine.ram.readEntry(pml4e2)).toBe(BigInt(addr) | 7n);
    expect(store.getState().machine.alloc.isAllocated(addr / 4096)).toBe(true);
    expect(store.getState().past).toHaveLength(2);
  });

  it("allocateTable reports an exhausted allocator and changes nothing", () => {
    const ram = new Ram(0x4000);
    const alloc = FrameAllocator.forRange(0x1000, 0x2000);
    alloc.alloc(ram);
    const machine: Machine = {
      ram,
      alloc,
      regs: buildTestMachine().machine.regs,
      setAccessedDirty: false,
    };
    const store = createPagewalkStore({
      machine,
      selection: createPagewalkStore(testInitialState()).getState().selection,
    });
    const r = store.getState().allocateTable();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.kind).toBe("out-of-frames");
    expect(store.getState().machine).toBe(machine);
  });
});

describe("map and unmap", () => {
  const va = 0x4000_0000n as VirtAddr; // PML4[0] → PDPT[1]: no tables yet below it

  it("map creates the missing tables from the allocator and the walk follows them, as one step", () => {
    const store = createPagewalkStore(testInitialState());
    const free = store.getState().machine.alloc.available();
    const r = store
      .getState()
      .map({ va, pa: 0x8000, size: PAGE_4K, leafFlags: { writable: true, user: true } });
    expect(r.ok).toBe(true);
    expect(store.getState().machine.alloc.available()).toBe(free - 2); // a PD and a PT
    store.getState().setVaText("0x4000_0123");
    store.getState().setAccess({ op: "write", mode: "supervisor" }); // PML4[0] is supervisor-only
    expect(outcome(store.getState())).toBe("0x40000123 → 0x8123 (4 KiB page, supervisor write ok)");
    expect(store.getState().past).toHaveLength(1);
  });

  it("map refuses overlaps and misalignment with the core's message and changes nothing", () => {
    const store = createPagewalkStore(testInitialState());
    const machine = store.getState().machine;
    const overlap = store
      .getState()
      .map({ va: (WORKED_EXAMPLE_VA & ~0xfffn) as VirtAddr, pa: 0x9000, size: PAGE_4K, leafFlags: {} });
    expect(overlap.ok).toBe(false);
    const misaligned = store.getState().map({ va, pa: 0x1000, size: PAGE_2M, leafFlags: {} });
    expect(!misaligned.ok && misaligned.error.message).toMatch(/aligned/);
    expect(store.getState().machine).toBe(machine);
  });

  it("unmap removes the page; the walk then faults where the chain ends", () => {
    const store = createPagewalkStore(testInitialState());
    expect(store.getState().unmap((WORKED_EXAMPLE_VA & ~0xfffn) as VirtAddr, PAGE_4K).ok).toBe(true);
    expect(outcome(store.getState())).toMatch(/^#PF error 0x4 at PT\[127\]: /);
    expect(store.getState().unmap(va, PAGE_4K).ok).toBe(false);
    store.getState().undo();
    expect(outcome(store.getState())).toBe("0x803fe7f5ce → 0x35ce (4 KiB page, user read ok)");
  });
});

describe("register actions", () => {
  it("setCr3 moves the root; flag bits are kept and CR3 above MAXPHYADDR is refused", () => {
    const store = createPagewalkStore(testInitialState());
    store.getState().setCr3(PDPT + 0x18);
    expect(store.getState().machine.regs.cr3).toBe(0x2018);
    expect(selectWalk(store.getState()).steps[0]?.tableAddr).toBe(PDPT);
    expect(store.getState().setCr3(2 ** 46).ok).toBe(false);
    expect(store.getState().past).toHaveLength(1);
  });

  it("toggleRegisterBits flips control bits: LA57 gives a 5-level walk that starts at CR3", () => {
    const store = createPagewalkStore(testInitialState());
    store.getState().toggleRegisterBits("cr4", CR4.LA57);
    const w = selectWalk(store.getState());
    expect(w.mode.levels).toBe(5);
    expect(w.steps[0]).toMatchObject({ level: 5, tableAddr: PML4, index: 0 });
    store.getState().toggleRegisterBits("cr4", CR4.LA57);
    expect(selectWalk(store.getState()).mode.levels).toBe(4);
    expect(store.getState().past).toHaveLength(2);
  });

  it("toggleRegisterBits refuses CR4.PCIDE on while CR3 bits 11:0 are not 0, as MOV to CR4 does", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    s().setCr3(s().machine.regs.cr3 | 0x18); // PWT and PCD, with PCIDE = 0
    const machine = s().machine;
    const refused = s().toggleRegisterBits("cr4", CR4.PCIDE);
    expect(refused).toMatchObject({ ok: false, error: { kind: "pcid-bits-set" } });
    if (!refused.ok) expect(refused.error.message).toMatch(/CR3 bits 11:0.*0x18: clear them in CR3 first/);
    expect(s().machine).toBe(machine);
    expect(s().past).toHaveLength(1);
    s().setCr3(s().machine.regs.cr3 & ~0xfff);
    expect(s().toggleRegisterBits("cr4", CR4.PCIDE).ok).toBe(true);
    expect(s().machine.regs.cr4 & CR4.PCIDE).toBe(CR4.PCIDE);
    // With PCIDE on, a PCID in CR3 is what PCIDE is for; turning PCIDE off over it is allowed.
    s().setCr3(s().machine.regs.cr3 | 5);
    expect(s().toggleRegisterBits("cr4", CR4.PCIDE).ok).toBe(true);
  });

  it("setRegister sets whole registers: CR0.WP, EFER.NXE, RFLAGS.AC, PKRU", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    s().setRegister("cr0", s().machine.regs.cr0 & ~CR0.WP);
    s().setRegister("efer", s().machine.regs.efer & ~EFER.NXE);
    s().setRegister("rflags", RFLAGS_AC);
    s().setRegister("pkru", 0x5555_5554);
    expect(s().machine.regs).toMatchObject({
      cr0: 0x80000001,
      efer: 0x500,
      rflags: RFLAGS_AC,
      pkru: 0x55555554,
    });
    s().setRegister("pkru", 0x5555_5554);
    expect(s().past).toHaveLength(4);
  });

  it("register changes share the RAM object itself", () => {
    const store = createPagewalkStore(testInitialState());
    const ram = store.getState().machine.ram;
    store.getState().toggleRegisterBits("cr4", CR4.SMEP);
    expect(store.getState().machine.ram).toBe(ram);
  });

  it("setMaxPhyAddr checks 36–52 and changes which bits are reserved", () => {
    const store = createPagewalkStore(testInitialState());
    store.getState().writeEntryRaw(PT_127, 0x0000_8000_0000_3007n); // address bit 47
    expect(outcome(store.getState())).toMatch(/^#PF error 0xd at PT\[127\]/);
    store.getState().setMaxPhyAddr(52);
    expect(outcome(store.getState())).toBe("0x803fe7f5ce → 0x8000000035ce (4 KiB page, user read ok)");
    expect(store.getState().setMaxPhyAddr(35).ok).toBe(false);
    expect(store.getState().setMaxPhyAddr(53).ok).toBe(false);
  });

  it("setMaxPhyAddr keeps CR3 within the width, as setCr3 does; a root outside RAM is named without an index", () => {
    const store = createPagewalkStore(testInitialState());
    expect(store.getState().setMaxPhyAddr(52).ok).toBe(true);
    expect(store.getState().setCr3(0xf0_0000_0000).ok).toBe(true);
    expect(outcome(store.getState())).toMatch(
      /^#PF error 0x[0-9a-f]+ at the PML4: The PML4 at 0xf000000000 lies outside physical memory/,
    );
    const past = store.getState().past.length;
    const narrower = store.getState().setMaxPhyAddr(36);
    expect(narrower.ok ? "" : narrower.error.message).toBe(
      "CR3 0xf000000000 needs more than 36 bits: change CR3 first.",
    );
    expect(store.getState().machine.regs.maxPhyAddr).toBe(52);
    expect(store.getState().past.length).toBe(past);
    expect(store.getState().setMaxPhyAddr(40).ok).toBe(true);
  });
});

describe("accessed/dirty", () => {
  it("walkAccess does nothing while the setting is off", () => {
    const store = createPagewalkStore(testInitialState());
    expect(store.getState().walkAccess()).toEqual([]);
    expect(store.getState().past).toHaveLength(0);
  });

  it("walkAccess sets A on every level and D on the leaf for a write, as one step", () => {
    const store = createPagewalkStore(testInitialState());
    store.getState().setAccessedDirty(true);
    store.getState().setAccess({ op: "write", mode: "user" });
    const writes = store.getState().walkAccess();
    expect(writes.map((w) => w.entryAddr)).toEqual([PML4 + 8, PDPT, PD_511, PT_127]);
    expect(store.getState().machine.ram.readEntry(PT_127)).toBe(0x3067n);
    expect(store.getState().past).toHaveLength(2);
    expect(store.getState().walkAccess()).toEqual([]);
    store.getState().undo();
    expect(store.getState().machine.ram.readEntry(PT_127)).toBe(0x3007n);
  });
});

describe("selection", () => {
  it("setVaText parses hex with underscores, keeps the last good VA and explains bad input", () => {
    const store = createPagewalkStore(testInitialState());
    store.getState().setVaText("ffff_ffff_8000_0000");
    expect(store.getState().selection.va).toBe(0xffff_ffff_8000_0000n);
    expect(outcome(store.getState())).toMatch(/^#PF error 0x5 at PML4\[511\]: /);
    store.getState().setVaText("0x12g4");
    expect(store.getState().selection.vaError).toMatch(/unexpected "g"/);
    expect(store.getState().selection.va).toBe(0xffff_ffff_8000_0000n);
    store.getState().setVaText("1_0000_0000_0000_0000");
    expect(store.getState().selection.vaError).toMatch(/64 bits/);
    store.getState().setVaText("0x803fe7f5ce");
    expect(store.getState().selection.vaError).toBeNull();
    expect(store.getState().past).toHaveLength(0);
  });

  it("setAccess changes the access kind and the verdict", () => {
    const store = createPagewalkStore(testInitialState());
    store.getState().toggleEntryBit((PT + 127 * 8) as PhysAddr, 1);
    store.getState().setAccess({ op: "write", mode: "user" });
    expect(outcome(store.getState())).toMatch(/^#PF error 0x7 at PT\[127\]/);
    const before = store.getState().selection;
    store.getState().setAccess({ op: "write", mode: "user" });
    expect(store.getState().selection).toBe(before);
  });

  it("selectTable clears the entry; selectEntry and selectEntryOf pick one", () => {
    const store = createPagewalkStore(testInitialState());
    store.getState().selectTable({ addr: PML4, level: 4 });
    expect(store.getState().selection).toMatchObject({ table: { addr: PML4, level: 4 }, entryIndex: null });
    store.getState().selectEntry(510);
    expect(store.getState().selection.entryIndex).toBe(510);
    store.getState().selectEntry(512);
    expect(store.getState().selection.entryIndex).toBe(510);
    store.getState().selectEntryOf({ addr: PD, level: 2 }, 511);
    expect(store.getState().selection).toMatchObject({ table: { addr: PD, level: 2 }, entryIndex: 511 });
  });
});

describe("undo and redo", () => {
  it("undo restores the previous outcome, redo reapplies, a new action clears redo", () => {
    const store = createPagewalkStore(testInitialState());
    const s = store.getState;
    const ok = outcome(s());
    s().toggleEntryBit(PT_127, 2);
    const fault = outcome(s());
    s().toggleEntryBit(PD_511, 0);
    s().undo();
    expect(outcome(s())).toBe(fault);
    s().undo();
    expect(outcome(s())).toBe(ok);
    s().undo(); // nothing left: no-op
    expect(selectCanUndo(s())).toBe(false);
    s().redo();
    expect(outcome(s())).toBe(fault);
    expect(selectCanRedo(s())).toBe(true);
    s().toggleEntryBit(PT_127, 1);
    expect(selectCanRedo(s())).toBe(false);
    s().redo();
    expect(s().past).toHaveLength(2);
  });

  it("keeps selection across undo", () => {
    const store = createPagewalkStore(testInitialState());
    store.getState().toggleEntryBit(PT_127, 2);
    store.getState().selectEntryOf({ addr: PML4, level: 4 }, 1);
    store.getState().undo();
    expect(store.getState().selection.table?.addr).toBe(PML4);
  });

  it(`keeps at most ${HISTORY_LIMIT} steps`, () => {
    const store = createPagewalkStore(testInitialState());
    for (let i = 0; i < HISTORY_LIMIT + 25; i++) store.getState().toggleEntryBit(PT_127, 9);
    expect(store.getState().past).toHaveLength(HISTORY_LIMIT);
  });

  it("one step costs what changed: consecutive states share every other frame", () => {
    const store = createPagewalkStore(testInitialState());
    const before = store.getState().machine.ram;
    store.getState().toggleEntryBit(PT_127, 2);
    const after = store.getState().machine.ram;
    expect(framesNotShared(before, after)).toEqual([PT / 4096]);
    store.getState().toggleEntryBit(PD_511, 0);
    expect(framesNotShared(after, store.getState().machine.ram)).toEqual([PD / 4096]);
  });

  it("history states are immutable: later writes never change an older machine", () => {
    const store = createPagewalkStore(testInitialState());
    const first = store.getState().machine;
    const snapshot = first.ram
      .touchedFrames()
      .map((pfn) => Array.from(first.ram.readFrame(pfn) as Uint32Array));
    for (let i = 0; i < 10; i++) {
      store.getState().toggleEntryBit((PT + i * 8) as PhysAddr, i % 3);
      store.getState().allocateTable({ entryAddr: (PML4 + (20 + i) * 8) as PhysAddr, level: 4 });
    }
    store.getState().undo();
    store.getState().toggleEntryBit(PT_127, 5);
    const now = first.ram.touchedFrames().map((pfn) => Array.from(first.ram.readFrame(pfn) as Uint32Array));
    expect(now).toEqual(snapshot);
    expect(first.alloc.available()).toBe(buildTestMachine().machine.alloc.available());
  });

  it("loadMachine replaces the machine as one undoable step and does not share writes with its builder", () => {
    const store = createPagewalkStore(testInitialState());
    const { machine } = buildTestMachine();
    store.getState().loadMachine(machine, { entryIndex: 3 });
    expect(store.getState().selection.entryIndex).toBe(3);
    machine.ram.writeEntry(PT_127, 0n); // the builder keeps writing its own copy
    expect(store.getState().machine.ram.readEntry(PT_127)).toBe(0x3007n);
    store.getState().undo();
    expect(store.getState().past).toHaveLength(0);
  });

  it("selectors are memoised per state: same walk object until the machine or the selection changes", () => {
    const store = createPagewalkStore(testInitialState());
    const w1 = selectWalk(store.getState());
    store.getState().selectEntry(3);
    expect(selectWalk(store.getState())).toBe(w1);
    store.getState().toggleEntryBit(PT_127, 9);
    expect(selectWalk(store.getState())).not.toBe(w1);
  });

  it("the table graph is derived from the machine: rebuilt on a change, the same object otherwise", () => {
    const store = createPagewalkStore(testInitialState());
    const g1 = selectTableGraph(store.getState());
    expect(g1.root).toBe(PML4);
    expect(g1.nodes.map((n) => n.addr)).toContain(PT);
    store.getState().setVaText("0x1234");
    expect(selectTableGraph(store.getState())).toBe(g1);
    store.getState().toggleEntryBit(PD_511, 0);
    const g2 = selectTableGraph(store.getState());
    expect(g2).not.toBe(g1);
    expect(g2.nodes.map((n) => n.addr)).not.toContain(PT);
  });

  it("the walk path tables follow the walk", () => {
    const store = createPagewalkStore(testInitialState());
    const p = selectWalkPathTables(store.getState());
    expect(p).toEqual({ tables: [PML4, PDPT, PD, PT], indices: [1, 0, 511, 127] });
    store.getState().selectEntry(1);
    expect(selectWalkPathTables(store.getState())).toBe(p);
  });

  it("the walk path stops at the entry that faulted: a permission denied at the PDPT ends it there", () => {
    const store = createPagewalkStore(testInitialState());
    store.getState().toggleEntryBit(PDPT, 2);
    expect(selectWalk(store.getState()).steps).toHaveLength(4);
    expect(selectWalkPathTables(store.getState())).toEqual({ tables: [PML4, PDPT], indices: [1, 0] });
  });
});

describe("arena garbage", () => {
  it("frames of states that left the history are freed, and every kept state still reads correctly", () => {
    const store = createPagewalkStore(testInitialState());
    const ram0 = store.getState().machine.ram;
    // Each toggle writes one frame; far more steps than the history keeps.
    for (let k = 0; k < HISTORY_LIMIT * 6; k++)
      expect(store.getState().toggleEntryBit(PT_127, 9 + (k % 3)).ok).toBe(true);
    const { machine, past } = store.getState();
    // Live frames: the default machine's own frames plus at most one changed frame per kept state.
    const baseFrames = createPagewalkStore(testInitialState()).getState().machine.ram.touchedCount();
    expect(ram0.arenaFrameCount()).toBeLessThan(2 * (baseFrames + past.length + 1) + 512 + 1);
    // Undo all the way back through the kept history: each state still holds its own bits.
    let expected = machine.ram.readEntry(PT_127);
    for (let k = past.length - 1; k >= 0; k--) {
      store.getState().undo();
      const now = store.getState().machine.ram.readEntry(PT_127);
      expect(now).not.toBe(expected);
      expected = now;
    }
  });
});
