/**
 * The TLB's one promise, against the plain walk as the reference model: when the TLB is flushed
 * after every table write, caching changes nothing — every access gives exactly the walk's answer,
 * and no answer is stale.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CR0,
  CR4,
  DEFAULT_REGISTERS,
  EFER,
  pagingMode,
  type Access,
  type Registers,
  type VirtAddr,
} from "../arch";
import { Ram } from "../memory";
import { checkAccess, walk } from "../walk";
import { CpuTlb } from "./cpu-tlb";
import { compareWithFresh } from "./staleness";
import type { TlbConfig } from "./tlb-config";
import { TLB_NAMES } from "./tlb-entry";

/** Table frames 0x1000–0x8000; entries point into 0x1000–0x10000 so walks reuse tables as pages. */
const TABLES = [0x1000, 0x2000, 0x3000, 0x4000, 0x5000, 0x6000, 0x7000, 0x8000];

const entryValue = fc
  .record({
    frame: fc.integer({ min: 1, max: 16 }),
    flags: fc.integer({ min: 0, max: 0x1ff }),
    xd: fc.boolean(),
    present: fc.integer({ min: 0, max: 3 }),
  })
  // Mostly present entries, so walks get deep.
  .map(
    ({ frame, flags, xd, present }) =>
      BigInt(frame * 0x1000) | BigInt(flags) | (present > 0 ? 1n : 0n) | (xd ? 1n << 63n : 0n),
  );

/** An access to the page whose four table indices `indices` draws. */
const accessTo = (indices: fc.Arbitrary<number[]>) =>
  fc.record({
    kind: fc.constant("access" as const),
    indices,
    offset: fc.integer({ min: 0, max: 0xfff }),
    op: fc.constantFrom("read", "write", "fetch"),
    mode: fc.constantFrom("user", "supervisor"),
  });

const operation = fc.oneof(
  {
    weight: 3,
    arbitrary: accessTo(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("write" as const),
      table: fc.constantFrom(...TABLES),
      index: fc.integer({ min: 0, max: 3 }),
      value: entryValue,
    }),
  },
);

interface Flags {
  readonly pge: boolean;
  readonly wp: boolean;
  readonly nxe: boolean;
  readonly smep: boolean;
  readonly smap: boolean;
}

const registers: fc.Arbitrary<Flags> = fc.record({
  pge: fc.boolean(),
  wp: fc.boolean(),
  nxe: fc.boolean(),
  smep: fc.boolean(),
  smap: fc.boolean(),
});

/** The RAM and registers of one case: a valid 4-level chain for every VA, then the random writes. */
function machine(initial: readonly [number, number, bigint][], r: Flags): { ram: Ram; regs: Registers } {
  const ram = new Ram(1 << 20);
  // A valid 4-level chain for every VA the accesses use, which the random writes then change.
  for (let i = 0; i < 4; i++) {
    ram.writeEntry(0x1000 + i * 8, 0x2007n);
    ram.writeEntry(0x2000 + i * 8, 0x3007n);
    ram.writeEntry(0x3000 + i * 8, 0x4007n);
    ram.writeEntry(0x4000 + i * 8, BigInt(0x9000 + i * 0x1000) | 7n);
  }
  for (const [table, index, value] of initial) ram.writeEntry(table + index * 8, value);
  const regs = {
    ...DEFAULT_REGISTERS,
    cr3: 0x1000,
    cr0: r.wp ? DEFAULT_REGISTERS.cr0 : DEFAULT_REGISTERS.cr0 & ~CR0.WP,
    cr4: CR4.PAE | (r.pge ? CR4.PGE : 0) | (r.smep ? CR4.SMEP : 0) | (r.smap ? CR4.SMAP : 0),
    efer: r.nxe ? DEFAULT_REGISTERS.efer : DEFAULT_REGISTERS.efer & ~EFER.NXE,
    maxPhyAddr: 40,
  };
  return { ram, regs };
}

/** Small caches, so evictions happen too. */
const SMALL_CACHES: TlbConfig = {
  dtlb4k: { entries: 4, ways: 2 },
  dtlbLarge: { entries: 2, ways: 2 },
  itlb4k: { entries: 4, ways: 4 },
  itlbLarge: { entries: 2, ways: 1 },
  pml5e: 1,
  pml4e: 1,
  pdpte: 2,
  pde: 2,
};

/** The VA an access operation names. */
function vaOf(op: { indices: number[]; offset: number }): VirtAddr {
  const [a, b, c, d] = op.indices as [number, number, number, number];
  return BigInt((((a * 512 + b) * 512 + c) * 512 + d) * 4096 + op.offset) as VirtAddr;
}

const initialWrites = fc.array(
  fc.tuple(fc.constantFrom(...TABLES), fc.integer({ min: 0, max: 3 }), entryValue),
  { maxLength: 24 },
);

