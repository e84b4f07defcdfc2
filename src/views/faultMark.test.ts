import { describe, expect, it } from "vitest";
import { LEVEL_TABLE_NAMES } from "../core/arch";
import { bookmarkRegisters, machineFromScenario, presetById } from "../core/scenario";
import { walk, type WalkResult } from "../core/walk";
import { faultFieldText, faultMarkOf } from "./faultMark";

/** Every bookmark of the fault gallery walked: one per fault kind. */
function galleryWalks(): WalkResult[] {
  const preset = presetById("fault-gallery");
  if (!preset?.build) throw new Error("fault gallery");
  const state = preset.build();
  const machine = machineFromScenario(state);
  return state.bookmarks.map((b) =>
    walk(machine.ram, bookmarkRegisters(state.registers, b.registers), b.va, b.access),
  );
}

describe("fault marks", () => {
  it("name the field of each cause, and nothing for #GP or a successful access", () => {
    const byCause = new Map<string, string | null>();
    for (const r of galleryWalks())
      byCause.set(r.verdict.ok ? "ok" : r.verdict.cause, faultFieldText(r.verdict));
    expect(Object.fromEntries(byCause)).toEqual({
      P: "P = 0",
      RW: "R/W = 0",
      ok: null,
      US: "U/S = 0",
      XD: "XD = 1",
      SMEP: "SMEP, supervisor fetch from a user page",
      SMAP: "SMAP, supervisor data access to a user page",
      RSVD: "reserved bits",
      PK: "PKRU denies the page's protection key",
      canonical: null,
    });
  });

  it("sit on the entry of the level the verdict names, and are the same object for the same walk", () => {
    for (const r of galleryWalks()) {
      const mark = faultMarkOf(r);
      expect(faultMarkOf(r)).toBe(mark);
      const v = r.verdict;
      if (v.ok || v.level === null) {
        expect(mark).toBeNull();
        continue;
      }
      const level = v.level;
      const step = r.steps.find((s) => s.level === level);
      expect(mark).toEqual({
        tableAddr: step?.tableAddr,
        level,
        index: step?.index,
        label: `fault: ${faultFieldText(v)}`,
        entryName: `${LEVEL_TABLE_NAMES[level]}[${step?.index}]`,
      });
    }
  });
});
