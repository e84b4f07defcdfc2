/**
 * Reverse lookup (PA → every VA that reaches it) against a reference model: a plain recursive walk
 * of the tables in bigint, written for clarity, over random tables with shared frames, recursive
 * entries and huge pages.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_REGISTERS, encodeEntry, type Registers, type VirtAddr } from "../arch";
import { Ram } from "../memory";
import { walk } from "../walk";
import { reverseLookup, reverseLookupMany } from "./enumerate";

const MiB = 1024 * 1024;
const REGS4: Registers = { ...DEFAULT_REGISTERS, cr3: 0x1000 };
const TABLE_FRAMES = [0x1000, 0x2000, 0x3000, 0x4000, 0x5000];
const HUGE_TARGETS = [0, 0x40000000, 0x80000000];

type EntrySpec =
  | { kind: "pointer"; to: number } // a table frame (possibly its own: a recursive entry)
  | { kind: "huge"; to: number } // PS = 1, 1 GiB aligned: a 1 GiB or 2 MiB leaf (reserved in a PML4E)
  | { kind: "page"; to: number }; // a 4 KiB frame: a PTE's target, or a table pointer above

const entryArb: fc.Arbitrary<EntrySpec> = fc.oneof(
  fc.record({ kind: fc.constant("pointer" as const), to: fc.constantFrom(...TABLE_FRAMES) }),
  fc.record({ kind: fc.constant("huge" as const), to: fc.constantFrom(...HUGE_TARGETS) }),
  fc.record({
    kind: fc.constant("page" as const),
    to: fc.integer({ min: 0x10, max: 0x20 }).map((f) => f * 0x1000),
  }),
);

/** Per table frame, a few entries at random indices (0, 1, 2, 510, 511: both halves of the space). */
const tablesArb = fc.array(
  fc.array(fc.record({ index: fc.constantFrom(0, 1, 2, 510, 511), entry: entryArb }), { maxLength: 3 }),
  { minLength: TABLE_FRAMES.length, maxLength: TABLE_FRAMES.length },
);

function build(tables: readonly (readonly { index: number; entry: EntrySpec }[])[]): Ram {
  const ram = new Ram(MiB);
  tables.forEach((entries, t) => {
    for (const { index, entry } of entries) {
      const raw = encodeEntry(2, entry.to, { writable: true, user: true }, entry.kind === "huge");
      ram.writeEntry((TABLE_FRAMES[t] as number) + index * 8, raw);
    }
  });
  return ram;
}

/** The reference: every (VA, page base, size) the 4-level walk reaches, with no bounds and no sharing tricks. */
function referenceLeaves(ram: Ram): { va: bigint; base: bigint; size: bigint }[] {
  const out: { va: bigint; base: bigint; size: bigint }[] = [];
  const visit = (table: bigint, level: number, vaSoFar: bigint, reserved: boolean): void => {
    if (ram.readFrame(Number(table / 4096n)) === null) return; // a table outside RAM: nothing below
    for (let i = 0n; i < 512n; i++) {
      const e = ram.readEntry(Number(table + i * 8n));
      if ((e & 1n) === 0n) continue;
      const shift = 12n + 9n * BigInt(level - 1);
      let va = vaSoFar | (i << shift);
      if (level === 4 && i >= 256n) va |= 0xffff000000000000n; // sign-extend bit 47
      const addr = e & 0x000ffffffffff000n;
      const ps = (e & 0x80n) !== 0n;
      if (level === 1 || ((level === 2 || level === 3) && ps)) {
        const size = 1n << shift;
        const misaligned = (addr & (size - 1n)) !== 0n; // low address bits of a huge leaf are reserved
        if (!reserved && !misaligned) out.push({ va, base: addr, size });
        continue;
      }
      // PS in a PML4E is reserved: followed as a pointer, but everything below faults.
      visit(addr, level - 1, va, reserved || (level === 4 && ps));
    }
  };
  visit(0x1000n, 4, 0n, false);
  return out.sort((a, b) => (a.va < b.va ? -1 : 1));
}

