import { describe, expect, it } from "vitest";
import {
  instanceFragment,
  isExerciseFragment,
  parseExerciseFragment,
  setFragment,
  setItem,
  setKey,
  type ProblemSet,
} from "./exercise-links";

describe("exercise links", () => {
  it("round-trips an instance and a problem set, and leaves scenario links alone", () => {
    const ref = { family: "fix-tables", seed: 4294967295, difficulty: "hard" } as const;
    expect(parseExerciseFragment(instanceFragment(ref))).toEqual({
      ok: true,
      value: { kind: "instance", ...ref },
    });
    const set: ProblemSet = { families: ["translate", "split-va"], count: 5, seed: 42, difficulty: "easy" };
    expect(parseExerciseFragment(setFragment(set, 3))).toEqual({
      ok: true,
      value: { kind: "set", ...set, at: 3 },
    });
    expect(setKey(set)).toBe("set=translate,split-va&count=5&seed=42&difficulty=easy");
    expect(parseExerciseFragment("#s1.abc")).toBeNull();
    expect(isExerciseFragment("#s1.abc")).toBe(false);
  });

  it("cycles the families and counts the seeds up through a set", () => {
    const set: ProblemSet = {
      families: ["translate", "split-va"],
      count: 3,
      seed: 4294967295,
      difficulty: "normal",
    };
    expect([0, 1, 2].map((k) => setItem(set, k))).toEqual([
      { family: "translate", seed: 4294967295, difficulty: "normal" },
      { family: "split-va", seed: 0, difficulty: "normal" },
      { family: "translate", seed: 1, difficulty: "normal" },
    ]);
  });

  it.each([
    ["#exercise=walk&seed=1", 'family "walk" is not one of split-va'],
    ["#exercise=translate", "The link has no seed."],
    ["#exercise=translate&seed=1e3", 'seed "1e3" is not a number from 0 to 4294967295'],
    ["#exercise=translate&seed=1&difficulty=medium", 'difficulty "medium" is not one of easy, normal, hard'],
    ["#set=&seed=1", "names no family"],
    ["#set=translate&seed=1&count=101", 'count "101" is not a number from 1 to 100'],
    ["#set=translate&seed=1&count=5&at=9", 'The link\'s at "9" is not a number from 0 to 4.'],
    ["#set=translate&seed=1&count=5&at=x", 'The link\'s at "x" is not a number from 0 to 4.'],
  ])("explains what is wrong with %s", (hash, message) => {
    const parsed = parseExerciseFragment(hash);
    expect(parsed?.ok).toBe(false);
    if (parsed && !parsed.ok) expect(parsed.error.message).toContain(message);
  });
});
