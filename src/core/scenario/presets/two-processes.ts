/** Two address spaces sharing the kernel half: two CR3 values, one set of kernel tables. */
import { PAGE_2M, PAGE_4K, type PhysAddr, type VirtAddr } from "../../arch";
import { AddressSpace } from "../../space";
import { mark, PresetBuilder } from "./builder";
import type { Preset } from "./types";

const USER_VA = 0x40_0000n as VirtAddr;
const KERNEL_VA = 0xffff_ffff_8000_0000n as VirtAddr;
const PAGE_A = 0x60_0000;
const PAGE_B = 0x70_0000;
const KERNEL_PA = 0x20_0000;

function spaces(): { b: PresetBuilder; a: AddressSpace; bSpace: AddressSpace } {
  const b = new PresetBuilder(0x1000);
  const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!r.ok) throw new Error(r.error.message); // fixed layout: cannot fail
    return r.value;
  };
  const a = unwrap(AddressSpace.create(b.ram, b.alloc, 4));
  unwrap(
    a.map({
      va: KERNEL_VA,
      pa: KERNEL_PA,
      size: PAGE_2M,
      leafFlags: { writable: true, global: true },
      tableFlags: { writable: true },
    }),
  );
  const bSpace = unwrap(AddressSpace.withKernelHalfOf(a));
  unwrap(a.map({ va: USER_VA, pa: PAGE_A, size: PAGE_4K, leafFlags: { writable: true, user: true } }));
  unwrap(bSpace.map({ va: USER_VA, pa: PAGE_B, size: PAGE_4K, leafFlags: { writable: true, user: true } }));
  return { b, a, bSpace };
}

/** CR3 of the two processes (their PML4s as the allocator handed them out). */
const PROCESS_A_CR3 = 0x1000;
const PROCESS_B_CR3 = 0x4000;

const meta: Preset["meta"] = {
  title: "Two processes sharing the kernel half",
  description:
    "Each process has its own PML4 (CR3 0x1000 or 0x4000); entries 256–511 of both point to the same kernel tables, so 0xffffffff80000000 means the same memory in both, while 0x400000 maps to a different frame in each. Switching process is loading another CR3.",
  labels: [
    { kind: "frame", addr: PROCESS_A_CR3 as PhysAddr, name: "PML4 of process A" },
    { kind: "frame", addr: PROCESS_B_CR3 as PhysAddr, name: "PML4 of process B" },
  ],
  bookmarks: [
    mark(USER_VA, "userRead", "Process A's 0x400000 is frame 0x600000."),
    mark(USER_VA, "userRead", "The same VA in process B (CR3 = 0x4000) is frame 0x700000.", {
      cr3: PROCESS_B_CR3,
    }),
    mark(
      KERNEL_VA + 0x1234n,
      "supRead",
      "The kernel in process A: PML4[511] → shared PDPT → 2 MiB page at 0x200000.",
    ),
    mark(
      KERNEL_VA + 0x1234n,
      "supRead",
      "The kernel in process B: the same PML4[511] entry, the same PDPT, the same PA.",
      { cr3: PROCESS_B_CR3 },
    ),
  ],
  processes: [
    { name: "process A", cr3: PROCESS_A_CR3 },
    { name: "process B", cr3: PROCESS_B_CR3 },
  ],
};

export const twoProcesses: Preset = {
  id: "two-processes",
  meta,
  outcomes: [{ pa: PAGE_A }, { pa: PAGE_B }, { pa: KERNEL_PA + 0x1234 }, { pa: KERNEL_PA + 0x1234 }],
  build() {
    const { b, a, bSpace } = spaces();
    if (a.root !== PROCESS_A_CR3 || bSpace.root !== PROCESS_B_CR3)
      throw new Error("two-processes preset: unexpected table layout");
    return b.state(
      { cr3: a.root },
      { va: USER_VA, access: "userRead", table: { addr: a.root, level: 4, entry: 511 } },
      meta,
    );
  },
};
