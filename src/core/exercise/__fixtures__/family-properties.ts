/**
 * The property every exercise family must have (one test file per family runs it, so that the
 * seven run in parallel). Issue 13 §3: for 10,000 seeds per family (drawn by fast-check, every difficulty), the generator
 * succeeds, the stated answer is what the core computes (each family against its own small
 * reference: a walk on a machine rebuilt from the scenario, bit arithmetic for the split), the
 * checker accepts the stated answer, and it rejects wrong answers with feedback that names what is
 * wrong (the level, the field, the bits).
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import {
  ENTRY_A,
  ENTRY_D,
  LEVEL_ENTRY_NAMES,
  LEVEL_TABLE_NAMES,
  accessOfKind,
  type AccessKind,
  type Level,
  type VirtAddr,
} from "../../arch";
import { machineFromScenario } from "../../scenario";
import { accessedDirtyWrites, walk, type WalkResult } from "../../walk";
import { DIFFICULTIES, type Answers, type Exercise, type FamilyName } from "../exercise-types";
import { MAX_SEED, checkExercise, generateExercise } from "../families";

const SEEDS = 10_000;

/** The walk an exercise asks about, on a machine rebuilt by the scenario code (not the checker's). */
function referenceWalk(e: Exercise, scenario = e.scenario): WalkResult {
  const m = machineFromScenario(scenario);
  return walk(m.ram, m.regs, e.solution.va, e.solution.access);
}

function expectRejected(e: Exercise, answers: Answers, ...mentions: (string | RegExp)[]): void {
  const check = checkExercise(e, answers);
  expect(check.correct, `${JSON.stringify(answers)} accepted for ${e.family}/${e.difficulty}/${e.seed}`).toBe(
    false,
  );
  const text = check.feedback.join(" ");
  expect(text).not.toMatch(/^\s*wrong\.?\s*$/i);
  for (const m of mentions) expect(text, `${e.family}/${e.difficulty}/${e.seed}`).toMatch(m);
}

const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

