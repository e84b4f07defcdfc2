/**
 * Tables still in use are never freed: unmap and collapseEmptyTables give an empty table back to
 * the allocator only when no root and no other entry reaches it; otherwise it stays and the
 * outcome says why.
 */
import { describe, expect, it } from "vitest";
import { PAGE_2M, PAGE_4K, virtAddr, type EntryFlags, type PhysAddr } from "../arch";
import { FrameAllocator, Ram } from "../memory";
import { AddressSpace } from "./address-space";

const MiB = 1024 * 1024;
const KERNEL: EntryFlags = { writable: true, global: true };
const USER: EntryFlags = { writable: true, user: true };
const KERNEL_VA = virtAddr(0xffff_ffff_8000_0000n);

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The "Two processes" example's layout: A's PML4 0x1000, kernel PDPT 0x2000 and PD 0x3000, B's PML4 0x4000. */
function twoProcesses(): { ram: Ram; alloc: FrameAllocator; a: AddressSpace; b: AddressSpace } {
  const ram = new Ram(16 * MiB);
  const alloc = FrameAllocator.forRange(0x1000, 16 * MiB);
  const a = unwrap(AddressSpace.create(ram, alloc, 4));
  unwrap(
    a.map({ va: KERNEL_VA, pa: 0x20_0000, size: PAGE_2M, leafFlags: KERNEL, tableFlags: { writable: true } }),
  );
  const b = unwrap(AddressSpace.withKernelHalfOf(a));
  unwrap(a.map({ va: virtAddr(0x40_0000n), pa: 0x60_0000, size: PAGE_4K, leafFlags: USER }));
  unwrap(b.map({ va: virtAddr(0x40_0000n), pa: 0x70_0000, size: PAGE_4K, leafFlags: USER }));
  expect([a.root, b.root]).toEqual([0x1000, 0x4000]);
  return { ram, alloc, a, b };
}

