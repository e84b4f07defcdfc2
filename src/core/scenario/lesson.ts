/**
 * Lessons: a scenario with an ordered list of steps a learner moves through with Next and Back.
 *
 * The scenario's own machine (registers, frames, allocator) is the lesson's starting machine. Each
 * step has text and may set the VA, the access, the walk stepper's step, a selection, register
 * overrides (for that step only, like a bookmark's) and entry writes ("now clear U/S in PDPT[0]").
 * Entry writes are cumulative: the machine of step k is the starting machine with the writes of
 * steps 1…k applied in order, so Back simply rebuilds step k − 1 from the start. The VA and the
 * access carry over from the last step that set them; the stepper position and the selection do
 * not (a step that sets none shows the whole walk, following it).
 *
 * Authoring records a step from the page: its writes are the entries that differ between the
 * previous step's machine and the current one (`lessonWritesBetween`), its registers those that
 * differ from the scenario's.
 */
import type { Access, Registers, VirtAddr } from "../arch";
import { allocatorWithoutLiveTables } from "./allocator-check";
import { bookmarkRegisters } from "./scenario-machine";
import type { RegisterOverrides, ScenarioFrame, ScenarioSelection, ScenarioState } from "./scenario-state";
import { REGISTER_NAMES } from "./scenario-state";

/** One 64-bit entry a step writes: the word `index` (0–511) of the 4 KiB frame at `frame`. */
export interface LessonWrite {
  readonly frame: number;
  readonly index: number;
  readonly value: bigint;
}

export interface LessonStep {
  /** What the learner reads at this step (the safe text subset: paragraphs, `code`, **bold**, links). */
  readonly text: string;
  readonly va?: VirtAddr;
  readonly access?: Access;
  /** The walk stepper's step (1-based); absent = the whole walk. */
  readonly step?: number;
  readonly selection?: ScenarioSelection;
  /** Registers for this step only, on top of the scenario's. */
  readonly registers?: RegisterOverrides;
  /** Entries written on arriving at this step (and kept by the later ones). */
  readonly writes?: readonly LessonWrite[];
}

export interface Lesson {
  readonly steps: readonly LessonStep[];
}

/** Limits every reader enforces on a lesson (files and links). */
export const LESSON_LIMITS = {
  steps: 256,
  textLength: 4000,
  /** Entry writes of one step. */
  writesPerStep: 4096,
  /** Entry writes of all steps together. */
  writes: 16_384,
} as const;

/** The frames with `writes` applied in order (a zero value removes the entry), still canonical. */
export function applyLessonWrites(
  frames: readonly ScenarioFrame[],
  writes: readonly LessonWrite[],
): ScenarioFrame[] {
  if (writes.length === 0) return [...frames];
  const byAddr = new Map<number, Map<number, bigint>>();
  for (const f of frames) byAddr.set(f.addr, new Map(f.entries));
  for (const w of writes) {
    let entries = byAddr.get(w.frame);
    if (!entries) byAddr.set(w.frame, (entries = new Map<number, bigint>()));
    if (w.value === 0n) entries.delete(w.index);
    else entries.set(w.index, w.value);
  }
  const out: ScenarioFrame[] = [];
  for (const [addr, entries] of [...byAddr].sort((a, b) => a[0] - b[0])) {
    if (entries.size === 0) continue;
    out.push({
      addr: addr as ScenarioFrame["addr"],
      entries: [...entries].sort((a, b) => a[0] - b[0]),
    });
  }
  return out;
}

/** The entry writes that turn `before` into `after` (frame, then index order; zero for a removed entry). */
export function lessonWritesBetween(
  before: readonly ScenarioFrame[],
  after: readonly ScenarioFrame[],
): LessonWrite[] {
  const old = new Map<number, ReadonlyMap<number, bigint>>(before.map((f) => [f.addr, new Map(f.entries)]));
  const now = new Map<number, ReadonlyMap<number, bigint>>(after.map((f) => [f.addr, new Map(f.entries)]));
  const addrs = [...new Set([...old.keys(), ...now.keys()])].sort((a, b) => a - b);
  const writes: LessonWrite[] = [];
  const none = new Map<number, bigint>();
  for (const frame of addrs) {
    const a = old.get(frame) ?? none;
    const b = now.get(frame) ?? none;
    const indices = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
    for (const index of indices) {
      const value = b.get(index) ?? 0n;
      if ((a.get(index) ?? 0n) !== value) writes.push({ frame, index, value });
    }
  }
  return writes;
}

/** The registers of `regs` that differ from `base` (absent when none do). */
export function registerOverrides(regs: Registers, base: Registers): RegisterOverrides | undefined {
  const out: { -readonly [K in keyof Registers]?: number } = {};
  for (const name of REGISTER_NAMES) if (regs[name] !== base[name]) out[name] = regs[name];
  return Object.keys(out).length ? out : undefined;
}

/**
 * The scenario as step `k` (1-based) of its lesson shows it: the starting machine with the writes
 * of steps 1…k, the step's registers, and its view. The allocator leaves out frames a write turned
 * into tables, so a Map in that step never hands out (and zeroes) a table the lesson built.
 * `base` must hold a lesson with at least `k` steps.
 */
export function lessonScenarioAt(base: ScenarioState, k: number): ScenarioState {
  const steps = base.lesson?.steps ?? [];
  if (!(Number.isInteger(k) && k >= 1 && k <= steps.length))
    throw new RangeError(`lesson step ${k} is not 1–${steps.length}`);
  let va = base.va;
  let access = base.access;
  const writes: LessonWrite[] = [];
  for (const s of steps.slice(0, k)) {
    if (s.va !== undefined) va = s.va;
    if (s.access !== undefined) access = s.access;
    if (s.writes) writes.push(...s.writes);
  }
  const step = steps[k - 1] as LessonStep;
  const { step: _stepperStep, ...rest } = base;
  return allocatorWithoutLiveTables({
    ...rest,
    registers: bookmarkRegisters(base.registers, step.registers),
    frames: applyLessonWrites(base.frames, writes),
    va,
    access,
    selection: step.selection ?? null,
    ...(step.step === undefined ? {} : { step: step.step }),
    lessonStep: k,
  });
}

/**
 * Where a scenario with a lesson opens: at its saved `lessonStep` with its saved view (a link
 * restores exactly what was shared), else at step 1 as the step sets it.
 */
export function lessonOpening(state: ScenarioState): ScenarioState {
  if (state.lessonStep === undefined) return lessonScenarioAt(state, 1);
  const shown = lessonScenarioAt(state, state.lessonStep);
  const { step: _stepperStep, ...rest } = shown;
  return {
    ...rest,
    va: state.va,
    access: state.access,
    selection: state.selection,
    ...(state.step === undefined ? {} : { step: state.step }),
  };
}
