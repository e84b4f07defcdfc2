import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Footprint } from "./footprint";
import { PersistentInt32Array } from "./persistent-array";

/** Operations on a family of arrays forked from one another; `of` picks an existing array. */
type Op =
  | { kind: "fork"; of: number }
  | { kind: "set"; of: number; at: number; value: number }
  | { kind: "check"; of: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("fork" as const), of: fc.nat() }),
  fc.record({
    kind: fc.constant("set" as const),
    of: fc.nat(),
    at: fc.nat(),
    value: fc.oneof(fc.constant(0), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  }),
  fc.record({ kind: fc.constant("check" as const), of: fc.nat() }),
);

function expectSame(array: PersistentInt32Array, model: readonly number[]): void {
  const values: number[] = [];
  for (let i = 0; i < array.length; i++) values.push(array.get(i));
  expect(values).toEqual(model);
  const nonZero = model.flatMap((v, i) => (v !== 0 ? [i] : []));
  expect(array.nonZeroIndices([])).toEqual(nonZero);
  expect(array.countNonZero()).toBe(nonZero.length);
}

describe("PersistentInt32Array", () => {
  it("behaves like a plain array per fork across random forks and writes", () => {
    fc.assert(
      fc.property(
        // Lengths around the chunk size (2048) and its multiples, partial last chunks included.
        fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2040, max: 6200 })),
        fc.array(op, { minLength: 1, maxLength: 60 }),
        (length, ops) => {
          const arrays = [new PersistentInt32Array(length)];
          const models = [new Array<number>(length).fill(0)];
          for (const o of ops) {
            const k = o.of % arrays.length;
            const array = arrays[k] as PersistentInt32Array;
            const model = models[k] as number[];
            if (o.kind === "fork") {
              arrays.push(array.fork());
              models.push([...model]);
            } else if (o.kind === "set") {
              // Near chunk edges half the time: that is where a copy could go wrong.
              const at =
                o.at % 2 === 0 ? o.at % length : (2048 * (o.at % 4) + (o.at % 3) - 1 + length) % length;
              array.set(at, o.value);
              model[at] = o.value;
            } else expectSame(array, model);
          }
          arrays.forEach((a, k) => expectSame(a, models[k] as number[]));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a fork costs nothing; a write after it copies the directory and one chunk", () => {
    const base = new PersistentInt32Array(2 ** 22); // the slot map of 16 GiB of RAM
    base.set(5, 1);
    const footprint = new Footprint();
    base.countInto(footprint);
    const chain = [base];
    for (let k = 0; k < 200; k++) chain.push((chain[k] as PersistentInt32Array).fork());
    const forked = footprint.bytes;
    for (const a of chain) a.countInto(footprint);
    expect(footprint.bytes).toBe(forked); // 200 forks share everything

    const last = chain[200] as PersistentInt32Array;
    last.set(2 ** 22 - 1, 7);
    last.set(2 ** 22 - 2, 8); // same chunk: copied once
    const before = footprint.bytes;
    last.countInto(footprint);
    expect(footprint.bytes - before).toBe(8 * 2048 + 4 * 2049); // directory pointers, one chunk
    expect(base.get(2 ** 22 - 1)).toBe(0);
  });

  it("marks the values of many forks reading each shared chunk once", () => {
    const a = new PersistentInt32Array(5000);
    a.set(0, 3);
    a.set(4999, 9);
    const b = a.fork();
    b.set(2048, 5);
    b.set(0, 0);
    const marked = new Uint8Array(10);
    PersistentInt32Array.markValues([a, b, b], marked);
    expect([...marked]).toEqual([1, 0, 0, 1, 0, 1, 0, 0, 0, 1]);
  });
});
