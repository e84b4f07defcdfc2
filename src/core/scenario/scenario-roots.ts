/**
 * The top-level tables a scenario knows: the one its CR3 selects, each process's, and each
 * bookmark's (another CR3, or the same one read with 5 levels). Unmap must not free a table any of
 * them reaches (the store passes them to the address space), and the scenario's allocator must not
 * offer such a table as a free frame (allocator-check.ts).
 */
import { formatPhysAddr, pagingMode, type Registers } from "../arch";
import type { TableRoot } from "../space";
import { bookmarkRegisters } from "./scenario-machine";
import type { ScenarioMeta } from "./scenario-state";

export interface ScenarioRoot extends TableRoot {
  /** Where the scenario states it, for validation messages: "processes[1] (CR3 0x4000)". */
  readonly where: string;
}

/**
 * The scenario's roots, each (address, depth) once: its registers' first, then the processes',
 * then the bookmarks'. A root gets the name of the process that loads it when there is one.
 */
export function scenarioRoots(
  registers: Registers,
  parts: Pick<ScenarioMeta, "processes" | "bookmarks">,
): ScenarioRoot[] {
  const processRoot = parts.processes.map((p) => pagingMode({ ...registers, cr3: p.cr3 }).root);
  const roots: ScenarioRoot[] = [];
  const add = (
    regs: Registers,
    where: (cr3: string) => string,
    fallbackName: (cr3: string) => string,
  ): void => {
    const { root: addr, levels } = pagingMode(regs);
    if (roots.some((r) => r.addr === addr && r.levels === levels)) return;
    const cr3 = `CR3 ${formatPhysAddr(addr)}`;
    const process = parts.processes[processRoot.indexOf(addr)];
    const name = process ? `${process.name} (${cr3})` : fallbackName(cr3);
    roots.push({ addr, levels, name, where: where(cr3) });
  };
  add(
    registers,
    (cr3) => cr3,
    (cr3) => cr3,
  );
  parts.processes.forEach((p, i) =>
    add(
      { ...registers, cr3: p.cr3 },
      (cr3) => `processes[${i}] (${cr3})`,
      (cr3) => cr3,
    ),
  );
  parts.bookmarks.forEach((b, i) => {
    if (b.registers === undefined) return;
    add(
      bookmarkRegisters(registers, b.registers),
      (cr3) => `bookmarks[${i}] (${cr3})`,
      (cr3) => `bookmark ${i + 1} (${cr3})`,
    );
  });
  return roots;
}
