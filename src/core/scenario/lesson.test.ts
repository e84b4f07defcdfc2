import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accessOfKind, type PhysAddr, type VirtAddr } from "../arch";
import { scenarioArbitrary } from "./__fixtures__/scenario-arbitrary";
import { lessonWrites, scenarioWithLessonArbitrary } from "./__fixtures__/lesson-arbitrary";
import {
  applyLessonWrites,
  lessonOpening,
  lessonScenarioAt,
  lessonWritesBetween,
  type Lesson,
} from "./lesson";
import { decodeScenarioLink, encodeScenarioLink, MAX_LINK_LENGTH } from "./link";
import { workedExample } from "./presets/worked-example";
import type { ScenarioFrame, ScenarioState } from "./scenario-state";
import { serializeScenario } from "./serialize";
import { checkScenario, parseScenario } from "./validate";

const noPresets = { idOf: () => null, metaOf: () => null };
const worked = (): ScenarioState => (workedExample.build as () => ScenarioState)();

/** The reference model of RAM: one map "frame:index" → value, zero meaning absent. */
function model(frames: readonly ScenarioFrame[]): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const f of frames) for (const [i, v] of f.entries) m.set(`${f.addr}:${i}`, v);
  return m;
}

function refusal(state: unknown): string {
  const r = parseScenario(state);
  if (r.ok) throw new Error("expected a refusal");
  return r.error.message;
}

const lessonDoc = (lesson: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...(JSON.parse(serializeScenario(worked())) as Record<string, unknown>),
  lesson,
  ...extra,
});

