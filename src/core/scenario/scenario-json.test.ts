import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { scenarioArbitrary } from "./__fixtures__/scenario-arbitrary";
import { scenarioDocument, serializeScenario } from "./serialize";
import { machineFromScenario, scenarioFromMachine } from "./scenario-machine";
import { workedExample } from "./presets/worked-example";
import { checkScenario, parseScenario } from "./validate";

const worked = (workedExample.build as () => ReturnType<NonNullable<typeof workedExample.build>>)();

/** The worked example's document, to break one field at a time. */
const doc = (): Record<string, unknown> => JSON.parse(serializeScenario(worked)) as Record<string, unknown>;

function messageOf(input: unknown): string {
  const r = parseScenario(input);
  if (r.ok) throw new Error("expected a refusal");
  return r.error.message;
}

describe("scenario file format", () => {
  it("state → JSON → state gives back exactly the same state (property)", () => {
    fc.assert(
      fc.property(scenarioArbitrary, (state) => {
        expect(checkScenario(state)).toBeNull();
        const back = parseScenario(serializeScenario(state));
        if (!back.ok) throw new Error(back.error.message);
        expect(back.value).toEqual(state);
        expect(serializeScenario(back.value)).toBe(serializeScenario(state));
      }),
      { numRuns: 150 },
    );
  });

  it("state → machine → state is exact too", () => {
    fc.assert(
      fc.property(scenarioArbitrary, (state) => {
        const machine = machineFromScenario(state);
        const again = scenarioFromMachine(machine, state, state);
        expect(again).toEqual(state);
      }),
      { numRuns: 60 },
    );
  });

  it("writes the documented shape", () => {
    const d = scenarioDocument(worked);
    expect(d.format).toBe("pagewalk-scenario");
    expect(d.version).toBe(1);
    expect(d.registers).toEqual({
      cr0: "0x80010001",
      cr3: "0x1000",
      cr4: "0x20",
      efer: "0xd00",
      pkru: "0x0",
      rflags: "0x0",
      maxPhyAddr: 52,
    });
    expect((d.frames as Record<string, unknown>)["0x8000"]).toEqual({ "0": "0x9003", "127": "0x3001" });
    expect(d.allocator).toEqual({ first: "0xa000", end: "0x1000000", next: "0xa000", free: [] });
    expect(d.access).toBe("supRead");
  });

  it("refuses newer versions and foreign documents with one clear sentence", () => {
    expect(messageOf({ ...doc(), version: 7 })).toBe(
      "This scenario was made by a newer Pagewalk (format version 7); this version reads version 1.",
    );
    expect(messageOf({ ...doc(), version: 0 })).toBe("version: must be 1, got the number 0");
    expect(messageOf({ ...doc(), format: "other" })).toMatch(/not a Pagewalk scenario/);
    expect(messageOf([])).toMatch(/not a Pagewalk scenario/);
    expect(messageOf("")).toMatch(/not valid JSON/);
    expect(messageOf("{")).toMatch(/not valid JSON/);
  });

  it("names the field of every bad value", () => {
    const cases: [(d: Record<string, unknown>) => void, string][] = [
      [
        (d) => ((d.frames as Record<string, unknown>)["0x1001"] = { "0": "0x1" }),
        'frames["0x1001"]: not 4 KiB aligned',
      ],
      [
        (d) => ((d.frames as Record<string, unknown>)["0x2000000"] = { "0": "0x1" }),
        'frames["0x2000000"]: outside RAM (RAM ends at 0x1000000)',
      ],
      [
        (d) => ((d.frames as Record<string, unknown>)["0x2000"] = { "512": "0x1" }),
        'frames["0x2000"]["512"]: entry index must be a decimal number 0–511',
      ],
      [
        (d) => ((d.frames as Record<string, unknown>)["0x2000"] = { "01": "0x1" }),
        'frames["0x2000"]["01"]: entry index must be a decimal number 0–511',
      ],
      [
        (d) => ((d.frames as Record<string, unknown>)["0x2000"] = { "1": "0x10000000000000000" }),
        'frames["0x2000"]["1"]: "0x10000000000000000" does not fit in 64 bits',
      ],
      [
        (d) => ((d.frames as Record<string, unknown>)["0x2000"] = { "1": -1 }),
        'frames["0x2000"]["1"]: must be a hex string like "0x1000", got the number -1',
      ],
      [
        (d) => ((d.frames as Record<string, unknown>)["0x2000"] = { "1": "12" }),
        'frames["0x2000"]["1"]: "12" is not a hex string like "0x1000"',
      ],
      [
        (d) => ((d.frames as Record<string, unknown>)["zz"] = {}),
        'frames["zz"]: "zz" is not a hex string like "0x1000"',
      ],
      [
        (d) => ((d.registers as Record<string, unknown>).cr3 = "0x10000000000000"),
        'registers.cr3: "0x10000000000000" is wider than 52 bits',
      ],
      [
        (d) => ((d.registers as Record<string, unknown>).cr0 = "0x100000000"),
        'registers.cr0: "0x100000000" is wider than 32 bits',
      ],
      [
        (d) => ((d.registers as Record<string, unknown>).maxPhyAddr = 60),
        "registers: MAXPHYADDR must be between 36 and 52, got 60.",
      ],
      [(d) => delete (d.registers as Record<string, unknown>).cr4, "registers.cr4: is missing"],
      [(d) => (d.ramBytes = "0x1001"), "ramBytes: must be a multiple of 4 KiB"],
      [(d) => (d.ramBytes = "0x800000000"), "ramBytes: 0x800000000 is more than the 16 GiB limit"],
      [
        (d) => (d.allocator = { first: "0x2000", end: "0x1000", next: "0x2000", free: [] }),
        "allocator: needs first ≤ next ≤ end, got first 0x2000, next 0x2000, end 0x1000",
      ],
      [
        (d) => (d.allocator = { first: "0xa000", end: "0x2000000", next: "0xa000", free: [] }),
        "allocator.end: 0x2000000 is past the end of RAM (0x1000000)",
      ],
      [
        (d) => (d.allocator = { first: "0xa000", end: "0x1000000", next: "0xb000", free: ["0xc000"] }),
        "allocator.free[0]: 0xc000 was never handed out (must be in first … next)",
      ],
      [
        (d) =>
          (d.allocator = { first: "0xa000", end: "0x1000000", next: "0xb000", free: ["0xa000", "0xa000"] }),
        "allocator.free[1]: 0xa000 is listed twice",
      ],
      [
        (d) => (d.access = "sudo"),
        'access: "sudo" is not one of supRead, supWrite, supExec, userRead, userWrite, userExec',
      ],
      [(d) => (d.title = 42), "title: must be a string, got the number 42"],
      [(d) => (d.title = "x".repeat(201)), "title: is 201 characters long; at most 200 are allowed"],
      [(d) => (d.title = "\ud800"), "title: contains a lone surrogate (not valid Unicode text)"],
      [
        (d) => (d.selection = { table: "0x1000", level: 6 }),
        "selection.level: must be a paging level 1–5, got the number 6",
      ],
      [
        (d) => (d.selection = { table: "0x1000", level: 4, entry: 512 }),
        "selection.entry: must be an entry index 0–511, got 512",
      ],
      [
        (d) => (d.bookmarks = [{ va: "0x1000", access: "supRead", registers: { maxPhyAddr: 12 } }]),
        "bookmarks[0].registers: MAXPHYADDR must be between 36 and 52, got 12. CR3 points above MAXPHYADDR (12 bits).",
      ],
      [
        (d) => (d.bookmarks = [{ va: "0x1000", access: "supRead", extra: 1 }]),
        'bookmarks[0]: unknown field "extra"',
      ],
      [
        (d) => (d.bookmarks = new Array<unknown>(1025).fill({ va: "0x1", access: "supRead" })),
        "bookmarks: has 1025 items; at most 1024 are allowed",
      ],
      [
        (d) => (d.labels = [{ vaStart: "0x2000", vaLast: "0x1000", name: "x" }]),
        "labels[0]: vaLast is below vaStart",
      ],
      [(d) => (d.labels = [{ name: "x" }]), 'labels[0]: needs either "frame" or "vaStart" and "vaLast"'],
      [
        (d) => (d.processes = [{ name: "p", cr3: 7 }]),
        'processes[0].cr3: must be a hex string like "0x1000", got the number 7',
      ],
      [
        (d) => (d.walkSetsAccessedDirty = "yes"),
        'walkSetsAccessedDirty: must be true or false, got the string "yes"',
      ],
      [(d) => (d.va = -5), 'va: must be a hex string like "0x1000", got the number -5'],
      [
        (d) => (d.step = 0),
        "step: must be a whole number 1–64 (the walk's step, 1 = the first), got the number 0",
      ],
      [
        (d) => (d.step = 65),
        "step: must be a whole number 1–64 (the walk's step, 1 = the first), got the number 65",
      ],
      [
        (d) => (d.step = 2.5),
        "step: must be a whole number 1–64 (the walk's step, 1 = the first), got the number 2.5",
      ],
      [
        (d) => (d.step = "3"),
        'step: must be a whole number 1–64 (the walk\'s step, 1 = the first), got the string "3"',
      ],
      [
        (d) => (d.step = null),
        "step: must be a whole number 1–64 (the walk's step, 1 = the first), got null",
      ],
      [(d) => (d.surprise = true), 'scenario: unknown field "surprise"'],
    ];
    for (const [breakIt, message] of cases) {
      const d = doc();
      breakIt(d);
      expect(messageOf(d)).toBe(message);
      expect(messageOf(JSON.stringify(d))).toBe(message);
    }
  });

  it('carries the walk stepper\'s step as "step": 3, and leaves it out for the whole walk', () => {
    expect(scenarioDocument(worked).step).toBeUndefined();
    const stepped = { ...worked, step: 3 };
    expect(scenarioDocument(stepped).step).toBe(3);
    expect(serializeScenario(stepped)).toContain('"step": 3');
    const back = parseScenario(serializeScenario(stepped));
    expect(back.ok && back.value.step).toBe(3);
    expect(checkScenario({ ...worked, step: 0 })?.message).toMatch(/^step: must be a whole number 1–64/);
  });

  it("accepts hand-written files: pkru/rflags optional, zero entries dropped, any key order", () => {
    const d = doc();
    delete (d.registers as Record<string, unknown>).pkru;
    delete (d.registers as Record<string, unknown>).rflags;
    (d.frames as Record<string, unknown>)["0x5000"] = { "3": "0x0" };
    const r = parseScenario(JSON.stringify(d));
    expect(r.ok && r.value).toEqual(worked);
  });
});

