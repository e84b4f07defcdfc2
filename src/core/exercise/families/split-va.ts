/**
 * Family 1: split a VA into its per-level indices and the page offset (SDM §4.5, Figures 4-8 and
 * 4-9): 9 bits per level from bit 12 up, 12 bits of offset. Easy: a lower-half 4-level address;
 * normal: any canonical 4-level address (upper half too); hard: 5-level paging (CR4.LA57).
 */
import {
  LEVEL_TABLE_NAMES,
  PAGE_4K,
  pagingMode,
  splitIndices,
  type Level,
  type PagingLevels,
} from "../../arch";
import { bitRangeText, indexBits } from "../../teach";
import { ExerciseMachine, randomAccess, randomFrame, randomOffset, randomPageVa } from "../exercise-machine";
import { accessText, parseAnswerNumber, vaText } from "../exercise-text";
import type { AnswerField, Answers, Exercise, ExerciseCheck, Family } from "../exercise-types";

const fieldName = (level: Level): string => LEVEL_TABLE_NAMES[level].toLowerCase();

/** "bits 38:30" */
const indexBitsText = (level: Level): string => bitRangeText(indexBits(level));

function fieldsFor(levels: PagingLevels): AnswerField[] {
  const fields: AnswerField[] = [];
  for (let level = levels as Level; level >= 1; level = (level - 1) as Level) {
    fields.push({
      name: fieldName(level),
      label: `${LEVEL_TABLE_NAMES[level]} index`,
      hint: "decimal, 0–511",
      grading: "numeric",
    });
  }
  fields.push({ name: "offset", label: "Offset", hint: "hex, e.g. 0x5ce", grading: "short" });
  return fields;
}

export const splitVa: Family = {
  name: "split-va",
  title: "Split a virtual address",
  summary: "Cut a VA into its PML4/PDPT/PD/PT (and PML5) indices and the page offset.",
  generate(rng, difficulty) {
    const levels: PagingLevels = difficulty === "hard" ? 5 : 4;
    const machine = new ExerciseMachine(rng, levels);
    const page = randomPageVa(rng, levels, PAGE_4K, difficulty === "easy");
    const va = (page + randomOffset(rng, PAGE_4K)) as typeof page;
    const access = randomAccess(rng);
    machine.map(page, randomFrame(rng, PAGE_4K), PAGE_4K, {
      present: true,
      writable: true,
      user: true,
    });
    const split = splitIndices(va, levels);
    const answer: Record<string, string> = {};
    for (const { level, index } of split.indices) answer[fieldName(level)] = String(index);
    answer.offset = `0x${split.offset.toString(16)}`;
    const title = "Split a virtual address";
    const question =
      `With ${levels}-level paging${levels === 5 ? " (CR4.LA57 = 1)" : ""}, ${accessText(access)} of ` +
      `${vaText(va)} starts a page walk. Which index does the walk use at each level, and what is the offset into the 4 KiB page?`;
    const scenario = machine.scenario({ va: 0n as typeof va, access }, { title, description: question });
    // The same machine, walked at the VA from its first step: no second scan of its frames.
    const solution = { ...scenario, va, step: 1 };
    return { title, question, scenario, fields: fieldsFor(levels), given: {}, answer, solution };
  },
  check(exercise, answers) {
    return checkSplit(exercise, answers);
  },
};

function checkSplit(exercise: Exercise, answers: Answers): ExerciseCheck {
  // The machine's paging mode (CR4.LA57) says how many levels the VA is split into.
  const levels = pagingMode(exercise.scenario.registers).levels;
  const va = exercise.solution.va;
  const split = splitIndices(va, levels);
  const byLevel = new Map(split.indices.map((i) => [i.level, i.index]));
  const feedback: string[] = [];
  for (const { level, index } of split.indices) {
    const name = LEVEL_TABLE_NAMES[level];
    const typed = answers[fieldName(level)] ?? "";
    if (typed.trim() === "") {
      feedback.push(`${name} index: give a number from 0 to 511 (${indexBitsText(level)} of the VA).`);
      continue;
    }
    const parsed = parseAnswerNumber(typed, "decimal");
    if (!parsed.ok) {
      feedback.push(`${name} index: ${parsed.error.message}`);
      continue;
    }
    const value = parsed.value;
    if (value === BigInt(index)) continue;
    const other = [...byLevel].find(([l, i]) => l !== level && BigInt(i) === value);
    const why = other
      ? ` (${value} is the ${LEVEL_TABLE_NAMES[other[0]]} index, ${indexBitsText(other[0])})`
      : "";
    feedback.push(
      value > 511n
        ? `${name} index: ${value} does not fit in 9 bits; the index is ${indexBitsText(level)} of the VA.`
        : `${name} index: it is ${indexBitsText(level)} of the VA, not ${value}${why}.`,
    );
  }
  const typedOffset = answers.offset ?? "";
  const offset = typedOffset.trim() === "" ? null : parseAnswerNumber(typedOffset, "hex");
  if (offset === null) feedback.push("Offset: give bits 11:0 of the VA, in hex.");
  else if (!offset.ok) feedback.push(`Offset: ${offset.error.message}`);
  else if (offset.value !== BigInt(split.offset))
    feedback.push(
      offset.value > 0xfffn
        ? `Offset: a 4 KiB page's offset is bits 11:0 (at most 0xfff); 0x${offset.value.toString(16)} is wider.`
        : `Offset: it is bits 11:0 of the VA, not 0x${offset.value.toString(16)}.`,
    );
  return { correct: feedback.length === 0, feedback };
}
