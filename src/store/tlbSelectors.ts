/**
 * What the TLB views derive from the store: the walk panel's lookup preview (what the current
 * CPU's TLB would do with the selected access, without doing it) and the entries of every cache
 * with their stale marks. Memoised, never stored.
 */
import type { Access, Registers, VirtAddr } from "../core/arch";
import type { PhysicalMemory } from "../core/memory";
import {
  PSC_LEVELS,
  TLB_NAMES,
  type AccessOutcome,
  type PscEntry,
  type PscLevel,
  type TlbEntry,
  type TlbName,
  type TlbSystem,
} from "../core/tlb";
import { memoByKeys } from "./selectors";
import type { PagewalkState } from "./store";
import { tlbMemory } from "./tlbSlice";

const probeMemo = memoByKeys(
  (
    system: TlbSystem,
    regs: Registers,
    memory: PhysicalMemory,
    va: VirtAddr,
    access: Access,
  ): AccessOutcome => {
    const cpu = system.cpu.clone();
    cpu.regs = regs;
    return cpu.access(memory, va, access);
  },
);

/** The lookup the selected access would make now (null while "Model the TLB" is off). */
export function selectTlbProbe(state: PagewalkState): AccessOutcome | null {
  if (!state.tlbUi.on) return null;
  return probeMemo(
    state.tlbUi.system,
    state.machine.regs,
    tlbMemory(state),
    state.selection.va,
    state.selection.access,
  );
}

export interface TlbRow {
  readonly entry: TlbEntry;
  readonly age: number;
  readonly stale: boolean;
}

export interface TlbTables {
  readonly tlbs: Readonly<Record<TlbName, readonly TlbRow[]>>;
  readonly pscs: Readonly<Record<PscLevel, readonly { entry: PscEntry; age: number }[]>>;
}

const tablesMemo = memoByKeys((system: TlbSystem, regs: Registers, memory: PhysicalMemory): TlbTables => {
  const cpu = system.cpu.clone();
  cpu.regs = regs;
  const tlbs = {} as Record<TlbName, TlbRow[]>;
  for (const name of TLB_NAMES)
    tlbs[name] = cpu
      .tlbEntries(name)
      .map(({ entry, age }) => ({ entry, age, stale: cpu.isEntryStale(memory, entry) }));
  const pscs = {} as Record<PscLevel, { entry: PscEntry; age: number }[]>;
  for (const level of PSC_LEVELS) pscs[level] = cpu.pscEntries(level);
  return { tlbs, pscs };
});

/** The current CPU's caches as rows, each TLB entry marked stale when the tables now differ. */
export function selectTlbTables(state: PagewalkState): TlbTables {
  return tablesMemo(state.tlbUi.system, state.machine.regs, tlbMemory(state));
}
