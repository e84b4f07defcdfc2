/** fast-check generators of valid scenarios, for the round-trip property tests. */
import fc from "fast-check";
import { ACCESS_KINDS, accessOfKind, type PhysAddr, type VirtAddr, type Registers } from "../../arch";
import {
  LIMITS,
  type Bookmark,
  type RegisterOverrides,
  type ScenarioFrame,
  type ScenarioLabel,
  type ScenarioState,
} from "../scenario-state";
import { allocatorWithoutLiveTables } from "../allocator-check";

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const va = u64.map((v) => v as VirtAddr);
const access = fc.constantFrom(...ACCESS_KINDS).map(accessOfKind);
const text = (max: number) => fc.string({ maxLength: Math.min(max, 40), unit: "grapheme" });

const registers = fc.integer({ min: 36, max: 52 }).chain((maxPhyAddr) =>
  fc.record({
    cr0: u32,
    cr3: fc.integer({ min: 0, max: 2 ** maxPhyAddr - 1 }),
    cr4: u32,
    efer: u32,
    pkru: u32,
    rflags: u32,
    maxPhyAddr: fc.constant(maxPhyAddr),
  }),
) as fc.Arbitrary<Registers>;

/** An entry value: mostly table-like (address + flags), sometimes any 64-bit word. */
const entryValue = fc
  .oneof(
    fc
      .tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xfff }), fc.boolean())
      .map(([pfn, flags, xd]) => (BigInt(pfn) << 12n) | BigInt(flags) | (xd ? 1n << 63n : 0n)),
    u64,
  )
  .filter((v) => v !== 0n);

function frames(ramFrames: number): fc.Arbitrary<ScenarioFrame[]> {
  return fc
    .uniqueArray(fc.integer({ min: 0, max: ramFrames - 1 }), { maxLength: 12 })
    .chain((pfns) =>
      fc.tuple(
        ...pfns.map((pfn) =>
          fc
            .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 511 }), entryValue), {
              minLength: 1,
              maxLength: 20,
              selector: (e) => e[0],
            })
            .map((entries) => ({
              addr: (pfn * 4096) as PhysAddr,
              entries: entries.sort((a, b) => a[0] - b[0]),
            })),
        ),
      ),
    )
    .map((fs) => fs.sort((a, b) => a.addr - b.addr));
}

const overrides: fc.Arbitrary<RegisterOverrides> = fc.record(
  { cr0: u32, cr3: fc.integer({ min: 0, max: 2 ** 36 - 1 }), cr4: u32, rflags: u32 },
  { requiredKeys: [] },
);

const bookmark: fc.Arbitrary<Bookmark> = fc
  .record({
    va,
    access,
    note: fc.option(text(LIMITS.noteLength), { nil: undefined }),
    registers: fc.option(overrides, { nil: undefined }),
  })
  .map(({ va, access, note, registers }) => ({
    va,
    access,
    ...(note === undefined ? {} : { note }),
    ...(registers === undefined ? {} : { registers }),
  }));

const label: fc.Arbitrary<ScenarioLabel> = fc.oneof(
  fc.record({
    kind: fc.constant("frame" as const),
    addr: fc.integer({ min: 0, max: 2 ** 40 - 1 }).map((n) => (n * 4096) as PhysAddr),
    name: text(LIMITS.nameLength),
  }),
  fc.tuple(u64, u64, text(LIMITS.nameLength)).map(([a, b, name]) => ({
    kind: "va-range" as const,
    start: (a < b ? a : b) as VirtAddr,
    last: (a < b ? b : a) as VirtAddr,
    name,
  })),
);

export const scenarioArbitrary: fc.Arbitrary<ScenarioState> = fc
  .record({ ramFrames: fc.integer({ min: 2, max: 1 << 16 }), registers })
  .chain(({ ramFrames, registers }) =>
    fc.record({
      title: fc.option(text(LIMITS.titleLength), { nil: undefined }),
      description: fc.option(text(LIMITS.descriptionLength), { nil: undefined }),
      registers: fc.constant(registers),
      ramBytes: fc.constant(ramFrames * 4096),
      frames: frames(ramFrames),
      allocator: fc
        .tuple(
          fc.integer({ min: 1, max: ramFrames }),
          fc.integer({ min: 1, max: ramFrames }),
          fc.integer({ min: 1, max: ramFrames }),
        )
        .map((t) => t.sort((a, b) => a - b))
        .chain(([first, next, end]) =>
          fc
            .uniqueArray(fc.integer({ min: first, max: Math.max(first, next - 1) }), {
              maxLength: next > first ? 5 : 0,
            })
            .map((freePfns) => ({ firstPfn: first, nextPfn: next, endPfn: end, freePfns })),
        ),
      va,
      access,
      selection: fc.option(
        fc.record({
          table: fc.record({
            addr: fc.integer({ min: 0, max: 2 ** 40 - 1 }).map((n) => (n * 4096) as PhysAddr),
            level: fc.constantFrom(1, 2, 3, 4, 5),
          }),
          entryIndex: fc.option(fc.integer({ min: 0, max: 511 }), { nil: null }),
        }),
        { nil: null },
      ),
      step: fc.option(fc.integer({ min: 1, max: LIMITS.maxStep }), { nil: undefined }),
      setAccessedDirty: fc.boolean(),
      labels: fc.array(label, { maxLength: 4 }),
      bookmarks: fc.array(bookmark, { maxLength: 4 }),
      processes: fc.array(
        fc.record({ name: text(LIMITS.nameLength), cr3: fc.integer({ min: 0, max: 2 ** 36 - 1 }) }),
        { maxLength: 3 },
      ),
    }),
  )
  .map((s) => {
    const { title, description, step, ...rest } = s;
    return {
      ...rest,
      ...(title === undefined ? {} : { title }),
      ...(description === undefined ? {} : { description }),
      ...(step === undefined ? {} : { step }),
    };
  })
  // Random roots and entries may land on a free frame; a valid scenario's allocator offers no table.
  .map(allocatorWithoutLiveTables);
