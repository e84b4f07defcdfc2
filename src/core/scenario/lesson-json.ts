/**
 * A lesson in the scenario's JSON (FORMAT.md, "Lessons"): reading `lesson` and `lessonStep` with
 * the same field-path messages as the rest of the document, writing them back, and the checks
 * that hold however the lesson was written down (also run on states decoded from links).
 */
import { kindOfAccess, type VirtAddr } from "../arch";
import { LESSON_LIMITS, type Lesson, type LessonStep, type LessonWrite } from "./lesson";
import { hex, type ScenarioState } from "./scenario-state";
import { registersDocument, selectionDocument } from "./serialize";
import {
  accessName,
  array,
  checkOverrides,
  checkSelection,
  checkText,
  checkU64,
  fail,
  hexNumber,
  hexU64,
  onlyKeys,
  record,
  registersFrom,
  selectionFrom,
  stepFrom,
  text,
} from "./validate";

const STEP_KEYS = ["text", "va", "access", "step", "selection", "registers", "writes"];

/** The `lesson` and `lessonStep` fields of a document (absent when the document has none). */
export function lessonFieldsFrom(doc: Record<string, unknown>): Pick<ScenarioState, "lesson" | "lessonStep"> {
  const out: { lesson?: Lesson; lessonStep?: number } = {};
  if (doc.lesson !== undefined) out.lesson = lessonFrom(doc.lesson);
  if (doc.lessonStep !== undefined) {
    const k = doc.lessonStep;
    if (typeof k !== "number" || !Number.isInteger(k) || k < 1)
      fail("lessonStep", "must be a whole number from 1 (the lesson's first step)");
    out.lessonStep = k;
  }
  return out;
}

function lessonFrom(v: unknown): Lesson {
  const obj = record(v, "lesson");
  onlyKeys(obj, "lesson", ["steps"]);
  const steps = array(obj.steps, "lesson.steps", LESSON_LIMITS.steps);
  return { steps: steps.map((s, i) => lessonStepFrom(s, `lesson.steps[${i}]`)) };
}

function lessonStepFrom(v: unknown, path: string): LessonStep {
  const obj = record(v, path);
  onlyKeys(obj, path, STEP_KEYS);
  const step: { -readonly [K in keyof LessonStep]: LessonStep[K] } = {
    text: text(obj.text, `${path}.text`, LESSON_LIMITS.textLength),
  };
  if (obj.va !== undefined) step.va = hexU64(obj.va, `${path}.va`) as VirtAddr;
  if (obj.access !== undefined) step.access = accessName(obj.access, `${path}.access`);
  if (obj.step !== undefined) step.step = stepFrom(obj.step);
  if (obj.selection !== undefined) step.selection = selectionFrom(obj.selection, `${path}.selection`);
  if (obj.registers !== undefined) step.registers = registersFrom(obj.registers, `${path}.registers`, true);
  if (obj.writes !== undefined) {
    step.writes = array(obj.writes, `${path}.writes`, LESSON_LIMITS.writesPerStep).map((w, i) =>
      writeFrom(w, `${path}.writes[${i}]`),
    );
  }
  return step;
}

function writeFrom(v: unknown, path: string): LessonWrite {
  const obj = record(v, path);
  onlyKeys(obj, path, ["frame", "entry", "value"]);
  if (typeof obj.entry !== "number" || !Number.isInteger(obj.entry))
    fail(`${path}.entry`, "must be an entry index 0–511");
  return {
    frame: hexNumber(obj.frame, `${path}.frame`, 52),
    index: obj.entry,
    value: hexU64(obj.value, `${path}.value`),
  };
}

/** The lesson's JSON fields (nothing when the state has no lesson). */
export function lessonDocument(state: ScenarioState): Record<string, unknown> {
  if (!state.lesson) return {};
  const steps = state.lesson.steps.map((s) => {
    const out: Record<string, unknown> = { text: s.text };
    if (s.va !== undefined) out.va = hex(s.va);
    if (s.access !== undefined) out.access = kindOfAccess(s.access);
    if (s.step !== undefined) out.step = s.step;
    if (s.selection !== undefined) out.selection = selectionDocument(s.selection);
    if (s.registers !== undefined) out.registers = registersDocument(s.registers);
    if (s.writes !== undefined)
      out.writes = s.writes.map((w) => ({ frame: hex(w.frame), entry: w.index, value: hex(w.value) }));
    return out;
  });
  return {
    lesson: { steps },
    ...(state.lessonStep === undefined ? {} : { lessonStep: state.lessonStep }),
  };
}

/**
 * The lesson's checks beyond syntax: 1–256 steps, text lengths, writes inside RAM (at most 4,096
 * per step and 16,384 in all), registers a CPU accepts on top of the scenario's, a stepper step
 * 1–64, and `lessonStep` naming one of the steps.
 */
export function checkLessonState(s: ScenarioState): void {
  if (s.lesson === undefined) {
    if (s.lessonStep !== undefined) fail("lessonStep", "is given but the scenario has no lesson");
    return;
  }
  const steps = s.lesson.steps;
  if (steps.length === 0) fail("lesson.steps", "must hold at least one step");
  if (steps.length > LESSON_LIMITS.steps)
    fail("lesson.steps", `has ${steps.length} steps; at most ${LESSON_LIMITS.steps} are allowed`);
  if (s.lessonStep !== undefined && !(Number.isInteger(s.lessonStep) && s.lessonStep <= steps.length))
    fail("lessonStep", `${s.lessonStep} is not a step of the lesson (1–${steps.length})`);
  let total = 0;
  steps.forEach((step, i) => {
    const path = `lesson.steps[${i}]`;
    checkText(step.text, `${path}.text`, LESSON_LIMITS.textLength);
    if (step.va !== undefined) checkU64(step.va, `${path}.va`);
    if (step.step !== undefined) stepFrom(step.step);
    if (step.selection !== undefined) checkSelection(step.selection, `${path}.selection`);
    if (step.registers !== undefined) checkOverrides(s.registers, step.registers, `${path}.registers`);
    const writes = step.writes ?? [];
    if (writes.length > LESSON_LIMITS.writesPerStep)
      fail(
        `${path}.writes`,
        `has ${writes.length} writes; at most ${LESSON_LIMITS.writesPerStep} are allowed`,
      );
    total += writes.length;
    if (total > LESSON_LIMITS.writes)
      fail("lesson", `more than ${LESSON_LIMITS.writes} entry writes in all its steps`);
    writes.forEach((w, j) => {
      const wp = `${path}.writes[${j}]`;
      if (!Number.isSafeInteger(w.frame) || w.frame < 0 || w.frame % 4096 !== 0)
        fail(`${wp}.frame`, "not 4 KiB aligned");
      if (w.frame >= s.ramBytes) fail(`${wp}.frame`, `outside RAM (RAM ends at ${hex(s.ramBytes)})`);
      if (!(Number.isInteger(w.index) && w.index >= 0 && w.index <= 511))
        fail(`${wp}.entry`, `must be an entry index 0–511, got ${w.index}`);
      if (typeof w.value !== "bigint" || w.value < 0n || w.value >= 1n << 64n)
        fail(`${wp}.value`, "must be a 64-bit value");
    });
  });
}
