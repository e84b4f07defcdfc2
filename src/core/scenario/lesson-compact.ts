/**
 * The lesson section of a share link's compact form (second flags byte, bit 2; after the frames; FORMAT.md): the
 * step shown, then, unless the text came from a preset (whose lesson the preset id names), the
 * steps themselves. Read with the same distrust as the rest: counts are checked against the bytes
 * left before anything is allocated, and the result still goes through `checkScenario`.
 */
import type { VirtAddr } from "../arch";
import {
  accessCode,
  readRegisterMask,
  readSelection,
  Truncated,
  writeRegisterMask,
  writeSelection,
  type Reader,
  type Writer,
} from "./compact";
import { LESSON_LIMITS, type Lesson, type LessonStep, type LessonWrite } from "./lesson";
import { LIMITS, type ScenarioState } from "./scenario-state";

const HAS_VA = 1;
const HAS_ACCESS = 2;
const HAS_STEPPER = 4;
const HAS_SELECTION = 8;
const HAS_REGISTERS = 16;
const HAS_WRITES = 32;
const KNOWN = 63;

export function writeLessonSection(w: Writer, state: ScenarioState, lessonFromPreset: boolean): void {
  w.uint(state.lessonStep ?? 0);
  if (lessonFromPreset || !state.lesson) return;
  w.uint(state.lesson.steps.length);
  for (const s of state.lesson.steps) {
    w.text(s.text);
    let mask = 0;
    if (s.va !== undefined) mask |= HAS_VA;
    if (s.access !== undefined) mask |= HAS_ACCESS;
    if (s.step !== undefined) mask |= HAS_STEPPER;
    if (s.selection !== undefined) mask |= HAS_SELECTION;
    if (s.registers !== undefined) mask |= HAS_REGISTERS;
    if (s.writes !== undefined) mask |= HAS_WRITES;
    w.byte(mask);
    if (s.va !== undefined) w.big(s.va);
    if (s.access !== undefined) w.byte(accessCode(s.access));
    if (s.step !== undefined) w.uint(s.step);
    if (s.selection !== undefined) writeSelection(w, s.selection);
    if (s.registers !== undefined) writeRegisterMask(w, s.registers, {});
    if (s.writes !== undefined) {
      w.uint(s.writes.length);
      for (const x of s.writes) {
        w.uint(x.frame / 4096);
        w.uint(x.index);
        w.big(x.value);
      }
    }
  }
}

/**
 * Reads the section: `presetLesson` is the lesson the preset id named (then only the step shown
 * follows), or null when the steps follow.
 */
export function readLessonSection(
  r: Reader,
  presetLesson: Lesson | null | undefined,
): Pick<ScenarioState, "lesson" | "lessonStep"> {
  const at = r.uint();
  if (at > LESSON_LIMITS.steps) throw new Truncated(`lesson step ${at} is out of range`);
  const position = at === 0 ? {} : { lessonStep: at };
  if (presetLesson !== null) return position;
  const count = r.count(LESSON_LIMITS.steps, 2, "lesson steps");
  const steps: LessonStep[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const text = r.text(LESSON_LIMITS.textLength, "lesson text");
    const mask = r.byte();
    if (mask & ~KNOWN) throw new Truncated(`lesson step ${i + 1} is malformed`);
    const step: { -readonly [K in keyof LessonStep]: LessonStep[K] } = { text };
    if (mask & HAS_VA) step.va = r.big() as VirtAddr;
    if (mask & HAS_ACCESS) step.access = r.access();
    if (mask & HAS_STEPPER) {
      const n = r.uint();
      if (n < 1 || n > LIMITS.maxStep)
        throw new Truncated(`lesson step ${i + 1}'s walk step ${n} is out of range`);
      step.step = n;
    }
    if (mask & HAS_SELECTION)
      step.selection = readSelection(r, (level) => `lesson step ${i + 1} selects level ${level}`);
    if (mask & HAS_REGISTERS) step.registers = readRegisterMask(r);
    if (mask & HAS_WRITES) {
      const n = r.count(LESSON_LIMITS.writesPerStep, 3, "entry writes");
      total += n;
      if (total > LESSON_LIMITS.writes) throw new Truncated("too many entry writes in the lesson");
      const writes: LessonWrite[] = [];
      for (let k = 0; k < n; k++) writes.push({ frame: r.uint() * 4096, index: r.uint(), value: r.big() });
      step.writes = writes;
    }
    steps.push(step);
  }
  return { lesson: { steps }, ...position };
}
