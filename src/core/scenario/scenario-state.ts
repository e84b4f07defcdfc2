/**
 * The scenario: one machine state a teacher can hand out and a learner can open (see FORMAT.md).
 *
 * `ScenarioState` is the in-memory value: canonical (frames sorted by address, entries by index,
 * zero entries dropped) so that two equal states compare equal field by field. The file form is a
 * JSON document with hex strings for every 64-bit or physical quantity; `serializeScenario` (serialize.ts) writes
 * it and `parseScenario` (validate.ts) reads it back, checking everything.
 */
import {
  ACCESS_KINDS,
  accessOfKind,
  type Access,
  type AccessKind,
  type Level,
  type PhysAddr,
  type VirtAddr,
  type Registers,
} from "../arch";
import type { AllocatorState } from "../memory";
import type { MemoryTypeSettings } from "../memtype";
import type { Lesson } from "./lesson";

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
  /** Highest step of the walk stepper a scenario may name (a walk has at most 13). */
  maxStep: 64,
  /** Longest access trace (characters) a scenario may carry (issue 14). */
  traceLength: 100_000,
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
  /**
   * The walk stepper's step, 1-based ("Step 3 of 8"); absent when the whole walk is shown. A viewer
   * clamps it to the walk's last step.
   */
  readonly step?: number;
  /**
   * The access trace of the TLB panel (core/tlb's trace format, one operation a line); absent when
   * there is none. A scenario with a trace opens with "Model the TLB" on.
   */
  readonly trace?: string;
  readonly setAccessedDirty: boolean;
  /** IA32_PAT and the MTRRs (`"pat"`, `"mtrr"` in the file); absent: the power-on PAT, no MTRRs. */
  readonly memoryTypes?: MemoryTypeSettings;
  readonly labels: readonly ScenarioLabel[];
  readonly bookmarks: readonly Bookmark[];
  readonly processes: readonly ScenarioProcess[];
  /** Optional: the steps of a lesson (lesson.ts); the machine above is the lesson's start. */
  readonly lesson?: Lesson;
  /** The lesson step shown (1-based), when the scenario was saved in the middle of its lesson. */
  readonly lessonStep?: number;
}

/** The text-only part of a scenario (what presets explain), separate from the machine. */
export type ScenarioMeta = Pick<
  ScenarioState,
  "title" | "description" | "labels" | "bookmarks" | "processes" | "lesson"
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

/** The access named by one of `ACCESS_KINDS` ("supRead" … "userExec"), or null. */
export function accessOfKindName(name: string): Access | null {
  return (ACCESS_KINDS as readonly string[]).includes(name) ? accessOfKind(name as AccessKind) : null;
}
