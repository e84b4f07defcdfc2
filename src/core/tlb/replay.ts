/**
 * Replays a trace on a fresh set of CPUs over physical memory: the core of `pagewalk tlb` and of
 * the browser's access-trace panel. The memory given is never changed: `write-entry` stores go to
 * a copy (WritableMemory), so a replay can be run again from the same start.
 *
 * Two faces on one loop: `replayTrace` keeps every step with its whole outcome (the panel steps
 * through them; the text output describes each); `streamTrace` hands each step to a callback as
 * it happens, an access with only its answer (`CpuTlb.accessQuick`), so a trace of millions of
 * lines replays without an object per access (`pagewalk tlb --json`).
 */
import type { Registers } from "../arch";
import type { PhysicalMemory } from "../memory";
import type { AccessOutcome, OperationOutcome, QuickOutcome } from "./cpu-tlb";
import { WritableMemory } from "./psc-memory";
import { DEFAULT_TLB_CONFIG, type TlbConfig } from "./tlb-config";
import { TlbSystem } from "./tlb-system";
import type { TraceError, TraceLine } from "./trace";

type AccessLine = TraceLine & { kind: "access" };

/** One step of a replay: an access with its answer (`A`), or an operation with what it did. */
type TraceStep<A> =
  | { readonly op: AccessLine; readonly cpu: number; readonly kind: "access"; readonly outcome: A }
  | {
      readonly op: TraceLine;
      readonly cpu: number;
      readonly kind: "operation";
      readonly outcome: OperationOutcome;
    };

/** A step `replayTrace` keeps: an access with its whole outcome. */
export type ReplayStep = TraceStep<AccessOutcome>;

/** A step as `streamTrace` hands it over: an access's answer is valid only during the callback. */
export type StreamedStep = TraceStep<QuickOutcome>;

export interface Replay {
  readonly steps: readonly ReplayStep[];
  readonly system: TlbSystem;
  readonly memory: WritableMemory;
}

export interface ReplayOptions {
  readonly config?: TlbConfig;
  /** Replay only the first `limit` operations (the trace panel's stepping). */
  readonly limit?: number;
}

type Ran<T> = { ok: true; value: T } | { ok: false; error: TraceError; partial: T };

/** A replay's result: its value, or the line that stopped it with what was done up to there. */
const ranOf = <T>(error: TraceError | null, value: T): Ran<T> =>
  error === null ? { ok: true, value } : { ok: false, error, partial: value };

/** Runs the operations in order; a store outside memory stops the replay with its line's error. */
export function replayTrace(
  memory: PhysicalMemory,
  regs: Registers,
  ops: readonly TraceLine[],
  options: ReplayOptions = {},
): Ran<Replay> {
  const steps: ReplayStep[] = [];
  const ran = runTrace(memory, regs, ops, options, {
    access: (op, cpu, system, mem) =>
      steps.push({ op, cpu, kind: "access", outcome: system.cpu.access(mem, op.va, op.access) }),
    operation: (op, cpu, outcome) => steps.push({ op, cpu, kind: "operation", outcome }),
  });
  return ranOf(ran.error, { steps, system: ran.system, memory: ran.memory });
}

/** Runs the operations in order, handing each step to `onStep` as it happens. */
export function streamTrace(
  memory: PhysicalMemory,
  regs: Registers,
  ops: readonly TraceLine[],
  onStep: (step: StreamedStep) => void,
  options: ReplayOptions = {},
): Ran<{ system: TlbSystem }> {
  const ran = runTrace(memory, regs, ops, options, {
    access: (op, cpu, system, mem) =>
      onStep({ op, cpu, kind: "access", outcome: system.cpu.accessQuick(mem, op.va, op.access) }),
    operation: (op, cpu, outcome) => onStep({ op, cpu, kind: "operation", outcome }),
  });
  return ranOf(ran.error, { system: ran.system });
}

/** What a replay does with each step. */
interface StepSink {
  access(op: AccessLine, cpu: number, system: TlbSystem, memory: WritableMemory): void;
  operation(op: TraceLine, cpu: number, outcome: OperationOutcome): void;
}

function runTrace(
  memory: PhysicalMemory,
  regs: Registers,
  ops: readonly TraceLine[],
  options: ReplayOptions,
  sink: StepSink,
): { system: TlbSystem; memory: WritableMemory; error: TraceError | null } {
  const system = new TlbSystem(regs, 1, options.config ?? DEFAULT_TLB_CONFIG);
  const mem = new WritableMemory(memory);
  const stopped = (line: number, message: string) => ({ system, memory: mem, error: { line, message } });
  const count = Math.min(options.limit ?? ops.length, ops.length);
  for (let i = 0; i < count; i++) {
    const op = ops[i] as TraceLine;
    const cpu = system.current;
    switch (op.kind) {
      case "access":
        sink.access(op, cpu, system, mem);
        break;
      case "write-entry":
        if (!mem.write(op.pa, op.value))
          return stopped(op.line, `PA 0x${op.pa.toString(16)} is outside physical memory`);
        sink.operation(op, cpu, { invalidated: 0, fault: null });
        break;
      case "invlpg":
        sink.operation(op, cpu, system.cpu.invlpg(op.va));
        break;
      case "mov-cr3":
        sink.operation(op, cpu, system.cpu.movCr3(op.value));
        break;
      case "mov-cr4":
        sink.operation(op, cpu, system.cpu.movCr4(op.value));
        break;
      case "mov-cr0":
        sink.operation(op, cpu, system.cpu.movCr0(op.value));
        break;
      case "invpcid":
        sink.operation(op, cpu, system.cpu.invpcid(op.type, op.pcid, op.va));
        break;
      case "cpu": {
        const problem = system.switchCpu(op.cpu);
        if (problem) return stopped(op.line, problem);
        sink.operation(op, cpu, { invalidated: 0, fault: null });
        break;
      }
      case "shootdown":
        sink.operation(op, cpu, system.shootdown(op.va));
        break;
    }
  }
  return { system, memory: mem, error: null };
}
