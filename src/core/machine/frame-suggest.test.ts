import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_REGISTERS,
  PAGE_1G,
  PAGE_2M,
  PAGE_4K,
  pagingMode,
  type PageSize,
  type PhysAddr,
  type Registers,
  type VirtAddr,
} from "../arch";
import { buildTableGraph, enumerateLeaves } from "../inspect";
import { FRAME_SIZE, FrameAllocator, Ram } from "../memory";
import { machineFromScenario, presetById } from "../scenario";
import { AddressSpace } from "../space";
import { goldenRam, goldenRegisters, readGolden } from "../__fixtures__/golden";
import { suggestDataFrame } from "./frame-suggest";
import { checkMapping } from "./map-check";
import type { Machine } from "./machine";

function preset(id: string): Machine {
  const build = presetById(id)?.build;
  if (!build) throw new Error(`no preset ${id}`);
  return machineFromScenario(build());
}

function inputOf(ram: Ram, alloc: FrameAllocator, root: PhysAddr) {
  return { ram, alloc, graph: buildTableGraph(ram, root, 4, { maxPhyAddr: 52, nxe: true }) };
}

function suggestFor(machine: Machine, size: PageSize): PhysAddr | null {
  const mode = pagingMode(machine.regs);
  const graph = buildTableGraph(machine.ram, mode.root, mode.levels, {
    maxPhyAddr: mode.maxPhyAddr,
    nxe: mode.nxe,
  });
  return suggestDataFrame({ ram: machine.ram, alloc: machine.alloc, graph }, size);
}

describe("suggestDataFrame", () => {
  it("on the worked example: the first frame below the allocator that no table, leaf or data uses", () => {
    // Tables at 0x1000, 0x4000, 0x6000, 0x8000; pages at 0x3000 and 0x9000; the allocator starts at 0xa000.
    expect(suggestFor(preset("worked-example"), PAGE_4K)).toBe(0x2000);
  });

  it("a 2 MiB page comes from the top of the allocator's pool, away from its next frames; a 1 GiB page does not fit", () => {
    const machine = preset("worked-example");
    expect(suggestFor(machine, PAGE_2M)).toBe(machine.ram.sizeBytes - PAGE_2M);
    expect(suggestFor(machine, PAGE_1G)).toBeNull();
  });

  it("the suggested frame raises none of the Map form's hazards on the presets", () => {
    const golden = readGolden("linux-4l");
    const ram = goldenRam(golden);
    // The Linux capture has no allocator: one over the last 16 frames of its RAM.
    const linux: Machine = {
      ram,
      alloc: FrameAllocator.forRange(ram.sizeBytes - 16 * FRAME_SIZE, ram.sizeBytes),
      regs: goldenRegisters(golden),
      setAccessedDirty: false,
    };
    for (const [id, machine] of [
      ["worked-example", preset("worked-example")],
      ["linux-4l", linux],
    ] as const) {
      const pa = suggestFor(machine, PAGE_4K);
      if (pa === null) throw new Error(`no frame on ${id}`);
      // A user-writable page in the low half, where neither preset maps anything.
      const check = checkMapping(machine, {
        va: 0x7000_0000_0000n as VirtAddr,
        pa,
        size: PAGE_4K,
        leafFlags: { writable: true, user: true },
      });
      if (!check.ok) throw new Error(check.error.message);
      expect(check.value.hazards).toEqual([]);
    }
  });

  it("agrees with a frame-by-frame reference on random address spaces", () => {
    const RAM_FRAMES = 2048; // 8 MiB: room for a few 2 MiB pages
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1024 }),
        fc.array(
          fc.record({
            va: fc.integer({ min: 0, max: 4095 }),
            pfn: fc.integer({ min: 0, max: RAM_FRAMES + 64 }),
            huge: fc.boolean(),
          }),
          { maxLength: 12 },
        ),
        // Data where the rule looks first: low frames, and the top of the pool.
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 15 }),
            fc.integer({ min: RAM_FRAMES - 600, max: RAM_FRAMES - 1 }),
          ),
          { maxLength: 8 },
        ),
        fc.constantFrom<PageSize>(PAGE_4K, PAGE_2M),
        (allocFrom, maps, touched, size) => {
          const ram = new Ram(RAM_FRAMES * FRAME_SIZE);
          const alloc = FrameAllocator.forRange(allocFrom * FRAME_SIZE, RAM_FRAMES * FRAME_SIZE);
          const space = AddressSpace.create(ram, alloc, 4);
          if (!space.ok) return;
          for (const m of maps) {
            const pageSize = m.huge ? PAGE_2M : PAGE_4K;
            const pa = m.huge ? (m.pfn & ~511) * FRAME_SIZE : m.pfn * FRAME_SIZE;
            space.value.map({
              va: (BigInt(m.va) * BigInt(PAGE_2M)) as VirtAddr,
              pa,
              size: pageSize,
              leafFlags: {},
            });
          }
          for (const pfn of touched) if (!ram.isTouched(pfn)) ram.writeEntry(pfn * FRAME_SIZE + 8, 0x42n);
          const input = inputOf(ram, alloc, space.value.root);
          expect(suggestDataFrame(input, size)).toBe(reference(input, size));
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** The same rule, frame by frame: each candidate checked against per-frame flags. */
function reference(input: ReturnType<typeof inputOf>, size: PageSize): number | null {
  const { ram, alloc, graph } = input;
  const n = ram.frameCount;
  const frames = size / FRAME_SIZE;
  const busy = new Array<boolean>(n).fill(false);
  const used = new Array<boolean>(n).fill(false);
  for (const node of graph.nodes) if (node.addr / FRAME_SIZE < n) busy[node.addr / FRAME_SIZE] = true;
  for (let p = alloc.firstPfn; p < alloc.handedOutEnd(); p++) busy[p] = true;
  const regs: Registers = { ...DEFAULT_REGISTERS, cr3: graph.root, maxPhyAddr: 52 };
  for (const leaf of enumerateLeaves(ram, regs, { includeReserved: false }).mappings)
    for (let p = Math.floor(leaf.pa / FRAME_SIZE); p < (leaf.pa + leaf.pageSize) / FRAME_SIZE && p < n; p++)
      used[p] = true;
  for (let p = 0; p < n; p++) if (ram.isTouched(p)) used[p] = true;
  const inPool = (p: number) => p >= alloc.handedOutEnd() && p < alloc.endPfn;
  const starts: number[] = [];
  for (let s = frames; s + frames <= n; s += frames) starts.push(s);
  const fits = (s: number, strict: boolean, pool: boolean) => {
    for (let p = s; p < s + frames; p++)
      if (busy[p] || (strict && used[p]) || (!pool && inPool(p))) return false;
    return true;
  };
  for (const strict of [true, false]) {
    const low = starts.find((s) => fits(s, strict, false));
    if (low !== undefined) return low * FRAME_SIZE;
    const high = [...starts].reverse().find((s) => fits(s, strict, true));
    if (high !== undefined) return high * FRAME_SIZE;
  }
  return null;
}
