import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { indexAt, type VirtAddr } from "../../arch";
import { walk } from "../../walk";
import { checkScenario } from "../validate";
import { machineFromScenario, bookmarkRegisters } from "../scenario-machine";
import type { ScenarioState } from "../scenario-state";
import { loadPreset, presetMetaLookup, PRESETS, type Preset } from "./presets";
import { WORKED_EXAMPLE_VA } from "./worked-example";
import { TLB_PRESETS } from "./tlb-presets";

const publicDir = fileURLToPath(new URL("../../../../public/scenarios/", import.meta.url));
const diskFetch = (url: string) => {
  const name = url.split("/").pop() ?? "";
  const bytes = readFileSync(publicDir + name);
  return Promise.resolve({
    ok: true,
    status: 200,
    arrayBuffer: () =>
      Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
  });
};

async function stateOf(preset: Preset): Promise<ScenarioState> {
  const loaded = await loadPreset(preset.id, { fetch: diskFetch });
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

describe("presets", () => {
  it("have unique ids, a short explanation and at least one bookmark with a stated outcome", () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const p of PRESETS) {
      expect(p.meta.description.length, p.id).toBeGreaterThan(40);
      // The TLB lessons explain a whole trace: lesson-sized, not an example's two sentences.
      if (!TLB_PRESETS.includes(p))
        expect(
          p.meta.description.split(/[.!?](\s|$)/).filter((s) => s && s.trim()).length,
          p.id,
        ).toBeLessThanOrEqual(3);
      expect(p.meta.bookmarks.length, p.id).toBeGreaterThan(0);
      expect(p.outcomes.length, p.id).toBe(p.meta.bookmarks.length);
      expect(Boolean(p.build) !== Boolean(p.file), p.id).toBe(true);
    }
  });

  for (const preset of PRESETS) {
    it(`${preset.id}: every bookmark walks to its stated outcome`, async () => {
      const state = await stateOf(preset);
      expect(checkScenario(state)).toBeNull();
      expect(state.title).toBe(preset.meta.title);
      expect(state.bookmarks).toEqual(preset.meta.bookmarks);
      const machine = machineFromScenario(state);
      preset.meta.bookmarks.forEach((b, k) => {
        const result = walk(machine.ram, bookmarkRegisters(machine.regs, b.registers), b.va, b.access);
        const expected = preset.outcomes[k];
        const where = `${preset.id} bookmark ${k} (${b.note ?? ""})`;
        if (expected === undefined) throw new Error(where);
        if ("pa" in expected) {
          expect(result.verdict, where).toEqual({ ok: true });
          expect(result.translation.kind === "mapped" ? result.translation.pa : null, where).toBe(
            expected.pa,
          );
        } else {
          expect(result.verdict.ok, where).toBe(false);
          if (result.verdict.ok) return;
          expect(
            {
              exception: result.verdict.exception,
              errorCode: result.verdict.errorCode,
              cause: result.verdict.cause,
            },
            where,
          ).toEqual(expected);
        }
      });
    });
  }

  it("worked example: the post's indices, tables and physical address", async () => {
    const state = await stateOf(PRESETS.find((p) => p.id === "worked-example") as Preset);
    expect([4, 3, 2, 1].map((l) => indexAt(WORKED_EXAMPLE_VA, l as 1 | 2 | 3 | 4))).toEqual([1, 0, 511, 127]);
    const machine = machineFromScenario(state);
    const result = walk(machine.ram, machine.regs, WORKED_EXAMPLE_VA as VirtAddr, state.access);
    expect(result.steps.map((s) => s.tableAddr)).toEqual([0x1000, 0x4000, 0x6000, 0x8000]);
    expect(result.translation.kind === "mapped" && result.translation.pa).toBe(0x35ce);
    expect(state.registers.cr3).toBe(0x1000);
  });

  it("linux: the shipped file matches the golden fixture's frames and registers", async () => {
    const state = await stateOf(PRESETS.find((p) => p.id === "linux-6.1") as Preset);
    const fixture = JSON.parse(
      readFileSync(
        fileURLToPath(new URL("../../__fixtures__/oracle/linux-4l.golden.json", import.meta.url)),
        "utf8",
      ),
    ) as {
      registers: Record<string, string | number>;
      frames: Record<string, Record<string, string>>;
      cases: { va: string; expected: { pa?: string } }[];
    };
    expect(state.registers.cr3).toBe(Number(fixture.registers.cr3));
    // 64 of the 96 captured tables are still all zero (preallocated kernel PDPTs): sparse RAM leaves them out.
    const nonEmpty = Object.values(fixture.frames).filter((e) =>
      Object.values(e).some((v) => BigInt(v) !== 0n),
    );
    expect(Object.keys(fixture.frames).length).toBe(96);
    expect(state.frames.length).toBe(nonEmpty.length);
    for (const frame of state.frames) {
      const want = fixture.frames["0x" + frame.addr.toString(16)] ?? {};
      expect(Object.fromEntries(frame.entries.map(([i, v]) => [String(i), "0x" + v.toString(16)]))).toEqual(
        Object.fromEntries(Object.entries(want).filter(([, v]) => BigInt(v) !== 0n)),
      );
    }
    // Every translation QEMU reported holds in the preset too.
    const machine = machineFromScenario(state);
    for (const c of fixture.cases) {
      if (c.expected.pa === undefined) continue;
      const r = walk(machine.ram, machine.regs, BigInt(c.va) as VirtAddr, { op: "read", mode: "supervisor" });
      expect(r.translation.kind === "mapped" ? r.translation.pa : null, c.va).toBe(Number(c.expected.pa));
    }
  });
});

describe("presetMetaLookup (a share link names a preset instead of carrying its text)", () => {
  it("names each preset by its own text parts, and only by them", () => {
    for (const preset of PRESETS) {
      expect(presetMetaLookup.idOf(preset.meta), preset.id).toBe(preset.id);
      expect(presetMetaLookup.metaOf(preset.id)).toBe(preset.meta);
      // One changed part (a bookmark dropped, a description edited) is no preset's text any more.
      const edited = { ...preset.meta, description: `${preset.meta.description} (edited)` };
      expect(presetMetaLookup.idOf(edited), `${preset.id} edited`).toBeNull();
    }
    expect(presetMetaLookup.idOf({ ...PRESETS[0]!.meta, title: "My own tables" })).toBeNull();
    expect(presetMetaLookup.metaOf("no-such-preset")).toBeNull();
  });

  it("tells a lesson from the example it is built on (same tables, another title and steps)", () => {
    const lesson = PRESETS.find((p) => p.meta.lesson !== undefined);
    expect(lesson).toBeDefined();
    const withoutSteps = { ...lesson!.meta, lesson: { steps: lesson!.meta.lesson!.steps.slice(1) } };
    expect(presetMetaLookup.idOf(withoutSteps)).toBeNull();
  });
});
