import { describe, expect, it } from "vitest";
import { walk, type WalkResult } from "../../walk";
import { walkSteps } from "../../teach";
import { lessonScenarioAt } from "../lesson";
import { decodeScenarioLink, encodeScenarioLink } from "../link";
import { machineFromScenario } from "../scenario-machine";
import type { ScenarioState } from "../scenario-state";
import { checkScenario, parseScenario } from "../validate";
import { serializeScenario } from "../serialize";
import { faultGallery } from "./fault-gallery";
import {
  faultLesson,
  hugePagesLesson,
  LESSON_PRESETS,
  recursiveLesson,
  twoProcessesLesson,
  walkLesson,
} from "./lessons";
import type { Preset } from "./types";

const noPresets = { idOf: () => null, metaOf: () => null };
const build = (p: Preset): ScenarioState => (p.build as () => ScenarioState)();

/** The walk the learner sees at step k of a lesson. */
function walkAt(p: Preset, k: number): WalkResult {
  const s = lessonScenarioAt(build(p), k);
  const m = machineFromScenario(s);
  return walk(m.ram, m.regs, s.va, s.access);
}

const pa = (r: WalkResult): number | null => (r.translation.kind === "mapped" ? r.translation.pa : null);
const fault = (r: WalkResult) =>
  r.verdict.ok ? null : { code: r.verdict.errorCode, cause: r.verdict.cause, level: r.verdict.level };

describe("shipped lessons", () => {
  it("five lessons, each valid, with at least five steps whose stepper positions exist", () => {
    expect(LESSON_PRESETS.map((p) => p.id)).toEqual([
      "lesson-walk",
      "lesson-huge-pages",
      "lesson-recursive",
      "lesson-two-processes",
      "lesson-faults",
    ]);
    for (const p of LESSON_PRESETS) {
      const s = build(p);
      expect(checkScenario(s), p.id).toBeNull();
      const steps = s.lesson?.steps ?? [];
      expect(steps.length, p.id).toBeGreaterThanOrEqual(5);
      steps.forEach((step, i) => {
        expect(step.text.length, `${p.id} step ${i + 1}`).toBeGreaterThan(20);
        const at = lessonScenarioAt(s, i + 1);
        expect(checkScenario(at), `${p.id} step ${i + 1}`).toBeNull();
        if (at.step !== undefined) {
          const m = machineFromScenario(at);
          const count = walkSteps(walk(m.ram, m.regs, at.va, at.access), { accessedDirty: false }).length;
          expect(at.step, `${p.id} step ${i + 1}`).toBeLessThanOrEqual(count);
        }
      });
    }
  });

  it("how a walk works: the write faults until the lesson sets R/W in PT[127]", () => {
    expect(pa(walkAt(walkLesson, 4))).toBe(0x35ce);
    expect(fault(walkAt(walkLesson, 5))).toEqual({ code: 0x3, cause: "RW", level: 1 });
    expect(walkAt(walkLesson, 6).verdict).toEqual({ ok: true });
    expect(pa(walkAt(walkLesson, 6))).toBe(0x35ce);
  });

  it("huge pages: the walk stops at the PD; with PS cleared it reads a zero PT and faults", () => {
    const first = walkAt(hugePagesLesson, 1);
    expect(first.steps.length).toBe(3);
    expect(pa(first)).toBe(0xb8000);
    expect(pa(walkAt(hugePagesLesson, 3))).toBe(0x1234_5678);
    expect(fault(walkAt(hugePagesLesson, 4))).toEqual({ code: 0, cause: "P", level: 1 });
    expect(fault(walkAt(hugePagesLesson, 5))).toEqual({ code: 0, cause: "P", level: 3 });
  });

  it("recursive mapping: user code reads its own PML4 only once the lesson sets U/S in PML4[510]", () => {
    expect(pa(walkAt(recursiveLesson, 2))).toBe(0x1000);
    expect(fault(walkAt(recursiveLesson, 5))?.code).toBe(0x5);
    expect(walkAt(recursiveLesson, 6).verdict).toEqual({ ok: true });
    expect(pa(walkAt(recursiveLesson, 6))).toBe(0x1000);
  });

  it("two processes: one VA, two frames; one kernel change, seen by both", () => {
    expect(pa(walkAt(twoProcessesLesson, 1))).toBe(0x60_0000);
    expect(pa(walkAt(twoProcessesLesson, 2))).toBe(0x70_0000);
    expect(pa(walkAt(twoProcessesLesson, 3))).toBe(0x20_1234);
    expect(pa(walkAt(twoProcessesLesson, 4))).toBe(0x20_1234);
    expect(fault(walkAt(twoProcessesLesson, 5))?.code).toBe(0x3);
    // Process A's own PML4 was not written: the change is in the shared kernel table.
    const s = lessonScenarioAt(build(twoProcessesLesson), 5);
    const m = machineFromScenario({ ...s, registers: { ...s.registers, cr3: 0x1000 } });
    const inA = walk(m.ram, m.regs, s.va, s.access);
    expect(fault(inA)?.code).toBe(0x3);
  });

  it("why does this fault: a question and an answer per access of the gallery, with its outcome", () => {
    const steps = build(faultLesson).lesson?.steps ?? [];
    expect(steps.length).toBe(2 * faultGallery.meta.bookmarks.length);
    faultGallery.outcomes.forEach((outcome, k) => {
      const question = walkAt(faultLesson, 2 * k + 1);
      const answer = walkAt(faultLesson, 2 * k + 2);
      expect(answer.va).toBe(question.va);
      if ("pa" in outcome) {
        expect(pa(answer)).toBe(outcome.pa);
        expect(steps[2 * k]?.text).toMatch(/^\*\*Why does this not fault\?\*\*/);
      } else {
        expect(answer.verdict.ok ? null : answer.verdict.errorCode).toBe(outcome.errorCode);
        expect(steps[2 * k]?.text).toMatch(/^\*\*Why does this fault\?\*\*/);
      }
      expect(steps[2 * k + 1]?.text).toBe(faultGallery.meta.bookmarks[k]?.note);
    });
  });

  it("each lesson survives a file and a link, by preset id or written out", async () => {
    for (const p of LESSON_PRESETS) {
      const s = { ...build(p), lessonStep: 2 };
      const file = parseScenario(serializeScenario(s));
      expect(file.ok && file.value, p.id).toEqual(s);
      const byId = await encodeScenarioLink(s);
      const inline = await encodeScenarioLink(s, noPresets);
      expect(byId.length, p.id).toBeLessThan(inline.length);
      const back = await decodeScenarioLink(byId);
      expect(back.ok && back.value, p.id).toEqual(s);
      const backInline = await decodeScenarioLink(inline, noPresets);
      expect(backInline.ok && backInline.value, p.id).toEqual(s);
    }
  });
});