describe("unmap keeps tables that something else reaches", () => {
  it("a kernel table shared with another process stays, and that process translates what it did", () => {
    const { ram, alloc, b } = twoProcesses();
    // Process A as the store sees it: a fresh address space told which other roots exist.
    const a = new AddressSpace(ram, alloc, 0x1000 as PhysAddr, 4, [
      { addr: 0x4000, levels: 4, name: "process B (CR3 0x4000)" },
    ]);
    const unmapped = unwrap(a.unmap(KERNEL_VA, PAGE_2M));
    // The PD (only the shared PDPT points to it) goes; the PDPT stays, since B's PML4[511] points to it.
    expect(alloc.isAllocated(0x2)).toBe(true);
    expect(alloc.isAllocated(0x3)).toBe(false);
    expect(ram.readEntry(0x1000 + 511 * 8) & 0xfff_ffff_f000n).toBe(0x2000n); // still linked in A
    unwrap(a.map({ va: virtAddr(0x7f00_0000_0000n), pa: 0x90_0000, size: PAGE_4K, leafFlags: USER }));
    unwrap(a.map({ va: virtAddr(0x7e00_0000_0000n), pa: 0xa0_0000, size: PAGE_4K, leafFlags: USER }));
    // Before the fix B translated 0xffffff8000000000 → 0x900000 through the recycled PDPT.
    expect(b.query(virtAddr(0xffff_ff80_0000_0000n))).toBeNull();
    expect(b.query(virtAddr(0xffff_ff00_0000_0000n))).toBeNull();
    expect(b.query(virtAddr(0x40_0000n))).toBe(0x70_0000);
    expect(b.query(KERNEL_VA)).toBeNull(); // unmapped through the shared PD, as it should be
    expect(unmapped.kept).toEqual([
      {
        addr: 0x2000,
        level: 3,
        message: "The PDPT at 0x2000 is empty but process B (CR3 0x4000) still reaches it: kept.",
      },
    ]);
  });

  it("spaces made by withKernelHalfOf know each other's roots", () => {
    const { alloc, a, b } = twoProcesses();
    const unmapped = unwrap(a.unmap(KERNEL_VA, PAGE_2M));
    expect(unmapped.kept.map((k) => k.message)).toEqual([
      "The PDPT at 0x2000 is empty but CR3 0x4000 still reaches it: kept.",
    ]);
    unwrap(a.map({ va: virtAddr(0x7f00_0000_0000n), pa: 0x90_0000, size: PAGE_4K, leafFlags: USER }));
    expect(b.query(virtAddr(0xffff_ff80_0000_0000n))).toBeNull();
    // B unmapping its own user page frees B's own tables as before.
    const before = alloc.available();
    expect(unwrap(b.unmap(virtAddr(0x40_0000n), PAGE_4K)).kept).toEqual([]);
    expect(alloc.available()).toBe(before + 3);
  });

  it("never frees a root, not even through a recursive entry", () => {
    const ram = new Ram(4 * MiB);
    const alloc = FrameAllocator.forRange(0x10_0000, 0x20_0000);
    const space = unwrap(AddressSpace.create(ram, alloc, 4));
    const root = space.root;
    ram.writeEntry(root + 510 * 8, BigInt(root) | 3n); // PML4[510] → PML4
    const available = alloc.available();
    // Indices 510/510/510/510: the PML4 is read as PDPT, PD and PT; the leaf is PML4[510] itself.
    const self = virtAddr(0xffff_ff7f_bfdf_e000n);
    const unmapped = unwrap(space.unmap(self, PAGE_4K));
    expect(alloc.isAllocated(root / 4096)).toBe(true);
    expect(alloc.state().freePfns).toEqual([]);
    expect(alloc.available()).toBe(available);
    expect(unmapped.kept.map((k) => k.message)).toEqual([
      "The PT at 0x100000 is empty but it is the PML4 of CR3 0x100000: kept.",
    ]);
  });

  it("a table that another entry of the same space points to stays", () => {
    const ram = new Ram(4 * MiB);
    const alloc = FrameAllocator.forRange(0x10_0000, 0x20_0000);
    const space = unwrap(AddressSpace.create(ram, alloc, 4));
    unwrap(space.map({ va: virtAddr(0x1000n), pa: 0x5000, size: PAGE_4K, leafFlags: USER }));
    const pd = 0x10_2000;
    const pt = Number(ram.readEntry(pd) & 0xfff_ffff_f000n);
    ram.writeEntry(pd + 8, BigInt(pt) | 7n); // PD[1] → the same PT: 0x201000 maps 0x5000 too
    const unmapped = unwrap(space.unmap(virtAddr(0x1000n), PAGE_4K));
    expect(alloc.isAllocated(pt / 4096)).toBe(true);
    // The page is gone from both VAs (one PTE), and the PT is not handed out again.
    expect(space.query(virtAddr(0x20_1000n))).toBeNull();
    unwrap(space.map({ va: virtAddr(0x4000_0000n), pa: 0x6000, size: PAGE_4K, leafFlags: USER }));
    expect(space.query(virtAddr(0x20_0000n))).toBeNull();
    expect(unmapped.kept.map((k) => k.message)).toEqual([
      `The PT at 0x${pt.toString(16)} is empty but entry 1 of the PD at 0x102000 still points to it: kept.`,
    ]);
  });

  it("unmapRegion reports every table it kept, and a failed region keeps nothing", () => {
    const { a } = twoProcesses();
    const region = unwrap(a.unmapRegion(KERNEL_VA, PAGE_2M));
    expect(region.pages).toBe(1);
    expect(region.kept.map((k) => k.addr)).toEqual([0x2000]);
    expect(unwrap(a.unmapRegion(virtAddr(0x40_0000n), 4096 * 3)).kept).toEqual([]);
  });
});

describe("collapseEmptyTables keeps tables that something else reaches", () => {
  it("an empty kernel PDPT that another process uses stays", () => {
    const { ram, alloc, a, b } = twoProcesses();
    ram.writeEntry(0x3000, 0n); // the kernel's 2 MiB leaf, cleared behind the address spaces' backs
    const collapsed = a.collapseEmptyTables();
    unwrap(a.map({ va: virtAddr(0x7f00_0000_0000n), pa: 0x90_0000, size: PAGE_4K, leafFlags: USER }));
    expect(b.query(virtAddr(0xffff_ff80_0000_0000n))).toBeNull();
    expect(alloc.isAllocated(0x2)).toBe(true);
    expect(collapsed.freed).toEqual([0x3000]);
    expect(collapsed.kept.map((k) => k.message)).toEqual([
      "The PDPT at 0x2000 is empty but CR3 0x4000 still reaches it: kept.",
    ]);
  });
});
