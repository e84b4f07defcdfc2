/**
 * Property test: processes that share a kernel half (`AddressSpace.withKernelHalfOf`) never change
 * each other's translations except through the tables they share. After any map / unmap / protect
 * (or collapseEmptyTables) in one process P, another process Q translates a VA differently only if
 * Q's walk of it (before or after) goes through a table that the operation changed and that P
 * reached before it: a shared table. A table P had given back and then reused (a freed table Q
 * still pointed to) is not shared, so a change through it fails the property. And no table any
 * process reaches is ever on the allocator's free list.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_REGISTERS,
  PAGE_1G,
  PAGE_2M,
  PAGE_4K,
  canonicalize,
  isLeafAt,
  isPresent,
  nextTablePfn,
  pagingMode,
  virtAddr,
  type Level,
  type PageSize,
  type PagingMode,
  type VirtAddr,
} from "../arch";
import { FrameAllocator, Ram } from "../memory";
import { translateTraced, type Translation } from "../walk";
import { AddressSpace } from "./address-space";

const MiB = 1024 * 1024;
const FRAMES = 256;

type Op =
  | { kind: "map"; proc: number; va: bigint; size: PageSize; pa: number; user: boolean; rw: boolean }
  | { kind: "unmap"; proc: number; va: bigint; size: PageSize; split: boolean }
  | { kind: "protect"; proc: number; va: bigint; size: PageSize; user: boolean; rw: boolean; split: boolean }
  | { kind: "collapse"; proc: number };

/** Two user and two kernel slots of the PML4 (the kernel ones set up before the processes split). */
const BASES = [0n, 0x7f80_0000_0000n, 0xffff_8000_0000_0000n, 0xffff_ff80_0000_0000n];

function vaArb(size: PageSize): fc.Arbitrary<bigint> {
  return fc
    .tuple(
      fc.constantFrom(...BASES),
      fc.constantFrom(0, 1, 510),
      fc.constantFrom(0, 1, 511),
      fc.constantFrom(0, 1, 511),
    )
    .map(([base, gig, two, four]) => {
      let va = base + BigInt(gig) * BigInt(PAGE_1G);
      if (size !== PAGE_1G) va += BigInt(two) * BigInt(PAGE_2M);
      if (size === PAGE_4K) va += BigInt(four) * BigInt(PAGE_4K);
      return va;
    });
}

function opArb(processes: number): fc.Arbitrary<Op> {
  const proc = fc.integer({ min: 0, max: processes - 1 });
  const size = fc.constantFrom<PageSize>(PAGE_4K, PAGE_4K, PAGE_4K, PAGE_2M, PAGE_1G);
  const withSize = <T>(f: (s: PageSize) => fc.Arbitrary<T>): fc.Arbitrary<T> => size.chain(f);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: withSize((s) =>
        fc.record({
          kind: fc.constant("map" as const),
          proc,
          va: vaArb(s),
          size: fc.constant(s),
          pa: fc.integer({ min: 0, max: 63 }).map((n) => n * s),
          user: fc.boolean(),
          rw: fc.boolean(),
        }),
      ),
    },
    {
      weight: 4,
      arbitrary: withSize((s) =>
        fc.record({
          kind: fc.constant("unmap" as const),
          proc,
          va: vaArb(s),
          size: fc.constant(s),
          split: fc.boolean(),
        }),
      ),
    },
    {
      weight: 2,
      arbitrary: withSize((s) =>
        fc.record({
          kind: fc.constant("protect" as const),
          proc,
          va: vaArb(s),
          size: fc.constant(s),
          user: fc.boolean(),
          rw: fc.boolean(),
          split: fc.boolean(),
        }),
      ),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("collapse" as const), proc }) },
  );
}

/** Every table reachable from a root (frame numbers), cycle-safe. */
function reachableTables(ram: Ram, root: number, levels: Level): Set<number> {
  const seen = new Set<number>();
  const visit = (pfn: number, level: number): void => {
    const frame = ram.readFrame(pfn);
    if (frame === null || seen.has(pfn * 8 + level)) return;
    seen.add(pfn * 8 + level);
    if (level === 1) return;
    for (let i = 0; i < 512; i++) {
      const lo = frame[2 * i] as number;
      if (isPresent(lo) && !isLeafAt(lo, level as Level))
        visit(nextTablePfn(lo, frame[2 * i + 1] as number), level - 1);
    }
  };
  visit(root / 4096, levels);
  return new Set([...seen].map((key) => Math.floor(key / 8)));
}

