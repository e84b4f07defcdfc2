/**
 * The machine as an immutable value: RAM, frame allocator, registers and the "walk sets A/D"
 * setting. A committed machine is never written again; a change forks it (RAM shares every frame
 * until written, the allocator is a small copy), applies itself to the copy and becomes the new
 * state. That is what makes undo cheap: one step of history costs the frames it changed.
 */
import type { FrameAllocator, Ram } from "../memory";
import type { Registers } from "../arch";
import type { MemoryTypeSettings } from "../memtype";

export interface Machine {
  readonly ram: Ram;
  readonly alloc: FrameAllocator;
  readonly regs: Registers;
  /** When on, performing an access writes the A/D bits the processor would set (SDM §4.8). */
  readonly setAccessedDirty: boolean;
  /** IA32_PAT and the MTRRs (SDM ch. 11); absent: the power-on PAT and no MTRRs. */
  readonly memoryTypes?: MemoryTypeSettings;
}

/**
 * A mutable working copy of a machine for one change. `ram` and `alloc` are forked lazily on first
 * use, so a register-only change shares the previous RAM object outright.
 */
export class MachineDraft {
  private forkedRam: Ram | null = null;
  private clonedAlloc: FrameAllocator | null = null;
  regs: Registers;
  setAccessedDirty: boolean;
  memoryTypes: MemoryTypeSettings | undefined;

  constructor(private readonly base: Machine) {
    this.regs = base.regs;
    this.setAccessedDirty = base.setAccessedDirty;
    this.memoryTypes = base.memoryTypes;
  }

  /** RAM to read the current contents from without forking. */
  get readRam(): Ram {
    return this.forkedRam ?? this.base.ram;
  }

  /** RAM to write: a fork of the base RAM, made on first use. */
  get ram(): Ram {
    this.forkedRam ??= this.base.ram.fork();
    return this.forkedRam;
  }

  get alloc(): FrameAllocator {
    this.clonedAlloc ??= this.base.alloc.clone();
    return this.clonedAlloc;
  }

  /** The new machine, or the base itself when nothing was touched. */
  finish(): Machine {
    if (
      this.forkedRam === null &&
      this.clonedAlloc === null &&
      this.regs === this.base.regs &&
      this.setAccessedDirty === this.base.setAccessedDirty &&
      this.memoryTypes === this.base.memoryTypes
    ) {
      return this.base;
    }
    return {
      ram: this.forkedRam ?? this.base.ram,
      alloc: this.clonedAlloc ?? this.base.alloc,
      regs: this.regs,
      setAccessedDirty: this.setAccessedDirty,
      ...(this.memoryTypes === undefined ? {} : { memoryTypes: this.memoryTypes }),
    };
  }
}

/** Takes ownership of a machine built elsewhere, so its builder can keep writing its own copy. */
export function adoptMachine(machine: Machine): Machine {
  return { ...machine, ram: machine.ram.fork(), alloc: machine.alloc.clone() };
}
