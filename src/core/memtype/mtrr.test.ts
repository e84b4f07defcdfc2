import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { MtrrType } from "./combine";
import { mtrrTypeAt, mtrrTypeOfPage, type Mtrrs } from "./mtrr";
import { mtrrsToJson, parseMtrrJson, parseMtrrText } from "./mtrr-file";
import { memoryTypeResolver, trustedResolver } from "./effective-type";

// A PC-like layout: RAM WB below 2 GiB, an MMIO hole UC, a framebuffer WC at 0xe0000000, the
// legacy VGA window UC in the fixed ranges.
const PC: Mtrrs = {
  enabled: true,
  defaultType: "UC",
  fixed: [
    { start: 0, end: 0xa0000, type: "WB" },
    { start: 0xa0000, end: 0xc0000, type: "UC" },
    { start: 0xc0000, end: 0x100000, type: "WP" },
  ],
  variable: [
    { base: 0, size: 0x80000000, type: "WB" },
    { base: 0xe0000000, size: 0x1000000, type: "WC" },
    { base: 0x7fe00000, size: 0x200000, type: "UC" },
  ],
};

describe("mtrrTypeAt (SDM §11.11.4.1)", () => {
  it("fixed ranges win below 1 MiB, variable ranges above, the default elsewhere", () => {
    expect(mtrrTypeAt(PC, 0x1000)).toBe("WB");
    expect(mtrrTypeAt(PC, 0xb8000)).toBe("UC"); // fixed, though variable[0] says WB
    expect(mtrrTypeAt(PC, 0xf0000)).toBe("WP");
    expect(mtrrTypeAt(PC, 0x100000)).toBe("WB");
    expect(mtrrTypeAt(PC, 0xe0001000)).toBe("WC");
    expect(mtrrTypeAt(PC, 0xf0000000)).toBe("UC");
  });

  it("overlapping variable ranges: UC wins, WT beats WB", () => {
    expect(mtrrTypeAt(PC, 0x7fe00000)).toBe("UC");
    const wt: Mtrrs = {
      ...PC,
      variable: [...PC.variable, { base: 0x40000000, size: 0x40000000, type: "WT" }],
    };
    expect(mtrrTypeAt(wt, 0x40000000)).toBe("WT");
    expect(mtrrTypeAt(wt, 0x3ffff000)).toBe("WB");
  });

  it("with the fixed ranges off, the first MiB follows the variable ranges; with E = 0 all is UC", () => {
    expect(mtrrTypeAt({ ...PC, fixed: null }, 0xb8000)).toBe("WB");
    expect(mtrrTypeAt({ ...PC, enabled: false }, 0x1000)).toBe("UC");
  });

  it("agrees with a byte-by-byte reference on random layouts", () => {
    const types: MtrrType[] = ["UC", "WB"];
    const layout = fc.record({
      defaultType: fc.constantFrom(...types),
      variable: fc.array(
        fc
          .tuple(fc.integer({ min: 12, max: 20 }), fc.integer({ min: 0, max: 31 }), fc.constantFrom(...types))
          .map(([shift, slot, type]) => ({ base: (slot << shift) % (1 << 21), size: 1 << shift, type })),
        { maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(layout, fc.integer({ min: 0, max: (1 << 21) - 1 }), (l, pa) => {
        const mtrrs: Mtrrs = { enabled: true, defaultType: l.defaultType, fixed: null, variable: l.variable };
        const covering = l.variable.filter((v) => pa >= v.base && pa < v.base + v.size).map((v) => v.type);
        const expected = covering.length === 0 ? l.defaultType : covering.includes("UC") ? "UC" : "WB";
        expect(mtrrTypeAt(mtrrs, pa)).toBe(expected);
      }),
    );
  });
});

describe("mtrrTypeOfPage", () => {
  it("a 2 MiB page inside one range has its type; one across a boundary is mixed (shown as UC)", () => {
    expect(mtrrTypeOfPage(PC, 0x200000, 0x200000)).toEqual({ type: "WB", mixed: false });
    expect(mtrrTypeOfPage(PC, 0x0, 0x200000)).toEqual({ type: "UC", mixed: true }); // WB, UC and WP fixed
    expect(mtrrTypeOfPage(PC, 0x40000000, 0x40000000)).toEqual({ type: "UC", mixed: true }); // the UC hole
    expect(mtrrTypeOfPage(PC, 0xe0000000, 0x200000)).toEqual({ type: "WC", mixed: false });
  });
});

describe("the effective type of a leaf", () => {
  it("combines the PAT entry with the MTRR range", () => {
    const r = trustedResolver({ pat: 0x0007040600070406n, mtrrs: PC });
    expect(r.typeOf(0x003, 1, 0x200000, 4096)).toBe("WB");
    expect(r.typeOf(0x003, 1, 0xf0000000, 4096)).toBe("UC"); // WB page over a UC range
    expect(r.typeOf(0x013, 1, 0xe0000000, 4096)).toBe("WC"); // UC- page over a WC range
    expect(r.verdict(0x013, 1, 0x200000, 4096)).toEqual({
      type: "UC",
      patIndex: 2,
      patType: "UC-",
      mtrrType: "WB",
      mtrrMixed: false,
    });
    const noMtrr = trustedResolver({ pat: 0x0007040600070406n, mtrrs: null });
    expect(noMtrr.typeOf(0x013, 1, 0xe0000000, 4096)).toBe("UC-");
  });

  it("refuses a PAT with a reserved encoding", () => {
    expect(memoryTypeResolver({ pat: 0x0207040600070406n, mtrrs: null }).ok).toBe(false);
  });
});

describe("the MTRR file", () => {
  it("reads what mtrrsToJson writes", () => {
    const parsed = parseMtrrText(JSON.stringify(mtrrsToJson(PC)));
    expect(parsed).toEqual({ ok: true, value: PC });
  });

  it.each([
    ["[1]", /mtrr: must be an object/],
    ["{", /not JSON/],
    // JSON.parse's words quote the text: on one line, the quote whole.
    ["not json\n", /^The MTRR file is not JSON \(Unexpected token 'o', "not json " is not valid JSON\)\.$/],
    ['{"default": "UC-"}', /mtrr\.default: "UC-" is not an MTRR type/],
    ['{"colour": 1}', /unknown field "colour"/],
    [
      '{"variable": [{"base": "0x1000", "size": "0x3000", "type": "WB"}]}',
      /variable\[0\]\.size: 0x3000 is not a power of two/,
    ],
    [
      '{"variable": [{"base": "0x1000", "size": "0x2000", "type": "WB"}]}',
      /variable\[0\]\.base: 0x1000 is not a multiple of the size 0x2000/,
    ],
    [
      '{"variable": [{"base": 4096, "size": "0x1000", "type": "WB"}]}',
      /variable\[0\]\.base: must be a hex string/,
    ],
    [
      '{"variable": [{"base": "0x0", "size": "0x100000", "type": "WB"}, {"base": "0x0", "size": "0x1000", "type": "WC"}]}',
      /variable\[1\].*overlap as WC and WB/,
    ],
    [
      '{"fixed": [{"start": "0x0", "end": "0x8000", "type": "WB"}]}',
      /fixed\[0\]: 0x0–0x8000 does not fall on the fixed ranges' boundaries/,
    ],
    ['{"fixed": [{"start": "0x0", "end": "0x200000", "type": "WB"}]}', /need start < end ≤ 0x100000/],
    [
      '{"fixed": [{"start": "0x0", "end": "0x80000", "type": "WB"}, {"start": "0x70000", "end": "0x90000", "type": "UC"}]}',
      /fixed\[1\]: overlaps/,
    ],
    ['{"enabled": "yes"}', /mtrr\.enabled: must be true or false/],
  ])("refuses %s with a message that names the field", (text, message) => {
    const parsed = parseMtrrText(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(message);
  });

  it("accepts WT over WB and UC over anything", () => {
    const parsed = parseMtrrJson(
      {
        variable: [
          { base: "0x0", size: "0x100000", type: "WB" },
          { base: "0x0", size: "0x1000", type: "WT" },
          { base: "0x1000", size: "0x1000", type: "UC" },
        ],
      },
      "mtrr",
    );
    expect(parsed.ok).toBe(true);
  });
});
