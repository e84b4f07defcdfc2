/** 5-level paging (CR4.LA57): a PML5 on top, 57-bit virtual addresses. */
import { PAGE_2M, PAGE_4K, CR4, type PhysAddr, type VirtAddr } from "../../arch";
import { AddressSpace } from "../../space";
import { mark, PresetBuilder } from "./builder";
import type { Preset } from "./types";

/** PML5 index 0x12 = 18: bits 56:48 of the VA, which 4-level paging does not have. */
const USER_VA = 0x0012_3456_789a_b000n as VirtAddr;
const KERNEL_VA = 0xff00_0000_0000_0000n as VirtAddr;
const USER_PA = 0x5_0000;
const KERNEL_PA = 0x20_0000;
const PML5 = 0x1000;

const meta: Preset["meta"] = {
  title: "5-level paging (LA57)",
  description:
    "With CR4.LA57 a PML5 sits above the PML4 and virtual addresses have 57 bits: bits 56:48 index the PML5 and bits 63:57 must copy bit 56. 0x00123456789ab000 is an ordinary address here but non-canonical under 4-level paging.",
  labels: [{ kind: "frame", addr: PML5 as PhysAddr, name: "PML5" }],
  bookmarks: [
    mark(
      USER_VA + 0x123n,
      "userRead",
      "PML5[18] → PML4[104] → PDPT[345] → PD[452] → PT[427]: five tables to frame 0x50000.",
    ),
    mark(
      KERNEL_VA + 0x1000n,
      "supRead",
      "The kernel half starts at 0xff00000000000000 (PML5[256]); here a 2 MiB page at PA 0x200000.",
    ),
    mark(
      0x0100_0000_0000_0000n,
      "supRead",
      "Bit 56 set but bits 63:57 clear: non-canonical even with 57 bits (#GP).",
    ),
    mark(
      USER_VA + 0x123n,
      "userRead",
      "The same first address with LA57 off: bits 63:48 must copy bit 47, so it is non-canonical (#GP).",
      { cr4: CR4.PAE },
    ),
  ],
  processes: [],
};

export const la57: Preset = {
  id: "la57",
  meta,
  outcomes: [
    { pa: USER_PA + 0x123 },
    { pa: KERNEL_PA + 0x1000 },
    { exception: "#GP", errorCode: 0, cause: "canonical" },
    { exception: "#GP", errorCode: 0, cause: "canonical" },
  ],
  build() {
    const b = new PresetBuilder(0x1000);
    const created = AddressSpace.create(b.ram, b.alloc, 5);
    if (!created.ok) throw new Error(created.error.message);
    const space = created.value;
    for (const r of [
      space.map({ va: USER_VA, pa: USER_PA, size: PAGE_4K, leafFlags: { writable: true, user: true } }),
      space.map({
        va: KERNEL_VA,
        pa: KERNEL_PA,
        size: PAGE_2M,
        leafFlags: { writable: true, global: true },
        tableFlags: { writable: true },
      }),
    ]) {
      if (!r.ok) throw new Error(r.error.message); // fixed layout: cannot fail
    }
    return b.state(
      { cr3: space.root, cr4: CR4.PAE | CR4.LA57 },
      { va: USER_VA + 0x123n, access: "userRead", table: { addr: space.root, level: 5, entry: 18 } },
      meta,
    );
  },
};
