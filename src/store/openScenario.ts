/**
 * What the open scenario says about itself, beside the machine it describes: its text parts (title,
 * description, labels, bookmarks, processes), the registers its bookmarks are relative to, and
 * where it came from. The store keeps it in every undo step together with the machine, so undo
 * brings back a machine with the text that went with it.
 */
import type { Registers } from "../core/arch";
import { err, ok, type Result } from "../core/common";
import { LIMITS, textProblem, type ScenarioMeta, type ScenarioState } from "../core/scenario";

/** Where the open scenario came from; "authored" when its text was written in the page. */
export type ScenarioSource = "example" | "link" | "file" | "dump" | "authored";

export interface OpenScenario extends ScenarioMeta {
  /** The scenario's own registers: a bookmark walks under these plus its overrides. */
  readonly registers: Registers;
  /** Where it came from, for messages and for the browser history entry of a shared link. */
  readonly source: ScenarioSource;
  /**
   * With a lesson: the scenario the lesson starts from (its machine; its lesson and text are those
   * above) and the step shown, 1-based (lessonState.ts).
   */
  readonly lessonRun?: LessonRun;
  /** The access trace the scenario opened with: Undo back to this scenario puts it back in the box. */
  readonly openedTrace?: string;
}

export interface LessonRun {
  readonly base: ScenarioState;
  readonly at: number;
}

/** The text parts and registers of a (validated) scenario that is being opened. */
export function openScenarioOf(state: ScenarioState, source: ScenarioSource): OpenScenario {
  return {
    ...(state.title === undefined ? {} : { title: state.title }),
    ...(state.description === undefined ? {} : { description: state.description }),
    labels: state.labels,
    bookmarks: state.bookmarks,
    processes: state.processes,
    ...(state.lesson === undefined ? {} : { lesson: state.lesson }),
    ...(state.trace === undefined ? {} : { openedTrace: state.trace }),
    registers: state.registers,
    source,
  };
}

/**
 * An empty scenario to write text into when none is open (the page's first machine): its bookmarks
 * would walk under `registers`, the machine's registers when the first text was written.
 */
export function authoredScenario(registers: Registers): OpenScenario {
  return { labels: [], bookmarks: [], processes: [], registers, source: "authored" };
}

export type TextField = "title" | "description";

const TEXT_LIMITS: Record<TextField, number> = {
  title: LIMITS.titleLength,
  description: LIMITS.descriptionLength,
};

/**
 * The scenario with its title or description set to `text` (blank text removes it), the same
 * object when that changes nothing, or why the text cannot be saved: what a file or a link would
 * refuse (too long, not valid Unicode) is refused here, so an edited scenario can always be shared.
 */
export function withText(scenario: OpenScenario, field: TextField, text: string): Result<OpenScenario> {
  const max = TEXT_LIMITS[field];
  const problem = textProblem(text, max);
  if (problem) return err(problem.kind, `The ${field} ${problem.reason}.`);
  const value = text.trim() === "" ? undefined : text;
  if (scenario[field] === value) return ok(scenario);
  const { [field]: _old, ...rest } = scenario;
  return ok(value === undefined ? rest : { ...rest, [field]: value });
}
