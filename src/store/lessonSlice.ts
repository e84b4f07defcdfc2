/**
 * Lessons in the store: moving through the open scenario's lesson (Next / Back, one undoable step
 * each, since each may change the machine) and authoring one from the page ("Add step from current
 * state", edit a step's text, delete a step).
 *
 * The open scenario keeps the machine the lesson starts from (`meta.lessonRun.base`), so step k is
 * always rebuilt from it by the core (`lessonScenarioAt`): Back undoes a step's entry writes, and
 * the learner's own edits inside a step are theirs until they move on. A recorded step's writes
 * are the entries that differ between the shown step's machine and the current one.
 */
import { err, ok, type Result } from "../core/common";
import {
  LESSON_LIMITS,
  lessonOpening,
  lessonScenarioAt,
  lessonWritesBetween,
  machineFromScenario,
  registerOverrides,
  scenarioFromMachine,
  textProblem,
  type LessonStep,
  type ScenarioState,
} from "../core/scenario";
import { authoredScenario, type OpenScenario } from "./openScenario";
import { selectionOfScenario, type SliceContext } from "./scenarioSlice";
import type { PagewalkState } from "./store";

export interface LessonActions {
  /** Shows step `k` (1-based) of the open lesson: its machine and view. */
  lessonGo: (k: number) => void;
  lessonNext: () => void;
  lessonBack: () => void;
  /**
   * Records the page as a new step after the one shown (the first step of a new lesson when there
   * is none): `text`, the VA, the access, the stepper's step, a pinned entry, the registers that
   * differ from the scenario's, and the entries changed since the step shown.
   */
  addLessonStep: (text: string) => Result<void>;
  setLessonStepText: (k: number, text: string) => Result<void>;
  /** Deletes step `k`; deleting the only step removes the lesson (the machine stays as it is). */
  deleteLessonStep: (k: number) => void;
}

/** What a scenario with a lesson opens as: the step's scenario, and the open text with the run. */
export function openedLesson(
  state: ScenarioState,
  meta: OpenScenario,
): { readonly shown: ScenarioState; readonly meta: OpenScenario } {
  if (!state.lesson) return { shown: state, meta };
  const shown = lessonOpening(state);
  return { shown, meta: { ...meta, lessonRun: { base: state, at: shown.lessonStep ?? 1 } } };
}

/** The scenario of step `k` of the open lesson, or null when there is no such step. */
function stepScenario(meta: OpenScenario | null, k: number): ScenarioState | null {
  if (!meta?.lesson || !meta.lessonRun) return null;
  if (!(Number.isInteger(k) && k >= 1 && k <= meta.lesson.steps.length)) return null;
  return lessonScenarioAt({ ...meta.lessonRun.base, lesson: meta.lesson }, k);
}

function checkStepText(text: string): Result<void> {
  const problem = textProblem(text, LESSON_LIMITS.textLength);
  if (problem) return err(problem.kind, `The step's text ${problem.reason}.`);
  if (text.trim() === "") return err("empty", "Write what the learner should see at this step.");
  return ok(undefined);
}

/** The current machine and view as a plain scenario (no text, no lesson). */
function currentMachineScenario(state: PagewalkState): ScenarioState {
  const s = state.selection;
  return scenarioFromMachine(state.machine, {
    va: s.va,
    access: s.access,
    selection: s.table ? { table: s.table, entryIndex: s.entryIndex } : null,
    ...(s.step === null ? {} : { step: s.step }),
  });
}