/** Per family: the reference computation of the answer, and wrong answers with what feedback names. */
const PROPERTIES: Record<FamilyName, (e: Exercise) => void> = {
  "split-va"(e) {
    const levels = e.fields.length - 1;
    const va = e.solution.va;
    for (let level = levels; level >= 1; level--) {
      const name = LEVEL_TABLE_NAMES[level as Level];
      const index = Number((va >> BigInt(12 + 9 * (level - 1))) & 511n);
      expect(e.answer[name.toLowerCase()]).toBe(String(index));
    }
    expect(e.answer.offset).toBe(hex(va & 0xfffn));
    const level = ((e.seed % levels) + 1) as Level;
    const field = LEVEL_TABLE_NAMES[level].toLowerCase();
    expectRejected(
      e,
      { ...e.answer, [field]: String((Number(e.answer[field]) + 1) % 512) },
      `${LEVEL_TABLE_NAMES[level]} index`,
      /bits \d+:\d+/,
    );
    expectRejected(e, { ...e.answer, offset: hex((va + 1n) & 0xfffn) }, "Offset", "bits 11:0");
  },
  translate(e) {
    const r = referenceWalk(e);
    const t = r.translation;
    const faults = !r.verdict.ok;
    expect(e.answer.pa).toBe(faults || t.kind !== "mapped" ? "fault" : hex(t.pa));
    if (faults) {
      const v = r.verdict;
      if (!v.ok && v.level !== null) expectRejected(e, { pa: "0x1000" }, `${LEVEL_TABLE_NAMES[v.level]}[`);
    } else if (t.kind === "mapped") {
      expectRejected(e, { pa: "fault" }, "no fault", "leaf");
      expectRejected(e, { pa: hex(t.pa + 0x10000) }, /PA = 0x[0-9a-f]+ \+ 0x[0-9a-f]+|index|frame/);
    }
  },
  "error-code"(e) {
    const v = referenceWalk(e).verdict;
    if (v.ok || v.level === null) throw new Error("error-code exercise does not fault");
    expect(e.answer).toEqual({ errorCode: hex(v.errorCode), level: LEVEL_TABLE_NAMES[v.level] });
    expectRejected(e, { ...e.answer, errorCode: hex(v.errorCode ^ 0x2) }, "W (bit 1)");
    expectRejected(e, { ...e.answer, errorCode: hex(v.errorCode ^ 0x1) }, "P (bit 0)");
    const other = v.level === 1 ? "PML4" : "PT";
    expectRejected(e, { ...e.answer, level: other }, `${LEVEL_TABLE_NAMES[v.level]}`);
  },
  "fault-entry"(e) {
    const v = referenceWalk(e).verdict;
    if (v.ok || v.level === null) throw new Error("fault-entry exercise does not fault");
    const bit = { P: "P", RW: "R/W", US: "U/S", XD: "XD", RSVD: "reserved bit" }[v.cause as "P"];
    expect(e.answer).toEqual({ level: LEVEL_TABLE_NAMES[v.level], bit });
    const otherLevel = v.level === 1 ? "PML4" : "PT";
    expectRejected(e, { ...e.answer, level: otherLevel }, "Level:", `in the ${LEVEL_TABLE_NAMES[v.level]}`);
    const otherBit = bit === "P" ? "XD" : "P";
    expectRejected(e, { ...e.answer, bit: otherBit }, "Bit:", `${otherBit} is not what denies`);
  },
  "fix-tables"(e) {
    // Reference: apply the stated changes entry by entry, top-down, then walk.
    const m = machineFromScenario(e.scenario);
    const before = walk(m.ram, m.regs, e.solution.va, e.solution.access);
    expect(before.verdict.ok).toBe(false);
    const changes = (e.answer.changes ?? "").split(", ").map((item) => {
      const [entry, ...flags] = item.split(" ");
      const level = ([5, 4, 3, 2, 1] as Level[]).find((l) => LEVEL_ENTRY_NAMES[l] === entry) as Level;
      return { level, flags };
    });
    const masks: Record<string, bigint> = { P: 1n, "R/W": 2n, "U/S": 4n, XD: 1n << 63n };
    for (const c of changes.sort((a, b) => b.level - a.level)) {
      const step = walk(m.ram, m.regs, e.solution.va, e.solution.access).steps.find(
        (s) => s.level === c.level,
      );
      if (!step) throw new Error(`fix-tables: ${LEVEL_ENTRY_NAMES[c.level]} not on the walk`);
      let value = m.ram.readEntry(step.entryAddr);
      for (const f of c.flags)
        value = f[0] === "+" ? value | (masks[f.slice(1)] as bigint) : value & ~(masks[f.slice(1)] as bigint);
      m.ram.writeEntry(step.entryAddr, value);
    }
    const after = walk(m.ram, m.regs, e.solution.va, e.solution.access);
    expect(after.verdict.ok).toBe(true);
    expectRejected(e, { changes: "" }, "Write the changes");
    if (changes.length > 1 || changes[0]!.flags.length > 1) {
      const fewer = e.answer.changes!.replace(/ [+-][A-Z/]+$/, "").replace(/, [A-Z0-9]+$/, "");
      if (fewer !== e.answer.changes) expectRejected(e, { changes: fewer }, "still faults", /\[\d+\]/);
    } else expectRejected(e, { changes: "PTE -P" }, /still faults|does not reach/);
    const a = e.solution.access;
    const p = after.translation.kind === "mapped" ? after.translation.permissions : null;
    if (a.mode === "supervisor" && p && !p.user) {
      const all = after.steps.map((s) => `${LEVEL_ENTRY_NAMES[s.level]} +U/S`).join(", ");
      expectRejected(
        e,
        { changes: `${e.answer.changes}, ${all}` },
        "More privilege than needed",
        "user-accessible",
      );
    }
  },
  "build-mapping"(e) {
    // The plan as the question states it: "PDE@0x…" entries top first, the PA, the size, the rights in words.
    const rightsWords = e.given.rights as string;
    const plan = {
      pa: e.given.pa as string,
      size: Number(e.given.pageSize),
      rights: {
        user: rightsWords.startsWith("user-accessible"),
        writable: rightsWords.includes(", writable"),
        exec: rightsWords.endsWith(" executable") && !rightsWords.endsWith("not executable"),
      },
      slots: (e.given.entries as string).split(" ").map((item) => {
        const [name, at] = item.split("@") as [string, string];
        const level = ([5, 4, 3, 2, 1] as Level[]).find((l) => LEVEL_ENTRY_NAMES[l] === name) as Level;
        return { level, table: hex(Number(at) & ~0xfff), index: (Number(at) & 0xfff) / 8 };
      }),
    };
    expect(e.question).toContain(`so that it is ${rightsWords}.`);
    const m = machineFromScenario(e.scenario);
    for (const s of plan.slots)
      m.ram.writeEntry(
        Number(s.table) + s.index * 8,
        BigInt(e.answer[LEVEL_ENTRY_NAMES[s.level].toLowerCase()] as string),
      );
    const r = walk(m.ram, m.regs, e.solution.va, accessOfKind("supRead"));
    if (r.translation.kind !== "mapped") throw new Error("build-mapping: the stated entries do not map");
    expect(r.translation.pa).toBe(Number(plan.pa));
    expect(r.translation.pageSize).toBe(plan.size);
    expect(r.translation.permissions.user).toBe(plan.rights.user);
    expect(r.translation.permissions.writable).toBe(plan.rights.writable);
    expect(!r.translation.permissions.executeDisable).toBe(plan.rights.exec);
    const leaf = plan.slots[plan.slots.length - 1]!;
    const leafField = LEVEL_ENTRY_NAMES[leaf.level].toLowerCase();
    const leafValue = BigInt(e.answer[leafField] as string);
    expectRejected(
      e,
      { ...e.answer, [leafField]: hex(leafValue & ~1n) },
      `${LEVEL_ENTRY_NAMES[leaf.level]}: P (bit 0) is 0`,
    );
    expectRejected(
      e,
      { ...e.answer, [leafField]: hex(leafValue ^ 2n) },
      plan.rights.writable ? "should be writable" : "should be read-only",
      "R/W",
    );
    expectRejected(
      e,
      { ...e.answer, [leafField]: hex(leafValue ^ (BigInt(plan.size) << 1n)) },
      "address field",
      plan.pa,
    );
    if (plan.slots.length > 1) {
      const top = LEVEL_ENTRY_NAMES[plan.slots[0]!.level];
      expectRejected(
        e,
        { ...e.answer, [top.toLowerCase()]: hex(BigInt(e.answer[top.toLowerCase()] as string) ^ 0x1000n) },
        `${top}: it points to`,
      );
    }
  },
  "predict-ad"(e) {
    const m = machineFromScenario(e.scenario);
    for (const line of (e.given.accesses as string).split("\n")) {
      const [kind, va] = line.split(" ") as [AccessKind, string];
      const r = walk(m.ram, m.regs, BigInt(va.replace(/_/g, "")) as VirtAddr, accessOfKind(kind));
      for (const w of accessedDirtyWrites(r)) m.ram.writeEntry(w.entryAddr, w.after);
    }
    const entries = (e.given.entries as string).split(" ").map(Number);
    e.fields.forEach((f, k) => {
      const value = m.ram.readEntry(entries[k] as number);
      const a = (value & BigInt(ENTRY_A)) !== 0n;
      const d = (value & BigInt(ENTRY_D)) !== 0n;
      expect(e.answer[f.name]).toBe(a ? (d ? "A D" : "A") : "none");
    });
    const first = e.fields[0]!;
    // A field left empty is not "none", even where the answer is none.
    expectRejected(
      e,
      { ...e.answer, [first.name]: " " },
      first.label.split(" ")[0]!,
      /give A, D, "A D" or none/,
    );
    const flipped = e.answer[first.name] === "none" ? "A" : "none";
    expectRejected(
      e,
      { ...e.answer, [first.name]: flipped },
      first.label.split(" ")[0]!,
      /A (should be 1|stays 0)/,
    );
  },
};

