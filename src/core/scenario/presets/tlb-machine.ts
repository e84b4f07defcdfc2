/**
 * The machine every TLB lesson runs on (issue 14): two processes, a kernel half they share, and
 * the user-only tables of a KPTI kernel. CR4 = PAE | PGE, so G = 1 makes global TLB entries.
 *
 *   process A  CR3 0x1000: PML4[0] → PDPT 0x2000 → PD 0x3000 → PT 0x4000
 *                0x400000 → 0x10000 (user, writable)      PT[0] at 0x4000
 *                0x401000 → 0x11000 (user, read-only)     PT[1] at 0x4008
 *   process B  CR3 0x7000: PML4[0] → PDPT 0x8000 → PD 0x9000 → PT 0xa000
 *                0x400000 → 0x20000 (user, writable)
 *   kernel     PML4[511] of A and B → PDPT 0x5000 → PD 0x6000, 2 MiB pages:
 *                0xffffffff80000000 → 0x200000 (G = 1: global)
 *                0xffffffff80400000 → 0x400000 (G = 0: a KPTI kernel's private data)
 *   KPTI user tables CR3 0xb000: PML4[0] → PDPT 0x2000 (A's user half), no kernel half
 */
import { CR4, type VirtAddr } from "../../arch";
import { G, P, PresetBuilder, PS, RW, US } from "./builder";

export const USER_VA = 0x40_0000n as VirtAddr;
export const READ_ONLY_VA = 0x40_1000n as VirtAddr;
export const KERNEL_GLOBAL_VA = 0xffff_ffff_8000_0000n as VirtAddr;
export const KERNEL_PRIVATE_VA = 0xffff_ffff_8040_0000n as VirtAddr;
export const PROCESS_A_CR3 = 0x1000;
export const PROCESS_B_CR3 = 0x7000;
export const KPTI_USER_CR3 = 0xb000;
/** CR4 = PAE | PGE. */
export const TLB_CR4 = CR4.PAE | CR4.PGE;

export function tlbLessonMachine(): PresetBuilder {
  const b = new PresetBuilder(0x10_0000);
  const table = P | RW | US;
  // Process A.
  b.set(0x1000, 0, 0x2000n | table)
    .set(0x2000, 0, 0x3000n | table)
    .set(0x3000, 2, 0x4000n | table);
  b.set(0x4000, 0, 0x10000n | P | RW | US).set(0x4000, 1, 0x11000n | P | US);
  // Process B.
  b.set(0x7000, 0, 0x8000n | table)
    .set(0x8000, 0, 0x9000n | table)
    .set(0x9000, 2, 0xa000n | table);
  b.set(0xa000, 0, 0x20000n | P | RW | US);
  // The kernel half, shared by A and B.
  b.set(0x1000, 511, 0x5000n | P | RW).set(0x7000, 511, 0x5000n | P | RW);
  b.set(0x5000, 510, 0x6000n | P | RW);
  b.set(0x6000, 0, 0x200000n | P | RW | PS | G).set(0x6000, 2, 0x400000n | P | RW | PS);
  // KPTI: the user tables map the user half only.
  b.set(0xb000, 0, 0x2000n | table);
  return b;
}
