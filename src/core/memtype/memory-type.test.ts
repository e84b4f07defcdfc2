import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_PAT, DEFAULT_PAT_TYPES, parsePat, patIndex, patTypes } from "./memory-type";

describe("IA32_PAT", () => {
  it("the power-on value is WB, WT, UC-, UC twice (SDM Table 11-12)", () => {
    expect(DEFAULT_PAT).toBe(0x0007040600070406n);
    expect(DEFAULT_PAT_TYPES).toEqual(["WB", "WT", "UC-", "UC", "WB", "WT", "UC-", "UC"]);
  });

  it("decodes Linux's PAT (WB, WC, UC-, UC, WB, WP, UC-, WT)", () => {
    const linux = patTypes(0x0407050600070106n);
    expect(linux.ok && linux.value).toEqual(["WB", "WC", "UC-", "UC", "WB", "WP", "UC-", "WT"]);
  });

  it("refuses a reserved encoding in any byte, naming the byte", () => {
    const two = parsePat("0x0007040600070206");
    expect(two.ok).toBe(false);
    if (!two.ok) expect(two.error.message).toMatch(/byte 1 \(PA1\) is 0x2, a reserved encoding/);
    const high = parsePat("0x0807040600070406");
    expect(!high.ok && high.error.message).toMatch(/byte 7 \(PA7\) is 0x8/);
    expect(parsePat("zz").ok).toBe(false);
    expect(parsePat("0x1_0000_0000_0000_0000").ok).toBe(false);
  });

  it("accepts exactly the values whose bytes are all valid encodings", () => {
    const valid = new Set([0, 1, 4, 5, 6, 7]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 }), (bytes) => {
        const value = bytes.reduce((acc, b, i) => acc | (BigInt(b) << BigInt(8 * i)), 0n);
        expect(patTypes(value).ok).toBe(bytes.every((b) => valid.has(b)));
      }),
    );
  });
});

describe("patIndex (SDM Table 11-11)", () => {
  it("reads PWT, PCD and bit 7 of a PTE", () => {
    expect(patIndex(0x003, 1)).toBe(0);
    expect(patIndex(0x00b, 1)).toBe(1); // PWT
    expect(patIndex(0x013, 1)).toBe(2); // PCD
    expect(patIndex(0x083, 1)).toBe(4); // PAT = bit 7
    expect(patIndex(0x09b, 1)).toBe(7);
    expect(patIndex(0x1003, 1)).toBe(0); // bit 12 is address in a PTE
  });

  it("reads bit 12, not bit 7 (PS), of a 2 MiB or 1 GiB leaf", () => {
    expect(patIndex(0x083, 2)).toBe(0);
    expect(patIndex(0x1083, 2)).toBe(4);
    expect(patIndex(0x109b, 3)).toBe(7);
  });
});
