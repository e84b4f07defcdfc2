/**
 * Seeded exercises checked by the engine (issue 13 §3): seven families, each generating its
 * machine with the core from a seed and checking answers by walking, with feedback that names
 * the level, field or bits that are wrong; worksheets (text, Markdown, JSON, Moodle XML, GIFT);
 * problem sets and their links.
 */
export {
  DIFFICULTIES,
  FAMILY_NAMES,
  type AnswerField,
  type Answers,
  type Difficulty,
  type Exercise,
  type ExerciseCheck,
  type FamilyName,
} from "./exercise-types";
export {
  FAMILIES,
  MAX_SEED,
  checkExercise,
  generateExercise,
  isDifficulty,
  isFamilyName,
  seedAt,
} from "./families";
export { Prng } from "./prng";
export {
  WORKSHEET_FORMATS,
  checkedByWalking,
  exerciseId,
  exerciseJson,
  jsonWorksheet,
  markdownWorksheet,
  textWorksheet,
  type WorksheetFormat,
} from "./worksheet";
export { moodleXml } from "./moodle-xml";
export { gift, giftEscape } from "./gift";
export {
  MAX_SET_COUNT,
  instanceFragment,
  isExerciseFragment,
  parseExerciseFragment,
  setFragment,
  setItem,
  setKey,
  type ExerciseRef,
  type ExerciseRoute,
  type ProblemSet,
} from "./exercise-links";