/** The 10,000-seed property of `family`, and determinism, as two Vitest tests. */
export function familyProperties(family: FamilyName): void {
  it(`${SEEDS} seeds: generates, states the core's answer, accepts it, names what is wrong in wrong ones`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_SEED }), (seed) => {
        const e = generateExercise(family, seed, DIFFICULTIES[seed % 3]!);
        const check = checkExercise(e, e.answer);
        expect(check, `${family}/${e.difficulty}/${seed}`).toEqual({ correct: true, feedback: [] });
        // A form sent empty is never right, and says what is missing.
        const blank = Object.fromEntries(e.fields.map((f) => [f.name, ""]));
        expect(checkExercise(e, blank).correct, `empty form, ${family}/${e.difficulty}/${seed}`).toBe(false);
        expect(checkExercise(e, blank).feedback.length).toBeGreaterThan(0);
        PROPERTIES[family](e);
      }),
      { numRuns: SEEDS },
    );
    // A hang guard, not a speed check: 10,000 seeds take ~5 s alone, far more on a loaded machine.
  }, 300_000);

  it("the same seed gives an equal exercise; another seed another one", () => {
    const a = generateExercise(family, 12345, "normal");
    expect(generateExercise(family, 12345, "normal")).toEqual(a);
    expect(generateExercise(family, 12346, "normal")).not.toEqual(a);
  });
}
