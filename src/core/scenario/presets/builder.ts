/** A small helper for writing presets: RAM, an allocator, and entries at exact addresses. */
import {
  accessOfKind,
  DEFAULT_REGISTERS,
  type AccessKind,
  type Level,
  type PhysAddr,
  type VirtAddr,
  type Registers,
} from "../../arch";
import { FrameAllocator, Ram } from "../../memory";
import type {
  Bookmark,
  RegisterOverrides,
  ScenarioMeta,
  ScenarioSelection,
  ScenarioState,
} from "../scenario-state";
import { scenarioFromMachine } from "../scenario-machine";

const PRESET_RAM_BYTES = 16 * 1024 * 1024;

/** Entry flag bits, named as the SDM does, for writing raw entries. */
export const P = 0x1n;
export const RW = 0x2n;
export const US = 0x4n;
export const A = 0x20n;
export const PS = 0x80n;
export const G = 0x100n;
export const XD = 1n << 63n;

export class PresetBuilder {
  readonly ram: Ram;
  readonly alloc: FrameAllocator;

  /** RAM of `ramBytes`; the allocator hands out frames from `allocFrom` up to the end of RAM. */
  constructor(allocFrom: number, ramBytes = PRESET_RAM_BYTES) {
    this.ram = new Ram(ramBytes);
    this.alloc = FrameAllocator.forRange(allocFrom, ramBytes);
  }

  /** Writes entry `index` of the table at `table`. */
  set(table: number, index: number, value: bigint): this {
    this.ram.writeEntry(table + index * 8, value);
    return this;
  }

  state(
    regs: Partial<Registers>,
    view: { va: bigint; access: AccessKind; table?: { addr: number; level: Level; entry?: number } },
    meta: ScenarioMeta,
  ): ScenarioState {
    const selection: ScenarioSelection | null = view.table
      ? {
          table: { addr: view.table.addr as PhysAddr, level: view.table.level },
          entryIndex: view.table.entry ?? null,
        }
      : null;
    return scenarioFromMachine(
      { ram: this.ram, alloc: this.alloc, regs: { ...DEFAULT_REGISTERS, ...regs }, setAccessedDirty: false },
      { va: view.va as VirtAddr, access: accessOfKind(view.access), selection },
      meta,
    );
  }
}

/** A bookmark in one line: VA, access kind name, note, optional register overrides. */
export function mark(va: bigint, access: AccessKind, note: string, registers?: RegisterOverrides): Bookmark {
  return { va: va as VirtAddr, access: accessOfKind(access), note, ...(registers ? { registers } : {}) };
}
