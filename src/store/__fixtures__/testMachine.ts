/**
 * A machine for the store's unit tests (it was the page's first machine before the app opened on
 * the worked-example preset): the walk of "Writing an OS in Rust" (VA 0x803fe7f5ce, PML4 index 1,
 * PDPT 0, PD 511, PT 127, offset 0x5ce, frame 0x3000, PA 0x35ce) with every level user-accessible,
 * its tables handed out by the allocator (0x1000, 0x2000, 0x4000, 0x5000), and more mappings to
 * test against: an identity-mapped first 2 MiB, a 1 GiB direct map, a higher-half kernel and a
 * recursive PML4 entry. `testInitialState()` opens it on a user read of that VA.
 */
import {
  PAGE_2M,
  encodeEntry,
  DEFAULT_REGISTERS,
  type Level,
  type PhysAddr,
  type VirtAddr,
  type EntryFlags,
} from "../../core/arch";
import { FrameAllocator, Ram } from "../../core/memory";
import type { Machine } from "../../core/machine";
import { selectionFor } from "../selection";
import type { InitialState } from "../store";

const DEFAULT_RAM_BYTES = 16 * 1024 * 1024;
export const WORKED_EXAMPLE_VA = 0x80_3fe7_f5cen as VirtAddr;

/** Where the test machine put its tables (all handed out by the frame allocator, in this order). */
export interface DefaultLayout {
  readonly pml4: PhysAddr;
  readonly pdpt: PhysAddr;
  readonly page: PhysAddr;
  readonly pd: PhysAddr;
  readonly pt: PhysAddr;
}

const TABLE: EntryFlags = { writable: true, user: true };

export function buildTestMachine(): { machine: Machine; layout: DefaultLayout } {
  const ram = new Ram(DEFAULT_RAM_BYTES);
  const alloc = FrameAllocator.forRange(0x1000, DEFAULT_RAM_BYTES);
  const frame = (): PhysAddr => {
    const r = alloc.alloc(ram);
    if (!r.ok) throw new Error(r.error.message); // 4095 free frames: cannot happen
    return r.value;
  };
  const set = (
    table: number,
    index: number,
    level: Level,
    address: number,
    flags: EntryFlags,
    leaf: boolean,
  ): void => {
    ram.writeEntry(table + index * 8, encodeEntry(level, address, flags, leaf));
  };

  // The worked example: PML4[1] → PDPT[0] → PD[511] → PT[127] → frame 0x3000.
  const pml4 = frame(); // 0x1000
  const pdpt = frame(); // 0x2000
  const page = frame(); // 0x3000, the data page of the example
  const pd = frame(); // 0x4000
  const pt = frame(); // 0x5000
  set(pml4, 1, 4, pdpt, TABLE, false);
  set(pdpt, 0, 3, pd, TABLE, false);
  set(pd, 511, 2, pt, TABLE, false);
  set(pt, 127, 1, page, { writable: true, user: true }, true);
  // Neighbours of the example page with other permissions to compare against.
  const readOnly = frame(); // 0x6000
  const supervisorData = frame(); // 0x7000
  set(pt, 128, 1, readOnly, { user: true }, true);
  set(pt, 129, 1, supervisorData, { writable: true, executeDisable: true }, true);
  // Something to find at the end of the walk: "Hello, paging!" at 0x35ce.
  const hello = new TextEncoder().encode("Hello, paging!\0\0");
  const words = ram.writableFrame(page / 4096);
  for (let i = 0; i < hello.length; i += 4) {
    const word =
      (hello[i] ?? 0) |
      ((hello[i + 1] ?? 0) << 8) |
      ((hello[i + 2] ?? 0) << 16) |
      ((hello[i + 3] ?? 0) << 24);
    words[(0x5cc + i) / 4] = word >>> 0; // 0x5ce is not word-aligned: start two bytes early
  }

  // PML4[0]: the first 2 MiB identity-mapped, supervisor only (where the bootloader left us).
  const lowPdpt = frame();
  const lowPd = frame();
  set(pml4, 0, 4, lowPdpt, { writable: true }, false);
  set(lowPdpt, 0, 3, lowPd, { writable: true }, false);
  set(lowPd, 0, 2, 0, { writable: true, global: true }, true);
  // PML4[256]: the start of a direct map of physical memory with one 1 GiB page, never executable.
  const directPdpt = frame();
  set(pml4, 256, 4, directPdpt, { writable: true }, false);
  set(directPdpt, 0, 3, 0, { writable: true, global: true, executeDisable: true }, true);
  // PML4[510]: the recursive entry (points back to the PML4 itself).
  set(pml4, 510, 4, pml4, { writable: true, executeDisable: true }, false);
  // PML4[511]: a higher-half kernel at 0xffff_ffff_8000_0000, text read-only, data writable.
  const kernelPdpt = frame();
  const kernelPd = frame();
  set(pml4, 511, 4, kernelPdpt, { writable: true }, false);
  set(kernelPdpt, 510, 3, kernelPd, { writable: true }, false);
  set(kernelPd, 0, 2, PAGE_2M, { global: true }, true);
  set(kernelPd, 1, 2, 2 * PAGE_2M, { writable: true, global: true, executeDisable: true }, true);

  const machine: Machine = {
    ram,
    alloc,
    regs: { ...DEFAULT_REGISTERS, cr3: pml4, maxPhyAddr: 46 },
    setAccessedDirty: false,
  };
  return { machine, layout: { pml4, pdpt, page, pd, pt } };
}

/** The test machine on a user read of the worked example's VA, its PT entry (the leaf) selected. */
export function testInitialState(): InitialState {
  const { machine, layout } = buildTestMachine();
  const selection = selectionFor(
    "0x80_3fe7_f5ce",
    { op: "read", mode: "user" },
    { addr: layout.pt, level: 1 },
    Number((WORKED_EXAMPLE_VA >> 12n) & 511n),
  );
  return { machine, selection };
}
