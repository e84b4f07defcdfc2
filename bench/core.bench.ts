/**
 * Core hot-path benchmarks. Prints one figure per line, `NAME: N ns/op` or `NAME: N ms`, the median
 * of several repeats, plus `chk` lines comparable with the C baseline's checksums.
 *
 * Run through `npm run bench` (which also runs the C baseline beside it when gcc and
 * ../shared/bench are available).
 */
import { virtAddr, DEFAULT_REGISTERS, type VirtAddr } from "../src/core/arch";
import { FrameAllocator, Ram } from "../src/core/memory";
import { AddressSpace, MAP_OK } from "../src/core/space";
import { createFastTranslator, resultPaHi, resultPerm, walk, type WalkResult } from "../src/core/walk";
import { walkSteps } from "../src/core/teach";
import { buildSpaceA, leaf4k, NPAGES, pageVa, permutation, RAM_BYTES, randomVas } from "./workload";

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const now = (): number => performance.now();
const print = (name: string, value: number, unit: "ns/op" | "ms"): void => {
  console.log(`${name}: ${value.toFixed(unit === "ms" ? 2 : 1)} ${unit}`);
};

const N_WALKS = Number(process.env.BENCH_WALKS ?? 2_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 5);

// ---- translate (fast path) over address space A ----
const { ram, space } = buildSpaceA();
const regs = { ...DEFAULT_REGISTERS, cr3: space.root };
const translator = createFastTranslator(ram, regs);
const vas = randomVas(N_WALKS);

/** Checksums like the C baseline's; written to a typed array so the loop's values stay unboxed. */
const checksum = new Uint32Array(3);

function translateBatch(n: number): void {
  let c1 = 0;
  let c2 = 0;
  let faults = 0;
  const words = vas.words;
  const t = translator; // a local: a module-level binding is re-read and re-checked after each call
  for (let i = 0; i < n; i++) {
    const result = t.translateWords(words[2 * i + 1] as number, words[2 * i] as number);
    // `< 0` rather than `=== NO_TRANSLATION`: the only negative result, and V8 re-reads an imported
    // constant on every use (C compares with a literal).
    if (result < 0) {
      faults++;
      continue;
    }
    // C's uint32 arithmetic: int32 wraps the same way, and the typed array reads it unsigned.
    c1 = (Math.imul(c1, 31) + t.paLo) | 0;
    c2 = (Math.imul(c2, 31) + (resultPaHi(result) | (resultPerm(result) << 29))) | 0;
  }
  checksum[0] = c1;
  checksum[1] = c2;
  checksum[2] = faults;
}

for (let w = 0; w < 40; w++) translateBatch(Math.min(N_WALKS, 25000));
const walkTimes: number[] = [];
for (let r = 0; r < REPS; r++) {
  const t0 = now();
  translateBatch(N_WALKS);
  walkTimes.push(((now() - t0) * 1e6) / N_WALKS);
}
print("translate random", median(walkTimes), "ns/op");
if (process.env.BENCH_VERBOSE) console.log(`  samples: ${walkTimes.map((t) => t.toFixed(1)).join(" ")}`);
console.log(`chk translate random: [${checksum.join(",")}]`);
// `npm run bench` re-runs this file for the translate figure alone, alternating with the C walk.
if (process.env.BENCH_TRANSLATE_ONLY) process.exit(0);

// ---- full traced walk with permissions ----
const N_TRACED = Math.min(N_WALKS, 200_000);
const tracedVas: VirtAddr[] = [];
for (let i = 0; i < N_TRACED; i++) {
  tracedVas.push(
    virtAddr((BigInt((vas.hi[i] as number) >>> 0) << 32n) | BigInt((vas.lo[i] as number) >>> 0)),
  );
}
const access = { op: "write", mode: "user" } as const;
let sink = 0;
for (let i = 0; i < 20000; i++) sink += walk(ram, regs, tracedVas[i] as VirtAddr, access).steps.length;
const tracedTimes: number[] = [];
for (let r = 0; r < REPS; r++) {
  const t0 = now();
  for (let i = 0; i < N_TRACED; i++) sink += walk(ram, regs, tracedVas[i] as VirtAddr, access).steps.length;
  tracedTimes.push(((now() - t0) * 1e6) / N_TRACED);
}
print("walk traced", median(tracedTimes), "ns/op");

