/**
 * Family 2: translate a VA to a PA, or say that the access faults (SDM §4.5–4.7). Easy: 4 KiB
 * pages, a quarter of them fault (P, U/S, R/W); normal: 4 KiB and 2 MiB pages, a third fault;
 * hard: 1 GiB pages too, and XD or reserved bits among the causes.
 */
import {
  PAGE_1G,
  PAGE_2M,
  PAGE_4K,
  describeAccess,
  pageSizeName,
  type PageSize,
  type PhysAddr,
  type VirtAddr,
} from "../../arch";
import { quotable } from "../../common";
import { checkPrediction } from "../../teach";
import { accessText, capitalize, paText, parseAnswerNumber, slotText, vaText } from "../exercise-text";
import { machineOf, walkOn } from "../exercise-walk";
import type { Answers, Difficulty, Exercise, ExerciseCheck, Family } from "../exercise-types";
import { breakEntry, faultKindsFor, randomMappedAccess, type FaultKind } from "../faults";

const SETTINGS: Record<Difficulty, { sizes: PageSize[]; faultPercent: number; kinds: FaultKind[] }> = {
  easy: { sizes: [PAGE_4K], faultPercent: 25, kinds: ["P", "US", "RW"] },
  normal: { sizes: [PAGE_4K, PAGE_2M], faultPercent: 35, kinds: ["P", "US", "RW", "XD"] },
  hard: { sizes: [PAGE_4K, PAGE_2M, PAGE_1G], faultPercent: 40, kinds: ["P", "US", "RW", "XD", "RSVD"] },
};

const FAULT_WORDS = /^(fault|faults|#?pf|#?gp|page fault)$/i;

export const translate: Family = {
  name: "translate",
  title: "Translate a virtual address",
  summary: "Walk the tables from CR3 and give the physical address, or say that the access faults.",
  generate(rng, difficulty) {
    const settings = SETTINGS[difficulty];
    const { machine, access, va } = randomMappedAccess(rng, settings.sizes);
    if (rng.chance(settings.faultPercent)) {
      const steps = machine.walk(va, access).steps;
      breakEntry(machine, rng, steps, rng.pick(steps), rng.pick(faultKindsFor(access, settings.kinds)));
    }
    const result = machine.walk(va, access);
    const title = "Translate a virtual address";
    const question =
      `CR3 = ${paText(machine.regs.cr3)}. ${capitalize(accessText(access))} of ${vaText(va)}: ` +
      `which physical address does it reach? If the access faults, answer "fault".`;
    const scenario = machine.scenario({ va: 0n as VirtAddr, access }, { title, description: question });
    // The same machine, walked at the VA from its first step: no second scan of its frames.
    const solution = { ...scenario, va, step: 1 };
    const answer =
      result.verdict.ok && result.translation.kind === "mapped" ? paText(result.translation.pa) : "fault";
    return {
      title,
      question,
      scenario,
      fields: [
        { name: "pa", label: "Physical address", hint: 'hex, e.g. 0x35ce, or "fault"', grading: "short" },
      ],
      given: {},
      answer: { pa: answer },
      solution,
    };
  },
  check: checkTranslate,
};

function checkTranslate(exercise: Exercise, answers: Answers): ExerciseCheck {
  const { va, access } = exercise.solution;
  const result = walkOn(exercise.scenario, va, access);
  const typed = (answers.pa ?? "").trim();
  const faults = !result.verdict.ok;
  if (typed === "") return wrong('Give the physical address in hex (e.g. 0x35ce), or "fault".');
  if (FAULT_WORDS.test(typed)) {
    if (faults) return { correct: true, feedback: [] };
    const t = result.translation;
    const leaf = result.steps[result.steps.length - 1];
    const size = t.kind === "mapped" ? pageSizeName(t.pageSize) : "";
    return wrong(
      `There is no fault: every entry on the walk is present, has no reserved bit set and allows ${accessText(access)}` +
        (leaf ? `; the walk ends at the leaf ${slotText(leaf)}, which maps a ${size} page.` : "."),
    );
  }
  const parsed = parseAnswerNumber(typed, "hex");
  if (!parsed.ok && parsed.error.kind === "malformed")
    return wrong(
      `"${quotable(typed.trim())}" is neither a physical address in hex (e.g. 0x35ce) nor "fault".`,
    );
  if (!parsed.ok || parsed.value >= 1n << 52n)
    return wrong(`"${quotable(typed.trim())}" is wider than a physical address (at most 52 bits).`);
  const pa = parsed.value;
  const machine = machineOf(exercise.scenario);
  const check = checkPrediction(machine.ram, machine.regs, result, {
    kind: "translates",
    pa: Number(pa) as PhysAddr,
  });
  if (check.correct) return { correct: true, feedback: [] };
  return {
    correct: false,
    feedback: faults
      ? [`A ${describeAccess(access)} of this VA faults. ${check.feedback.join(" ")}`]
      : check.feedback,
  };
}

const wrong = (message: string): ExerciseCheck => ({ correct: false, feedback: [message] });
