/** A higher-half kernel mapped with 1 GiB pages, plus a 1 GiB-page direct map of low memory. */
import type { PhysAddr, VirtAddr } from "../../arch";
import { G, mark, P, PresetBuilder, PS, RW, XD } from "./builder";
import type { Preset } from "./types";

const PML4 = 0x1000;
const KERNEL_PDPT = 0x2000;
const DIRECT_PDPT = 0x3000;

const meta: Preset["meta"] = {
  title: "Higher-half kernel (1 GiB pages)",
  description:
    "The kernel lives at 0xffffffff80000000 (PML4[511], PDPT[510]) in one 1 GiB page of physical 0–1 GiB, and the first 4 GiB of physical memory are also mapped at 0xffff800000000000 with four 1 GiB pages: the walk stops at the PDPT. Everything is supervisor-only; the user half is empty.",
  labels: [
    { kind: "frame", addr: KERNEL_PDPT as PhysAddr, name: "kernel PDPT" },
    { kind: "frame", addr: DIRECT_PDPT as PhysAddr, name: "direct-map PDPT" },
    {
      kind: "va-range",
      start: 0xffff_ffff_8000_0000n as VirtAddr,
      last: 0xffff_ffff_ffff_ffffn as VirtAddr,
      name: "kernel image",
    },
    {
      kind: "va-range",
      start: 0xffff_8000_0000_0000n as VirtAddr,
      last: 0xffff_8000_ffff_ffffn as VirtAddr,
      name: "direct map of 0–4 GiB",
    },
  ],
  bookmarks: [
    mark(
      0xffff_ffff_8010_0000n,
      "supExec",
      "Kernel code at 1 MiB physical: PML4[511] → PDPT[510], a 1 GiB leaf; the low 30 bits are the offset.",
    ),
    mark(
      0xffff_ffff_c000_0000n,
      "supExec",
      "PDPT[511] maps kernel data with XD = 1: fetching from it faults (#PF 0x11 = P | I).",
    ),
    mark(
      0xffff_8000_fee0_0000n,
      "supRead",
      "The local APIC page through the direct map: PML4[256] → PDPT[3] → PA 0xfee00000.",
    ),
    mark(
      0xffff_ffff_8010_0000n,
      "userRead",
      "User code cannot read the kernel: U/S = 0 in its entries (#PF 0x5 = P | U).",
    ),
  ],
  processes: [],
};

export const higherHalf1g: Preset = {
  id: "higher-half-1g",
  meta,
  outcomes: [
    { pa: 0x10_0000 },
    { exception: "#PF", errorCode: 0x11, cause: "XD" },
    { pa: 0xfee0_0000 },
    { exception: "#PF", errorCode: 0x5, cause: "US" },
  ],
  build() {
    const b = new PresetBuilder(0x4000);
    b.set(PML4, 511, BigInt(KERNEL_PDPT) | P | RW)
      .set(KERNEL_PDPT, 510, 0n | P | RW | PS | G)
      .set(KERNEL_PDPT, 511, 0x4000_0000n | P | RW | PS | G | XD)
      .set(PML4, 256, BigInt(DIRECT_PDPT) | P | RW);
    for (let i = 0; i < 4; i++) b.set(DIRECT_PDPT, i, (BigInt(i) << 30n) | P | RW | PS | G | XD);
    return b.state(
      { cr3: PML4 },
      { va: 0xffff_ffff_8010_0000n, access: "supExec", table: { addr: KERNEL_PDPT, level: 3, entry: 510 } },
      meta,
    );
  },
};
