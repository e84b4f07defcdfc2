/**
 * Property tests: random map/unmap/protect sequences against a reference model, and the fast
 * translator against the traced walk on random RAM garbage.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  joinIndices,
  PAGE_1G,
  PAGE_2M,
  PAGE_4K,
  CR0,
  CR4,
  EFER,
  pagingMode,
  type PageSize,
  type VirtAddr,
  type PagingMode,
  type Registers,
} from "../arch";
import { AddressSpace } from "./address-space";
import { FrameAllocator, Ram } from "../memory";
import {
  createFastTranslator,
  NO_TRANSLATION,
  PERM_USER,
  PERM_WRITE,
  PERM_XD,
  translateTraced,
  type FastTranslator,
  type Translation,
} from "../walk";

const MiB = 1024 * 1024;

interface Flags {
  readonly writable: boolean;
  readonly user: boolean;
  readonly executeDisable: boolean;
}
interface ModelPage {
  readonly pa: number;
  readonly size: PageSize;
  flags: Flags;
}
type Op =
  | {
      readonly kind: "map";
      readonly va: bigint;
      readonly size: PageSize;
      readonly pa: number;
      readonly flags: Flags;
    }
  | { readonly kind: "unmap"; readonly va: bigint; readonly size: PageSize; readonly split: boolean }
  | {
      readonly kind: "protect";
      readonly va: bigint;
      readonly size: PageSize;
      readonly flags: Flags;
      readonly split: boolean;
    };

const BASES: Record<4 | 5, bigint[]> = {
  4: [0n, 0x0000_7f80_0000_0000n, 0xffff_8000_0000_0000n, 0xffff_ffff_8000_0000n - 2n * BigInt(PAGE_1G)],
  5: [0n, 0x00ff_0000_0000_0000n, 0xff11_0000_0000_0000n, 0xffff_8000_0000_0000n],
};

const flagsArb = fc.record({ writable: fc.boolean(), user: fc.boolean(), executeDisable: fc.boolean() });
const sizeArb = fc.constantFrom<PageSize>(PAGE_4K, PAGE_4K, PAGE_2M, PAGE_1G);

/** VAs clustered so that tables get shared, filled and emptied again. */
function vaArb(levels: 4 | 5, size: PageSize): fc.Arbitrary<bigint> {
  return fc
    .tuple(
      fc.constantFrom(...BASES[levels]),
      fc.integer({ min: 0, max: 2 }),
      fc.constantFrom(0, 1, 2, 511),
      fc.constantFrom(0, 1, 2, 511),
    )
    .map(([base, gig, two, four]) => {
      let va = base + BigInt(gig) * BigInt(PAGE_1G);
      if (size !== PAGE_1G) va += BigInt(two) * BigInt(PAGE_2M);
      if (size === PAGE_4K) va += BigInt(four) * BigInt(PAGE_4K);
      return va;
    });
}

function opArb(levels: 4 | 5): fc.Arbitrary<Op> {
  const paArb = (size: PageSize): fc.Arbitrary<number> =>
    fc.integer({ min: 0, max: 2 ** 20 - 1 }).map((n) => (n * size) % 2 ** 46);
  const map = sizeArb.chain((size) =>
    fc.record({
      kind: fc.constant("map" as const),
      va: vaArb(levels, size),
      size: fc.constant(size),
      pa: paArb(size),
      flags: flagsArb,
    }),
  );
  const unmap = sizeArb.chain((size) =>
    fc.record({
      kind: fc.constant("unmap" as const),
      va: vaArb(levels, size),
      size: fc.constant(size),
      split: fc.boolean(),
    }),
  );
  const protect = sizeArb.chain((size) =>
    fc.record({
      kind: fc.constant("protect" as const),
      va: vaArb(levels, size),
      size: fc.constant(size),
      flags: flagsArb,
      split: fc.boolean(),
    }),
  );
  return fc.oneof(
    { arbitrary: map, weight: 5 },
    { arbitrary: unmap, weight: 3 },
    { arbitrary: protect, weight: 2 },
  );
}

function snapshot(ram: Ram, alloc: FrameAllocator): unknown {
  const frames: Record<number, number[]> = {};
  for (const pfn of ram.touchedFrames()) frames[pfn] = Array.from(ram.readFrame(pfn) as Uint32Array);
  return { frames, alloc: alloc.state() };
}