describe("lesson entry writes", () => {
  it("applying writes agrees with the reference model, and the frames stay canonical (property)", () => {
    fc.assert(
      fc.property(
        scenarioArbitrary.chain((s) => fc.tuple(fc.constant(s), lessonWrites(s.ramBytes / 4096))),
        ([s, writes]) => {
          const expected = model(s.frames);
          for (const w of writes) {
            if (w.value === 0n) expected.delete(`${w.frame}:${w.index}`);
            else expected.set(`${w.frame}:${w.index}`, w.value);
          }
          const out = applyLessonWrites(s.frames, writes);
          expect(model(out)).toEqual(expected);
          // Canonical: frames ascending, each with ascending, non-zero entries.
          expect(out.map((f) => f.addr)).toEqual([...out.map((f) => f.addr)].sort((x, y) => x - y));
          for (const f of out) {
            expect(f.entries.length).toBeGreaterThan(0);
            expect(
              f.entries.every(
                ([i, v], k) => v !== 0n && (k === 0 || i > (f.entries[k - 1] as [number, bigint])[0]),
              ),
            ).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the writes between two machines turn the first into the second (property)", () => {
    fc.assert(
      fc.property(scenarioArbitrary, scenarioArbitrary, (a, b) => {
        const writes = lessonWritesBetween(a.frames, b.frames);
        expect(applyLessonWrites(a.frames, writes)).toEqual(b.frames);
        expect(lessonWritesBetween(b.frames, b.frames)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("lesson steps", () => {
  const base = worked();
  const va2 = 0x80_3fe0_0000n as VirtAddr;
  const lesson: Lesson = {
    steps: [
      { text: "The walk." },
      {
        text: "Another page.",
        va: va2,
        access: accessOfKind("userRead"),
        step: 3,
        selection: { table: { addr: 0x4000 as PhysAddr, level: 3 }, entryIndex: 0 },
      },
      { text: "Set U/S in PDPT[0].", writes: [{ frame: 0x4000, index: 0, value: 0x6007n }] },
      { text: "WP off.", registers: { cr0: 0x80000001 } },
    ],
  };
  const s: ScenarioState = { ...base, lesson };

  it("step k has the writes of steps 1…k, the VA and access of the last step that set them", () => {
    const at1 = lessonScenarioAt(s, 1);
    expect(at1.va).toBe(base.va);
    expect(at1.selection).toBeNull();
    expect(at1.lessonStep).toBe(1);
    const at2 = lessonScenarioAt(s, 2);
    expect([at2.va, at2.step, at2.selection?.entryIndex]).toEqual([va2, 3, 0]);
    const at3 = lessonScenarioAt(s, 3);
    expect(at3.va).toBe(va2); // carried over
    expect(at3.step).toBeUndefined(); // not carried over
    expect(model(at3.frames).get("16384:0")).toBe(0x6007n);
    expect(model(lessonScenarioAt(s, 2).frames).get("16384:0")).toBe(0x6003n); // not yet written
    const at4 = lessonScenarioAt(s, 4);
    expect(model(at4.frames).get("16384:0")).toBe(0x6007n); // writes are cumulative
    expect(at4.registers.cr0).toBe(0x80000001);
    expect(lessonScenarioAt(s, 3).registers.cr0).toBe(base.registers.cr0); // registers are per step
  });

  it("refuses a step outside the lesson", () => {
    expect(() => lessonScenarioAt(s, 5)).toThrow(/1–4/);
    expect(() => lessonScenarioAt(base, 1)).toThrow();
  });

  it("opens at step 1 as the step sets it, or at the saved step with the saved view", () => {
    expect(lessonOpening(s).lessonStep).toBe(1);
    const saved = { ...s, lessonStep: 3, va: 0x1234n as VirtAddr, step: 2 };
    const opened = lessonOpening(saved);
    expect([opened.lessonStep, opened.va, opened.step]).toEqual([3, 0x1234n, 2]);
    expect(model(opened.frames).get("16384:0")).toBe(0x6007n);
  });

  it("every step's scenario is valid (property)", () => {
    fc.assert(
      fc.property(scenarioWithLessonArbitrary, (state) => {
        const steps = state.lesson?.steps.length ?? 0;
        for (let k = 1; k <= steps; k++) expect(checkScenario(lessonScenarioAt(state, k))).toBeNull();
      }),
      { numRuns: 60 },
    );
  });
});

describe("lessons in files and links", () => {
  it("state → JSON → state is exact with a lesson (property)", () => {
    fc.assert(
      fc.property(scenarioWithLessonArbitrary, (state) => {
        expect(checkScenario(state)).toBeNull();
        const back = parseScenario(serializeScenario(state));
        if (!back.ok) throw new Error(back.error.message);
        expect(back.value).toEqual(state);
      }),
      { numRuns: 150 },
    );
  });

  it("state → link → state is exact with a lesson (property)", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioWithLessonArbitrary, async (state) => {
        const link = await encodeScenarioLink(state, noPresets);
        if (link.length > MAX_LINK_LENGTH) return;
        const back = await decodeScenarioLink(link, noPresets);
        if (!back.ok) throw new Error(back.error.message);
        expect(back.value).toEqual(state);
      }),
      { numRuns: 120 },
    );
  });

  it("a scenario without a lesson writes no lesson fields", () => {
    expect(serializeScenario(worked())).not.toMatch(/lesson/);
  });

  it("refuses a broken lesson naming the field", () => {
    expect(refusal(lessonDoc({ steps: [] }))).toBe("lesson.steps: must hold at least one step");
    expect(refusal(lessonDoc({ steps: [{ text: 3 }] }))).toMatch(
      /^lesson\.steps\[0\]\.text: must be a string/,
    );
    expect(refusal(lessonDoc({ steps: [{ text: "a", colour: 1 }] }))).toMatch(
      /^lesson\.steps\[0\]: unknown field "colour"/,
    );
    expect(
      refusal(
        lessonDoc({ steps: [{ text: "a", writes: [{ frame: "0x2000000", entry: 0, value: "0x1" }] }] }),
      ),
    ).toBe("lesson.steps[0].writes[0].frame: outside RAM (RAM ends at 0x1000000)");
    expect(
      refusal(lessonDoc({ steps: [{ text: "a", writes: [{ frame: "0x1000", entry: 512, value: "0x1" }] }] })),
    ).toMatch(/^lesson\.steps\[0\]\.writes\[0\]\.entry: must be an entry index 0–511/);
    expect(refusal(lessonDoc({ steps: [{ text: "a" }] }, { lessonStep: 2 }))).toBe(
      "lessonStep: 2 is not a step of the lesson (1–1)",
    );
    expect(refusal(lessonDoc(undefined, { lessonStep: 1 }))).toBe(
      "lessonStep: is given but the scenario has no lesson",
    );
    expect(refusal(lessonDoc({ steps: [{ text: "a", registers: { maxPhyAddr: 60 } }] }))).toMatch(
      /^lesson\.steps\[0\]\.registers: /,
    );
  });

  it("a hand-written lesson opens as written", () => {
    const r = parseScenario(
      lessonDoc({
        steps: [
          { text: "Start." },
          {
            text: "Clear P.",
            va: "0x803fe00000",
            access: "userWrite",
            writes: [{ frame: "0x8000", entry: 0, value: "0x0" }],
          },
        ],
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    const at2 = lessonScenarioAt(r.value, 2);
    expect(model(at2.frames).has("32768:0")).toBe(false);
    expect(at2.access).toEqual(accessOfKind("userWrite"));
  });
});