describe("hostile scenario files", () => {
  const refused = (input: unknown, pattern: RegExp): void => {
    expect(messageOf(input)).toMatch(pattern);
  };
  /**
   * What keeps hostile text cheap is that it never reaches JSON.parse: tested by watching JSON.parse,
   * not by timing the refusal.
   */
  const refusedUnparsed = (text: string, pattern: RegExp): void => {
    const parse = vi.spyOn(JSON, "parse");
    try {
      expect(messageOf(text)).toMatch(pattern);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  };

  it("refuses deep nesting before JSON.parse", () => {
    refusedUnparsed("[".repeat(100_000) + "]".repeat(100_000), /nested deeper than 16/);
    refusedUnparsed(
      `{"format":"pagewalk-scenario","version":1,"title":${"[".repeat(50)}${"]".repeat(50)}}`,
      /nested deeper/,
    );
  });

  it("refuses text past the size limit without parsing it", () => {
    refusedUnparsed(" ".repeat(32 * 1024 * 1024 + 1), /too large/);
  });

  it("keeps brackets inside strings out of the depth count", () => {
    const d = doc();
    d.description = '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ \\" {{{{{{{{{{{{{{{{{{{{{{{{{{{{';
    expect(parseScenario(JSON.stringify(d)).ok).toBe(true);
  });

  it("prototype-pollution keys are plain unknown keys, and pollute nothing", () => {
    refused(
      '{"format":"pagewalk-scenario","version":1,"__proto__":{"polluted":1}}',
      /unknown field "__proto__"/,
    );
    const d = JSON.stringify(doc()).replace('"frames":{', '"frames":{"__proto__":{"0":"0x1"},');
    refused(d, /frames\["__proto__"\]: "__proto__" is not a hex string/);
    const e = JSON.stringify(doc()).replace('"0x8000":{', '"0x8000":{"constructor":"0x1",');
    refused(e, /frames\["0x8000"\]\["constructor"\]: entry index/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("huge and negative numbers, wrong types", () => {
    refused(JSON.stringify({ ...doc(), version: 1e308 }), /newer Pagewalk|version: must be 1/);
    refused(JSON.stringify({ ...doc(), version: -1 }), /version: must be 1/);
    refused(JSON.stringify({ ...doc(), frames: [] }), /frames: must be an object, got an array/);
    refused(JSON.stringify({ ...doc(), registers: null }), /registers: must be an object, got null/);
    // Words, never "undefined" or "a object".
    refused(
      JSON.stringify({ ...doc(), registers: undefined }),
      /^[^]*registers: must be an object, got nothing \(the field is missing\)$/,
    );
    refused(
      JSON.stringify({ ...doc(), ramBytes: {} }),
      /ramBytes: must be a hex string like "0x1000", got an object$/,
    );
    refused(JSON.stringify({ ...doc(), ramBytes: false }), /got the boolean false$/);
    refused(JSON.stringify({ ...doc(), ramBytes: "0x" + "f".repeat(100) }), /does not fit in 64 bits/);
    refused(
      JSON.stringify(doc()).replace('"va":"0x803fe7f5ce"', '"va":1e999'),
      /va: must be a hex string like "0x1000", got the number Infinity/,
    );
    refused(
      JSON.stringify(doc()).replace('"ramBytes":"0x1000000"', '"ramBytes":-1'),
      /ramBytes: must be a hex string/,
    );
  });

  it("text with HTML stays text: the format is data, never markup", () => {
    const d = { ...doc(), title: "<img src=x onerror=alert(1)>", description: "<script>alert(1)</script>" };
    const r = parseScenario(JSON.stringify(d));
    expect(r.ok && r.value.title).toBe("<img src=x onerror=alert(1)>");
    expect(r.ok && r.value.description).toBe("<script>alert(1)</script>");
  });
});
