/**
 * The page tables of a real Linux 6.1 kernel (Debian 6.1.0-56-amd64 in QEMU, captured with the
 * oracle's linux_capture.py; fixture src/core/__fixtures__/oracle/linux-4l.golden.json). Only the
 * page-table frames are kept (96, of which 64 are still all zero); the data is fetched on demand from public/scenarios/ (made by
 * scripts/make-linux-scenario.ts), so the first page load stays small.
 */
import type { PhysAddr, VirtAddr } from "../../arch";
import { mark } from "./builder";
import type { Preset } from "./types";

export const LINUX_PRESET_FILE = "linux-6.1.pwscn";

const meta: Preset["meta"] = {
  title: "Real Linux 6.1 kernel page tables",
  description:
    "The page tables of Linux 6.1 booted in QEMU (4-level, no KASLR), captured at a panic: the kernel image at 0xffffffff80000000, the direct map of all RAM at 0xffff888000000000 with 2 MiB pages, vmalloc, the CPU entry area, the espfix stacks (one page seen at 65,536 VAs) and no user mappings yet. Only the page tables are included (96 frames, 64 of them still empty).",
  labels: [
    { kind: "frame", addr: 0x2a1_0000 as PhysAddr, name: "init_top_pgt (PML4)" },
    {
      kind: "va-range",
      start: 0xffff_8880_0000_0000n as VirtAddr,
      last: 0xffff_c87f_ffff_ffffn as VirtAddr,
      name: "direct map of physical memory",
    },
    {
      kind: "va-range",
      start: 0xffff_c900_0000_0000n as VirtAddr,
      last: 0xffff_e8ff_ffff_ffffn as VirtAddr,
      name: "vmalloc/ioremap",
    },
    {
      kind: "va-range",
      start: 0xffff_ea00_0000_0000n as VirtAddr,
      last: 0xffff_eaff_ffff_ffffn as VirtAddr,
      name: "virtual memory map (struct page)",
    },
    {
      kind: "va-range",
      start: 0xffff_fe00_0000_0000n as VirtAddr,
      last: 0xffff_fe7f_ffff_ffffn as VirtAddr,
      name: "CPU entry area",
    },
    {
      // The 65,536 aliases of one frame that fill most of the Mappings list: the stack the kernel
      // switches to when returning to a 16-bit stack segment, so that the high bits of %esp do not
      // leak (espfix64; Documentation/arch/x86/x86_64/mm.rst's "%esp fixup stacks").
      kind: "va-range",
      start: 0xffff_ff00_0000_0000n as VirtAddr,
      last: 0xffff_ff7f_ffff_ffffn as VirtAddr,
      name: "%esp fixup stacks (espfix)",
    },
    {
      kind: "va-range",
      start: 0xffff_ffff_8000_0000n as VirtAddr,
      last: 0xffff_ffff_9fff_ffffn as VirtAddr,
      name: "kernel text, data, bss",
    },
    {
      kind: "va-range",
      start: 0xffff_ffff_a000_0000n as VirtAddr,
      last: 0xffff_ffff_feff_ffffn as VirtAddr,
      name: "modules",
    },
    {
      // From the end of the modules' space to the fixmap's end (mm.rst calls its start variable):
      // here the I/O APIC (PA 0xfec00000) and the local APIC (0xfee00000), uncached.
      kind: "va-range",
      start: 0xffff_ffff_ff00_0000n as VirtAddr,
      last: 0xffff_ffff_ff5f_ffffn as VirtAddr,
      name: "fixmap",
    },
  ],
  bookmarks: [
    mark(
      0xffff_ffff_8118_65a0n,
      "supExec",
      "Kernel text: executable, mapped with a 2 MiB page at 16 MiB physical.",
    ),
    mark(0xffff_ffff_8330_cb48n, "supRead", "Kernel data: a 4 KiB page of the kernel image."),
    mark(
      0xffff_8880_0e7a_7520n,
      "supWrite",
      "The direct map: physical 0xe7a7520 seen at 0xffff888000000000 + PA, through a 2 MiB page.",
    ),
    mark(0xffff_fe00_0000_4330n, "supRead", "The CPU entry area (GDT, TSS and entry stacks of CPU 0)."),
    mark(0x40_0000n, "userRead", "No user mappings exist yet: PML4[0] is empty (#PF 0x4 = U, not present)."),
    mark(0xffff_ffff_8118_65a0n, "userRead", "User mode cannot read the kernel: U/S = 0 (#PF 0x5 = P | U)."),
  ],
  processes: [],
};

export const linux61: Preset = {
  id: "linux-6.1",
  meta,
  outcomes: [
    { pa: 0x118_65a0 },
    { pa: 0x330_cb48 },
    { pa: 0xe7a_7520 },
    { pa: 0xf80_7330 },
    { exception: "#PF", errorCode: 0x4, cause: "P" },
    { exception: "#PF", errorCode: 0x5, cause: "US" },
  ],
  file: LINUX_PRESET_FILE,
};
