/**
 * `pagewalk tlb`: replays an access trace through the TLB model (core/tlb) over a dump or a
 * scenario — each access a hit or a miss, stale or not, its PA or fault; each invalidating
 * instruction with the number of entries it removed.
 */
import { formatHex } from "../core/common";
import {
  describeAccessOutcome,
  describeOperation,
  formatTraceOp,
  parseTrace,
  replayTrace,
  streamTrace,
  type ReplayStep,
  type StreamedStep,
} from "../core/tlb";
import { readBoundedText } from "./bounded-text";
import { InputError, parseArgs, UsageError } from "./args";
import { ChunkedOutput, JsonLines, type CliIO } from "./io";
import { openWalkTarget, REGISTER_OPTIONS } from "./walk-target";

export const TLB_HELP = `Usage: pagewalk tlb --memory IMAGE [--cr3 HEX] [options] --trace FILE [--json]
       pagewalk tlb --scenario FILE [options] --trace FILE [--json]

Replays a trace through a model of one or two CPUs' TLBs and paging-structure caches (SDM vol. 3A
§4.10): a hit uses the cached translation even when the tables changed since ("stale"), a miss
walks and fills, a #PF invalidates the VA's entries. The trace has one operation a line (numbers
in hex, # starts a comment):
  read|write|fetch user|sup VA   an access
  write-entry PA VALUE           a 64-bit store to physical memory (no invalidation)
  invlpg VA                      INVLPG on the current CPU
  mov-cr3 VALUE                  MOV to CR3 (PCID bits and bit 63, no flush, included)
  mov-cr4 VALUE                  MOV to CR4
  mov-cr0 VALUE                  MOV to CR0
  invpcid TYPE PCID VA           INVPCID, TYPE 0-3
  cpu N                          switch to CPU 0 or 1
  shootdown VA                   INVLPG on every CPU (an OS's IPI shootdown)
Stores go to a copy: the image or scenario file is never changed.

Register options are those of "pagewalk translate --help".
  --trace FILE       the trace (required)
  --json             one object per operation, in an array: for accesses {"op", "mode", "va",
                     "tlb": "hit" | "miss", "stale", "pa" | null, "pageSize" | null,
                     "fault": null | {"exception": "#PF" | "#GP", "errorCode": "0x…"}};
                     for the others {"op", "invalidated"} (and "fault" when the instruction #GPs)`;

/** A trace larger than this is refused (read no further than this). */
const MAX_TRACE_BYTES = 64 * 1024 * 1024;

export function tlbCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs("tlb", argv, { values: [...REGISTER_OPTIONS, "trace"], flags: ["json"] });
  if (args.flags.has("help")) {
    io.stdout(TLB_HELP + "\n");
    return 0;
  }
  if (args.positionals.length > 0)
    throw new UsageError(`unexpected argument "${args.positionals[0]}" (the operations go in --trace FILE)`);
  const tracePath = args.values.get("trace");
  if (tracePath === undefined) throw new UsageError("--trace FILE is required (one operation a line)");
  const ops = readTrace(tracePath);
  const target = openWalkTarget(args);
  try {
    const out = new ChunkedOutput(io.stdout);
    if (args.flags.has("json")) {
      // Each step becomes its line of text as it happens (no outcome object is kept); nothing is written
      // until the whole trace has replayed, so a line that stops the replay leaves no half array.
      const lines: string[] = [];
      const replay = streamTrace(target.memory, target.regs, ops, (step) =>
        lines.push(JSON.stringify(streamedStepJson(step))),
      );
      if (!replay.ok) throw new InputError(`${tracePath} line ${replay.error.line}: ${replay.error.message}`);
      const array = new JsonLines(out);
      for (const line of lines) array.add(line);
      array.end();
    } else {
      const replay = replayTrace(target.memory, target.regs, ops);
      if (!replay.ok) throw new InputError(`${tracePath} line ${replay.error.line}: ${replay.error.message}`);
      const { steps, system } = replay.value;
      for (const step of steps) out.add(stepText(step) + "\n");
      system.cpus.forEach((cpu, n) =>
        out.add(
          `CPU ${n}: ${cpu.hits} hit${cpu.hits === 1 ? "" : "s"}, ${cpu.misses} miss${cpu.misses === 1 ? "" : "es"}\n`,
        ),
      );
    }
    out.flush();
    return 0;
  } finally {
    target.close();
  }
}

function readTrace(path: string) {
  const text = readBoundedText(
    path,
    path,
    MAX_TRACE_BYTES,
    `a trace file is at most ${MAX_TRACE_BYTES / (1024 * 1024)} MiB`,
  );
  const parsed = parseTrace(text);
  if (!parsed.ok) throw new InputError(`${path} line ${parsed.error.line}: ${parsed.error.message}`);
  return parsed.value;
}

/** One step of `--json`: an access's answer, or what an operation invalidated. */
function streamedStepJson(step: StreamedStep): object {
  if (step.kind === "access") {
    const o = step.outcome;
    const v = o.verdict;
    return {
      op: step.op.access.op,
      mode: step.op.access.mode,
      va: formatHex(step.op.va),
      tlb: o.hit ? "hit" : "miss",
      stale: o.stale !== null,
      pa: o.pa < 0 ? null : formatHex(o.pa),
      pageSize: o.pageSize === 0 ? null : o.pageSize,
      fault: v.ok ? null : { exception: v.exception, errorCode: formatHex(v.errorCode) },
    };
  }
  const json: Record<string, unknown> = { op: step.op.kind, invalidated: step.outcome.invalidated };
  if (step.outcome.fault) json.fault = { exception: "#GP", errorCode: "0x0" };
  return json;
}

/** `line 4  cpu 0  read sup 0x400000  TLB hit: PA 0x5000 (4 KiB page)`. */
export function stepText(step: ReplayStep): string {
  const what =
    step.kind === "access"
      ? describeAccessOutcome(step.outcome)
      : step.op.kind === "write-entry"
        ? "stored (no invalidation)"
        : step.op.kind === "cpu"
          ? `now on CPU ${step.op.cpu}`
          : describeOperation(step.outcome);
  return `line ${String(step.op.line).padEnd(4)} cpu ${step.cpu}  ${formatTraceOp(step.op).padEnd(30)} ${what}`;
}