// ---- the stepper's steps of a traced walk (words and numbers), A/D writes included ----
const N_STEPPED = 20_000;
const stepped: WalkResult[] = [];
for (let i = 0; i < N_STEPPED; i++) stepped.push(walk(ram, regs, tracedVas[i] as VirtAddr, access));
for (const r of stepped.slice(0, 2000)) sink += walkSteps(r, { accessedDirty: true }).length;
const stepTimes: number[] = [];
for (let r = 0; r < REPS; r++) {
  const t0 = now();
  for (const result of stepped) sink += walkSteps(result, { accessedDirty: true }).length;
  stepTimes.push(((now() - t0) * 1e6) / N_STEPPED);
}
print("walkSteps of a traced walk", median(stepTimes), "ns/op");

// ---- map / unmap 262,144 4 KiB pages from an empty address space ----
// Start from a collected heap: the traced walks above leave garbage that would otherwise be
// collected in the middle of these timings (`npm run bench` runs node with --expose-gc).
(globalThis as { gc?: () => void }).gc?.();
const pageHi = new Int32Array(NPAGES);
const pageLo = new Int32Array(NPAGES);
const leafLo = new Int32Array(NPAGES);
const leafHi = new Int32Array(NPAGES);
for (let p = 0; p < NPAGES; p++) {
  const v = pageVa(p);
  const l = leaf4k(p);
  pageHi[p] = v.hi;
  pageLo[p] = v.lo;
  leafLo[p] = l.lo;
  leafHi[p] = l.hi;
}
const mapRam = new Ram(RAM_BYTES);
const mapAlloc = FrameAllocator.forRange(4096, RAM_BYTES);
const created = AddressSpace.create(mapRam, mapAlloc, 4);
if (!created.ok) throw new Error(created.error.message);
const spaceB = created.value;

function mapBatch(order: Uint32Array, n: number): number {
  let errors = 0;
  for (let k = 0; k < n; k++) {
    const p = order[k] as number;
    if (
      spaceB.mapWords(
        pageHi[p] as number,
        pageLo[p] as number,
        1,
        leafLo[p] as number,
        leafHi[p] as number,
      ) !== MAP_OK
    )
      errors++;
  }
  return errors;
}
function unmapBatch(order: Uint32Array, n: number): number {
  let errors = 0;
  for (let k = 0; k < n; k++) {
    const p = order[k] as number;
    if (spaceB.unmapWords(pageHi[p] as number, pageLo[p] as number, 1) !== MAP_OK) errors++;
  }
  return errors;
}

const sequential = new Uint32Array(NPAGES).map((_, i) => i);
const orders: [string, Uint32Array][] = [
  ["seq", sequential],
  ["rand", permutation(NPAGES, 12345)],
];
for (const [name, order] of orders) {
  let errors = 0;
  for (let w = 0; w < 20; w++) errors += mapBatch(order, 4096) + unmapBatch(order, 4096);
  errors += mapBatch(order, NPAGES) + unmapBatch(order, NPAGES);
  const mapTimes: number[] = [];
  const unmapTimes: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = now();
    errors += mapBatch(order, NPAGES);
    const t1 = now();
    errors += unmapBatch(order, NPAGES);
    const t2 = now();
    mapTimes.push(t1 - t0);
    unmapTimes.push(t2 - t1);
  }
  if (errors !== 0) throw new Error(`${errors} map/unmap errors`);
  if (mapAlloc.available() !== mapAlloc.endPfn - mapAlloc.firstPfn - 1)
    throw new Error("tables leaked after unmap");
  print(`map 262144 4K ${name}`, median(mapTimes), "ms");
  print(`unmap 262144 4K ${name}`, median(unmapTimes), "ms");
}

if (sink === 42) console.log("");
