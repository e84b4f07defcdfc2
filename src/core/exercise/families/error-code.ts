/**
 * Family 3: the #PF error code of a faulting access, and the level whose entry decides the fault
 * (SDM §4.7, Figure 4-12: P, W/R, U/S, RSVD, I/D, PK). Easy: not-present, U/S and R/W faults on
 * 4 KiB pages; normal: XD and 2 MiB pages too; hard: reserved bits, SMEP and SMAP, 1 GiB pages.
 */
import {
  LEVEL_TABLE_NAMES,
  PAGE_1G,
  PAGE_2M,
  PAGE_4K,
  type Level,
  type PageSize,
  type VirtAddr,
} from "../../arch";
import { formatHex } from "../../common";
import { checkPrediction } from "../../teach";
import { accessText, capitalize, levelOfName, paText, parseAnswerNumber, vaText } from "../exercise-text";
import { machineOf, walkOn } from "../exercise-walk";
import type { Answers, Difficulty, Exercise, ExerciseCheck, Family } from "../exercise-types";
import { breakEntry, faultKindsFor, randomMappedAccess, type FaultKind } from "../faults";

const SETTINGS: Record<Difficulty, { sizes: PageSize[]; kinds: FaultKind[] }> = {
  easy: { sizes: [PAGE_4K], kinds: ["P", "US", "RW"] },
  normal: { sizes: [PAGE_4K, PAGE_2M], kinds: ["P", "US", "RW", "XD"] },
  hard: { sizes: [PAGE_4K, PAGE_2M, PAGE_1G], kinds: ["P", "US", "RW", "XD", "RSVD", "SMEP", "SMAP"] },
};

export const LEVEL_CHOICES: readonly string[] = ["PML4", "PDPT", "PD", "PT"];

export const errorCode: Family = {
  name: "error-code",
  title: "Give the #PF error code",
  summary: "Give the page-fault error code of a faulting access and the level whose entry decides it.",
  generate(rng, difficulty) {
    const settings = SETTINGS[difficulty];
    const { machine, access, va } = randomMappedAccess(rng, settings.sizes);
    const steps = machine.walk(va, access).steps;
    const kind = rng.pick(faultKindsFor(access, settings.kinds));
    const leafOnly = kind === "SMEP" || kind === "SMAP";
    breakEntry(
      machine,
      rng,
      steps,
      leafOnly ? (steps[steps.length - 1] as (typeof steps)[number]) : rng.pick(steps),
      kind,
    );
    const result = machine.walk(va, access);
    if (result.verdict.ok || result.verdict.level === null)
      throw new Error("error-code exercise: the broken walk does not fault");
    const title = "Give the #PF error code";
    const question =
      `CR3 = ${paText(machine.regs.cr3)}. ${capitalize(accessText(access))} of ${vaText(va)} raises a page fault. ` +
      "What error code does the processor push, and which level's entry decides the fault?";
    const scenario = machine.scenario({ va: 0n as VirtAddr, access }, { title, description: question });
    // The same machine, walked at the VA from its first step: no second scan of its frames.
    const solution = { ...scenario, va, step: 1 };
    return {
      title,
      question,
      scenario,
      fields: [
        { name: "errorCode", label: "Error code", hint: "hex, e.g. 0x5", grading: "short" },
        {
          name: "level",
          label: "Level",
          hint: "the table whose entry faults",
          choices: LEVEL_CHOICES,
          grading: "short",
        },
      ],
      given: {},
      answer: {
        errorCode: `0x${result.verdict.errorCode.toString(16)}`,
        level: LEVEL_TABLE_NAMES[result.verdict.level],
      },
      solution,
    };
  },
  check: checkErrorCode,
};

function checkErrorCode(exercise: Exercise, answers: Answers): ExerciseCheck {
  const { va, access } = exercise.solution;
  const result = walkOn(exercise.scenario, va, access);
  const feedback: string[] = [];
  const typedCode = (answers.errorCode ?? "").trim();
  const parsed = typedCode === "" ? null : parseAnswerNumber(typedCode, "hex");
  const code = parsed?.ok ? parsed.value : null;
  const level = levelOfName(answers.level ?? "");
  if (parsed === null) feedback.push("Error code: give it in hex, e.g. 0x5 (P | U).");
  else if (!parsed.ok) feedback.push(`Error code: ${parsed.error.message}`);
  else if (parsed.value > 0xffffn)
    feedback.push(
      `Error code: ${formatHex(parsed.value)} is wider than 16 bits (a #PF error code uses bits 15:0).`,
    );
  if (level === null) feedback.push("Level: choose the table whose entry faults (PML4, PDPT, PD or PT).");
  if (feedback.length > 0) return { correct: false, feedback };
  const machine = machineOf(exercise.scenario);
  const check = checkPrediction(machine.ram, machine.regs, result, {
    kind: "faults",
    exception: "#PF",
    errorCode: Number(code),
    level: level as Level,
  });
  return { correct: check.correct, feedback: check.feedback };
}
