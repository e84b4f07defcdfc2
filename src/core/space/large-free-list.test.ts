/**
 * An allocator holding 2^20 freed frames (as many as a scenario may list) through failing
 * multi-page operations: the rollback must give back its state, not throw (spreading such a list
 * into a call's arguments overflows the stack).
 */
import { describe, expect, it } from "vitest";
import { PAGE_4K, virtAddr } from "../arch";
import { FrameAllocator, MAX_RAM_BYTES, Ram, type AllocatorState } from "../memory";
import { AddressSpace } from "./address-space";

const FREE_FRAMES = 2 ** 20;

function bigSpace(): { ram: Ram; alloc: FrameAllocator; space: AddressSpace } {
  const ram = new Ram(MAX_RAM_BYTES);
  const freePfns: number[] = [];
  for (let pfn = 1; pfn <= FREE_FRAMES; pfn++) freePfns.push(pfn);
  const alloc = new FrameAllocator({ firstPfn: 1, endPfn: 2 ** 22, nextPfn: FREE_FRAMES + 1, freePfns });
  const created = AddressSpace.create(ram, alloc, 4);
  if (!created.ok) throw new Error(created.error.message);
  return { ram, alloc, space: created.value };
}

/** The same state (`toEqual` on 2^20-element lists takes seconds: the lists are compared by a loop). */
function expectState(alloc: FrameAllocator, state: AllocatorState): void {
  const now = alloc.state();
  expect({ ...now, freePfns: null }).toEqual({ ...state, freePfns: null });
  expect(now.freePfns.length).toBe(state.freePfns.length);
  expect(now.freePfns.findIndex((pfn, i) => pfn !== state.freePfns[i])).toBe(-1);
}

describe("a free list of 2^20 frames", () => {
  it("survives failing multi-page operations with the allocator's state intact", () => {
    const { ram, alloc, space } = bigSpace();
    const va = virtAddr(0x4000_0000n);
    expect(space.map({ va, pa: 0, size: PAGE_4K, leafFlags: {} }).ok).toBe(true);
    const before = alloc.state();
    const touched = ram.touchedFrames();

    // Maps one page into a new PDPT/PD/PT, then fails on the page mapped above: all undone.
    const region = space.mapRegion(virtAddr(0x3fff_f000n), 0, 2 * PAGE_4K, {});
    expect(region.ok).toBe(false);
    expectState(alloc, before);
    expect(ram.touchedFrames()).toEqual(touched);

    // A failing unmap (nothing mapped there) changes nothing either.
    expect(space.unmap(virtAddr(0x8000_0000n), PAGE_4K).ok).toBe(false);
    expectState(alloc, before);

    // The allocator still hands out the frames its list holds, last freed first.
    expect(alloc.available()).toBe(2 ** 22 - 1 - FREE_FRAMES + before.freePfns.length);
    expect(space.unmap(va, PAGE_4K).ok).toBe(true);
    expect(alloc.state().freePfns).toHaveLength(before.freePfns.length + 3);
  });
});
