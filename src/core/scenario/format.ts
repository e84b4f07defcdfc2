/**
 * The scenario: one machine state a teacher can hand out and a learner can open (see FORMAT.md).
 *
 * `ScenarioState` is the in-memory value: canonical (frames sorted by address, entries by index,
 * zero entries dropped) so that two equal states compare equal field by field. The file form is a
 * JSON document with hex strings for every 64-bit or physical quantity; `serializeScenario` writes
 * it and `parseScenario` (validate.ts) reads it back, checking everything.
 */
import { ACCESS_KINDS, accessOfKind, kindOfAccess, type Access, type AccessKind } from "../access";
import type { Level, PhysAddr, VirtAddr } from "../address";
import type { AllocatorState } from "../allocator";
import type { Registers } from "../registers";

export const SCENARIO_FORMAT = "pagewalk-scenario";
export const SCENARIO_VERSION = 1;

/** Limits every reader enforces, so a hostile file or link costs bounded time and memory. */
export const LIMITS = {
  /** Largest scenario file accepted (bytes of JSON text, or of a compressed file once inflated). */
  fileBytes: 32 * 1024 * 1024,
  /** Deepest JSON nesting accepted; a valid scenario needs 4. */
  jsonDepth: 16,
  frames: 65_536,
  /** Non-zero entries over all frames. */
  entries: 1 << 20,
  labels: 4096,
  bookmarks: 1024,
  processes: 64,
  freeFrames: 1 << 20,
  titleLength: 200,
  descriptionLength: 4000,
  nameLength: 200,
  noteLength: 2000,
  /** Smallest and largest simulated RAM (the core's Ram caps it at 16 GiB). */
  minRamBytes: 4096,
  maxRamBytes: 16 * 1024 * 1024 * 1024,
} as const;

/** One 4 KiB frame of RAM: its non-zero 64-bit words as [index 0–511, value], ascending index. */
export interface ScenarioFrame {
  readonly addr: PhysAddr;
  readonly entries: readonly (readonly [index: number, value: bigint])[];
}

/** A name for a table/frame (by physical address) or for a range of virtual addresses. */
export type ScenarioLabel =
  | { readonly kind: "frame"; readonly addr: PhysAddr; readonly name: string }
  /** `last` is inclusive, so a range can end at the top of the address space. */
  | { readonly kind: "va-range"; readonly start: VirtAddr; readonly last: VirtAddr; readonly name: string };

/** Register values a bookmark sets on top of the scenario's registers (e.g. another CR3, WP off). */
export type RegisterOverrides = { readonly [K in keyof Registers]?: number };

/** A VA and access a teacher points at, optionally under other register values. */
export interface Bookmark {
  readonly va: VirtAddr;
  readonly access: Access;
  readonly note?: string;
  readonly registers?: RegisterOverrides;
}

/** An address space the learner can switch to: a name and the CR3 value that selects it. */
export interface ScenarioProcess {
  readonly name: string;
  readonly cr3: number;
}

export interface ScenarioSelection {
  readonly table: { readonly addr: PhysAddr; readonly level: Level };
  readonly entryIndex: number | null;
}

export interface ScenarioState {
  readonly title?: string;
  readonly description?: string;
  readonly registers: Registers;
  readonly ramBytes: number;
  readonly frames: readonly ScenarioFrame[];
  /** Frame numbers, as `FrameAllocator.state()` gives them. */
  readonly allocator: AllocatorState;
  readonly va: VirtAddr;
  readonly access: Access;
  readonly selection: ScenarioSelection | null;
  readonly setAccessedDirty: boolean;
  readonly labels: readonly ScenarioLabel[];
  readonly bookmarks: readonly Bookmark[];
  readonly processes: readonly ScenarioProcess[];
}

/** The text-only part of a scenario (what presets explain), separate from the machine. */
export type ScenarioMeta = Pick<
  ScenarioState,
  "title" | "description" | "labels" | "bookmarks" | "processes"
>;

export const REGISTER_NAMES = [
  "cr0",
  "cr3",
  "cr4",
  "efer",
  "pkru",
  "rflags",
  "maxPhyAddr",
] as const satisfies readonly (keyof Registers)[];

export const hex = (value: number | bigint): string => "0x" + value.toString(16);

/** The JSON document (version 1) for a state; see FORMAT.md. Optional parts are left out when empty. */
export function scenarioDocument(state: ScenarioState): Record<string, unknown> {
  const doc: Record<string, unknown> = { format: SCENARIO_FORMAT, version: SCENARIO_VERSION };
  if (state.title !== undefined) doc.title = state.title;
  if (state.description !== undefined) doc.description = state.description;
  doc.registers = registersDocument(state.registers);
  doc.ramBytes = hex(state.ramBytes);
  const frames: Record<string, Record<string, string>> = {};
  for (const frame of state.frames) {
    const entries: Record<string, string> = {};
    for (const [index, value] of frame.entries) entries[String(index)] = hex(value);
    frames[hex(frame.addr)] = entries;
  }
  doc.frames = frames;
  const a = state.allocator;
  doc.allocator = {
    first: hex(a.firstPfn * 4096),
    end: hex(a.endPfn * 4096),
    next: hex(a.nextPfn * 4096),
    free: a.freePfns.map((pfn) => hex(pfn * 4096)),
  };
  doc.va = hex(state.va);
  doc.access = kindOfAccess(state.access);
  if (state.selection) {
    const s = state.selection;
    doc.selection = {
      table: hex(s.table.addr),
      level: s.table.level,
      ...(s.entryIndex === null ? {} : { entry: s.entryIndex }),
    };
  }
  if (state.setAccessedDirty) doc.walkSetsAccessedDirty = true;
  if (state.labels.length) {
    doc.labels = state.labels.map((l) =>
      l.kind === "frame"
        ? { frame: hex(l.addr), name: l.name }
        : { vaStart: hex(l.start), vaLast: hex(l.last), name: l.name },
    );
  }
  if (state.bookmarks.length) {
    doc.bookmarks = state.bookmarks.map((b) => {
      const out: Record<string, unknown> = { va: hex(b.va), access: kindOfAccess(b.access) };
      if (b.note !== undefined) out.note = b.note;
      if (b.registers !== undefined) out.registers = registersDocument(b.registers);
      return out;
    });
  }
  if (state.processes.length) doc.processes = state.processes.map((p) => ({ name: p.name, cr3: hex(p.cr3) }));
  return doc;
}

function registersDocument(regs: RegisterOverrides): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const name of REGISTER_NAMES) {
    const v = regs[name];
    if (v !== undefined) out[name] = name === "maxPhyAddr" ? v : hex(v);
  }
  return out;
}

/** The scenario as JSON text (2-space indented unless `compact`). */
export function serializeScenario(state: ScenarioState, options: { compact?: boolean } = {}): string {
  return JSON.stringify(scenarioDocument(state), null, options.compact ? undefined : 1);
}

/** The access named by one of `ACCESS_KINDS` ("supRead" … "userExec"), or null. */
export function accessOfKindName(name: string): Access | null {
  return (ACCESS_KINDS as readonly string[]).includes(name) ? accessOfKind(name as AccessKind) : null;
}
