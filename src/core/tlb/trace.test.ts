import { describe, expect, it } from "vitest";
import { formatTraceOp, parseTrace } from "./trace";
import { replayTrace, streamTrace, type StreamedStep } from "./replay";
import { smallMachine } from "./__fixtures__/small-machine";

describe("trace files", () => {
  it("parses every operation, skipping comments and blank lines", () => {
    const text = [
      "# a comment",
      "read sup 0x400000",
      "write user 40_1000   # trailing comment",
      "fetch sup 0x402000",
      "",
      "write-entry 0x4000 0x9005",
      "invlpg 0x400000",
      "mov-cr3 0x8000000000001001",
      "mov-cr4 0x200a0",
      "mov-cr0 0x80010001",
      "invpcid 1 0x2 0",
      "cpu 1",
      "shootdown 0x400000",
    ].join("\n");
    const parsed = parseTrace(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value.map((op) => op.line)).toEqual([2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(parsed.value.map(formatTraceOp)).toEqual([
      "read sup 0x400000",
      "write user 0x401000",
      "fetch sup 0x402000",
      "write-entry 0x4000 0x9005",
      "invlpg 0x400000",
      "mov-cr3 0x8000000000001001",
      "mov-cr4 0x200a0",
      "mov-cr0 0x80010001",
      "invpcid 1 0x2 0x0",
      "cpu 1",
      "shootdown 0x400000",
    ]);
  });

  it.each([
    ["read 0x1000", 'line 2: "read" takes user|sup VA (got 1 argument)'],
    ["read kernel 0x1000", 'line 2: "read" needs user or sup before the VA, not "kernel"'],
    ["jump sup 0x1000", 'line 2: unknown operation "jump"'],
    ["write-entry 0x4004 1", "line 2: PA 0x4004 is not 8-byte aligned"],
    ["invpcid 4 0 0", 'line 2: TYPE must be 0–3, not "4"'],
    ["invpcid 1 0x1000 0", "line 2: PCID 0x1000 is above 0xfff"],
    ["cpu 2", 'line 2: N must be 0–1, not "2"'],
    ["mov-cr4 0x100000000", "line 2: CR4 value 0x100000000 does not fit in 32 bits"],
    ["read sup 0xzz", 'line 2: VA "0xzz" is not a hex number'],
    // A binary file's bytes: quoted cut short, control characters as escapes.
    [`\u001b[2J${"x".repeat(100)}`, `line 2: unknown operation "\\u001b[2J${"x".repeat(36)}…" (one of`],
  ])("refuses %s with a message naming the line", (bad, message) => {
    const parsed = parseTrace(`read sup 0x400000\n${bad}\nread sup 0x400000`);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(`line ${parsed.error.line}: ${parsed.error.message}`).toContain(message);
  });

  it("replays without changing the memory it was given, and stops at a store outside memory", () => {
    const { ram, regs } = smallMachine();
    const parsed = parseTrace(
      "read sup 0x400000\nwrite-entry 0x4000 0\nread sup 0x400000\ninvlpg 0x400000\nread sup 0x400000",
    );
    if (!parsed.ok) throw new Error(parsed.error.message);
    const replay = replayTrace(ram, regs, parsed.value);
    if (!replay.ok) throw new Error(replay.error.message);
    const accesses = replay.value.steps.flatMap((s) => (s.kind === "access" ? [s.outcome] : []));
    expect(accesses.map((a) => [a.tlb, a.pa, a.stale?.kind ?? null])).toEqual([
      ["miss", 0x5000, null],
      ["hit", 0x5000, "fault"],
      ["miss", null, null],
    ]);
    expect(ram.readEntry(0x4000)).not.toBe(0n);
    const outside = parseTrace("write-entry 0x10000000 1");
    if (!outside.ok) throw new Error(outside.error.message);
    const refused = replayTrace(ram, regs, outside.value);
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error).toEqual({ line: 1, message: "PA 0x10000000 is outside physical memory" });
  });

  it("replays only the first operations when given a limit", () => {
    const { ram, regs } = smallMachine();
    const parsed = parseTrace("read sup 0x400000\nread sup 0x400000\nread sup 0x400000");
    if (!parsed.ok) throw new Error(parsed.error.message);
    const replay = replayTrace(ram, regs, parsed.value, { limit: 2 });
    expect(replay.ok && replay.value.steps.length).toBe(2);
  });

  it("streams the same steps as the full replay, each access with its answer only", () => {
    const { ram, regs } = smallMachine();
    const parsed = parseTrace(
      [
        "read sup 0x400000",
        "write-entry 0x4000 0x9007",
        "read sup 0x400000",
        "write user 0x400000",
        "invlpg 0x400000",
        "read sup 0x400000",
        "fetch sup 0xffff800000000000",
        "mov-cr4 0x200a0",
        "write-entry 0x10000000 1",
        "read sup 0x400000",
      ].join("\n"),
    );
    if (!parsed.ok) throw new Error(parsed.error.message);
    const full = replayTrace(ram, regs, parsed.value);
    // Each streamed answer is read during its callback: the object is reused by the next access.
    const streamed: unknown[] = [];
    const stream = streamTrace(ram, regs, parsed.value, (step: StreamedStep) =>
      streamed.push(
        step.kind === "access"
          ? [
              step.op.line,
              step.outcome.hit,
              step.outcome.pa,
              step.outcome.stale?.kind ?? null,
              step.outcome.verdict,
            ]
          : [step.op.line, step.outcome],
      ),
    );
    expect(full.ok).toBe(false);
    expect(stream.ok).toBe(false);
    if (full.ok || stream.ok) return;
    expect(stream.error).toEqual(full.error);
    expect(streamed).toEqual(
      full.partial.steps.map((s) =>
        s.kind === "access"
          ? [
              s.op.line,
              s.outcome.tlb === "hit",
              s.outcome.pa ?? -1,
              s.outcome.stale?.kind ?? null,
              s.outcome.verdict,
            ]
          : [s.op.line, s.outcome],
      ),
    );
    expect(streamed).toHaveLength(8);
  });
});
