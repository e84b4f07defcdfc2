/**
 * Family 7: predict the Accessed and Dirty bits after a sequence of accesses (SDM §4.8): a walk
 * that succeeds sets A in every entry it used, a write also sets D in the leaf; a faulting access
 * sets nothing here (the core's rule, accessed-dirty.ts). All A/D bits start at 0. Easy: two
 * allowed accesses, the leaves asked; normal: three or four, the PDEs asked too; hard: four or
 * five accesses of any kind, some of which fault.
 */
import {
  ACCESS_KINDS,
  ENTRY_A,
  ENTRY_D,
  LEVEL_ENTRY_NAMES,
  PAGE_4K,
  accessOfKind,
  kindOfAccess,
  type Access,
  type VirtAddr,
} from "../../arch";
import { accessedDirtyWrites, walk, type WalkStep } from "../../walk";
import { ExerciseMachine, randomFrame, randomOffset } from "../exercise-machine";
import { accessText, paText, slotText, vaText } from "../exercise-text";
import { machineOf } from "../exercise-walk";
import type { AnswerField, Answers, Difficulty, Exercise, ExerciseCheck, Family } from "../exercise-types";

const SETTINGS: Record<
  Difficulty,
  { pages: number; accesses: [number, number]; upper: boolean; faults: boolean }
> = {
  easy: { pages: 2, accesses: [2, 2], upper: false, faults: false },
  normal: { pages: 3, accesses: [3, 4], upper: true, faults: false },
  hard: { pages: 3, accesses: [4, 5], upper: true, faults: true },
};

interface Asked {
  readonly entryAddr: number;
  readonly label: string;
  readonly leaf: boolean;
}

/** "A D", "A" or "none" */
const bitsText = (a: boolean, d: boolean): string => (a ? (d ? "A D" : "A") : "none");

export const predictAd: Family = {
  name: "predict-ad",
  title: "Predict the A/D bits",
  summary: "Say which Accessed and Dirty bits a sequence of accesses sets in the tables.",
  generate(rng, difficulty) {
    const settings = SETTINGS[difficulty];
    const machine = new ExerciseMachine(rng);
    // Pages in one 1 GiB region (one PDPT entry), in one or two 2 MiB regions: shared tables.
    const region = (BigInt(rng.int(256)) << 39n) | (BigInt(rng.int(512)) << 30n);
    const pds = [rng.int(512), rng.int(512)];
    const pages: { va: VirtAddr; writable: boolean; exec: boolean }[] = [];
    while (pages.length < settings.pages) {
      const va = (region | (BigInt(rng.pick(pds)) << 21n) | (BigInt(rng.int(512)) << 12n)) as VirtAddr;
      if (pages.some((p) => p.va === va)) continue;
      const writable = rng.chance(60);
      const exec = rng.chance(40);
      machine.map(va, randomFrame(rng, PAGE_4K), PAGE_4K, {
        present: true,
        writable,
        user: true,
        executeDisable: !exec,
      });
      pages.push({ va, writable, exec });
    }
    const count = rng.between(...settings.accesses);
    const sequence: { va: VirtAddr; access: Access }[] = [];
    for (let k = 0; k < count; k++) {
      const page = rng.pick(pages);
      const allowed = ACCESS_KINDS.filter(
        (kind) =>
          settings.faults ||
          ((page.writable || !kind.endsWith("Write")) && (page.exec || !kind.endsWith("Exec"))),
      );
      const access = accessOfKind(rng.pick(allowed));
      sequence.push({ va: (page.va + randomOffset(rng, PAGE_4K)) as VirtAddr, access });
    }
    // The entries asked about: every leaf, and with `upper` the PDEs above them.
    const asked: Asked[] = [];
    const seen = new Set<number>();
    for (const page of pages) {
      const steps = machine.walk(page.va, { op: "read", mode: "supervisor" }).steps;
      const wanted = steps.filter((s) => s.level === 1 || (settings.upper && s.level === 2));
      for (const step of wanted.reverse()) {
        if (seen.has(step.entryAddr)) continue;
        seen.add(step.entryAddr);
        asked.push({ entryAddr: step.entryAddr, label: entryLabel(step, page.va), leaf: step.level === 1 });
      }
    }
    asked.sort((a, b) => a.entryAddr - b.entryAddr);
    const title = "Predict the A/D bits";
    const lines = sequence.map((s, k) => `${k + 1}. ${accessText(s.access)} of ${vaText(s.va)}`);
    const question =
      `CR3 = ${paText(machine.regs.cr3)}. Every A and D bit is 0. These accesses run in order: ${lines.join("; ")}. ` +
      `Afterwards, which of A and D are set in each entry below? Answer A, D, "A D" or none.`;
    const bookmarks = sequence.map((s, k) => ({ va: s.va, access: s.access, note: `Access ${k + 1}` }));
    const first = sequence[0] as (typeof sequence)[number];
    const scenario = machine.scenario(
      { va: 0n as VirtAddr, access: first.access },
      { title, description: question, bookmarks },
      true,
    );
    for (const s of sequence)
      for (const w of accessedDirtyWrites(machine.walk(s.va, s.access)))
        machine.ram.writeEntry(w.entryAddr, w.after);
    const last = sequence[sequence.length - 1] as (typeof sequence)[number];
    const solution = machine.scenario(
      { va: last.va, access: last.access, step: 1 },
      { title, description: question, bookmarks },
      true,
    );
    const answer: Record<string, string> = {};
    const fields: AnswerField[] = asked.map((a, k) => {
      const value = machine.ram.readEntry(a.entryAddr);
      answer[`e${k}`] = bitsText((value & BigInt(ENTRY_A)) !== 0n, (value & BigInt(ENTRY_D)) !== 0n);
      return { name: `e${k}`, label: a.label, hint: 'A, D, "A D" or none', grading: "short" };
    });
    const given = {
      accesses: sequence.map((s) => `${kindOfAccess(s.access)} ${vaText(s.va)}`).join("\n"),
      entries: asked.map((a) => paText(a.entryAddr)).join(" "),
    };
    return { title, question, scenario, fields, given, answer, solution };
  },
  check: checkAd,
};

