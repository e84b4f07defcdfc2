import { describe, expect, it } from "vitest";
import { serializeScenario } from "./serialize";
import { machineFromScenario, scenarioFromMachine } from "./scenario-machine";
import { workedExample } from "./presets/worked-example";
import { parseScenario } from "./validate";
import { decodeScenarioLink, encodeScenarioLink } from "./link";
import type { ScenarioState } from "./scenario-state";

const worked = (workedExample.build as () => ScenarioState)();
const docOf = (state: ScenarioState): Record<string, unknown> =>
  JSON.parse(serializeScenario(state)) as Record<string, unknown>;

const withTypes: ScenarioState = {
  ...worked,
  memoryTypes: {
    pat: 0x0407050600070106n,
    mtrrs: {
      enabled: true,
      defaultType: "UC",
      fixed: [{ start: 0, end: 0xa0000, type: "WB" }],
      variable: [{ base: 0, size: 0x8000000, type: "WB" }],
    },
  },
};

describe('the scenario\'s optional "pat" and "mtrr" fields', () => {
  it("a scenario without them has none, and saves none (old files read as before)", () => {
    const doc = docOf(worked);
    expect(doc.pat).toBeUndefined();
    expect(doc.mtrr).toBeUndefined();
    const back = parseScenario(doc);
    expect(back.ok && back.value.memoryTypes).toBeUndefined();
  });

  it("round-trip through the file and the machine", () => {
    const doc = docOf(withTypes);
    expect(doc.pat).toBe("0x0407050600070106");
    expect(doc.mtrr).toEqual({
      enabled: true,
      default: "UC",
      fixed: [{ start: "0x0", end: "0xa0000", type: "WB" }],
      variable: [{ base: "0x0", size: "0x8000000", type: "WB" }],
    });
    const back = parseScenario(doc);
    expect(back.ok && back.value).toEqual(withTypes);
    const machine = machineFromScenario(withTypes);
    expect(machine.memoryTypes).toEqual(withTypes.memoryTypes);
    expect(scenarioFromMachine(machine, withTypes, withTypes)).toEqual(withTypes);
  });

  it("a PAT alone keeps the MTRRs unmodelled", () => {
    const back = parseScenario({ ...docOf(worked), pat: "0x0000000000000006" });
    expect(back.ok && back.value.memoryTypes).toEqual({ pat: 6n, mtrrs: null });
  });

  it("refuses a reserved PAT encoding and a bad MTRR, naming the field", () => {
    const badPat = parseScenario({ ...docOf(worked), pat: "0x0000000000000206" });
    expect(!badPat.ok && badPat.error.message).toBe(
      "pat: byte 1 (PA1) is 0x2, a reserved encoding: each byte must be 0 UC, 1 WC, 4 WT, 5 WP, 6 WB or 7 UC- (SDM Table 11-10; WRMSR would raise #GP)",
    );
    const badMtrr = parseScenario({ ...docOf(worked), mtrr: { default: "UC-" } });
    expect(!badMtrr.ok && badMtrr.error.message).toMatch(/^mtrr\.default: "UC-" is not an MTRR type/);
  });
});

describe("memory types in share links (flag 64)", () => {
  it("a link carries IA32_PAT and the MTRRs; one without them has none", async () => {
    const back = await decodeScenarioLink(await encodeScenarioLink(withTypes));
    expect(back.ok && back.value).toEqual(withTypes);
    const plain = await decodeScenarioLink(await encodeScenarioLink(worked));
    expect(plain.ok && "memoryTypes" in plain.value).toBe(false);
  });

  it("a state whose PAT has a reserved encoding never becomes a link", async () => {
    await expect(encodeScenarioLink({ ...worked, memoryTypes: { pat: 2n, mtrrs: null } })).rejects.toThrow(
      /pat:/,
    );
  });
});
