/**
 * One bookmark per kind of fault (SDM vol. 3A §4.7): not present at each level, write to a
 * read-only page with and without CR0.WP, user access to a supervisor page, NX fetch, SMEP, SMAP,
 * a reserved bit, a protection key, and a non-canonical address (#GP).
 */
import { CR0, CR4, EFER, type PhysAddr } from "../../arch";
import { mark, P, PresetBuilder, RW, US, XD } from "./builder";
import type { Preset } from "./types";

const PML4 = 0x1000;
const PDPT = 0x2000;
const PD = 0x3000;
const PT = 0x4000;

/** PKRU: key 1 access-disabled (bit 2), key 2 write-disabled (bit 5). */
const PKRU = 0x24;
const CR0_NO_WP = (CR0.PG | CR0.PE) >>> 0;

const meta: Preset["meta"] = {
  title: "Fault gallery",
  description:
    "One page table per situation and one bookmark per fault the SDM lists: not present at each level, read-only writes with and without CR0.WP, user access to supervisor pages, execute-disable, SMEP, SMAP, a reserved bit, a protection key and a non-canonical address. Each bookmark's note gives the #PF error code the processor pushes.",
  labels: [{ kind: "frame", addr: PT as PhysAddr, name: "PT: one page per fault kind" }],
  bookmarks: [
    mark(0x80_0000_0000n, "supRead", "PML4[1] is empty: not present at the PML4 (#PF 0x0)."),
    mark(0x4000_0000n, "supRead", "PDPT[1] is empty: not present at the PDPT (#PF 0x0)."),
    mark(0x20_0000n, "supRead", "PD[1] is empty: not present at the PD (#PF 0x0)."),
    mark(
      0x0n,
      "supRead",
      "PT[0] is empty, as operating systems leave it to catch null pointers: not present at the PT (#PF 0x0).",
    ),
    mark(
      0x1000n,
      "supWrite",
      "PT[1] is read-only; with CR0.WP = 1 even the kernel may not write it (#PF 0x3 = P | W).",
    ),
    mark(
      0x1000n,
      "supWrite",
      "The same write with CR0.WP = 0: supervisor writes ignore R/W, so it succeeds.",
      { cr0: CR0_NO_WP },
    ),
    mark(
      0x7000n,
      "userWrite",
      "PT[7] is a read-only user page: a user write faults whatever CR0.WP says (#PF 0x7 = P | W | U).",
      { cr0: CR0_NO_WP },
    ),
    mark(0x2000n, "userRead", "PT[2] is a supervisor page (U/S = 0): user access faults (#PF 0x5 = P | U)."),
    mark(0x3000n, "supExec", "PT[3] has XD = 1 and EFER.NXE = 1: fetching code faults (#PF 0x11 = P | I)."),
    mark(
      0x4000n,
      "supExec",
      "PT[4] is a user page: with CR4.SMEP the kernel may not execute it (#PF 0x11 = P | I).",
    ),
    mark(
      0x4000n,
      "supRead",
      "With CR4.SMAP and EFLAGS.AC = 0 the kernel may not read a user page either (#PF 0x1 = P).",
    ),
    mark(0x4000n, "supRead", "The same read with EFLAGS.AC = 1 (after stac): SMAP lets it through.", {
      rflags: 1 << 18,
    }),
    mark(
      0x5000n,
      "supRead",
      "PT[5] sets bit 51, above MAXPHYADDR (46): a reserved bit (#PF 0x9 = P | RSVD).",
    ),
    mark(
      0x6000n,
      "userRead",
      "PT[6] carries protection key 1 and PKRU.AD1 = 1: user reads fault (#PF 0x25 = P | U | PK).",
    ),
    mark(
      0x8000_0000_0000n,
      "supRead",
      "Bits 63:48 are not copies of bit 47: a non-canonical address raises #GP(0), not #PF, and no table is read.",
    ),
  ],
  processes: [],
};

export const faultGallery: Preset = {
  id: "fault-gallery",
  meta,
  outcomes: [
    { exception: "#PF", errorCode: 0x0, cause: "P" },
    { exception: "#PF", errorCode: 0x0, cause: "P" },
    { exception: "#PF", errorCode: 0x0, cause: "P" },
    { exception: "#PF", errorCode: 0x0, cause: "P" },
    { exception: "#PF", errorCode: 0x3, cause: "RW" },
    { pa: 0x10000 },
    { exception: "#PF", errorCode: 0x7, cause: "RW" },
    { exception: "#PF", errorCode: 0x5, cause: "US" },
    { exception: "#PF", errorCode: 0x11, cause: "XD" },
    { exception: "#PF", errorCode: 0x11, cause: "SMEP" },
    { exception: "#PF", errorCode: 0x1, cause: "SMAP" },
    { pa: 0x13000 },
    { exception: "#PF", errorCode: 0x9, cause: "RSVD" },
    { exception: "#PF", errorCode: 0x25, cause: "PK" },
    { exception: "#GP", errorCode: 0x0, cause: "canonical" },
  ],
  build() {
    const b = new PresetBuilder(0x5000);
    b.set(PML4, 0, BigInt(PDPT) | P | RW | US)
      .set(PDPT, 0, BigInt(PD) | P | RW | US)
      .set(PD, 0, BigInt(PT) | P | RW | US)
      .set(PT, 1, 0x10000n | P) // read-only, supervisor
      .set(PT, 2, 0x11000n | P | RW) // supervisor data
      .set(PT, 3, 0x12000n | P | RW | XD) // supervisor data, not executable
      .set(PT, 4, 0x13000n | P | RW | US) // a user page
      .set(PT, 5, 0x14000n | (1n << 51n) | P | RW) // bit 51: reserved under MAXPHYADDR 46
      .set(PT, 6, 0x15000n | (1n << 59n) | P | RW | US) // protection key 1
      .set(PT, 7, 0x16000n | P | US); // read-only user page
    return b.state(
      {
        cr3: PML4,
        cr0: (CR0.PG | CR0.WP | CR0.PE) >>> 0,
        cr4: CR4.PAE | CR4.SMEP | CR4.SMAP | CR4.PKE,
        efer: EFER.LME | EFER.LMA | EFER.NXE,
        pkru: PKRU,
        maxPhyAddr: 46,
      },
      { va: 0x1000n, access: "supWrite", table: { addr: PT, level: 1, entry: 1 } },
      meta,
    );
  },
};
