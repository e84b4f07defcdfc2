/**
 * A Linux oops prints the entries its walk read (`PGD … P4D … PUD … PMD … PTE …`). Put each at
 * the index the faulting VA selects, in the frame its parent points to, and those few frames are
 * the tables the CPU walked: the ordinary walk over them names the entry that decided the fault,
 * so no paging rule is re-derived for oopses.
 *
 * With 4-level paging Linux folds the P4D into the PGD and prints the same value twice; it is
 * taken once. Which one it is comes from CR4.LA57 (printed in the oops' register dump).
 */
import { err, ok, type Result } from "../common";
import { CR4, DEFAULT_REGISTERS, indexAt, nextTablePfn, type Level, type Registers } from "../arch";
import { FRAME_WORDS, type PhysicalMemory } from "../memory";
import type { FaultLog, LoggedRegisters } from "./fault-log";

/** A few frames, the rest of physical memory absent (a walk that reaches it stops there). */
class SparseFrames implements PhysicalMemory {
  readonly sizeBytes = 2 ** 52;
  readonly frames = new Map<number, Uint32Array>();

  readFrame(pfn: number): Uint32Array | null {
    return this.frames.get(pfn) ?? null;
  }

  set(pfn: number, index: number, raw: bigint): boolean {
    let frame = this.frames.get(pfn);
    if (frame === undefined) this.frames.set(pfn, (frame = new Uint32Array(FRAME_WORDS)));
    const lo = Number(raw & 0xffffffffn);
    const hi = Number(raw >> 32n);
    const clash =
      (frame[2 * index] !== 0 || frame[2 * index + 1] !== 0) &&
      (frame[2 * index] !== lo || frame[2 * index + 1] !== hi);
    frame[2 * index] = lo;
    frame[2 * index + 1] = hi;
    return !clash;
  }
}

interface OopsTables {
  readonly memory: PhysicalMemory;
  readonly regs: Registers;
  readonly notes: readonly string[];
}

/** Where no CR3 was printed: a frame number no printed entry is likely to point at. */
const STAND_IN_ROOT_PFN = 0xf_ffff_ffff;

export function oopsMemory(log: FaultLog): Result<OopsTables> {
  const la57 = log.registers.cr4 !== undefined && (log.registers.cr4 & CR4.LA57) !== 0;
  const entries = log.oopsEntries.filter((e, i) => la57 || !(e.name === "P4D" && i === 1));
  if (entries.length === 0) return err("no-entries", "The oops prints no page-table entries.");
  const notes: string[] = [];
  const rootPfn = log.registers.cr3 !== undefined ? Math.floor(log.registers.cr3 / 4096) : STAND_IN_ROOT_PFN;
  if (log.registers.cr3 === undefined)
    notes.push("The oops prints no CR3: the walk starts from a stand-in top-level table.");
  const memory = new SparseFrames();
  let pfn = rootPfn;
  let level = (la57 ? 5 : 4) as Level;
  for (const entry of entries) {
    if (!memory.set(pfn, indexAt(log.va, level), entry.raw))
      notes.push(
        `The ${entry.name} shares a slot with an entry printed above it: the oops' entries are not one walk.`,
      );
    if (level === 1) break;
    pfn = nextTablePfn(Number(entry.raw & 0xffffffffn) | 0, Number(entry.raw >> 32n) | 0);
    level = (level - 1) as Level;
  }
  const regs = oopsRegisters(log.registers, la57);
  return ok({ memory, regs: { ...regs, cr3: rootPfn * 4096 + (regs.cr3 % 4096) }, notes });
}

/** The registers an oops implies where it prints none: Linux's own. */
function oopsRegisters(logged: LoggedRegisters, la57: boolean): Registers {
  return {
    ...DEFAULT_REGISTERS,
    cr0: logged.cr0 ?? 0x80050033, // Linux: PG, AM, WP, NE, ET, MP, PE
    cr3: logged.cr3 ?? 0,
    cr4: logged.cr4 ?? 0x20 | (la57 ? CR4.LA57 : 0),
    efer: logged.efer ?? 0xd01, // Linux turns NX on (EFER.NXE) on every x86-64 CPU
  };
}