function permBits(t: Extract<Translation, { kind: "mapped" }>): number {
  const p = t.permissions;
  return (p.writable ? PERM_WRITE : 0) | (p.user ? PERM_USER : 0) | (p.executeDisable ? PERM_XD : 0);
}

function fastTranslate(fast: FastTranslator, va: bigint): number {
  return fast.translate(Number(va >> 32n) | 0, Number(va & 0xffffffffn) | 0);
}

/** The fast translator and the traced walk agree on `va`: fault, or PA, page size and permissions. */
function expectSameAsTraced(fast: FastTranslator, ram: Ram, mode: PagingMode, va: bigint): void {
  const { translation } = translateTraced(ram, mode, va as VirtAddr);
  const pa = fastTranslate(fast, va);
  if (translation.kind !== "mapped") {
    expect(pa, `0x${va.toString(16)}: traced ${translation.kind}`).toBe(NO_TRANSLATION);
  } else {
    expect(pa, `0x${va.toString(16)}`).toBe(translation.pa);
    expect(fast.pageSize).toBe(translation.pageSize);
    expect(fast.perm).toBe(permBits(translation));
  }
}

/** The model's split: the page covering `va` becomes 512 smaller ones until one of `size` maps it. */
function splitModel(model: Map<bigint, ModelPage>, va: bigint, size: PageSize): void {
  for (;;) {
    const hit = covering(model, va);
    if (!hit || hit[1].size <= size) return;
    const [base, page] = hit;
    const child: PageSize = page.size === PAGE_1G ? PAGE_2M : PAGE_4K;
    model.delete(base);
    for (let i = 0; i < 512; i++)
      model.set(base + BigInt(i * child), { pa: page.pa + i * child, size: child, flags: page.flags });
  }
}

function covering(model: Map<bigint, ModelPage>, va: bigint): [bigint, ModelPage] | null {
  for (const size of [PAGE_4K, PAGE_2M, PAGE_1G]) {
    const base = va - (va % BigInt(size));
    const page = model.get(base);
    if (page && page.size === size) return [base, page];
  }
  return null;
}

