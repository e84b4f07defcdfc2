/**
 * The benchmark workload, generated exactly as `shared/bench/walk-baseline.c` generates it (same
 * xorshift, same VAs, same leaf entries), so the C and TypeScript figures measure the same work and
 * their checksums can be compared.
 */
import { PAGE_1G, PAGE_2M } from "../src/core/arch";
import { FrameAllocator, Ram } from "../src/core/memory";
import { AddressSpace, MAP_OK } from "../src/core/space";

export const RAM_BYTES = 64 * 1024 * 1024;
export const NPAGES = 262144;
const N2M = 64;
const N1G = 4;

// VA bases as 32-bit words (hi, lo): BASE4K 0x0000555540000000, BASE2M 0xffff888000000000, BASE1G 0xffffc00000000000.
const BASE4K_HI = 0x5555;
const BASE4K_LO = 0x40000000;
const BASE2M_HI = 0xffff8880 | 0;
const BASE1G_HI = 0xffffc000 | 0;
const PA4K_BASE_HI = 0xff000; // 0x000FF00000000000
const PA2M_BASE = 0x10000000000;
const PA1G_BASE = 0x40000000000;

let xsState = 0;
function xs(): number {
  let x = xsState;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  xsState = x >>> 0;
  return xsState;
}

/** The C `leaf4k(p)`: entry words for page p. */
export function leaf4k(p: number): { lo: number; hi: number } {
  const frame = Math.imul(p, 7919) & 0x3ffff;
  const paLo = (frame * 4096) >>> 0;
  const paHi = PA4K_BASE_HI + Math.floor((frame * 4096) / 4294967296);
  let lo = paLo | 0x1 | 0x20 | 0x4 | (p % 3 ? 0x2 : 0);
  let hi = paHi | ((p & 15) << 27);
  if (p & 1) hi |= 0x80000000;
  lo >>>= 0;
  hi >>>= 0;
  return { lo, hi };
}

/** VA words of 4 KiB page p in the 1 GiB region. */
export function pageVa(p: number): { hi: number; lo: number } {
  return { hi: BASE4K_HI, lo: (BASE4K_LO + p * 4096) >>> 0 };
}

/**
 * The C `gen_random_vas`: 80% in the 4 KiB region, 10% 2 MiB, 10% 1 GiB. `words` holds them as C
 * does, one 64-bit VA after the other (lo, hi), so both walks stream through memory the same way;
 * `hi` / `lo` are separate views for convenience.
 */
export function randomVas(n: number): { hi: Int32Array; lo: Int32Array; words: Int32Array } {
  xsState = 0x9e3779b9;
  const hi = new Int32Array(n);
  const lo = new Int32Array(n);
  const words = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const sel = xs() % 10;
    if (sel < 8) {
      const pg = xs() & 0x3ffff;
      const off = xs() & 0xfff;
      hi[i] = BASE4K_HI;
      lo[i] = (BASE4K_LO + pg * 4096 + off) | 0;
    } else if (sel === 8) {
      const k = xs() % N2M;
      const off = xs() & 0x1fffff;
      hi[i] = BASE2M_HI;
      lo[i] = (k * PAGE_2M + off) | 0;
    } else {
      const k = xs() % N1G;
      const off = xs() & 0x3fffffff;
      hi[i] = BASE1G_HI;
      lo[i] = (k * PAGE_1G + off) | 0;
    }
    words[2 * i] = lo[i] as number;
    words[2 * i + 1] = hi[i] as number;
  }
  return { hi, lo, words };
}

/** The C `gen_perm`: a Fisher–Yates permutation of 0..n-1 with the same RNG. */
export function permutation(n: number, seed: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  xsState = seed >>> 0;
  for (let k = n - 1; k >= 1; k--) {
    const j = xs() % (k + 1);
    const t = a[k] as number;
    a[k] = a[j] as number;
    a[j] = t;
  }
  return a;
}

/** Address space A of the C baseline: 1 GiB of 4 KiB pages + 64 × 2 MiB + 4 × 1 GiB. */
export function buildSpaceA(): { ram: Ram; space: AddressSpace } {
  const ram = new Ram(RAM_BYTES);
  const alloc = FrameAllocator.forRange(4096, RAM_BYTES); // frame 0 reserved, as in C
  const created = AddressSpace.create(ram, alloc, 4);
  if (!created.ok) throw new Error(created.error.message);
  const space = created.value;
  for (let p = 0; p < NPAGES; p++) {
    const va = pageVa(p);
    const leaf = leaf4k(p);
    if (space.mapWords(va.hi, va.lo, 1, leaf.lo, leaf.hi) !== MAP_OK) throw new Error(`map 4K ${p}`);
  }
  for (let k = 0; k < N2M; k++) {
    const pa = PA2M_BASE + k * PAGE_2M;
    const lo = ((pa % 4294967296) | 0x1 | 0x2 | 0x80 | 0x100 | 0x20 | 0x40) >>> 0;
    const hi = (Math.floor(pa / 4294967296) | (k & 1 ? 0x80000000 : 0)) >>> 0;
    if (space.mapWords(BASE2M_HI, k * PAGE_2M, 2, lo, hi) !== MAP_OK) throw new Error(`map 2M ${k}`);
  }
  for (let k = 0; k < N1G; k++) {
    const pa = PA1G_BASE + k * PAGE_1G;
    const lo = ((pa % 4294967296) | 0x1 | 0x2 | 0x80 | 0x20 | 0x40) >>> 0;
    const hi = Math.floor(pa / 4294967296) >>> 0;
    if (space.mapWords(BASE1G_HI, (k * PAGE_1G) | 0, 3, lo, hi) !== MAP_OK) throw new Error(`map 1G ${k}`);
  }
  return { ram, space };
}
