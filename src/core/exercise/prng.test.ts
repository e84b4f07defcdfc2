/**
 * The exercise generator's random stream against a reference written with bigint arithmetic
 * (every 32-bit operation spelled out mod 2^32), so that the fast 32-bit-integer version cannot
 * drift on any engine; and the helpers' ranges.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Prng, hashName } from "./prng";

const M = 1n << 32n;
const u = (x: bigint): bigint => ((x % M) + M) % M;
const mul = (a: bigint, b: bigint): bigint => u(a * b);
const shr = (a: bigint, n: bigint): bigint => a >> n;
const shl = (a: bigint, n: bigint): bigint => u(a << n);

/** FNV-1a over UTF-16 code units, and the murmur3 finaliser, in bigint. */
function refHash(name: string): bigint {
  let h = 0x811c9dc5n;
  for (let i = 0; i < name.length; i++) h = mul(h ^ BigInt(name.charCodeAt(i)), 0x01000193n);
  return h;
}
function refMix(x: bigint): bigint {
  x = mul(x ^ shr(x, 16n), 0x85ebca6bn);
  x = mul(x ^ shr(x, 13n), 0xc2b2ae35n);
  return x ^ shr(x, 16n);
}

/** sfc32 as its author states it, state (a, b, c, counter). */
function* refStream(seed: number, stream: string): Generator<number> {
  const name = refHash(stream);
  const s = BigInt(seed);
  let a = refMix(s ^ 0x9e3779b9n);
  let b = refMix(name ^ 0x7f4a7c15n);
  let c = refMix(u(s + name));
  let d = 1n;
  for (let k = 0; ; k++) {
    const t = u(a + b + d);
    d = u(d + 1n);
    a = b ^ shr(b, 9n);
    b = u(c + shl(c, 3n));
    c = shl(c, 21n) | shr(c, 11n);
    c = u(c + t);
    if (k >= 12) yield Number(t);
  }
}

describe("Prng", () => {
  it("gives sfc32's stream, seeded from the seed and the stream name, for any seed", () => {
    expect(hashName("translate/normal")).toBe(Number(refHash("translate/normal")));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.string(), (seed, stream) => {
        const prng = new Prng(seed, stream);
        const ref = refStream(seed, stream);
        for (let k = 0; k < 20; k++) expect(prng.next()).toBe(ref.next().value);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps int, between, chance, pick and shuffle in their ranges", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 2 ** 32 }),
        (seed, n) => {
          const prng = new Prng(seed);
          const x = prng.int(n);
          expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true);
          const y = prng.between(5, 9);
          expect(y >= 5 && y <= 9).toBe(true);
          expect(prng.chance(0)).toBe(false);
          expect(prng.chance(100)).toBe(true);
          expect(prng.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
          expect([7, 8, 9]).toContain(prng.pick([7, 8, 9]));
        },
      ),
    );
    expect(() => new Prng(1).int(0)).toThrow(RangeError);
  });
});
