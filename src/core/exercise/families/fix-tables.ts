/**
 * Family 5: fix the tables so that an access succeeds, with least privilege. Any answer is checked
 * by walking: the changes are applied to a copy of the machine, the access must then succeed, and
 * the page must not gain a right the access does not need (user access, writes, execution) — so
 * there is no single stored answer to match. Easy: one bit in the leaf of a 4 KiB page; normal:
 * one or two bits at any level; hard: two or three, 2 MiB pages too.
 */
import { LEVEL_ENTRY_NAMES, PAGE_2M, PAGE_4K, type Access, type PageSize, type VirtAddr } from "../../arch";
import { walk, type EffectivePermissions, type WalkResult, type WalkStep } from "../../walk";
import {
  FLAG_MASKS,
  applyChanges,
  formatChanges,
  parseChanges,
  type ChangeFlag,
  type EntryChange,
} from "../entry-changes";
import { ExerciseMachine, randomAccess, randomFrame, randomOffset, randomPageVa } from "../exercise-machine";
import { accessText, capitalize, paText, slotText, vaText } from "../exercise-text";
import { machineOf } from "../exercise-walk";
import type { Answers, Difficulty, Exercise, ExerciseCheck, Family } from "../exercise-types";
import type { Prng } from "../prng";

const SETTINGS: Record<Difficulty, { sizes: PageSize[]; breaks: [number, number]; leafOnly: boolean }> = {
  easy: { sizes: [PAGE_4K], breaks: [1, 1], leafOnly: true },
  normal: { sizes: [PAGE_4K], breaks: [1, 2], leafOnly: false },
  hard: { sizes: [PAGE_4K, PAGE_2M], breaks: [2, 3], leafOnly: false },
};

/** Right → the flag that grants it and the words for it. */
const RIGHTS = [
  {
    key: "user",
    flag: "U/S",
    words: "user-accessible (U/S = 1 at every level)",
    needed: (a: Access) => a.mode === "user",
  },
  {
    key: "writable",
    flag: "R/W",
    words: "writable (R/W = 1 at every level)",
    needed: (a: Access) => a.op === "write",
  },
  {
    key: "exec",
    flag: "XD",
    words: "executable (XD = 0 at every level)",
    needed: (a: Access) => a.op === "fetch",
  },
] as const;

/** The rights an access needs, as the flags that grant them (U/S, R/W, XD order). */
function neededFlags(access: Access): ChangeFlag[] {
  return RIGHTS.filter((right) => right.needed(access)).map((right) => right.flag);
}

/** Changes that deny `access`: distinct (level, flag) pairs, each the opposite of what it needs. */
function denials(
  rng: Prng,
  access: Access,
  steps: readonly WalkStep[],
  count: number,
  leafOnly: boolean,
): EntryChange[] {
  const candidates: EntryChange[] = [];
  const levels = leafOnly ? [steps[steps.length - 1] as WalkStep] : steps;
  for (const step of levels) {
    // P = 0 denies every access; the rights deny the accesses that need them.
    candidates.push({ level: step.level, flag: "P", set: false });
    for (const flag of neededFlags(access)) candidates.push({ level: step.level, flag, set: flag === "XD" });
  }
  return rng.shuffle(candidates).slice(0, count);
}

