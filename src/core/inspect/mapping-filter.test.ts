import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PAGE_1G, PAGE_2M, PAGE_4K, pagingMode, type PageSize } from "../arch";
import { goldenRam, goldenRegisters, readGolden } from "../__fixtures__/golden";
import { translateTraced, walk } from "../walk";
import { enumerateLeaves, LeafMapping } from "./enumerate";
import { LeafListBuilder, listLeaves } from "./leaf-list";
import {
  ALL_MAPPINGS,
  filterLeaves,
  filterMappings,
  findVaRow,
  leafRows,
  matchesFilter,
  rangeRows,
  type LeafSequence,
  type MappingFilter,
} from "./mapping-filter";

const vasOf = (leaves: LeafSequence): bigint[] =>
  Array.from({ length: leaves.length }, (_, i) => leaves.at(i)?.va ?? -1n);

const SIZES: readonly PageSize[] = [PAGE_4K, PAGE_2M, PAGE_1G];

/** A plain leaf of the reference model: numbers and booleans, exact VAs as bigint. */
interface PlainLeaf {
  va: bigint;
  size: PageSize;
  user: boolean;
  write: boolean;
  exec: boolean;
}

/** Random leaves in ascending VA order, aligned to their size, sometimes adjacent, sometimes with gaps. */
const leavesArb = fc
  .array(
    fc.record({
      gapPages: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 })),
      size: fc.constantFrom(...SIZES),
      user: fc.boolean(),
      write: fc.boolean(),
      exec: fc.boolean(),
    }),
    { maxLength: 60 },
  )
  .map((specs) => {
    let next = 0n;
    return specs.map((s): PlainLeaf => {
      const size = BigInt(s.size);
      const va = ((next + BigInt(s.gapPages) * size + size - 1n) / size) * size;
      next = va + size;
      return { va, size: s.size, user: s.user, write: s.write, exec: s.exec };
    });
  });

const filterArb: fc.Arbitrary<MappingFilter> = fc.record({
  privilege: fc.constantFrom("any" as const, "user" as const, "supervisor" as const),
  writable: fc.constantFrom(null, true, false),
  exec: fc.constantFrom(null, true, false),
  writableExec: fc.boolean(),
  pageSize: fc.constantFrom(null, ...SIZES),
});

function toLeafMapping(l: PlainLeaf): LeafMapping {
  const hi = Number(l.va >> 32n);
  const lo = Number(l.va & 0xffffffffn);
  const level = l.size === PAGE_4K ? 1 : l.size === PAGE_2M ? 2 : 3;
  return new LeafMapping(hi, lo, 0, l.size, level, 1, 0, l.user, l.write, l.exec, false, 0);
}

/** The reference filter: each condition spelled out on its own. */
function referenceKeeps(l: PlainLeaf, f: MappingFilter): boolean {
  const privilegeOk = f.privilege === "any" || (f.privilege === "user") === l.user;
  const writeOk = f.writable === null || f.writable === l.write;
  const execOk = f.exec === null || f.exec === l.exec;
  const wxOk = !f.writableExec || (l.write && l.exec);
  const sizeOk = f.pageSize === null || f.pageSize === l.size;
  return privilegeOk && writeOk && execOk && wxOk && sizeOk;
}

/** The reference fold: a leaf joins the previous range when it starts at its end with equal permissions. */
function referenceFold(leaves: readonly PlainLeaf[]): string[] {
  const out: { start: bigint; end: bigint; key: string; pages: number }[] = [];
  for (const l of leaves) {
    const key = `${l.user}${l.write}${l.exec}`;
    const last = out[out.length - 1];
    if (last && last.end === l.va && last.key === key) {
      last.end += BigInt(l.size);
      last.pages++;
    } else out.push({ start: l.va, end: l.va + BigInt(l.size), key, pages: 1 });
  }
  return out.map((r) => `${r.start.toString(16)}-${r.end.toString(16)} ${r.key} ${r.pages}`);
}

