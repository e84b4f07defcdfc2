/**
 * Exercise links, in the URL fragment like share links (no server): one exercise
 * (`#exercise=translate&seed=42&difficulty=normal`, "link to this instance") or a problem set
 * (`#set=translate,split-va&count=5&seed=42&difficulty=easy`, item k being family k mod n with
 * seed + k; `&at=k` remembers the item open). Reading a link never throws: a broken one gets a
 * message naming the part that is wrong.
 */
import { err, ok, type Result } from "../common";
import { DIFFICULTIES, FAMILY_NAMES, type Difficulty, type FamilyName } from "./exercise-types";
import { MAX_SEED, isDifficulty, isFamilyName, seedAt } from "./families";

/** Most exercises in one problem set. */
export const MAX_SET_COUNT = 100;

export interface ExerciseRef {
  readonly family: FamilyName;
  readonly seed: number;
  readonly difficulty: Difficulty;
}

export interface ProblemSet {
  readonly families: readonly FamilyName[];
  readonly count: number;
  readonly seed: number;
  readonly difficulty: Difficulty;
}

export type ExerciseRoute =
  | ({ readonly kind: "instance" } & ExerciseRef)
  | ({ readonly kind: "set"; readonly at: number } & ProblemSet);

/** Whether a fragment is an exercise link at all (then the scenario links leave it alone). */
export function isExerciseFragment(hash: string): boolean {
  return /^#(exercise|set)=/.test(hash);
}

export function instanceFragment(ref: ExerciseRef): string {
  return `#exercise=${ref.family}&seed=${ref.seed}&difficulty=${ref.difficulty}`;
}

export function setFragment(set: ProblemSet, at = 0): string {
  return `#set=${set.families.join(",")}&count=${set.count}&seed=${set.seed}&difficulty=${set.difficulty}${at > 0 ? `&at=${at}` : ""}`;
}

/** Names a problem set for stored progress: the set without the item that is open. */
export const setKey = (set: ProblemSet): string => setFragment(set).slice(1);

/** Item `k` of a problem set. */
export function setItem(set: ProblemSet, k: number): ExerciseRef {
  return {
    family: set.families[k % set.families.length] as FamilyName,
    seed: seedAt(set.seed, k),
    difficulty: set.difficulty,
  };
}

function integer(
  params: URLSearchParams,
  name: string,
  min: number,
  max: number,
  fallback?: number,
): Result<number> {
  const text = params.get(name);
  if (text === null)
    return fallback === undefined ? err("missing", `The link has no ${name}.`) : ok(fallback);
  if (!/^[0-9]{1,10}$/.test(text) || Number(text) < min || Number(text) > max)
    return err("bad-number", `The link's ${name} "${text}" is not a number from ${min} to ${max}.`);
  return ok(Number(text));
}

function difficultyOf(params: URLSearchParams): Result<Difficulty> {
  const text = params.get("difficulty") ?? "normal";
  return isDifficulty(text)
    ? ok(text)
    : err("bad-difficulty", `The link's difficulty "${text}" is not one of ${DIFFICULTIES.join(", ")}.`);
}

/** The exercise or problem set a fragment names, or why it cannot be read; null for other fragments. */
export function parseExerciseFragment(hash: string): Result<ExerciseRoute> | null {
  if (!isExerciseFragment(hash)) return null;
  const params = new URLSearchParams(hash.slice(1));
  const seed = integer(params, "seed", 0, MAX_SEED);
  if (!seed.ok) return seed;
  const difficulty = difficultyOf(params);
  if (!difficulty.ok) return difficulty;
  const family = params.get("exercise");
  if (family !== null) {
    if (!isFamilyName(family))
      return err("bad-family", `The link's family "${family}" is not one of ${FAMILY_NAMES.join(", ")}.`);
    return ok({ kind: "instance", family, seed: seed.value, difficulty: difficulty.value });
  }
  const names = (params.get("set") ?? "").split(",").filter((n) => n !== "");
  const unknown = names.find((n) => !isFamilyName(n));
  if (unknown !== undefined)
    return err("bad-family", `The link's family "${unknown}" is not one of ${FAMILY_NAMES.join(", ")}.`);
  if (names.length === 0) return err("no-family", "The problem-set link names no family.");
  const count = integer(params, "count", 1, MAX_SET_COUNT, names.length);
  if (!count.ok) return count;
  const at = integer(params, "at", 0, count.value - 1, 0);
  if (!at.ok) return at;
  return ok({
    kind: "set",
    families: names as FamilyName[],
    count: count.value,
    seed: seed.value,
    difficulty: difficulty.value,
    at: at.value,
  });
}
