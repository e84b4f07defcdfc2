/**
 * Random machines for exercises, built by the core: RAM, a frame allocator whose first frame
 * depends on the seed (so table addresses differ from one exercise to the next), an
 * `AddressSpace` that maps pages as the seed crate does, and the scenario that carries it all.
 */
import {
  ACCESS_KINDS,
  CR4,
  DEFAULT_REGISTERS,
  PAGE_1G,
  PAGE_2M,
  PAGE_4K,
  accessOfKind,
  joinIndices,
  type Access,
  type AccessKind,
  type EntryFlags,
  type PageSize,
  type PagingLevels,
  type PhysAddr,
  type Registers,
  type VirtAddr,
} from "../arch";
import { FrameAllocator, type Ram } from "../memory";
import { scenarioFromMachine, type Bookmark, type ScenarioState } from "../scenario";
import { AddressSpace } from "../space";
import { walk, type WalkResult } from "../walk";
import type { Prng } from "./prng";
import { keptRams } from "./exercise-walk";
import { EXERCISE_RAM_BYTES, exerciseRam } from "./ram-pool";

/** Physical frames of the pages exercises map lie below 2^40 (1 TiB): short numbers to write. */
const PAGE_FRAME_BITS = 40;

export class ExerciseMachine {
  readonly ram: Ram = exerciseRam(EXERCISE_RAM_BYTES, keptRams());
  readonly alloc: FrameAllocator;
  readonly space: AddressSpace;
  regs: Registers;

  constructor(
    rng: Prng,
    readonly levels: PagingLevels = 4,
  ) {
    // Tables start somewhere in the first MiB, at a frame the seed chooses.
    this.alloc = FrameAllocator.forRange(rng.between(1, 255) * PAGE_4K, EXERCISE_RAM_BYTES);
    const created = AddressSpace.create(this.ram, this.alloc, levels);
    if (!created.ok) throw new Error(`exercise machine: ${created.error.message}`);
    this.space = created.value;
    this.regs = {
      ...DEFAULT_REGISTERS,
      cr3: this.space.root,
      cr4: levels === 5 ? DEFAULT_REGISTERS.cr4 | CR4.LA57 : DEFAULT_REGISTERS.cr4,
    };
  }

  /** Maps one page; the exercise's own choices are always valid, so a refusal is a bug. */
  map(va: VirtAddr, pa: number, size: PageSize, leafFlags: EntryFlags, tableFlags?: EntryFlags): void {
    const mapped = this.space.map({ va, pa, size, leafFlags, ...(tableFlags ? { tableFlags } : {}) });
    if (!mapped.ok) throw new Error(`exercise machine: ${mapped.error.message}`);
  }

  walk(va: VirtAddr, access: Access): WalkResult {
    return walk(this.ram, this.regs, va, access);
  }

  /** Sets and clears bits of the entry at `entryAddr`. */
  change(entryAddr: number, set: bigint, clear = 0n): void {
    this.ram.writeEntry(entryAddr, (this.ram.readEntry(entryAddr) | set) & ~clear);
  }

  scenario(
    view: { va: VirtAddr; access: Access; step?: number },
    meta: { title: string; description?: string; bookmarks?: readonly Bookmark[] },
    setAccessedDirty = false,
  ): ScenarioState {
    return scenarioFromMachine(
      { ram: this.ram, alloc: this.alloc, regs: this.regs, setAccessedDirty },
      { va: view.va, access: view.access, selection: null, ...(view.step ? { step: view.step } : {}) },
      {
        title: meta.title,
        ...(meta.description === undefined ? {} : { description: meta.description }),
        bookmarks: meta.bookmarks ?? [],
      },
    );
  }
}

export const PAGE_SIZES: readonly PageSize[] = [PAGE_4K, PAGE_2M, PAGE_1G];

/**
 * A random page-aligned VA for a page of `size`: random indices above the page (the top one in
 * the lower half only when `lowerHalf`), canonical. Its own index at each level is random too.
 */
export function randomPageVa(rng: Prng, levels: PagingLevels, size: PageSize, lowerHalf = false): VirtAddr {
  const indices: number[] = [];
  for (let level = levels; level >= 1; level--) {
    const top = level === levels;
    indices.push(top && lowerHalf ? rng.between(0, 255) : rng.int(512));
  }
  const va = joinIndices(indices, 0, levels);
  return (va - (va % BigInt(size))) as VirtAddr;
}

/** A random offset inside a page of `size`. */
export function randomOffset(rng: Prng, size: PageSize): bigint {
  // One draw covers it: a 1 GiB offset has 30 bits. A bigint, to add to a VA.
  return BigInt(rng.int(size));
}

/** A random frame of `size` below 1 TiB, never frame 0. */
export function randomFrame(rng: Prng, size: PageSize): PhysAddr {
  const frames = 2 ** PAGE_FRAME_BITS / size;
  return (rng.between(1, frames - 1) * size) as PhysAddr;
}

export function randomAccess(rng: Prng, kinds: readonly AccessKind[] = ACCESS_KINDS): Access {
  return accessOfKind(rng.pick(kinds));
}

/** Leaf flags that allow `access` (and, at random, more). */
export function flagsAllowing(rng: Prng, access: Access): EntryFlags {
  return {
    present: true,
    writable: access.op === "write" || rng.chance(50),
    user: access.mode === "user" || rng.chance(30),
    executeDisable: access.op !== "fetch" && rng.chance(50),
  };
}
