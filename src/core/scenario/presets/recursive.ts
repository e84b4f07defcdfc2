/** Recursive mapping: PML4[510] points to the PML4 itself, so the tables appear in the address space. */
import { joinIndices, type PhysAddr, type VirtAddr } from "../../arch";
import { mark, P, PresetBuilder, RW, US } from "./builder";
import type { Preset } from "./types";

const PML4 = 0x1000;
const PDPT = 0x2000;
const PD = 0x3000;
const PT = 0x4000;
const PAGE = 0x5000;
const RECURSIVE_SLOT = 510;
const R = RECURSIVE_SLOT;

/** The VA at which the PML4 itself appears: index 510 four times. */
const PML4_SELF_VA = joinIndices([R, R, R, R], 0, 4);
/** The VA at which the PT mapping 0x400000 (indices 0/0/2/0) appears: 510, then 0/0/2; offset = entry 0. */
const PT_VIA_RECURSION_VA = joinIndices([R, 0, 0, 2], 0, 4);
/** The PD of 0x400000: 510, 510, then 0/0. */
const PD_VIA_RECURSION_VA = joinIndices([R, R, 0, 0], 2 * 8, 4);

const meta: Preset["meta"] = {
  title: "Recursive mapping (PML4[510] → PML4)",
  description:
    "Entry 510 of the PML4 points back to the PML4, so every walk through it uses one level less of real tables: index 510 four times lands on the PML4 itself, and 510 followed by a VA's first three indices lands on the PT that maps that VA. The entry is supervisor-only, so user code cannot see the tables.",
  labels: [
    { kind: "frame", addr: PML4 as PhysAddr, name: "PML4 (also seen through slot 510)" },
    { kind: "frame", addr: PT as PhysAddr, name: "PT of 0x400000" },
    {
      kind: "va-range",
      start: joinIndices([R, 0, 0, 0], 0, 4),
      last: (joinIndices([R + 1, 0, 0, 0], 0, 4) - 1n) as VirtAddr,
      name: "page tables (recursive window)",
    },
  ],
  bookmarks: [
    mark(0x40_0000n, "userRead", "An ordinary user page: PML4[0] → PDPT[0] → PD[2] → PT[0] → frame 0x5000."),
    mark(
      PML4_SELF_VA,
      "supRead",
      "Indices 510/510/510/510: every level reads the PML4 again, so the page reached is the PML4 itself (PA 0x1000).",
    ),
    mark(
      PT_VIA_RECURSION_VA,
      "supRead",
      "Indices 510/0/0/2: the PML4 acts as PDPT, the PDPT as PD, the PD as PT, and the page is the PT of 0x400000; offset 0 is its entry 0.",
    ),
    mark(
      PD_VIA_RECURSION_VA,
      "supWrite",
      "Indices 510/510/0/0: the PD of 0x400000; offset 0x10 is its entry 2, which the kernel can rewrite here.",
    ),
    mark(PML4_SELF_VA, "userRead", "User mode cannot reach the tables: PML4[510] has U/S = 0 (#PF 0x5)."),
  ],
  processes: [],
};

export const recursive: Preset = {
  id: "recursive",
  meta,
  outcomes: [
    { pa: PAGE },
    { pa: PML4 },
    { pa: PT },
    { pa: PD + 0x10 },
    { exception: "#PF", errorCode: 0x5, cause: "US" },
  ],
  build() {
    const b = new PresetBuilder(0x6000);
    b.set(PML4, 0, BigInt(PDPT) | P | RW | US)
      .set(PDPT, 0, BigInt(PD) | P | RW | US)
      .set(PD, 2, BigInt(PT) | P | RW | US)
      .set(PT, 0, BigInt(PAGE) | P | RW | US)
      .set(PML4, R, BigInt(PML4) | P | RW);
    return b.state(
      { cr3: PML4 },
      { va: PML4_SELF_VA, access: "supRead", table: { addr: PML4, level: 4, entry: R } },
      meta,
    );
  },
};
