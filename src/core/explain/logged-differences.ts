/**
 * Which of a log's control registers differ from a machine's, in the bits a walk reads
 * (`WALK_CONTROL_BITS`): QEMU prints CR0 with ET and EFER with LMA set, and CR4 with bits such as
 * OSXSAVE, none of which changes a walk, so only the walk's bits (and CR3's table address) count.
 */
import { WALK_CONTROL_BITS, cr3Root, type Registers } from "../arch";
import type { LoggedRegisters } from "./fault-log";

/** The names ("CR0", "CR3", "CR4", "EFER") of the logged registers that differ from `regs`. */
export function loggedDifferences(logged: LoggedRegisters, regs: Registers): string[] {
  const names = ["cr0", "cr3", "cr4", "efer"] as const;
  return names
    .filter((n) => {
      const value = logged[n];
      if (value === undefined) return false;
      return n === "cr3"
        ? cr3Root(value) !== cr3Root(regs.cr3)
        : (value & WALK_CONTROL_BITS[n]) !== (regs[n] & WALK_CONTROL_BITS[n]);
    })
    .map((n) => n.toUpperCase());
}