export function createLessonActions({
  get,
  step,
  refuseEdit,
}: Pick<SliceContext, "get" | "step" | "refuseEdit">): LessonActions {
  const go = (k: number): void => {
    const { meta } = get();
    const shown = stepScenario(meta, k);
    if (!shown || !meta?.lessonRun) return;
    const machine = machineFromScenario(shown);
    step(
      { machine, meta: { ...meta, lessonRun: { ...meta.lessonRun, at: k } } },
      // The step's own entry (if it names one) is restored as a link restores it.
      { selection: selectionOfScenario(shown, "link", machine) },
      // Moving through a lesson is reading: a read-only embed allows it.
      { evenReadOnly: true },
    );
  };

  const editLesson = (change: (meta: OpenScenario, steps: readonly LessonStep[]) => OpenScenario): void => {
    const { machine, meta, readOnly } = get();
    if (readOnly) return void refuseEdit();
    if (!meta?.lesson) return;
    step({ machine, meta: change(meta, meta.lesson.steps) });
  };

  return {
    lessonGo: go,
    lessonNext: () => go((get().meta?.lessonRun?.at ?? 0) + 1),
    lessonBack: () => go((get().meta?.lessonRun?.at ?? 2) - 1),

    addLessonStep: (text) => {
      const state = get();
      if (state.readOnly) return refuseEdit();
      const checked = checkStepText(text);
      if (!checked.ok) return checked;
      const meta = state.meta ?? authoredScenario(state.machine.regs);
      const now = currentMachineScenario(state);
      const sel = state.selection;
      const view: LessonStep = {
        text,
        va: sel.va,
        access: sel.access,
        ...(sel.step === null ? {} : { step: sel.step }),
        // An entry the author chose stays chosen; otherwise the step follows the walk.
        ...(sel.pinned && sel.table ? { selection: { table: sel.table, entryIndex: sel.entryIndex } } : {}),
      };
      // Registers are a step's own (like a bookmark's): those that differ from the scenario's.
      const registers = registerOverrides(
        state.machine.regs,
        meta.lessonRun?.base.registers ?? meta.registers,
      );
      const withRegisters: LessonStep = { ...view, ...(registers ? { registers } : {}) };
      if (!meta.lesson || !meta.lessonRun) {
        // A new lesson starts from the machine as it is now, under the scenario's registers.
        const base: ScenarioState = { ...now, registers: meta.registers };
        step({
          machine: state.machine,
          meta: { ...meta, lesson: { steps: [withRegisters] }, lessonRun: { base, at: 1 } },
        });
        return ok(undefined);
      }
      if (meta.lesson.steps.length >= LESSON_LIMITS.steps)
        return err("too-many", `A lesson has at most ${LESSON_LIMITS.steps} steps.`);
      const run = meta.lessonRun;
      const shown = stepScenario(meta, run.at) as ScenarioState;
      const writes = lessonWritesBetween(shown.frames, now.frames);
      if (writes.length > LESSON_LIMITS.writesPerStep)
        return err(
          "too-many",
          `This step would change ${writes.length} entries; a step may change at most ${LESSON_LIMITS.writesPerStep}.`,
        );
      const added: LessonStep = { ...withRegisters, ...(writes.length ? { writes } : {}) };
      const steps = [...meta.lesson.steps];
      steps.splice(run.at, 0, added);
      step({
        machine: state.machine,
        meta: { ...meta, lesson: { steps }, lessonRun: { ...run, at: run.at + 1 } },
      });
      return ok(undefined);
    },

    setLessonStepText: (k, text) => {
      const checked = checkStepText(text);
      if (!checked.ok) return checked;
      editLesson((meta, steps) =>
        steps[k - 1] === undefined || steps[k - 1]?.text === text
          ? meta
          : { ...meta, lesson: { steps: steps.map((s, i) => (i === k - 1 ? { ...s, text } : s)) } },
      );
      return ok(undefined);
    },

    deleteLessonStep: (k) => {
      const { meta, readOnly } = get();
      if (readOnly) return void refuseEdit();
      if (!meta?.lesson || !meta.lessonRun || meta.lesson.steps[k - 1] === undefined) return;
      const steps = meta.lesson.steps;
      if (steps.length === 1) {
        const { lesson: _lesson, lessonRun: _run, ...rest } = meta;
        return step({ machine: get().machine, meta: rest });
      }
      const at = meta.lessonRun.at;
      const remaining = steps.filter((_, i) => i !== k - 1);
      // The step shown stays shown (one place earlier when an earlier step goes); when it is the one
      // deleted, the step now in its place is. A later step's deletion changes nothing shown.
      const shownAt = k < at ? at - 1 : Math.min(at, remaining.length);
      const next: OpenScenario = {
        ...meta,
        lesson: { steps: remaining },
        lessonRun: { ...meta.lessonRun, at: shownAt },
      };
      if (k > at) return step({ machine: get().machine, meta: next });
      // A deleted step at or before the one shown took its writes with it: the machine is rebuilt.
      const shown = stepScenario(next, shownAt);
      if (!shown) return;
      const machine = machineFromScenario(shown);
      step({ machine, meta: next }, { selection: selectionOfScenario(shown, "link", machine) });
    },
  };
}
