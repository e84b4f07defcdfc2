/** The first 1 GiB identity-mapped with 512 2 MiB pages: one PD full of leaves (PS = 1). */
import type { PhysAddr, VirtAddr } from "../../arch";
import { G, mark, P, PresetBuilder, PS, RW } from "./builder";
import type { Preset } from "./types";

const PML4 = 0x1000;
const PDPT = 0x2000;
const PD = 0x3000;

const meta: Preset["meta"] = {
  title: "Identity-mapped first 1 GiB (2 MiB pages)",
  description:
    "Every VA below 1 GiB maps to the same PA through 512 PD entries with PS = 1, so a walk stops at the PD and the low 21 bits are the offset: one PD covers what would otherwise need 512 PTs. Past 1 GiB nothing is mapped.",
  labels: [
    { kind: "frame", addr: PD as PhysAddr, name: "PD of 512 2 MiB pages" },
    { kind: "va-range", start: 0n as VirtAddr, last: 0x3fff_ffffn as VirtAddr, name: "identity map" },
  ],
  bookmarks: [
    mark(
      0xb8000n,
      "supRead",
      "The VGA text buffer at 0xb8000 is reached at its own address: PD[0] maps 0–2 MiB.",
    ),
    mark(
      0x1234_5678n,
      "supWrite",
      "PD[145] maps 0x12200000–0x123fffff; 0x12345678 → PA 0x12345678 (writable).",
    ),
    mark(0x3fff_ffffn, "supRead", "The last byte of the identity map, through PD[511]."),
    mark(
      0x4000_0000n,
      "supRead",
      "1 GiB: PDPT[1] is empty, so the walk stops at the PDPT (#PF, not present).",
    ),
  ],
  processes: [],
};

export const identity2m: Preset = {
  id: "identity-2m",
  meta,
  outcomes: [
    { pa: 0xb8000 },
    { pa: 0x1234_5678 },
    { pa: 0x3fff_ffff },
    { exception: "#PF", errorCode: 0, cause: "P" },
  ],
  build() {
    const b = new PresetBuilder(0x4000);
    b.set(PML4, 0, BigInt(PDPT) | P | RW).set(PDPT, 0, BigInt(PD) | P | RW);
    for (let i = 0; i < 512; i++) b.set(PD, i, (BigInt(i) << 21n) | P | RW | PS | G);
    return b.state(
      { cr3: PML4 },
      { va: 0xb8000n, access: "supRead", table: { addr: PD, level: 2, entry: 0 } },
      meta,
    );
  },
};
