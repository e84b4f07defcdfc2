/**
 * Unmap through the store never frees a table another address space of the open scenario still
 * reaches: the "Two processes" example, unmapping the kernel page in process A and mapping two
 * user pages, leaves process B's translations alone, and the outcome says which table was kept.
 */
import { describe, expect, it } from "vitest";
import { PAGE_2M, PAGE_4K, virtAddr, type VirtAddr } from "../core/arch";
import { presetById } from "../core/scenario";
import { walk } from "../core/walk";
import { createPagewalkStore, type PagewalkState } from "./store";

const KERNEL_VA = virtAddr(0xffff_ffff_8000_0000n);
/** PML4 511, PDPT 0, PD 0, PT 0: the VA process A's new user page appeared at in process B. */
const PROBE_VA = virtAddr(0xffff_ff80_0000_0000n);
const USER = { writable: true, user: true };

function twoProcessesStore() {
  const preset = presetById("two-processes");
  if (!preset?.build) throw new Error("two-processes");
  const store = createPagewalkStore();
  store.getState().loadScenario(preset.build(), "example");
  return store;
}

/** What process B (CR3 0x4000) translates `va` to, under the machine shown now. */
function inProcessB(s: PagewalkState, va: VirtAddr): string {
  const t = walk(s.machine.ram, { ...s.machine.regs, cr3: 0x4000 }, va, {
    op: "read",
    mode: "supervisor",
  }).translation;
  return t.kind === "mapped" ? `0x${t.pa.toString(16)}` : t.kind;
}

describe("unmap in one process of a scenario", () => {
  it("keeps the kernel PDPT process B still reaches, and says so", () => {
    const store = twoProcessesStore();
    const s = store.getState;
    const bBefore = [PROBE_VA, virtAddr(0xffff_ff00_0000_0000n), virtAddr(0x40_0000n)].map((va) =>
      inProcessB(s(), va),
    );
    const unmapped = s().unmap(KERNEL_VA, PAGE_2M);
    expect(
      s().map({ va: virtAddr(0x7f00_0000_0000n), pa: 0x90_0000, size: PAGE_4K, leafFlags: USER }).ok,
    ).toBe(true);
    expect(
      s().map({ va: virtAddr(0x7e00_0000_0000n), pa: 0xa0_0000, size: PAGE_4K, leafFlags: USER }).ok,
    ).toBe(true);
    // Before the fix B translated 0xffffff8000000000 → 0x900000, a page it never mapped.
    expect(
      [PROBE_VA, virtAddr(0xffff_ff00_0000_0000n), virtAddr(0x40_0000n)].map((va) => inProcessB(s(), va)),
    ).toEqual(bBefore);
    expect(unmapped.ok && unmapped.value.kept.map((k) => k.message)).toEqual([
      "The PDPT at 0x2000 is empty but process B (CR3 0x4000) still reaches it: kept.",
    ]);
    // Still one undoable step per action.
    expect(s().past).toHaveLength(4);
    s().undo();
    s().undo();
    s().undo();
    expect(inProcessB(s(), KERNEL_VA)).toBe("0x200000");
  });

  it("frees a process's own tables as before", () => {
    const store = twoProcessesStore();
    const s = store.getState;
    const free = s().machine.alloc.available();
    const unmapped = s().unmap(virtAddr(0x40_0000n), PAGE_4K);
    expect(unmapped.ok && unmapped.value.kept).toEqual([]);
    expect(s().machine.alloc.available()).toBe(free + 3); // A's user PT, PD and PDPT
    expect(inProcessB(s(), virtAddr(0x40_0000n))).toBe("0x700000");
  });
});