describe("AddressSpace against a reference model", () => {
  for (const levels of [4, 5] as const) {
    it(`random map/unmap/protect sequences agree with the model (${levels}-level)`, () => {
      fc.assert(
        fc.property(
          fc.array(opArb(levels), { minLength: 1, maxLength: 40 }),
          fc.array(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), { maxLength: 8 }),
          fc.constantFrom(8, 12, 1000), // table frames: few make operations run out part-way
          (ops, randomVas, tableFrames) => {
            const ram = new Ram(8 * MiB);
            const alloc = FrameAllocator.forRange(0x10_0000, 0x10_0000 + tableFrames * 4096);
            const created = AddressSpace.create(ram, alloc, levels);
            if (!created.ok) throw new Error(created.error.message);
            const space = created.value;
            const startAvailable = alloc.available();
            const regs: Registers = {
              cr0: CR0.PG | CR0.WP | CR0.PE,
              cr3: space.root,
              cr4: CR4.PAE | (levels === 5 ? CR4.LA57 : 0),
              efer: EFER.LME | EFER.LMA | EFER.NXE,
              pkru: 0,
              rflags: 0,
              maxPhyAddr: 52,
            };
            const mode = pagingMode(regs);
            const fast = createFastTranslator(ram, regs);
            const model = new Map<bigint, ModelPage>();

            const check = (va: bigint): void => {
              const { translation } = translateTraced(ram, mode, va as VirtAddr);
              const pa = fastTranslate(fast, va);
              const hit = covering(model, va);
              if (!hit) {
                expect(translation.kind, `0x${va.toString(16)} unmapped`).not.toBe("mapped");
                expect(pa).toBe(NO_TRANSLATION);
                return;
              }
              const [base, page] = hit;
              const expectedPa = page.pa + Number(va - base);
              expect(translation).toMatchObject({
                kind: "mapped",
                pa: expectedPa,
                pageSize: page.size,
                permissions: {
                  writable: page.flags.writable,
                  user: page.flags.user,
                  executeDisable: page.flags.executeDisable,
                },
              });
              expect(pa).toBe(expectedPa);
              expect(fast.pageSize).toBe(page.size);
              if (translation.kind === "mapped") expect(fast.perm).toBe(permBits(translation));
            };

            for (const op of ops) {
              const before = snapshot(ram, alloc);
              const end = op.va + BigInt(op.size);
              const overlaps = [...model].some(([v, p]) => v < end && op.va < v + BigInt(p.size));
              const exact = model.get(op.va);
              const matches = exact !== undefined && exact.size === op.size;
              let result: { ok: boolean };
              let expectedOk: boolean;
              if (op.kind === "map") {
                result = space.map({ va: op.va as VirtAddr, pa: op.pa, size: op.size, leafFlags: op.flags });
                expectedOk = !overlaps;
                if (result.ok) model.set(op.va, { pa: op.pa, size: op.size, flags: op.flags });
              } else {
                const hit = covering(model, op.va);
                expectedOk = matches || (op.split && hit !== null && hit[1].size > op.size);
                result =
                  op.kind === "unmap"
                    ? space.unmap(op.va as VirtAddr, op.size, { split: op.split })
                    : space.protect(op.va as VirtAddr, op.size, op.flags, { split: op.split });
                if (result.ok) {
                  splitModel(model, op.va, op.size);
                  if (op.kind === "unmap") model.delete(op.va);
                  else (model.get(op.va) as ModelPage).flags = op.flags;
                }
              }
              const error = (result as { error?: { kind: string } }).error;
              if (error?.kind !== "out-of-frames")
                expect(result.ok, `${op.kind} 0x${op.va.toString(16)} size ${op.size}`).toBe(expectedOk);
              if (!result.ok) expect(snapshot(ram, alloc)).toEqual(before);
              let k = 0;
              const stride = model.size > 128 ? 37 : 1;
              for (const [va, page] of model) {
                if (k++ % stride !== 0) continue;
                check(va);
                check(va + BigInt(page.size - 8));
              }
              check(op.va);
            }
            for (const va of randomVas) check(va);

            for (const [va, page] of [...model]) expect(space.unmap(va as VirtAddr, page.size).ok).toBe(true);
            expect(alloc.available()).toBe(startAvailable);
            expect(ram.touchedFrames().filter((pfn) => pfn !== space.root / 4096)).toEqual([]);
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});

describe("fast translator == traced walk on random RAM", () => {
  const TABLES = 12; // frames 1..12 hold tables; RAM is 16 frames
  const INDICES = [0, 1, 2, 511];
  const entryArb = fc
    .tuple(
      fc.oneof(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 2 ** 20 })), // target frame (16+ is outside RAM)
      fc.integer({ min: 0, max: 0xfff }), // flag bits 11:0 (P, R/W, U/S, PS, …)
      fc.integer({ min: 0, max: 0x1ffff }), // bits 29:13: huge-page reserved bits / address bits
      fc.constantFrom(0, 0, 0, 1, 2, 3), // which high bits to add
      fc.integer({ min: 0, max: 0xfff }),
    )
    .map(([frame, low, mid, high, rnd]) => {
      let e = (BigInt(frame) << 12n) | BigInt(low | 1) | (mid % 3 === 0 ? BigInt(mid) << 13n : 0n);
      if (low & 0x800) e &= ~1n; // some entries not present
      if (high === 1) e |= 1n << 63n; // XD
      if (high === 2) e |= BigInt(rnd) << 52n; // AVL / protection key / XD
      if (high === 3) e |= 1n << BigInt(36 + (rnd % 16)); // an address bit that may be above MAXPHYADDR
      return e;
    });

  it("agree on fault vs PA, and on PA, page size and permissions", () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { minLength: TABLES * INDICES.length, maxLength: TABLES * INDICES.length }),
        fc.record({
          la57: fc.boolean(),
          nxe: fc.boolean(),
          maxPhyAddr: fc.constantFrom(36, 39, 40, 46, 52),
          root: fc.integer({ min: 0, max: 17 }),
          cr3Low: fc.integer({ min: 0, max: 0xfff }),
        }),
        fc.array(
          fc.tuple(
            fc.array(fc.constantFrom(...INDICES), { minLength: 5, maxLength: 5 }),
            fc.integer({ min: 0, max: 0xfff }),
          ),
          { minLength: 1, maxLength: 24 },
        ),
        fc.array(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), { maxLength: 4 }),
        (entries, r, paths, extraVas) => {
          const ram = new Ram(16 * 4096);
          entries.forEach((e, k) => {
            const frame = 1 + Math.floor(k / INDICES.length);
            if (frame < 16) ram.writeEntry(frame * 4096 + (INDICES[k % INDICES.length] as number) * 8, e);
          });
          const regs: Registers = {
            cr0: CR0.PG | CR0.WP | CR0.PE,
            cr3: r.root * 4096 + r.cr3Low,
            cr4: CR4.PAE | (r.la57 ? CR4.LA57 : 0),
            efer: EFER.LME | EFER.LMA | (r.nxe ? EFER.NXE : 0),
            pkru: 0,
            rflags: 0,
            maxPhyAddr: r.maxPhyAddr,
          };
          const levels = r.la57 ? 5 : 4;
          const mode = pagingMode(regs);
          const fast = createFastTranslator(ram, regs);
          const vas = [
            ...paths.map(([idx, off]) => joinIndices(idx.slice(0, levels), off, levels) as bigint),
            ...extraVas,
          ];
          for (const va of vas) expectSameAsTraced(fast, ram, mode, va);
        },
      ),
      { numRuns: 400 },
    );
  });

  // One translator lives through every step, so its paging-structure cache must notice each
  // write: entries rewritten in place, frames zeroed, frames copied after a fork, translations
  // repeated (cache hits) and VAs of the same 2 MiB slice.
  it("keep agreeing while RAM changes under one translator", () => {
    // Mostly well-formed pointers (present, inside RAM, random W/U/PS/XD), so that walks succeed
    // often enough to fill the cache; now and then any entry at all.
    const linkArb = fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .tuple(
            fc.integer({ min: 1, max: TABLES }),
            fc.constantFrom(0x1, 0x3, 0x5, 0x7, 0x7, 0x83),
            fc.boolean(),
          )
          .map(([frame, flags, xd]) => (BigInt(frame) << 12n) | BigInt(flags) | (xd ? 1n << 63n : 0n)),
      },
      { weight: 1, arbitrary: entryArb },
    );
    const stepArb = fc.oneof(
      fc.record({
        kind: fc.constant("write" as const),
        frame: fc.integer({ min: 1, max: TABLES }),
        index: fc.constantFrom(...INDICES),
        entry: linkArb,
      }),
      fc.record({ kind: fc.constant("zero" as const), frame: fc.integer({ min: 1, max: TABLES }) }),
      fc.record({ kind: fc.constant("fork" as const) }),
      fc.record({
        kind: fc.constant("translate" as const),
        path: fc.array(fc.constantFrom(...INDICES), { minLength: 5, maxLength: 5 }),
        other: fc.constantFrom(...INDICES), // another page-table index in the same 2 MiB slice
        offset: fc.integer({ min: 0, max: 0xfff }),
      }),
    );
    fc.assert(
      fc.property(
        fc.array(linkArb, { minLength: TABLES * INDICES.length, maxLength: TABLES * INDICES.length }),
        fc.boolean(),
        fc.array(stepArb, { minLength: 20, maxLength: 60, size: "max" }),
        (entries, la57, steps) => {
          const ram = new Ram(16 * 4096);
          entries.forEach((e, k) => {
            ram.writeEntry(
              (1 + Math.floor(k / INDICES.length)) * 4096 + (INDICES[k % INDICES.length] as number) * 8,
              e,
            );
          });
          const regs: Registers = {
            cr0: CR0.PG | CR0.WP | CR0.PE,
            cr3: 4096,
            cr4: CR4.PAE | (la57 ? CR4.LA57 : 0),
            efer: EFER.LME | EFER.LMA | EFER.NXE,
            pkru: 0,
            rflags: 0,
            maxPhyAddr: 46,
          };
          const levels = la57 ? 5 : 4;
          const mode = pagingMode(regs);
          const fast = createFastTranslator(ram, regs);
          const forks: Ram[] = [];
          for (const step of steps) {
            if (step.kind === "write") ram.writeEntry(step.frame * 4096 + step.index * 8, step.entry);
            else if (step.kind === "zero") ram.zeroFrame(step.frame);
            else if (step.kind === "fork") forks.push(ram.fork());
            else {
              const va0 = joinIndices(step.path.slice(0, levels), step.offset, levels) as bigint;
              const va1 = joinIndices(
                [...step.path.slice(0, levels - 1), step.other],
                step.offset,
                levels,
              ) as bigint;
              for (const va of [va0, va0, va1]) expectSameAsTraced(fast, ram, mode, va);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
