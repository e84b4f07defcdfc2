/**
 * What undo history costs with a big machine: 16 GiB of RAM (a scenario's or an imported dump's
 * maximum) and an allocator holding 2^20 free frames (the most a scenario may list). Each figure
 * is one line: memory per undo step, measured on the heap after forced garbage collection
 * (`npm run bench` runs node with --expose-gc), next to the same step's `Footprint` (the bytes of
 * structure it does not share with the state before it), and the allocator's clone time.
 *
 * `BENCH_HISTORY_STEPS` lowers the step count (default 200, the history's length), for running
 * this against code whose steps cost megabytes.
 */
import { DEFAULT_REGISTERS, PAGE_4K, virtAddr, type PhysAddr } from "../src/core/arch";
import { FrameAllocator, Footprint, MAX_RAM_BYTES, Ram } from "../src/core/memory";
import type { Machine } from "../src/core/machine";
import { selectionFor } from "../src/store/selection";
import { createPagewalkStore, HISTORY_LIMIT, type PagewalkStore } from "../src/store/store";

const STEPS = Number(process.env.BENCH_HISTORY_STEPS ?? HISTORY_LIMIT);
const FREE_FRAMES = 2 ** 20;
const KiB = 1024;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.log("(history figures skipped: run node with --expose-gc, as `npm run bench` does)");
  process.exit(0);
}

/** Bytes in use after collecting garbage: the JS heap plus array buffers outside it. */
function bytesInUse(): number {
  for (let k = 0; k < 3; k++) gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

function bigAllocator(): FrameAllocator {
  const freePfns: number[] = [];
  for (let pfn = 1; pfn <= FREE_FRAMES; pfn++) freePfns.push(pfn);
  return new FrameAllocator({
    firstPfn: 1,
    endPfn: MAX_RAM_BYTES / PAGE_4K,
    nextPfn: FREE_FRAMES + 1,
    freePfns,
  });
}

/** A store on a 16 GiB machine with 2^20 free frames and an empty PML4 as CR3. */
function bigStore(): PagewalkStore {
  const ram = new Ram(MAX_RAM_BYTES);
  const alloc = bigAllocator();
  const root = alloc.alloc(ram);
  if (!root.ok) throw new Error(root.error.message);
  ram.writeEntry(0x2000, 0x3003n);
  const machine: Machine = {
    ram,
    alloc,
    regs: { ...DEFAULT_REGISTERS, cr3: root.value },
    setAccessedDirty: false,
  };
  return createPagewalkStore({
    machine,
    selection: selectionFor("0x1000", { op: "read", mode: "user" }, null, null),
  });
}

/** The structure the present machine adds to `footprint` (what the step does not share). */
function presentFootprint(store: PagewalkStore, footprint: Footprint): number {
  const before = footprint.bytes;
  store.getState().machine.ram.countInto(footprint);
  store.getState().machine.alloc.countInto(footprint);
  return footprint.bytes - before;
}

/** Runs `step` STEPS times through the store; prints heap and structure per step. */
function perStep(name: string, step: (store: PagewalkStore, k: number) => void): void {
  const store = bigStore();
  for (let k = 0; k < 4; k++) step(store, k); // warm up: code, and the first copies of shared parts
  const footprint = new Footprint();
  presentFootprint(store, footprint);
  let structure = 0;
  const before = bytesInUse();
  for (let k = 0; k < STEPS; k++) {
    step(store, k);
    structure += presentFootprint(store, footprint);
  }
  const after = bytesInUse();
  if (store.getState().past.length < Math.min(STEPS, HISTORY_LIMIT))
    throw new Error(`${name}: steps missing`);
  console.log(`${name}: ${((after - before) / STEPS / KiB).toFixed(1)} KiB`);
  console.log(`${name} (structure): ${(structure / STEPS / KiB).toFixed(1)} KiB`);
}

perStep("undo step, one entry, 16 GiB RAM", (store, k) => {
  const entry = (k % 2 === 0 ? 0x2000 : 0x2008) as PhysAddr;
  if (!store.getState().toggleEntryBit(entry, k % 64).ok) throw new Error("toggle failed");
});

perStep("undo step, map or unmap 4K, 16 GiB RAM, 2^20 free frames", (store, k) => {
  const va = virtAddr(BigInt(k >> 1) * 0x4000_0000n); // a new PDPT, PD and PT for each page
  const s = store.getState();
  const done = k % 2 === 0 ? s.map({ va, pa: 0, size: PAGE_4K, leafFlags: {} }) : s.unmap(va, PAGE_4K);
  if (!done.ok) throw new Error(done.error.message);
});

// ---- the allocator alone ----
const alloc = bigAllocator();
const ram = new Ram(MAX_RAM_BYTES);
/** ns per call of `run`, the median of 5 batches of at least 20 ms. */
function nsPerCall(run: () => unknown): number {
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) run();
    if (performance.now() - t0 >= 20) break;
    n *= 2;
  }
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) run();
    times.push(((performance.now() - t0) * 1e6) / n);
  }
  return times.sort((a, b) => a - b)[2] as number;
}
console.log(`allocator clone, 2^20 free frames: ${nsPerCall(() => alloc.clone()).toFixed(0)} ns/op`);
console.log(
  `allocator clone, alloc and free, 2^20 free frames: ${nsPerCall(() => {
    const copy = alloc.clone();
    const frame = copy.alloc(ram);
    if (frame.ok) copy.free(frame.value);
  }).toFixed(0)} ns/op`,
);
// Memory: STEPS clones kept alive, each changed by one alloc (as a map step's draft is).
{
  const kept: FrameAllocator[] = [];
  const before = bytesInUse();
  let current = alloc;
  for (let k = 0; k < STEPS; k++) {
    current = current.clone();
    current.alloc(ram);
    kept.push(current);
  }
  const after = bytesInUse();
  console.log(`allocator step memory, 2^20 free frames: ${((after - before) / STEPS / KiB).toFixed(1)} KiB`);
  if (kept.length !== STEPS) throw new Error("clones lost");
}

// ---- garbage collection over a full history ----
// 201 states of 16 GiB, each one frame apart, over 600 shared frames: the first collection marks
// every live slot (the arena is past its threshold), which used to read 201 slot tables of 2^22.
{
  let state = new Ram(MAX_RAM_BYTES);
  for (let k = 0; k < 600; k++)
    state.writeEntry(((k * 7919) % (MAX_RAM_BYTES / PAGE_4K)) * PAGE_4K, BigInt(k + 1));
  const live = [state];
  for (let k = 0; k < STEPS; k++) {
    state = state.fork();
    state.writeEntry(((k * 104729) % (MAX_RAM_BYTES / PAGE_4K)) * PAGE_4K, 1n);
    live.push(state);
  }
  const t0 = performance.now();
  Ram.collectGarbage(live);
  console.log(
    `garbage collection, ${live.length} states of 16 GiB: ${(performance.now() - t0).toFixed(2)} ms`,
  );
}
