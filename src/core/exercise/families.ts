/**
 * The exercise families and the one way to make an exercise: family + seed + difficulty. The
 * random stream is named after the family and difficulty, so every (family, seed, difficulty)
 * triple is its own exercise, the same in the CLI and in the browser.
 */
import { buildMapping } from "./families/build-mapping";
import { errorCode } from "./families/error-code";
import { faultEntry } from "./families/fault-entry";
import { fixTables } from "./families/fix-tables";
import { predictAd } from "./families/predict-ad";
import { splitVa } from "./families/split-va";
import { translate } from "./families/translate";
import {
  DIFFICULTIES,
  FAMILY_NAMES,
  type Answers,
  type Difficulty,
  type Exercise,
  type ExerciseCheck,
  type Family,
  type FamilyName,
} from "./exercise-types";
import { Prng } from "./prng";

export const FAMILIES: Readonly<Record<FamilyName, Family>> = {
  "split-va": splitVa,
  translate,
  "error-code": errorCode,
  "fault-entry": faultEntry,
  "fix-tables": fixTables,
  "build-mapping": buildMapping,
  "predict-ad": predictAd,
};

/** Seeds are 32-bit unsigned integers (what a link and `--seed` carry). */
export const MAX_SEED = 0xffffffff;

export function isFamilyName(name: string): name is FamilyName {
  return (FAMILY_NAMES as readonly string[]).includes(name);
}

export function isDifficulty(name: string): name is Difficulty {
  return (DIFFICULTIES as readonly string[]).includes(name);
}

/** The exercise `seed` of `family` at `difficulty`. Deterministic: no clock, no Math.random. */
export function generateExercise(family: FamilyName, seed: number, difficulty: Difficulty): Exercise {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)
    throw new RangeError(`seed ${seed} is not 0–${MAX_SEED}`);
  const rng = new Prng(seed, `${family}/${difficulty}`);
  return { family, seed, difficulty, ...FAMILIES[family].generate(rng, difficulty) };
}

/** Checks an answer with the exercise's family checker. */
export function checkExercise(exercise: Exercise, answers: Answers): ExerciseCheck {
  return FAMILIES[exercise.family].check(exercise, answers);
}

/** Seed `k` of a run that starts at `seed` (wrapping at 2^32). */
export const seedAt = (seed: number, k: number): number => (seed + k) % (MAX_SEED + 1);