function entryLabel(step: WalkStep, va: bigint): string {
  return `${slotText(step)} at ${paText(step.entryAddr)} (${LEVEL_ENTRY_NAMES[step.level]} for ${vaText(va - (va % (step.level === 1 ? 4096n : 1n << 21n)))})`;
}

/** The typed bits, or null when the text is not a set of A and D. */
function parseBits(text: string): { a: boolean; d: boolean } | null {
  const t = text.trim().toUpperCase();
  if (t === "NONE" || t === "-" || t === "0" || t === "NEITHER") return { a: false, d: false };
  const letters = t.replace(/[\s,+&]|AND/g, "");
  if (!/^[AD]{1,2}$/.test(letters) || letters === "AA" || letters === "DD") return null;
  return { a: letters.includes("A"), d: letters.includes("D") };
}

function checkAd(exercise: Exercise, answers: Answers): ExerciseCheck {
  const base = machineOf(exercise.scenario);
  const ram = base.ram.fork();
  // The accesses, in order, are the scenario's bookmarks ("Access 1", …): data, not the given text.
  const sequence = exercise.scenario.bookmarks;
  // Replay, remembering which access first set A and D of each entry (or why none did).
  const setBy = new Map<number, { a?: number; d?: number }>();
  const faulted: number[] = [];
  sequence.forEach((s, k) => {
    const result = walk(ram, base.regs, s.va, s.access);
    if (!result.verdict.ok) faulted.push(k);
    for (const w of accessedDirtyWrites(result)) {
      const mark = setBy.get(w.entryAddr) ?? {};
      if ((w.after & BigInt(ENTRY_A)) !== 0n && (w.before & BigInt(ENTRY_A)) === 0n) mark.a ??= k;
      if ((w.after & BigInt(ENTRY_D)) !== 0n && (w.before & BigInt(ENTRY_D)) === 0n) mark.d ??= k;
      setBy.set(w.entryAddr, mark);
      ram.writeEntry(w.entryAddr, w.after);
    }
  });
  const entries = (exercise.given.entries ?? "").split(" ").map(Number);
  const describe = (k: number): string => {
    const s = sequence[k] as (typeof sequence)[number];
    return `access ${k + 1} (${accessText(s.access)} of ${vaText(s.va)})`;
  };
  const faultNote = faulted.length
    ? ` (a faulting access, like ${describe(faulted[0] as number)}, sets none)`
    : "";
  const feedback: string[] = [];
  exercise.fields.forEach((field, k) => {
    const at = entries[k] as number;
    const typed = answers[field.name] ?? "";
    const name = field.label.split(" ")[0];
    // Left empty is not an answer of "none": an empty form must not pass where every bit stays 0.
    if (typed.trim() === "") {
      feedback.push(`${name}: give A, D, "A D" or none.`);
      return;
    }
    const bits = parseBits(typed);
    if (!bits) {
      feedback.push(`${name}: "${typed.trim()}" is not A, D, "A D" or none.`);
      return;
    }
    const value = ram.readEntry(at);
    const a = (value & BigInt(ENTRY_A)) !== 0n;
    const d = (value & BigInt(ENTRY_D)) !== 0n;
    const by = setBy.get(at) ?? {};
    if (bits.a !== a)
      feedback.push(
        a
          ? `${name}: A should be 1: ${describe(by.a as number)} went through this entry and set it.`
          : `${name}: A stays 0: no access that succeeded went through this entry${faultNote}.`,
      );
    if (bits.d !== d) {
      const leaf = field.label.includes("(PTE");
      feedback.push(
        d
          ? `${name}: D should be 1: ${describe(by.d as number)} wrote to this page and set it.`
          : leaf
            ? `${name}: D stays 0: no write to this page succeeded${faultNote}.`
            : `${name}: D stays 0: the processor sets D only in the leaf (the PTE), never in a PDE.`,
      );
    }
  });
  return { correct: feedback.length === 0, feedback };
}