export const fixTables: Family = {
  name: "fix-tables",
  title: "Fix the tables (least privilege)",
  summary:
    "Change flags in the walk's entries so that a faulting access succeeds, granting no right it does not need.",
  generate(rng, difficulty) {
    const settings = SETTINGS[difficulty];
    const machine = new ExerciseMachine(rng);
    const access = randomAccess(rng);
    const size = rng.pick(settings.sizes);
    const page = randomPageVa(rng, 4, size);
    const va = (page + randomOffset(rng, size)) as VirtAddr;
    // The leaf grants exactly what the access needs (hard: sometimes a right more, which may stay).
    const extra = difficulty === "hard" && rng.chance(50);
    machine.map(page, randomFrame(rng, size), size, {
      present: true,
      writable: access.op === "write" || (extra && rng.chance(50)),
      user: access.mode === "user",
      executeDisable: access.op !== "fetch" && !(extra && rng.chance(50)),
    });
    const steps = machine.walk(va, access).steps;
    const broken = denials(rng, access, steps, rng.between(...settings.breaks), settings.leafOnly);
    // Breaking goes bottom-up, so that a P = 0 above does not hide the entries below it.
    for (const c of [...broken].sort((a, b) => a.level - b.level)) {
      const step = steps.find((s) => s.level === c.level) as WalkStep;
      const mask = FLAG_MASKS[c.flag];
      machine.change(step.entryAddr, c.set ? mask : 0n, c.set ? 0n : mask);
    }
    const fix = broken.map((c) => ({ ...c, set: !c.set }));
    const title = "Fix the tables (least privilege)";
    const question =
      `CR3 = ${paText(machine.regs.cr3)}. ${capitalize(accessText(access))} of ${vaText(va)} faults. ` +
      "Change flags (P, R/W, U/S, XD) in the entries of its walk so that it succeeds, without giving the page any right this access does not need. " +
      'Write the changes as "PDE +U/S, PTE -XD".';
    const scenario = machine.scenario({ va: 0n as VirtAddr, access }, { title, description: question });
    const fixed = applyChanges(machine.ram, machine.regs, va, access, fix);
    if (!fixed.ok || !fixed.value.verdict.ok) throw new Error("fix-tables exercise: the fix does not fix");
    const solution = machine.scenario({ va, access, step: 1 }, { title, description: question });
    return {
      title,
      question,
      scenario,
      fields: [{ name: "changes", label: "Changes", hint: "e.g. PDE +U/S, PTE -XD", grading: "manual" }],
      given: {},
      answer: { changes: formatChanges(fix) },
      solution,
    };
  },
  check: checkFix,
};

function hasRight(p: EffectivePermissions, key: (typeof RIGHTS)[number]["key"]): boolean {
  return key === "exec" ? !p.executeDisable : p[key];
}

function checkFix(exercise: Exercise, answers: Answers): ExerciseCheck {
  const { va, access } = exercise.solution;
  const parsed = parseChanges(answers.changes ?? "");
  if (!parsed.ok) return { correct: false, feedback: [parsed.error.message] };
  const base = machineOf(exercise.scenario);
  const applied = applyChanges(base.ram.fork(), base.regs, va, access, parsed.value);
  if (!applied.ok) return { correct: false, feedback: [applied.error.message] };
  const after = applied.value;
  const v = after.verdict;
  if (!v.ok) return { correct: false, feedback: [stillFaults(after)] };
  const baseline = rightsBefore(exercise);
  if (after.translation.kind !== "mapped" || baseline === null) return { correct: true, feedback: [] };
  const was = baseline;
  const now = after.translation.permissions;
  const feedback: string[] = [];
  for (const right of RIGHTS) {
    if (right.needed(access) || !hasRight(now, right.key) || hasRight(was, right.key)) continue;
    const granting = parsed.value.filter((c) => c.flag === right.flag && c.set === (right.flag !== "XD"));
    feedback.push(
      `More privilege than needed: the page is now ${right.words}, but ${accessText(access)} does not need that` +
        (granting.length ? `; drop ${formatChanges(granting)}.` : "."),
    );
  }
  return { correct: feedback.length === 0, feedback };
}

/**
 * The rights the tables gave the page before the fix: the walk's permissions, reading an entry
 * with P = 0 as if it were present (its other bits are still there; the processor ignores them
 * only while P = 0). A fix that only sets P grants exactly these.
 */
function rightsBefore(exercise: Exercise): EffectivePermissions | null {
  const { va, access } = exercise.solution;
  const base = machineOf(exercise.scenario);
  const ram = base.ram.fork();
  for (let level = 0; level < 5; level++) {
    const result = walk(ram, base.regs, va, access);
    const t = result.translation;
    if (t.kind === "mapped") return t.permissions;
    if (t.kind !== "not-present") return null;
    const step = result.steps[result.steps.length - 1] as WalkStep;
    ram.writeEntry(step.entryAddr, step.raw | FLAG_MASKS.P);
  }
  return null;
}

function stillFaults(result: WalkResult): string {
  const v = result.verdict;
  if (v.ok) return "";
  const step = result.steps.find((s) => s.level === v.level);
  const where = step ? ` at ${slotText(step)} (the ${LEVEL_ENTRY_NAMES[step.level]})` : "";
  return `It still faults${where}: ${v.reason}`;
}