describe("reverseLookup against a reference walk", () => {
  it("finds every VA whose page holds the PA, through aliases, recursion and huge pages", () => {
    fc.assert(
      fc.property(tablesArb, fc.nat({ max: 1000 }), (tables, pick) => {
        const ram = build(tables);
        const leaves = referenceLeaves(ram);
        // A PA inside some reached page (or, with no leaves, any frame), plus an offset.
        const target = leaves.length > 0 ? (leaves[pick % leaves.length] as { base: bigint }).base : 0x1000n;
        const pa = Number(target) + ((pick * 0x123) % 0x1000);
        const expected = leaves
          .filter((l) => BigInt(pa) >= l.base && BigInt(pa) < l.base + l.size)
          .map((l) => (l.va + BigInt(pa) - l.base).toString(16));
        const found = reverseLookup(ram, REGS4, pa);
        expect(found.matches.map((m) => m.va.toString(16))).toEqual(expected);
        expect(found.truncated).toBe(false);
        // Each VA found translates to the PA when walked.
        for (const m of found.matches) {
          const w = walk(ram, REGS4, m.va, { op: "read", mode: "supervisor" });
          expect(w.translation.kind === "mapped" ? w.translation.pa : null).toBe(pa);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("reverseLookup on hand-built tables", () => {
  it("a recursive PML4[510] reaches each table frame through the recursive slot", () => {
    const ram = new Ram(MiB);
    ram.writeEntry(0x1000, encodeEntry(4, 0x2000, { writable: true }, false));
    ram.writeEntry(0x2000, encodeEntry(3, 0x3000, { writable: true }, false));
    ram.writeEntry(0x3000, encodeEntry(2, 0x4000, { writable: true }, false));
    ram.writeEntry(0x4000, encodeEntry(1, 0x9000, { writable: true }, true));
    ram.writeEntry(0x1000 + 510 * 8, encodeEntry(4, 0x1000, { writable: true }, false));
    const vas = (pa: number): string[] => reverseLookup(ram, REGS4, pa).matches.map((m) => m.va.toString(16));
    expect(vas(0x9010)).toEqual(["10"]);
    expect(vas(0x4008)).toEqual(["ffffff0000000008"]); // the PT, seen as a page one recursion deep
    expect(vas(0x1ff0)).toEqual(["ffffff7fbfdfeff0"]); // the PML4 itself, four recursions deep
  });

  it("a PA inside a 2 MiB page is found at its offset; several PAs are answered in one pass", () => {
    const ram = new Ram(MiB);
    ram.writeEntry(0x1000, encodeEntry(4, 0x2000, { writable: true }, false));
    ram.writeEntry(0x2000 + 3 * 8, encodeEntry(3, 0x3000, { writable: true }, false));
    ram.writeEntry(0x3000 + 5 * 8, encodeEntry(2, 0x600000, { writable: true }, true));
    ram.writeEntry(0x3000 + 6 * 8, encodeEntry(2, 0x600000, { writable: false }, true));
    const [inside, outside] = reverseLookupMany(ram, REGS4, [0x6abcde, 0x800000]);
    expect(inside?.matches.map((m) => [m.va.toString(16), m.leaf.pageSize, m.leaf.write])).toEqual([
      ["c0aabcde", 2 * MiB, true],
      ["c0cabcde", 2 * MiB, false],
    ]);
    expect(outside?.matches).toEqual([]);
  });

  it("a leaf behind reserved bits maps nothing and is left out; maxResults bounds the answer", () => {
    const ram = new Ram(MiB);
    ram.writeEntry(0x1000, encodeEntry(4, 0x2000, { writable: true }, false));
    ram.writeEntry(0x2000, encodeEntry(3, 0x3000, { writable: true }, false));
    ram.writeEntry(0x3000, encodeEntry(2, 0x4000, { writable: true }, false));
    for (let i = 0; i < 8; i++) ram.writeEntry(0x4000 + i * 8, encodeEntry(1, 0x9000, {}, true));
    // Bit 63 without EFER.NXE is reserved: the walk of this one faults RSVD, so it maps nothing.
    ram.writeEntry(0x4000 + 8 * 8, encodeEntry(1, 0x9000, {}, true) | (1n << 63n));
    const regs = { ...REGS4, efer: 0x500 };
    expect(walk(ram, regs, 0x8000n as VirtAddr, { op: "read", mode: "supervisor" }).translation.kind).toBe(
      "reserved-bit",
    );
    expect(reverseLookup(ram, regs, 0x9000).matches.length).toBe(8);
    const few = reverseLookup(ram, regs, 0x9000, { maxResults: 3 });
    expect([few.matches.length, few.resultsTruncated, few.truncated]).toEqual([3, true, true]);
  });
});
