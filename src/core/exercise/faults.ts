/**
 * Making a walk fault on purpose, the way a buggy kernel would: one entry of the walk loses P, U/S
 * or R/W, gains XD or a reserved bit. Which cause each change produces is the core's to say
 * (walk.ts, access-check.ts); the generators only choose a change that *can* deny the access, and
 * then read the verdict back from the walk.
 */
import { CR4, ENTRY_P, ENTRY_RW, ENTRY_US, type Access, type PageSize, type VirtAddr } from "../arch";
import type { WalkStep } from "../walk";
import {
  ExerciseMachine,
  PAGE_SIZES,
  flagsAllowing,
  randomAccess,
  randomFrame,
  randomOffset,
  randomPageVa,
} from "./exercise-machine";
import { FLAG_MASKS } from "./entry-changes";
import type { Prng } from "./prng";

export type FaultKind = "P" | "US" | "RW" | "XD" | "RSVD" | "SMEP" | "SMAP";

/** MAXPHYADDR of a machine with a reserved-bit fault: bits 46–51 of an address are reserved. */
const NARROW_MAXPHYADDR = 46;

/** The fault kinds that can deny `access` (P and reserved bits deny any access). */
export function faultKindsFor(access: Access, kinds: readonly FaultKind[]): FaultKind[] {
  return kinds.filter((kind) => {
    switch (kind) {
      case "US":
        return access.mode === "user";
      case "RW":
        return access.op === "write";
      case "XD":
        return access.op === "fetch";
      case "SMEP":
        return access.mode === "supervisor" && access.op === "fetch";
      case "SMAP":
        return access.mode === "supervisor" && access.op !== "fetch";
      default:
        return true;
    }
  });
}

/**
 * Changes `step`'s entry so that `access` faults there with `kind` (SMEP and SMAP: the leaf is
 * made a user page and the control bit set, so the rule decides at the leaf).
 */
export function breakEntry(
  machine: ExerciseMachine,
  rng: Prng,
  steps: readonly WalkStep[],
  step: WalkStep,
  kind: FaultKind,
): void {
  const at = step.entryAddr;
  switch (kind) {
    case "P":
      machine.change(at, 0n, BigInt(ENTRY_P));
      return;
    case "US":
      machine.change(at, 0n, BigInt(ENTRY_US));
      return;
    case "RW":
      machine.change(at, 0n, BigInt(ENTRY_RW));
      return;
    case "XD":
      machine.change(at, FLAG_MASKS.XD);
      return;
    case "RSVD":
      machine.regs = { ...machine.regs, maxPhyAddr: NARROW_MAXPHYADDR };
      machine.change(at, 1n << BigInt(rng.between(NARROW_MAXPHYADDR, 51)));
      return;
    case "SMEP":
    case "SMAP":
      // Every level must allow user mode for the page to be a user page.
      for (const s of steps) machine.change(s.entryAddr, BigInt(ENTRY_US));
      machine.regs = { ...machine.regs, cr4: machine.regs.cr4 | (kind === "SMEP" ? CR4.SMEP : CR4.SMAP) };
      return;
  }
}

/** A page mapped for `access`, with 0–3 neighbours sharing its tables so the tables hold more than one path. */
export function mapWithNeighbours(
  machine: ExerciseMachine,
  rng: Prng,
  access: Access,
  sizes: readonly PageSize[] = PAGE_SIZES.slice(0, 1),
): { page: VirtAddr; size: PageSize } {
  const size = rng.pick(sizes);
  const page = randomPageVa(rng, machine.levels, size);
  machine.map(page, randomFrame(rng, size), size, flagsAllowing(rng, access));
  const neighbours = rng.int(4);
  for (let k = 0; k < neighbours; k++) {
    // Same top-level index, another page below it: shares the upper tables.
    const otherSize = rng.pick(sizes);
    const span = 1n << 39n;
    const other = (page - (page % span) + (randomPageVa(rng, machine.levels, otherSize) % span)) as VirtAddr;
    // A neighbour that overlaps what is mapped is simply skipped.
    machine.space.map({
      va: other,
      pa: randomFrame(rng, otherSize),
      size: otherSize,
      leafFlags: flagsAllowing(rng, access),
    });
  }
  return { page, size };
}

/**
 * The start of the families about one access (translate, error-code, fault-entry): a fresh machine,
 * a random access, a page mapped for it among neighbours (`mapWithNeighbours`), and a VA in it.
 */
export function randomMappedAccess(
  rng: Prng,
  sizes: readonly PageSize[],
): { machine: ExerciseMachine; access: Access; page: VirtAddr; size: PageSize; va: VirtAddr } {
  const machine = new ExerciseMachine(rng);
  const access = randomAccess(rng);
  const { page, size } = mapWithNeighbours(machine, rng, access, sizes);
  const va = (page + randomOffset(rng, size)) as VirtAddr;
  return { machine, access, page, size, va };
}