describe("filterMappings against a reference model", () => {
  it("keeps exactly the leaves the reference keeps, and folds them as the reference does", () => {
    fc.assert(
      fc.property(leavesArb, filterArb, fc.nat({ max: 80 }), (plain, filter, capacity) => {
        const array = plain.map(toLeafMapping);
        const { leaves, ranges } = filterMappings(array, filter);
        const expected = plain.filter((l) => referenceKeeps(l, filter));
        expect(vasOf(leaves)).toEqual(expected.map((l) => l.va));
        // The same leaves kept in columns give the same answer, whether the columns start with room
        // for fewer rows than come (they grow), for as many or for more.
        const builder = new LeafListBuilder(capacity);
        for (const leaf of array) builder.push(leaf);
        const fromColumns = filterMappings(builder.finish(), filter);
        expect(vasOf(fromColumns.leaves)).toEqual(expected.map((l) => l.va));
        expect(fromColumns.ranges.toArray()).toEqual(ranges.toArray());
        expect(
          ranges
            .toArray()
            .map(
              (r) => `${r.start.toString(16)}-${r.end.toString(16)} ${r.user}${r.write}${r.exec} ${r.pages}`,
            ),
        ).toEqual(referenceFold(expected));
      }),
    );
  });

  it("findVaRow finds the row holding a VA, else the next row, as a linear scan does", () => {
    fc.assert(
      fc.property(leavesArb, fc.bigInt({ min: 0n, max: 1n << 36n }), (plain, va) => {
        const leaves = plain.map(toLeafMapping);
        const scan = plain.findIndex((l) => l.va + BigInt(l.size) > va);
        const expected = scan < 0 ? null : { index: scan, contains: (plain[scan] as PlainLeaf).va <= va };
        expect(findVaRow(leafRows(leaves), va)).toEqual(expected);
        // The same question asked of the folded ranges.
        const folded = filterMappings(leaves, ALL_MAPPINGS).ranges.toArray();
        const rScan = folded.findIndex((r) => r.end > va);
        const rExpected =
          rScan < 0 ? null : { index: rScan, contains: (folded[rScan] as { start: bigint }).start <= va };
        expect(findVaRow(rangeRows(filterMappings(leaves, ALL_MAPPINGS).ranges), va)).toEqual(rExpected);
      }),
    );
  });
});

describe("filters on the real Linux tables agree with the walk", () => {
  const golden = readGolden("linux-4l");
  const ram = goldenRam(golden);
  const regs = goldenRegisters(golden);
  const mode = pagingMode(regs);
  const leaves = enumerateLeaves(ram, regs, { includeReserved: false }).mappings;
  /** Whether the walk of a leaf's VA allows an access, as the processor decides it. */
  const allows = (leaf: LeafMapping, op: "read" | "write" | "fetch", user: boolean): boolean =>
    walk(ram, regs, leaf.va, { op, mode: user ? "user" : "supervisor" }).verdict.ok;
  // Every 41st leaf and every huge one: a sample across the whole space that stays quick.
  const sample = leaves.filter((l, i) => i % 41 === 0 || l.pageSize !== PAGE_4K);

  it("user + writable keeps the leaves a user write may use, and no other", () => {
    const filter: MappingFilter = { ...ALL_MAPPINGS, privilege: "user", writable: true };
    for (const leaf of sample) expect(matchesFilter(leaf, filter)).toBe(allows(leaf, "write", true));
  });

  it("executable keeps the leaves a user or supervisor fetch would not fault on XD", () => {
    const filter: MappingFilter = { ...ALL_MAPPINGS, exec: true };
    for (const leaf of sample) {
      const fetchOk = allows(leaf, "fetch", leaf.user);
      expect(matchesFilter(leaf, filter)).toBe(fetchOk);
    }
  });

  it("the leaves listed in columns are the enumeration's, row for row, whatever room they start with", () => {
    for (const capacity of [undefined, 0, leaves.length - 1, leaves.length, 4 * leaves.length]) {
      const list = listLeaves(ram, regs, {
        includeReserved: false,
        ...(capacity === undefined ? {} : { capacity }),
      }).list;
      expect(list.length).toBe(leaves.length);
      for (let i = 0; i < leaves.length; i += 53) expect(list.at(i)).toEqual(leaves[i]);
      expect(list.at(leaves.length - 1)).toEqual(leaves.at(-1));
    }
  });

  it("W+X and page size narrow the list to what they say", () => {
    const wx = filterLeaves(leaves, { ...ALL_MAPPINGS, writableExec: true });
    expect(wx.every((l) => allows(l, "write", l.user) && allows(l, "fetch", l.user))).toBe(true);
    const huge = filterLeaves(leaves, { ...ALL_MAPPINGS, pageSize: PAGE_2M });
    expect(huge.length).toBe(
      leaves.filter((l) => translateTraced(ram, mode, l.va).steps.length === 3).length,
    );
  });
});