describe("TLB flushed after every table write", () => {
  it("answers every access exactly as a plain walk does", () => {
    fc.assert(
      fc.property(initialWrites, registers, fc.array(operation, { maxLength: 60 }), (initial, r, ops) => {
        const { ram, regs } = machine(initial, r);
        const cpu = new CpuTlb(regs, SMALL_CACHES);
        for (const op of ops) {
          if (op.kind === "write") {
            ram.writeEntry(op.table + op.index * 8, op.value);
            cpu.invpcid(2, 0, 0n as VirtAddr); // everything, globals too
            continue;
          }
          const va = vaOf(op);
          const access: Access = { op: op.op, mode: op.mode };
          const got = cpu.access(ram, va, access);
          const want = walk(ram, regs, va, access);
          expect(got.stale).toBeNull();
          // A miss's walk (kept as numbers until the outcome is built) is the plain walk.
          if (got.tlb === "miss") expect(got.walk).toEqual(want);
          expect(got.verdict.ok).toBe(want.verdict.ok);
          if (want.verdict.ok) {
            expect(want.translation.kind === "mapped" && want.translation.pa).toBe(got.pa);
          } else if (!got.verdict.ok) {
            expect([got.verdict.exception, got.verdict.errorCode, got.verdict.cause]).toEqual([
              want.verdict.exception,
              want.verdict.errorCode,
              want.verdict.cause,
            ]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("accessQuick", () => {
  it("answers as access does and leaves the same caches, stale entries and all", () => {
    fc.assert(
      fc.property(initialWrites, registers, fc.array(operation, { maxLength: 60 }), (initial, r, ops) => {
        const { ram, regs } = machine(initial, r);
        // No flushes here: table writes leave stale entries and paging-structure caches behind.
        const full = new CpuTlb(regs, SMALL_CACHES);
        const quick = new CpuTlb(regs, SMALL_CACHES);
        for (const op of ops) {
          if (op.kind === "write") {
            ram.writeEntry(op.table + op.index * 8, op.value);
            continue;
          }
          const va = vaOf(op);
          const access: Access = { op: op.op, mode: op.mode };
          const want = full.access(ram, va, access);
          const got = quick.accessQuick(ram, va, access);
          expect([got.hit, got.pa, got.pageSize, got.stale?.kind ?? null]).toEqual([
            want.tlb === "hit",
            want.pa ?? -1,
            want.pageSize ?? 0,
            want.stale?.kind ?? null,
          ]);
          expect(got.verdict).toEqual(want.verdict);
        }
        expect([quick.hits, quick.misses]).toEqual([full.hits, full.misses]);
        for (const name of TLB_NAMES) expect(quick.tlbEntries(name)).toEqual(full.tlbEntries(name));
      }),
      { numRuns: 300 },
    );
  });
});

describe("a TLB hit", () => {
  it("gives the access check and the freshness of its entry, however often it was hit before", () => {
    const operations = fc.array(
      fc.oneof(
        // Two pages under one chain of tables, so a page is hit, its tables written, and hit again.
        {
          weight: 6,
          arbitrary: accessTo(
            fc.tuple(fc.constant(0), fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 1 })),
          ),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant("write" as const),
            table: fc.constantFrom(...TABLES.slice(0, 4)),
            index: fc.integer({ min: 0, max: 1 }),
            value: entryValue,
          }),
        },
        // Setting or clearing CR0.WP changes a supervisor write's verdict (setting it flushes nothing).
        { weight: 2, arbitrary: fc.record({ kind: fc.constant("wp" as const), on: fc.boolean() }) },
      ),
      { maxLength: 80 },
    );
    fc.assert(
      fc.property(initialWrites, registers, operations, (initial, r, ops) => {
        const { ram, regs } = machine(initial, r);
        const cpu = new CpuTlb(regs, SMALL_CACHES);
        for (const op of ops) {
          if (op.kind === "write") {
            ram.writeEntry(op.table + op.index * 8, op.value);
            continue;
          }
          if (op.kind === "wp") {
            cpu.movCr0(op.on ? cpu.regs.cr0 | CR0.WP : cpu.regs.cr0 & ~CR0.WP);
            continue;
          }
          // The same access twice or more in a row: the later ones hit, and may answer from memos.
          for (let n = 0; n < 2; n++) {
            const va = vaOf(op);
            const access: Access = { op: op.op, mode: op.mode };
            const got = cpu.access(ram, va, access);
            if (got.tlb !== "hit" || got.entry === null || got.dirtyRewalk) continue;
            const mode = pagingMode(cpu.regs);
            expect(got.verdict).toEqual(checkAccess(got.entry.translation, mode, va, access));
            const fresh = compareWithFresh(got.entry, walk(ram, cpu.regs, va, access));
            expect(got.stale?.kind ?? null).toBe(fresh?.kind ?? null);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
