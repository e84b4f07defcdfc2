/**
 * Each lint rule on a hand-made address space that triggers it, and on one as close as can be
 * that must not. The space: PML4 0x1000 → PDPT 0x2000 → PD 0x3000 → PT 0x4000, mapping VA 0.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_REGISTERS, type Registers } from "../arch";
import { Ram } from "../memory";
import { lintAddressSpace } from "./lint";
import { findingPlace, type LintKind, type LintReport } from "./lint-types";

const P = 1n;
const RW = 2n;
const US = 4n;
const PS = 0x80n;
const XD = 1n << 63n;
const UPPER = P | RW | US;

type Entries = Record<number, bigint>; // entry address → value

const BASE: Entries = {
  0x1000: 0x2000n | UPPER, // PML4[0]
  0x2000: 0x3000n | UPPER, // PDPT[0]
  0x3000: 0x4000n | UPPER, // PD[0]
  0x4000: 0x5000n | P | RW | XD, // PT[0]: VA 0 → 0x5000, supervisor data
};

function lint(changes: Entries, regs: Partial<Registers> = {}): LintReport {
  const ram = new Ram(0x100000);
  for (const [addr, value] of Object.entries({ ...BASE, ...changes })) ram.writeEntry(Number(addr), value);
  return lintAddressSpace(ram, { ...DEFAULT_REGISTERS, cr3: 0x1000, maxPhyAddr: 46, ...regs });
}

const kinds = (r: LintReport): LintKind[] => r.findings.map((f) => f.kind);

describe("lintAddressSpace", () => {
  it("finds nothing in the base space", () => {
    expect(lint({}).findings).toEqual([]);
  });

  it("a CR3 outside RAM is placed at CR3, not at an entry; other findings at their entry", () => {
    const root = lint({}, { cr3: 0x20_0000 });
    expect(root.findings.map(findingPlace)).toEqual(["CR3 0x200000"]);
    expect(root.findings[0]?.message).toBe(
      "CR3 points to a PML4 at 0x200000, outside RAM: nothing is mapped.",
    );
    expect(lint({ 0x4000: 0x5000n | P | RW }).findings.map(findingPlace)).toEqual(["PTE @0x4000"]);
  });

  it("write-exec: a writable page without XD anywhere on its walk", () => {
    const r = lint({ 0x4000: 0x5000n | P | RW, 0x4008: 0x6000n | P | RW });
    expect(r.findings).toEqual([
      {
        kind: "write-exec",
        severity: "warning",
        va: { start: 0n, end: 0x2000n },
        level: 1,
        entry: 0x4000,
        message: "2 pages writable and executable (W+X): data written here can run as code.",
      },
    ]);
    expect(kinds(lint({ 0x4000: 0x5000n | P | RW, 0x3000: 0x4000n | UPPER | XD }))).not.toContain(
      "write-exec",
    );
  });

  it("user-kernel-half: U/S = 1 at every level of a kernel-half page", () => {
    const kernel = { 0x1800: 0x2000n | UPPER, 0x1000: 0n, 0x4000: 0x5000n | P | US | XD }; // PML4[256]
    const r = lint(kernel);
    expect(kinds(r)).toEqual(["user-kernel-half"]);
    expect(r.findings[0]?.va).toEqual({ start: 0xffff800000000000n, end: 0xffff800000001000n });
    expect(r.findings[0]?.severity).toBe("error");
    expect(kinds(lint({ ...kernel, 0x1800: 0x2000n | P | RW }))).not.toContain("user-kernel-half");
  });

  it("upper-denies: an upper entry with U/S = 0 over a leaf with U/S = 1", () => {
    const r = lint({ 0x2000: 0x3000n | P | RW, 0x4000: 0x5000n | P | US | XD });
    expect(kinds(r)).toEqual(["upper-denies"]);
    expect(r.findings[0]).toMatchObject({ level: 3, entry: 0x2000, va: { start: 0n, end: 1n << 30n } });
    expect(r.findings[0]?.message).toBe(
      "PDPT[0] (a PDPTE) has U/S = 0 while leaves below it have U/S = 1: every user access to them faults.",
    );
    expect(kinds(lint({ 0x4000: 0x5000n | P | US | XD }))).toEqual([]);
  });

  it("upper-denies: R/W = 0 above a writable leaf, XD = 1 above an executable one", () => {
    expect(kinds(lint({ 0x3000: 0x4000n | P | US, 0x4000: 0x5000n | P | RW | XD }))).toEqual([
      "upper-denies",
    ]);
    expect(kinds(lint({ 0x3000: 0x4000n | UPPER | XD, 0x4000: 0x5000n | P }))).toEqual(["upper-denies"]);
    // Without EFER.NXE, XD is not a right but a reserved bit.
    expect(kinds(lint({ 0x3000: 0x4000n | UPPER, 0x4000: 0x5000n | P }))).toEqual([]);
  });

  it("misaligned-huge-page: a 2 MiB leaf whose address has bits 20:13 set", () => {
    const r = lint({ 0x3000: 0x201000n | P | PS | XD | 0x2000n });
    // Not also "reserved-bits": the misalignment is said once. (The 2 MiB frame is past this 1 MiB RAM.)
    expect(kinds(r)).toEqual(["misaligned-huge-page", "frame-outside-ram"]);
    expect(r.findings[0]?.message).toBe(
      "PD[0] maps a 2 MiB page at 0x202000, which is not 2 MiB-aligned (bits 20:13 are reserved): every access faults with RSVD.",
    );
    expect(kinds(lint({ 0x3000: 0x200000n | P | PS | XD | 0x1000n }))).not.toContain("misaligned-huge-page"); // bit 12 is PAT
  });

  it("reserved-bits: address bits above MAXPHYADDR, PS in a PML4E", () => {
    const high = { 0x4000: 0x5000n | P | XD | (1n << 50n) };
    expect(kinds(lint(high))).toEqual(["reserved-bits", "frame-outside-ram"]);
    expect(kinds(lint(high, { maxPhyAddr: 52 }))).toEqual(["frame-outside-ram"]);
    expect(kinds(lint({ 0x1000: 0x2000n | UPPER | PS }))).toContain("reserved-bits");
  });

  it("table-outside-ram: a PDE pointing past the end of RAM", () => {
    const r = lint({ 0x3000: 0x200000n | UPPER });
    expect(kinds(r)).toEqual(["table-outside-ram"]);
    expect(r.findings[0]?.message).toBe(
      "PD[0] points to a PT at 0x200000, outside RAM (0x100000 bytes): the CPU would read whatever is there.",
    );
    expect(kinds(lint({ 0x3000: 0x8000n | UPPER }))).toEqual([]);
  });

  it("frame-outside-ram: neighbouring leaves mapping device memory are one warning", () => {
    const r = lint({ 0x4000: 0xfee00000n | P | XD, 0x4008: 0xfee01000n | P | XD });
    expect(r.findings).toEqual([
      {
        kind: "frame-outside-ram",
        severity: "warning",
        va: { start: 0n, end: 0x2000n },
        level: 1,
        entry: 0x4000,
        message:
          "PT[0–1] map 2 pages from 0xfee00000 on, outside RAM (0x100000 bytes): right for device memory (MMIO), wrong for memory.",
      },
    ]);
    expect(kinds(lint({ 0x4008: 0x6000n | P | XD }))).toEqual([]);
    // A 2 MiB page that starts in the 1 MiB of RAM reaches past its end; it is not "outside" it.
    const huge = lint({ 0x3000: 0n | P | XD | 0x80n });
    expect(huge.findings.map((f) => f.message)).toContain(
      "PD[0] maps 0x0, reaching past the end of RAM (0x100000 bytes): right for device memory (MMIO), wrong for memory.",
    );
  });

  it("table-at-two-levels: the PD also reached as a PDPT; a recursive slot is not counted", () => {
    const r = lint({ 0x1008: 0x3000n | UPPER });
    expect(kinds(r)).toContain("table-at-two-levels");
    expect(r.findings.find((f) => f.kind === "table-at-two-levels")?.message).toBe(
      "PML4[1] uses the table at 0x3000 as a PDPT, but another entry uses it as a PD: its entries mean different things at each level.",
    );
    expect(kinds(lint({ 0x1ff0: 0x1000n | P | RW | XD }))).toEqual([]); // PML4[510] → the PML4
  });

  it("user-writable-table: a user-writable page that is a page-table frame", () => {
    const r = lint({ 0x4008: 0x4000n | P | RW | US | XD });
    expect(kinds(r)).toEqual(["user-writable-table"]);
    expect(r.findings[0]).toMatchObject({
      va: { start: 0x1000n, end: 0x2000n },
      level: 1,
      entry: 0x4008,
      message:
        "1 page that user code can write holds the page table at 0x4000: user code can rewrite the tables and map itself anything.",
    });
    expect(kinds(lint({ 0x4008: 0x4000n | P | US | XD }))).toEqual([]); // user-readable only
    const two = lint({ 0x4008: 0x3000n | P | RW | US | XD, 0x4010: 0x4000n | P | RW | US | XD });
    expect(two.findings.map((f) => f.message)).toEqual([
      "2 pages that user code can write hold page tables (the first at 0x3000): user code can rewrite the tables and map itself anything.",
    ]);
  });

  it("counts findings in its summary", () => {
    const r = lint({ 0x4000: 0x5000n | P | RW, 0x3008: 0x200000n | UPPER });
    expect(r.summary).toMatchObject({ errors: 1, warnings: 1, tables: 4, leaves: 1, truncated: false });
    expect(r.summary.byKind["write-exec"]).toBe(1);
    expect(r.summary.byKind["table-outside-ram"]).toBe(1);
  });
});
