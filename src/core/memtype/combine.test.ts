import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { combineMemoryTypes, type MtrrType } from "./combine";
import { MEMORY_TYPES, type MemoryType } from "./memory-type";

// SDM vol. 3A Table 11-7, row by row: [MTRR type, PAT type, effective type].
const SDM_TABLE_11_7: readonly [MtrrType, MemoryType, MemoryType][] = [
  ["UC", "UC", "UC"],
  ["UC", "UC-", "UC"],
  ["UC", "WC", "WC"],
  ["UC", "WT", "UC"],
  ["UC", "WB", "UC"],
  ["UC", "WP", "UC"],
  ["WC", "UC", "UC"],
  ["WC", "UC-", "WC"],
  ["WC", "WC", "WC"],
  ["WC", "WT", "UC"],
  ["WC", "WB", "WC"],
  ["WC", "WP", "UC"],
  ["WT", "UC", "UC"],
  ["WT", "UC-", "UC"],
  ["WT", "WC", "WC"],
  ["WT", "WT", "WT"],
  ["WT", "WB", "WT"],
  ["WT", "WP", "WP"],
  ["WB", "UC", "UC"],
  ["WB", "UC-", "UC"],
  ["WB", "WC", "WC"],
  ["WB", "WT", "WT"],
  ["WB", "WB", "WB"],
  ["WB", "WP", "WP"],
  ["WP", "UC", "UC"],
  ["WP", "UC-", "WC"],
  ["WP", "WC", "WC"],
  ["WP", "WT", "WT"],
  ["WP", "WB", "WP"],
  ["WP", "WP", "WP"],
];

const MTRR_TYPES: readonly MtrrType[] = ["UC", "WC", "WT", "WP", "WB"];

describe("combineMemoryTypes (SDM Table 11-7)", () => {
  it.each(SDM_TABLE_11_7)("MTRR %s with PAT %s is %s", (mtrr, pat, effective) => {
    expect(combineMemoryTypes(mtrr, pat)).toBe(effective);
  });

  it("the table above covers every pair once", () => {
    const pairs = new Set(SDM_TABLE_11_7.map(([m, p]) => `${m}/${p}`));
    expect(pairs.size).toBe(MTRR_TYPES.length * MEMORY_TYPES.length);
  });

  it("never yields UC- (the MTRRs always resolve it) and never caches more than either side allows", () => {
    // Reference: the rules of §11.5.2.2 stated plainly rather than as a table.
    const reference = (mtrr: MtrrType, pat: MemoryType): MemoryType => {
      if (pat === "WC") return "WC"; // the PAT's WC always wins
      if (pat === "UC") return "UC";
      if (pat === "UC-") return mtrr === "WC" || mtrr === "WP" ? "WC" : "UC";
      if (mtrr === "UC") return "UC";
      if (pat === "WB") return mtrr; // a WB page takes the MTRR's type
      if (mtrr === "WC") return "UC"; // WT or WP pages in a WC range
      if (mtrr === "WB") return pat;
      if (mtrr === "WT") return pat === "WP" ? "WP" : "WT";
      return pat === "WT" ? "WT" : "WP"; // WP range
    };
    fc.assert(
      fc.property(fc.constantFrom(...MTRR_TYPES), fc.constantFrom(...MEMORY_TYPES), (mtrr, pat) => {
        const effective = combineMemoryTypes(mtrr, pat);
        expect(effective).not.toBe("UC-");
        expect(effective).toBe(reference(mtrr, pat));
      }),
    );
  });
});
