/**
 * The walk an exercise asks about, on the exercise's own machine: built once per scenario and kept
 * for the last few exercises checked, since a checker is called for every answer and a property
 * test for thousands.
 */
import type { Access, VirtAddr } from "../arch";
import type { Machine } from "../machine";
import type { Ram } from "../memory";
import { machineFromScenario, type ScenarioState } from "../scenario";
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
  const machine = machineFromScenario(scenario, ram);
  kept.push({ scenario, machine });
  if (kept.length > KEPT) kept.shift();
  return machine;
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
