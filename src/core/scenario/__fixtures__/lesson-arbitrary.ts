/** fast-check generators of valid lessons on top of valid scenarios, for the lesson round-trip tests. */
import fc from "fast-check";
import { ACCESS_KINDS, accessOfKind, type PhysAddr, type VirtAddr } from "../../arch";
import { type Lesson, type LessonStep, type LessonWrite } from "../lesson";
import { LIMITS, type ScenarioState } from "../scenario-state";
import { scenarioArbitrary } from "./scenario-arbitrary";

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const text = fc.string({ maxLength: 60, unit: "grapheme" });

/** Writes inside a RAM of `ramFrames` frames: zero (clear) about one time in five. */
export const lessonWrites = (ramFrames: number): fc.Arbitrary<LessonWrite[]> =>
  fc.array(
    fc.record({
      frame: fc.integer({ min: 0, max: ramFrames - 1 }).map((n) => n * 4096),
      index: fc.integer({ min: 0, max: 511 }),
      value: fc.oneof({ arbitrary: fc.constant(0n), weight: 1 }, { arbitrary: u64, weight: 4 }),
    }),
    { maxLength: 8 },
  );

const lessonStep = (ramFrames: number): fc.Arbitrary<LessonStep> =>
  fc
    .record(
      {
        text,
        va: u64.map((v) => v as VirtAddr),
        access: fc.constantFrom(...ACCESS_KINDS).map(accessOfKind),
        step: fc.integer({ min: 1, max: LIMITS.maxStep }),
        selection: fc.record({
          table: fc.record({
            addr: fc.integer({ min: 0, max: 2 ** 40 - 1 }).map((n) => (n * 4096) as PhysAddr),
            level: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, 5 as const),
          }),
          entryIndex: fc.option(fc.integer({ min: 0, max: 511 }), { nil: null }),
        }),
        registers: fc.record(
          { cr0: fc.integer({ min: 0, max: 0xffffffff }), cr3: fc.integer({ min: 0, max: 2 ** 36 - 1 }) },
          { requiredKeys: [] },
        ),
        writes: lessonWrites(ramFrames),
      },
      { requiredKeys: ["text"] },
    )
    .map((s) => s as LessonStep);

export const lessonArbitrary = (ramFrames: number): fc.Arbitrary<Lesson> =>
  fc.array(lessonStep(ramFrames), { minLength: 1, maxLength: 5 }).map((steps) => ({ steps }));

/** A valid scenario with a lesson, sometimes saved in the middle of it (`lessonStep`). */
export const scenarioWithLessonArbitrary: fc.Arbitrary<ScenarioState> = scenarioArbitrary.chain((s) =>
  lessonArbitrary(s.ramBytes / 4096).chain((lesson) =>
    fc
      .option(fc.integer({ min: 1, max: lesson.steps.length }), { nil: undefined })
      .map((at) => ({ ...s, lesson, ...(at === undefined ? {} : { lessonStep: at }) })),
  ),
);
