/**
 * `pagewalk exercise`: a worksheet of seeded exercises (and its answer key), as text, Markdown,
 * JSON (each item with its scenario, for `pagewalk translate --scenario`), Moodle XML or GIFT.
 * The same family, seed and difficulty give the same exercise here and in the browser.
 */
import {
  DIFFICULTIES,
  FAMILIES,
  FAMILY_NAMES,
  MAX_SEED,
  WORKSHEET_FORMATS,
  generateExercise,
  gift,
  isDifficulty,
  isFamilyName,
  jsonWorksheet,
  markdownWorksheet,
  moodleXml,
  seedAt,
  textWorksheet,
  type Exercise,
  type WorksheetFormat,
} from "../core/exercise";
import { parseArgs, UsageError } from "./args";
import type { CliIO } from "./io";

/** Most exercises one run prints (a worksheet, a question bank; not a stress test). */
export const MAX_COUNT = 10_000;

export const EXERCISE_HELP = `Usage: pagewalk exercise --family NAME --seed N [--count K] [--difficulty easy|normal|hard]
                         [--format text|markdown|json|moodle-xml|gift] [--answers]

Prints a worksheet of K seeded exercises of one family (seeds N, N+1, …): the same family, seed
and difficulty always give the same exercise, here and in the browser (#exercise=NAME&seed=N&difficulty=D).
Each exercise states its machine (registers and every non-zero table entry) and its question.

Families:
${FAMILY_NAMES.map((name) => `  ${name.padEnd(14)} ${FAMILIES[name].summary}`).join("\n")}

  --family NAME      one of the families above (required)
  --seed N           decimal, 0-${MAX_SEED} (required)
  --count K          how many exercises, 1-${MAX_COUNT} [1]
  --difficulty D     easy, normal or hard [normal]
  --format F         text, markdown, json, moodle-xml or gift [text]
  --answers          add the answer key (text, markdown) or the answers (json); Moodle XML and
                     GIFT always carry them, since Moodle grades with them. fix-tables and
                     build-mapping accept any answer that walks right: their key gives one, and
                     Moodle gets them as essays to grade by hand.
JSON: an array of {"id", "family", "seed", "difficulty", "title", "question", "va", "access",
"fields", ["given"], ["answers", "checkedByWalking"], "scenario"}; "scenario" is a scenario file
(see FORMAT.md): save it and run "pagewalk translate --scenario FILE VA" to check an answer.`;

function decimal(name: string, text: string, max: number, min = 0): number {
  if (!/^[0-9]+$/.test(text.trim()))
    throw new UsageError(`--${name} must be a decimal number, got "${text}"`);
  const value = Number(text.trim());
  if (value < min || value > max) throw new UsageError(`--${name} must be ${min}-${max}, got ${text.trim()}`);
  return value;
}

export function exerciseCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs("exercise", argv, {
    values: ["family", "seed", "count", "difficulty", "format"],
    flags: ["answers"],
  });
  if (args.flags.has("help")) {
    io.stdout(EXERCISE_HELP + "\n");
    return 0;
  }
  if (args.positionals.length > 0)
    throw new UsageError(`unexpected argument "${args.positionals[0]}" (exercise takes only options)`);
  const family = args.values.get("family");
  if (family === undefined) throw new UsageError(`--family is required (one of: ${FAMILY_NAMES.join(", ")})`);
  if (!isFamilyName(family))
    throw new UsageError(`unknown family "${family}" (families: ${FAMILY_NAMES.join(", ")})`);
  const seedText = args.values.get("seed");
  if (seedText === undefined) throw new UsageError("--seed is required (a decimal number, e.g. --seed 42)");
  const seed = decimal("seed", seedText, MAX_SEED);
  const count = decimal("count", args.values.get("count") ?? "1", MAX_COUNT, 1);
  const difficulty = args.values.get("difficulty") ?? "normal";
  if (!isDifficulty(difficulty))
    throw new UsageError(`unknown difficulty "${difficulty}" (one of: ${DIFFICULTIES.join(", ")})`);
  const format = (args.values.get("format") ?? "text") as WorksheetFormat;
  if (!(WORKSHEET_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`unknown format "${format}" (one of: ${WORKSHEET_FORMATS.join(", ")})`);
  const exercises: Exercise[] = [];
  for (let k = 0; k < count; k++) exercises.push(generateExercise(family, seedAt(seed, k), difficulty));
  const answers = args.flags.has("answers");
  io.stdout(render(exercises, format, answers));
  return 0;
}

function render(exercises: readonly Exercise[], format: WorksheetFormat, answers: boolean): string {
  switch (format) {
    case "text":
      return textWorksheet(exercises, answers);
    case "markdown":
      return markdownWorksheet(exercises, answers);
    case "json":
      return jsonWorksheet(exercises, answers);
    case "moodle-xml":
      return moodleXml(exercises);
    case "gift":
      return gift(exercises);
  }
}
