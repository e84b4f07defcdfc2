/**
 * Replays a trace on a fresh set of CPUs over physical memory: the core of `pagewalk tlb` and of
 * the browser's access-trace panel. The memory given is never changed: `write-entry` stores go to
 * a copy (WritableMemory), so a replay can be run again from the same start.
 */
import type { Registers } from "../arch";
import type { PhysicalMemory } from "../memory";
import type { AccessOutcome, OperationOutcome } from "./cpu-tlb";
import { WritableMemory } from "./psc-memory";
import { DEFAULT_TLB_CONFIG, type TlbConfig } from "./tlb-config";
import { TlbSystem } from "./tlb-system";
import type { TraceError, TraceLine } from "./trace";

export type ReplayStep =
  | { readonly op: TraceLine; readonly cpu: number; readonly kind: "access"; readonly outcome: AccessOutcome }
  | {
      readonly op: TraceLine;
      readonly cpu: number;
      readonly kind: "operation";
      readonly outcome: OperationOutcome;
    };

export interface Replay {
  readonly steps: readonly ReplayStep[];
  readonly system: TlbSystem;
  readonly memory: WritableMemory;
}

export interface ReplayOptions {
  readonly config?: TlbConfig;
  /** Replay only the first `limit` operations (the trace panel's stepping). */
  readonly limit?: number;
  /** The CPUs to start from (the browser's live TLB); a fresh system otherwise. */
  readonly system?: TlbSystem;
}

/** Runs the operations in order; a store outside memory stops the replay with its line's error. */
export function replayTrace(
  memory: PhysicalMemory,
  regs: Registers,
  ops: readonly TraceLine[],
  options: ReplayOptions = {},
): { ok: true; value: Replay } | { ok: false; error: TraceError; partial: Replay } {
  const system = options.system?.clone() ?? new TlbSystem(regs, 1, options.config ?? DEFAULT_TLB_CONFIG);
  const mem = new WritableMemory(memory);
  const steps: ReplayStep[] = [];
  const count = Math.min(options.limit ?? ops.length, ops.length);
  for (let i = 0; i < count; i++) {
    const op = ops[i] as TraceLine;
    const cpu = system.current;
    const operation = (outcome: OperationOutcome) => steps.push({ op, cpu, kind: "operation", outcome });
    switch (op.kind) {
      case "access":
        steps.push({ op, cpu, kind: "access", outcome: system.cpu.access(mem, op.va, op.access) });
        break;
      case "write-entry":
        if (!mem.write(op.pa, op.value)) {
          const error = { line: op.line, message: `PA 0x${op.pa.toString(16)} is outside physical memory` };
          return { ok: false, error, partial: { steps, system, memory: mem } };
        }
        operation({ invalidated: 0, fault: null });
        break;
      case "invlpg":
        operation(system.cpu.invlpg(op.va));
        break;
      case "mov-cr3":
        operation(system.cpu.movCr3(op.value));
        break;
      case "mov-cr4":
        operation(system.cpu.movCr4(op.value));
        break;
      case "mov-cr0":
        operation(system.cpu.movCr0(op.value));
        break;
      case "invpcid":
        operation(system.cpu.invpcid(op.type, op.pcid, op.va));
        break;
      case "cpu": {
        const problem = system.switchCpu(op.cpu);
        if (problem)
          return {
            ok: false,
            error: { line: op.line, message: problem },
            partial: { steps, system, memory: mem },
          };
        operation({ invalidated: 0, fault: null });
        break;
      }
      case "shootdown":
        operation(system.shootdown(op.va));
        break;
    }
  }
  return { ok: true, value: { steps, system, memory: mem } };
}
