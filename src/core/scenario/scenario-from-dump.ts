/**
 * What to look at after importing a dump, and the imported tables as a scenario file: the parts of
 * an import the browser and the CLI's `scenario` command share.
 */
import { fromWords, virtAddr, type Access, type VirtAddr, type Registers } from "../arch";
import { describeBytes, machineFromDiscovery, rootTable, type Discovery } from "../dump";
import { forEachLeaf } from "../inspect";
import type { PhysicalMemory } from "../memory";
import { scenarioFromMachine } from "./scenario-machine";
import { LIMITS, type ScenarioState } from "./scenario-state";
import { walk } from "../walk";

export interface ImportView {
  readonly va: VirtAddr;
  readonly access: Access;
}

/**
 * Keeps the VA and access under study when they translate in the imported tables; otherwise the
 * first present leaf in VA order (without reserved bits), read in the mode its page allows
 * (user when U/S = 1 along the whole walk, supervisor otherwise). Null when nothing is mapped.
 */
export function suggestView(memory: PhysicalMemory, regs: Registers, current: ImportView): ImportView | null {
  if (walk(memory, regs, current.va, current.access).verdict.ok) return current;
  let found: ImportView | null = null;
  forEachLeaf(
    memory,
    regs,
    (leaf) => {
      const va = virtAddr(fromWords(leaf.vaHi, leaf.vaLo));
      const access: Access = walk(memory, regs, va, current.access).verdict.ok
        ? current.access
        : { op: "read", mode: leaf.user ? "user" : "supervisor" };
      found = { va, access };
      return false;
    },
    { includeReserved: false },
  );
  return found;
}

export interface DumpScenarioOptions {
  readonly title?: string;
  /** Where the dump came from (a file name), for the description. */
  readonly source?: string;
  readonly scratchFrames?: number;
  /** The VA and access being studied: kept when they translate in the imported tables (`suggestView`). */
  readonly current?: ImportView;
}

/**
 * The imported machine as a scenario: the table frames, the registers used, the allocator window,
 * the VA under study (the current one if it translates, else the first mapping) and CR3's table selected; the description says where the
 * tables came from and repeats the import's warnings.
 */
export function scenarioFromDiscovery(found: Discovery, options: DumpScenarioOptions = {}): ScenarioState {
  const machine = machineFromDiscovery(found, options.scratchFrames);
  const fallback: ImportView = { va: virtAddr(0n), access: { op: "read", mode: "supervisor" } };
  const view =
    suggestView(machine.ram, machine.regs, options.current ?? fallback) ?? options.current ?? fallback;
  const article = found.format === "raw" ? "a" : "an";
  const from = options.source === undefined ? article : `${options.source}, ${article}`;
  const parts = [
    `Page tables found from CR3 0x${found.regs.cr3.toString(16)} in ${from} ${found.format === "raw" ? "raw" : "ELF"} dump of ${describeBytes(found.ramBytes)}: ${found.frames.size} table frame${found.frames.size === 1 ? "" : "s"}. Other frames read as zeros.`,
    ...found.warnings,
  ];
  let description = parts.join("\n");
  if (description.length > LIMITS.descriptionLength)
    description = description.slice(0, LIMITS.descriptionLength - 1) + "…";
  const title = (options.title ?? "Imported dump").slice(0, LIMITS.titleLength);
  return scenarioFromMachine(
    machine,
    { va: view.va, access: view.access, selection: { table: rootTable(found.regs), entryIndex: null } },
    { title, description },
  );
}
