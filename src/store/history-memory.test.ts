/**
 * What undo history costs: a step must hold what it changed, whatever the size of RAM or of the
 * allocator's free list. Asserted on `Footprint` (the bytes of structure the states hold, shared
 * parts counted once), never on timings or the heap.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_REGISTERS, PAGE_4K, virtAddr, type PhysAddr } from "../core/arch";
import { FrameAllocator, Footprint, MAX_RAM_BYTES, Ram } from "../core/memory";
import type { Machine } from "../core/machine";
import { selectionFor } from "./selection";
import { createPagewalkStore, HISTORY_LIMIT, type PagewalkStore } from "./store";

const KiB = 1024;
/** What one step may hold at most (the target). */
const STEP_LIMIT = 64 * KiB;
/** Free frames in the big allocator: as many as a scenario may list. */
const FREE_FRAMES = 2 ** 20;

/** A 16 GiB machine whose allocator holds 2^20 freed frames, with an empty PML4 as CR3. */
function bigMachine(): Machine {
  const ram = new Ram(MAX_RAM_BYTES);
  const freePfns: number[] = [];
  for (let pfn = 1; pfn <= FREE_FRAMES; pfn++) freePfns.push(pfn);
  const alloc = new FrameAllocator({
    firstPfn: 1,
    endPfn: MAX_RAM_BYTES / PAGE_4K,
    nextPfn: FREE_FRAMES + 1,
    freePfns,
  });
  const root = alloc.alloc(ram);
  if (!root.ok) throw new Error(root.error.message);
  // Entries at both ends of RAM, so that steps touch frames far apart.
  ram.writeEntry(0x2000, 0x3003n);
  ram.writeEntry(MAX_RAM_BYTES - PAGE_4K, 0x4003n);
  return { ram, alloc, regs: { ...DEFAULT_REGISTERS, cr3: root.value }, setAccessedDirty: false };
}

function bigStore(): PagewalkStore {
  return createPagewalkStore({
    machine: bigMachine(),
    selection: selectionFor("0x1000", { op: "read", mode: "user" }, null, null),
  });
}

/** Adds the present machine to `footprint`; returns how many bytes it added. */
function countPresent(store: PagewalkStore, footprint: Footprint): number {
  const before = footprint.bytes;
  const { machine } = store.getState();
  machine.ram.countInto(footprint);
  machine.alloc.countInto(footprint);
  return footprint.bytes - before;
}

describe("undo history memory", () => {
  it("200 one-entry steps with 16 GiB of RAM each hold what they changed, not a copy of RAM's map", () => {
    const store = bigStore();
    const footprint = new Footprint();
    countPresent(store, footprint);
    const entries = [0x2000, MAX_RAM_BYTES - PAGE_4K, 0x2008] as PhysAddr[];
    for (let k = 0; k < HISTORY_LIMIT; k++) {
      expect(store.getState().toggleEntryBit(entries[k % entries.length] as PhysAddr, k % 64).ok).toBe(true);
      expect(countPresent(store, footprint)).toBeLessThanOrEqual(STEP_LIMIT);
    }
    expect(store.getState().past).toHaveLength(HISTORY_LIMIT);
  });

  it("map and unmap steps with 2^20 free frames share the allocator's free list", () => {
    const store = bigStore();
    const footprint = new Footprint();
    countPresent(store, footprint);
    for (let k = 0; k < HISTORY_LIMIT / 2; k++) {
      const va = virtAddr(BigInt(k) * 0x4000_0000n); // a new PDPT, PD and PT for each page
      const mapped = store.getState().map({ va, pa: k * PAGE_4K, size: PAGE_4K, leafFlags: {} });
      expect(mapped.ok).toBe(true);
      expect(countPresent(store, footprint)).toBeLessThanOrEqual(STEP_LIMIT);
      expect(store.getState().unmap(va, PAGE_4K).ok).toBe(true);
      expect(countPresent(store, footprint)).toBeLessThanOrEqual(STEP_LIMIT);
    }
    expect(store.getState().machine.alloc.available()).toBe(MAX_RAM_BYTES / PAGE_4K - 2);
  });

  it("a failing unmap with 2^20 free frames is an error that changes nothing, step after step", () => {
    const store = bigStore();
    const start = store.getState().machine;
    for (let k = 0; k < 150; k++) {
      const result = store.getState().unmap(virtAddr(BigInt(k) * 0x1000n), PAGE_4K);
      expect(result.ok).toBe(false);
      expect(store.getState().machine).toBe(start);
    }
    expect(store.getState().past).toHaveLength(0);
  });
});
