/**
 * Between a scenario (plain data) and a machine (RAM, frame allocator, registers): what loading a
 * file or link builds, and what saving one reads.
 */
import type { Access, PhysAddr, VirtAddr, Registers } from "../arch";
import type { Machine } from "../machine";
import { FrameAllocator, FRAME_WORDS, Ram } from "../memory";
import type { ScenarioFrame, ScenarioMeta, ScenarioSelection, ScenarioState } from "./scenario-state";

/** The view part: what the learner is looking at. */
export interface ScenarioView {
  readonly va: VirtAddr;
  readonly access: Access;
  readonly selection: ScenarioSelection | null;
  /** The walk stepper's step (1-based), or absent for the whole walk. */
  readonly step?: number;
}

/**
 * Builds RAM and allocator from a (validated) scenario; the caller owns them. `ram` is an empty RAM
 * of `s.ramBytes` to build in (the exercises fork theirs from one arena), by default a new one.
 */
export function machineFromScenario(s: ScenarioState, ram: Ram = new Ram(s.ramBytes)): Machine {
  for (const frame of s.frames) {
    const words = ram.writableFrame(frame.addr / 4096);
    for (const [index, value] of frame.entries) {
      words[2 * index] = Number(value & 0xffffffffn);
      words[2 * index + 1] = Number(value >> 32n);
    }
  }
  return {
    ram,
    alloc: new FrameAllocator(s.allocator),
    regs: s.registers,
    setAccessedDirty: s.setAccessedDirty,
    ...(s.memoryTypes === undefined ? {} : { memoryTypes: s.memoryTypes }),
  };
}

/** The frames of RAM that hold anything, as sparse entries (all-zero frames are left out). */
function framesOfRam(ram: Ram): ScenarioFrame[] {
  const frames: ScenarioFrame[] = [];
  for (const pfn of ram.touchedFrames()) {
    const words = ram.readFrame(pfn) as Uint32Array;
    const entries: (readonly [number, bigint])[] = [];
    // The bound read once: under Vitest's module runner an imported binding is a getter call, and
    // this loop runs 512 times per frame (most of the time of generating an exercise there).
    for (let w = 0, end = FRAME_WORDS; w < end; w += 2) {
      const lo = words[w] as number;
      const hi = words[w + 1] as number;
      if (lo !== 0 || hi !== 0) entries.push([w / 2, (BigInt(hi) << 32n) | BigInt(lo)]);
    }
    if (entries.length) frames.push({ addr: (pfn * 4096) as PhysAddr, entries });
  }
  return frames;
}

/** A scenario of the machine as it is, with the view and the (optional) text parts. */
export function scenarioFromMachine(
  machine: Machine,
  view: ScenarioView,
  meta: Partial<ScenarioMeta> = {},
): ScenarioState {
  return {
    ...(meta.title === undefined ? {} : { title: meta.title }),
    ...(meta.description === undefined ? {} : { description: meta.description }),
    registers: { ...machine.regs },
    ramBytes: machine.ram.sizeBytes,
    frames: framesOfRam(machine.ram),
    allocator: machine.alloc.state(),
    va: view.va,
    access: view.access,
    selection: view.selection,
    ...(view.step === undefined ? {} : { step: view.step }),
    setAccessedDirty: machine.setAccessedDirty,
    ...(machine.memoryTypes === undefined ? {} : { memoryTypes: machine.memoryTypes }),
    labels: meta.labels ?? [],
    bookmarks: meta.bookmarks ?? [],
    processes: meta.processes ?? [],
  };
}

/** The registers a bookmark walks under: the scenario's, with the bookmark's overrides on top. */
export function bookmarkRegisters(base: Registers, overrides: Partial<Registers> | undefined): Registers {
  return overrides ? { ...base, ...overrides } : base;
}
