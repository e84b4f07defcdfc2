/**
 * The walk an exercise asks about, on the exercise's own machine: built once per scenario and kept
 * for the last few exercises checked, since a checker is called for every answer and a property
 * test for thousands.
 */
import type { Access, VirtAddr } from "../arch";
import type { Machine } from "../machine";
import { FrameAllocator, type Ram } from "../memory";
import type { ScenarioState } from "../scenario";
import { walk, type WalkResult } from "../walk";
import { exerciseRam } from "./ram-pool";

const KEPT = 8;
const kept: { scenario: ScenarioState; machine: Machine }[] = [];

/** The scenario's machine (RAM, allocator, registers), as `machineFromScenario` builds it. */
export function machineOf(scenario: ScenarioState): Machine {
  const known = kept.find((k) => k.scenario === scenario);
  if (known) return known.machine;
  const ram = exerciseRam(
    scenario.ramBytes,
    kept.map((k) => k.machine.ram),
  );
  writeFrames(ram, scenario);
  const machine: Machine = {
    ram,
    alloc: new FrameAllocator(scenario.allocator),
    regs: scenario.registers,
    setAccessedDirty: scenario.setAccessedDirty,
  };
  kept.push({ scenario, machine });
  if (kept.length > KEPT) kept.shift();
  return machine;
}

function writeFrames(ram: Ram, scenario: ScenarioState): void {
  for (const frame of scenario.frames) {
    const words = ram.writableFrame(frame.addr / 4096);
    for (const [index, value] of frame.entries) {
      words[2 * index] = Number(value & 0xffffffffn);
      words[2 * index + 1] = Number(value >> 32n);
    }
  }
}

/** The walk of `va` with `access` on the scenario's machine. */
export function walkOn(scenario: ScenarioState, va: VirtAddr, access: Access): WalkResult {
  const machine = machineOf(scenario);
  return walk(machine.ram, machine.regs, va, access);
}

/** The RAMs the checker keeps: a generator must keep them alive when it collects the arena. */
export function keptRams(): Ram[] {
  return kept.map((k) => k.machine.ram);
}
