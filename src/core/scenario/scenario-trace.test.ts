/** The optional access trace (issue 14) in files and links: kept exactly, checked line by line. */
import { describe, expect, it } from "vitest";
import { decodeScenarioLink, encodeScenarioLink } from "./link";
import { presetById } from "./presets/presets";
import { serializeScenario } from "./serialize";
import { parseScenario } from "./validate";

const TRACE = "# fill, edit, stale hit\nread sup 0x803fe7f5ce\nwrite-entry 0x83f8 0\nread sup 0x803fe7f5ce\n";

function example() {
  const build = presetById("worked-example")?.build;
  if (!build) throw new Error("no worked example");
  return build();
}

describe("a scenario's access trace", () => {
  it("survives a file, and a file without one has none", () => {
    const state = { ...example(), trace: TRACE };
    const back = parseScenario(serializeScenario(state));
    expect(back.ok && back.value.trace).toBe(TRACE);
    const plain = parseScenario(serializeScenario(example()));
    expect(plain.ok && "trace" in plain.value).toBe(false);
  });

  it("survives a link", async () => {
    const state = { ...example(), trace: TRACE };
    const link = await encodeScenarioLink(state);
    const back = await decodeScenarioLink(link);
    expect(back.ok && back.value.trace).toBe(TRACE);
  });

  it("refuses a file whose trace has a bad line, naming it", () => {
    const doc = JSON.parse(serializeScenario(example())) as Record<string, unknown>;
    doc.trace = "read sup 0x1000\nflush everything\n";
    const parsed = parseScenario(JSON.stringify(doc));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toContain('trace: line 2: unknown operation "flush"');
  });
});
