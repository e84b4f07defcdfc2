/** Entry bits and registers the walk's tests (and the stepper's, built on the walk) write tables with. */
import { CR0, CR4, DEFAULT_REGISTERS, EFER, type Registers } from "../../arch";

export const MiB = 1024 * 1024;
export const P = 1n;
export const RW = 2n;
export const US = 4n;
export const A = 0x20n;
export const D = 0x40n;
export const PS = 0x80n;
export const XD = 1n << 63n;
export const PRWU = P | RW | US;

/** 4-level paging with CR0.WP and EFER.NXE on. */
export const REGS: Registers = {
  ...DEFAULT_REGISTERS,
  cr0: CR0.PG | CR0.WP | CR0.PE,
  cr4: CR4.PAE,
  efer: EFER.LME | EFER.LMA | EFER.NXE,
};
