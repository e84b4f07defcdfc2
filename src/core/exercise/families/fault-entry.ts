/**
 * Family 4: find the entry and the bit that make an access fault. The walk names them (the
 * verdict's level and cause, access-check.ts); the learner reads the tables to find them. Easy:
 * the fault is in the leaf of a 4 KiB page; normal: at any level; hard: reserved bits too, and
 * other entries carry restrictive bits that do not matter for this access (R/W = 0 for a read,
 * XD = 1 for a data access, U/S = 0 for a supervisor access).
 */
import {
  ENTRY_RW,
  ENTRY_US,
  LEVEL_TABLE_NAMES,
  PAGE_2M,
  PAGE_4K,
  type PageSize,
  type VirtAddr,
} from "../../arch";
import type { FaultCause, WalkStep } from "../../walk";
import { accessText, capitalize, levelOfName, paText, slotText, vaText } from "../exercise-text";
import { walkOn } from "../exercise-walk";
import type { Answers, Difficulty, Exercise, ExerciseCheck, Family } from "../exercise-types";
import { FLAG_MASKS } from "../entry-changes";
import { breakEntry, faultKindsFor, randomMappedAccess, type FaultKind } from "../faults";
import { LEVEL_CHOICES } from "./error-code";

/** The bit choices, and the fault cause each names. */
const BITS: readonly { readonly choice: string; readonly cause: FaultCause; readonly words: string }[] = [
  { choice: "P", cause: "P", words: "P (bit 0) = 0: not present" },
  { choice: "R/W", cause: "RW", words: "R/W (bit 1) = 0: read-only" },
  { choice: "U/S", cause: "US", words: "U/S (bit 2) = 0: supervisor only" },
  { choice: "XD", cause: "XD", words: "XD (bit 63) = 1: execute-disable" },
  { choice: "reserved bit", cause: "RSVD", words: "a reserved bit set" },
];
export const BIT_CHOICES: readonly string[] = BITS.map((b) => b.choice);

const SETTINGS: Record<
  Difficulty,
  { sizes: PageSize[]; kinds: FaultKind[]; anyLevel: boolean; distractors: boolean }
> = {
  easy: { sizes: [PAGE_4K], kinds: ["P", "US", "RW", "XD"], anyLevel: false, distractors: false },
  normal: { sizes: [PAGE_4K, PAGE_2M], kinds: ["P", "US", "RW", "XD"], anyLevel: true, distractors: false },
  hard: {
    sizes: [PAGE_4K, PAGE_2M],
    kinds: ["P", "US", "RW", "XD", "RSVD"],
    anyLevel: true,
    distractors: true,
  },
};

export const faultEntry: Family = {
  name: "fault-entry",
  title: "Find the entry and bit that fault",
  summary: "Find the entry (its level) and the bit in it that make an access fault.",
  generate(rng, difficulty) {
    const settings = SETTINGS[difficulty];
    const { machine, access, va } = randomMappedAccess(rng, settings.sizes);
    const steps = machine.walk(va, access).steps;
    if (settings.distractors) {
      // Bits that look restrictive but do not deny this access.
      for (const step of steps) {
        if (!rng.chance(40)) continue;
        if (access.op !== "write" && access.mode === "user")
          machine.change(step.entryAddr, 0n, BigInt(ENTRY_RW));
        else if (access.op !== "fetch") machine.change(step.entryAddr, FLAG_MASKS.XD);
        else if (access.mode === "supervisor") machine.change(step.entryAddr, 0n, BigInt(ENTRY_US));
      }
    }
    const target = settings.anyLevel ? rng.pick(steps) : (steps[steps.length - 1] as (typeof steps)[number]);
    breakEntry(machine, rng, steps, target, rng.pick(faultKindsFor(access, settings.kinds)));
    const result = machine.walk(va, access);
    const v = result.verdict;
    const bit = v.ok ? undefined : BITS.find((b) => b.cause === v.cause);
    if (v.ok || v.level === null || !bit)
      throw new Error("fault-entry exercise: the broken walk does not fault");
    const title = "Find the entry and bit that fault";
    const question =
      `CR3 = ${paText(machine.regs.cr3)}. ${capitalize(accessText(access))} of ${vaText(va)} faults. ` +
      "Which entry of the walk (its level) and which bit in it cause the fault?";
    const scenario = machine.scenario({ va: 0n as VirtAddr, access }, { title, description: question });
    // The same machine, walked at the VA from its first step: no second scan of its frames.
    const solution = { ...scenario, va, step: 1 };
    return {
      title,
      question,
      scenario,
      fields: [
        {
          name: "level",
          label: "Level",
          hint: "the table whose entry faults",
          choices: LEVEL_CHOICES,
          grading: "short",
        },
        {
          name: "bit",
          label: "Bit",
          hint: "the field that denies the access",
          choices: BIT_CHOICES,
          grading: "short",
        },
      ],
      given: {},
      answer: { level: LEVEL_TABLE_NAMES[v.level], bit: bit.choice },
      solution,
    };
  },
  check: checkFaultEntry,
};

function checkFaultEntry(exercise: Exercise, answers: Answers): ExerciseCheck {
  const { va, access } = exercise.solution;
  const result = walkOn(exercise.scenario, va, access);
  const v = result.verdict;
  if (v.ok || v.level === null) return { correct: true, feedback: [] }; // cannot happen: generated to fault
  const faulting = result.steps.find((s) => s.level === v.level);
  const feedback: string[] = [];
  const level = levelOfName(answers.level ?? "");
  const chosen = BITS.find((b) => b.choice.toLowerCase() === (answers.bit ?? "").trim().toLowerCase());
  if (level === null) feedback.push("Level: choose the table whose entry faults (PML4, PDPT, PD or PT).");
  else if (level !== v.level) {
    const step = result.steps.find((s) => s.level === level);
    feedback.push(
      step
        ? `Level: ${slotText(step)} is not what faults: the walk goes past it, and the fault is in the ${LEVEL_TABLE_NAMES[v.level]}.`
        : `Level: the walk never reads a ${LEVEL_TABLE_NAMES[level]} entry for this VA: it ends at ${slotText(result.steps[result.steps.length - 1] as WalkStep)}, and the fault is in the ${LEVEL_TABLE_NAMES[v.level]}.`,
    );
  }
  const right = BITS.find((b) => b.cause === v.cause);
  if (!chosen) feedback.push(`Bit: choose one of ${BIT_CHOICES.join(", ")}.`);
  else if (chosen.cause !== v.cause && right && faulting)
    feedback.push(
      `Bit: ${chosen.choice} is not what denies ${accessText(access)} here; ${slotText(faulting)} faults because of ${right.words}.`,
    );
  return { correct: feedback.length === 0, feedback };
}
