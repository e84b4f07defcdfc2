/**
 * What an exercise is, for every family: a question about one machine (a scenario, so every view
 * and `pagewalk translate --scenario` can inspect it), the answer form's fields, the stated answer
 * in the form's own words, and the machine to show as the solution. Plain data: the same seed
 * gives an equal value in Node and in the browser.
 */
import type { ScenarioState } from "../scenario";
import type { Prng } from "./prng";

export const DIFFICULTIES = ["easy", "normal", "hard"] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** The families' names, as the CLI's `--family` and the links spell them. */
export const FAMILY_NAMES = [
  "split-va",
  "translate",
  "error-code",
  "fault-entry",
  "fix-tables",
  "build-mapping",
  "predict-ad",
] as const;
export type FamilyName = (typeof FAMILY_NAMES)[number];

/** One field of the answer form. `choices`: a closed list (a select); otherwise free text. */
export interface AnswerField {
  readonly name: string;
  readonly label: string;
  /** How to write the answer ("hex, e.g. 0x1000"); shown beside the field and on worksheets. */
  readonly hint: string;
  readonly choices?: readonly string[];
  /** How Moodle can grade it: a decimal number, a short text, or not at all (checked by walking). */
  readonly grading: "numeric" | "short" | "manual";
}

/** The answer as typed: field name → text. */
export type Answers = Readonly<Record<string, string>>;

export interface Exercise {
  readonly family: FamilyName;
  readonly seed: number;
  readonly difficulty: Difficulty;
  /** "Translate a virtual address" */
  readonly title: string;
  /** The question, plain text (no markup), naming the VA, the access and what to give. */
  readonly question: string;
  /** The machine the question is about; its `va` and `access` are the walk asked about. */
  readonly scenario: ScenarioState;
  readonly fields: readonly AnswerField[];
  /** Facts of the question a checker needs besides the machine (e.g. the PA to map), as text. */
  readonly given: Readonly<Record<string, string>>;
  /** One right answer (for families checked by walking, any other right answer is accepted too). */
  readonly answer: Answers;
  /** The machine to open for "Show solution" (the answer applied, where it changes the tables), walked at its `va`. */
  readonly solution: ScenarioState;
}

export interface ExerciseCheck {
  readonly correct: boolean;
  /** What is wrong, naming the level, field or bits; empty when correct. */
  readonly feedback: readonly string[];
}

/** One family: how to make an exercise from a random stream, and how to check an answer to it. */
export interface Family {
  readonly name: FamilyName;
  readonly title: string;
  /** One sentence for the CLI's help and the problem-set builder. */
  readonly summary: string;
  generate(rng: Prng, difficulty: Difficulty): Omit<Exercise, "family" | "seed" | "difficulty">;
  check(exercise: Exercise, answers: Answers): ExerciseCheck;
}
