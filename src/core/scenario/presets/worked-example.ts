/**
 * The worked example of "Writing an OS in Rust", "Introduction to Paging" (Philipp Oppermann,
 * os.phil-opp.com/paging-introduction), with the tables at the physical addresses of the post's
 * figure: CR3 → level 4 table at 4 KiB, its entry 1 → level 3 table at 16 KiB, entry 0 → level 2
 * table at 24 KiB, entry 511 → level 1 table at 32 KiB, whose entry 127 maps the page at 12 KiB
 * read-only ("r") and entry 0 the page at 36 KiB ("r/w").
 */
import type { PhysAddr } from "../../arch";
import { mark, P, PresetBuilder, RW } from "./builder";
import type { Preset } from "./types";

const L4 = 0x1000;
const L3 = 0x4000;
const L2 = 0x6000;
const L1 = 0x8000;
export const WORKED_EXAMPLE_VA = 0x80_3fe7_f5cen;

const meta: Preset["meta"] = {
  title: "Worked example (Writing an OS in Rust)",
  description:
    "VA 0x803fe7f5ce splits into indices 1/0/511/127 and offset 0x5ce; the walk goes CR3 → 0x1000 → 0x4000 → 0x6000 → 0x8000 and ends in frame 0x3000, so the byte read is at PA 0x35ce. Tables sit where the post's figure puts them; the page is read-only, as in the post.",
  labels: [
    { kind: "frame", addr: L4 as PhysAddr, name: "level 4 table (4 KiB)" },
    { kind: "frame", addr: L3 as PhysAddr, name: "level 3 table (16 KiB)" },
    { kind: "frame", addr: L2 as PhysAddr, name: "level 2 table (24 KiB)" },
    { kind: "frame", addr: L1 as PhysAddr, name: "level 1 table (32 KiB)" },
  ],
  bookmarks: [
    mark(
      WORKED_EXAMPLE_VA,
      "supRead",
      "The post's walk: PML4[1] → PDPT[0] → PD[511] → PT[127] → frame 0x3000; plus offset 0x5ce = PA 0x35ce.",
    ),
    mark(
      WORKED_EXAMPLE_VA,
      "supWrite",
      "The page's flags are only 'r': with CR0.WP = 1 a write faults (#PF, error 0x3 = P | W).",
    ),
    mark(
      0x80_3fe0_0000n,
      "supRead",
      "The post's other page: PT[0] maps 0x803fe00000 to the frame at 36 KiB (0x9000).",
    ),
  ],
  processes: [],
};

export const workedExample: Preset = {
  id: "worked-example",
  meta,
  outcomes: [{ pa: 0x35ce }, { exception: "#PF", errorCode: 0x3, cause: "RW" }, { pa: 0x9000 }],
  build() {
    const b = new PresetBuilder(0xa000);
    b.set(L4, 1, BigInt(L3) | P | RW)
      .set(L3, 0, BigInt(L2) | P | RW)
      .set(L2, 511, BigInt(L1) | P | RW)
      .set(L1, 0, 0x9000n | P | RW)
      .set(L1, 127, 0x3000n | P);
    return b.state(
      { cr3: L4 },
      { va: WORKED_EXAMPLE_VA, access: "supRead", table: { addr: L4, level: 4, entry: 1 } },
      meta,
    );
  },
};
