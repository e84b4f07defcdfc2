/**
 * A small machine for the TLB tests: 1 MiB of RAM, 4-level tables at 0x1000 (PML4), 0x2000 (PDPT),
 * 0x3000 (PD), 0x4000 (PT), mapping
 *   0x400000 → 0x5000  user, read-only, D = 0          (PT[0])
 *   0x401000 → 0x6000  user, writable, G = 1           (PT[1])
 *   0x402000 → 0x7000  supervisor, writable, D = 0     (PT[2])
 *   0x600000 → 0x200000 a 2 MiB page, supervisor, writable (PD[3])
 * CR4 = PAE | PGE, so G = 1 makes global entries.
 */
import { CR4, DEFAULT_REGISTERS, type Registers, type VirtAddr } from "../../arch";
import { Ram } from "../../memory";

export const P = 0x1n;
export const RW = 0x2n;
export const US = 0x4n;
export const D = 0x40n;
export const PS = 0x80n;
export const G = 0x100n;

export const PT = 0x4000;
export const VA_RO = 0x400000n as VirtAddr;
export const VA_GLOBAL = 0x401000n as VirtAddr;
export const VA_SUP = 0x402000n as VirtAddr;
export const VA_2M = 0x600000n as VirtAddr;

export function smallMachine(): { ram: Ram; regs: Registers } {
  const ram = new Ram(1 << 22);
  ram.writeEntry(0x1000, 0x2000n | P | RW | US);
  ram.writeEntry(0x2000, 0x3000n | P | RW | US);
  ram.writeEntry(0x3000 + 2 * 8, 0x4000n | P | RW | US);
  ram.writeEntry(0x3000 + 3 * 8, 0x200000n | P | RW | PS);
  ram.writeEntry(PT + 0 * 8, 0x5000n | P | US);
  ram.writeEntry(PT + 1 * 8, 0x6000n | P | RW | US | G | D);
  ram.writeEntry(PT + 2 * 8, 0x7000n | P | RW);
  return { ram, regs: { ...DEFAULT_REGISTERS, cr3: 0x1000, cr4: CR4.PAE | CR4.PGE } };
}