/** The page-base VAs of every present leaf reachable from a root. */
function leafVas(ram: Ram, root: number, levels: 4 | 5): VirtAddr[] {
  const out: VirtAddr[] = [];
  const visit = (pfn: number, level: number, base: bigint): void => {
    const frame = ram.readFrame(pfn);
    if (frame === null) return;
    for (let i = 0; i < 512; i++) {
      const lo = frame[2 * i] as number;
      if (!isPresent(lo)) continue;
      const va = base + (BigInt(i) << BigInt(12 + 9 * (level - 1)));
      if (isLeafAt(lo, level as Level)) out.push(canonicalize(va, levels));
      else visit(nextTablePfn(lo, frame[2 * i + 1] as number), level - 1, va);
    }
  };
  visit(root / 4096, levels, 0n);
  return out;
}

const sameFrame = (a: Ram, b: Ram, pfn: number): boolean => {
  const x = a.readFrame(pfn);
  const y = b.readFrame(pfn);
  return x === y || (x !== null && y !== null && x.every((w, i) => w === y[i]));
};

const summary = (t: Translation): string =>
  t.kind === "mapped" ? `${t.pa}/${t.pageSize}/${JSON.stringify(t.permissions)}` : t.kind;

function run(space: AddressSpace, op: Op): void {
  const va = virtAddr(op.kind === "collapse" ? 0n : op.va);
  if (op.kind === "map") {
    space.map({ va, pa: op.pa, size: op.size, leafFlags: { user: op.user, writable: op.rw } });
  } else if (op.kind === "unmap") {
    space.unmap(va, op.size, { split: op.split });
  } else if (op.kind === "protect") {
    space.protect(va, op.size, { user: op.user, writable: op.rw }, { split: op.split });
  } else {
    space.collapseEmptyTables();
  }
}

describe("processes sharing a kernel half", () => {
  it("change each other's translations only through the tables they share", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 3 })
          .chain((n) => fc.tuple(fc.constant(n), fc.array(opArb(n), { minLength: 1, maxLength: 30 }))),
        ([count, ops]) => {
          const ram = new Ram(16 * MiB);
          const alloc = FrameAllocator.forRange(MiB, MiB + FRAMES * 4096);
          const created = AddressSpace.create(ram, alloc, 4);
          if (!created.ok) throw new Error(created.error.message);
          const first = created.value;
          // The kernel half: tables under PML4[256] and PML4[511] that every process will share.
          for (const va of [0xffff_8000_0000_0000n, 0xffff_ff80_0000_0000n, 0xffff_ffff_8000_0000n]) {
            first.map({ va: virtAddr(va), pa: 0x20_0000, size: PAGE_2M, leafFlags: { writable: true } });
          }
          const spaces = [first];
          while (spaces.length < count) {
            const next = AddressSpace.withKernelHalfOf(first);
            if (!next.ok) throw new Error(next.error.message);
            spaces.push(next.value);
          }
          const modes: PagingMode[] = spaces.map((s) => pagingMode({ ...DEFAULT_REGISTERS, cr3: s.root }));
          for (const op of ops) {
            const before = ram.fork(); // the state before the operation, frozen
            const actor = spaces[op.proc] as AddressSpace;
            const shared = reachableTables(before, actor.root, 4);
            run(actor, op);
            spaces.forEach((other, q) => {
              // No table a process reaches is free.
              for (const pfn of reachableTables(ram, other.root, 4)) {
                if (pfn >= alloc.firstPfn && pfn < alloc.endPfn) expect(alloc.isAllocated(pfn)).toBe(true);
              }
              if (q === op.proc) return;
              const mode = modes[q] as PagingMode;
              const vas = new Set([...leafVas(before, other.root, 4), ...leafVas(ram, other.root, 4)]);
              for (const va of vas) {
                const was = translateTraced(before, mode, va);
                const is = translateTraced(ram, mode, va);
                if (summary(was.translation) === summary(is.translation)) continue;
                const through = [...was.steps, ...is.steps].map((s) => s.tableAddr / 4096);
                const explained = through.some((pfn) => shared.has(pfn) && !sameFrame(before, ram, pfn));
                expect(
                  explained,
                  `${JSON.stringify(op, (_k, v: unknown) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v))}: process ${q} at 0x${va.toString(16)} went from ${summary(was.translation)} to ${summary(is.translation)}`,
                ).toBe(true);
              }
            });
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
