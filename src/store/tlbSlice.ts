/**
 * The TLB model's state in the page (issue 14): whether "Model the TLB" is on, the CPUs' TLBs
 * (core/tlb's TlbSystem, replaced — never changed in place — by each action), the access trace as
 * typed, and the replay the trace panel shows. Not part of undo: like the selection, the TLB is
 * the processor's state, not the tables'. The TLB buttons and the walk panel run with the
 * registers of the Registers panel; a replayed trace runs with the register values it writes.
 */
import { CR4 } from "../core/arch";
import { formatCount } from "../core/common";
import type { Machine } from "../core/machine";
import type { PhysicalMemory } from "../core/memory";
import type { ScenarioState } from "../core/scenario";
import {
  TlbSystem,
  describeAccessOutcome,
  describeOperation,
  parseTrace,
  replayTrace,
  type AccessOutcome,
  type OperationOutcome,
  type ReplayStep,
} from "../core/tlb";
import type { PagewalkState } from "./store";

export interface TraceReplay {
  /** The steps replayed so far. */
  readonly steps: readonly ReplayStep[];
  /** Operations in the trace. */
  readonly total: number;
  /** Why the replay stopped early (a bad line, a store outside memory), or null. */
  readonly error: string | null;
  /** Memory after the trace's stores, valid while the machine is still `base`. */
  readonly memory: PhysicalMemory;
  readonly base: Machine;
}

export interface TlbUiState {
  readonly tlbUi: {
    readonly on: boolean;
    readonly system: TlbSystem;
    readonly trace: string;
    readonly replay: TraceReplay | null;
    /** Why the trace cannot be replayed (its first bad line), or null. */
    readonly traceError: string | null;
    /** What the last button did, in words. */
    readonly message: string | null;
  };
}

export function initialTlbUi(machine: Machine): TlbUiState {
  return {
    tlbUi: {
      on: false,
      system: new TlbSystem(machine.regs),
      trace: "",
      replay: null,
      traceError: null,
      message: null,
    },
  };
}

/** The TLB state after a scenario opens: fresh CPUs, its trace, the model on when it has one. */
export function tlbUiForScenario(
  previous: TlbUiState["tlbUi"],
  state: ScenarioState,
  machine: Machine,
): TlbUiState {
  return tlbUiWithTrace(previous, state.trace, machine);
}

/** The TLB state with `trace` (a scenario's, or none) in the box: fresh CPUs, no replay. */
export function tlbUiWithTrace(
  previous: TlbUiState["tlbUi"],
  trace: string | undefined,
  machine: Machine,
): TlbUiState {
  return {
    tlbUi: {
      on: trace !== undefined || previous.on,
      system: new TlbSystem(machine.regs),
      trace: trace ?? "",
      replay: null,
      traceError: null,
      message: null,
    },
  };
}

export interface TlbActions {
  setTlbModel: (on: boolean) => void;
  /** Performs the selected access through the current CPU's TLB. */
  tlbAccess: () => void;
  tlbInvlpg: () => void;
  tlbReloadCr3: () => void;
  tlbInvpcid: (type: number) => void;
  /** MOV to CR4 with PGE flipped: flushes everything, and flips CR4.PGE in the Registers panel. */
  tlbTogglePge: () => void;
  tlbSwitchCpu: () => void;
  tlbShootdown: () => void;
  setTrace: (text: string) => void;
  /** Replays the whole trace from empty TLBs over the current machine. */
  replayTrace: () => void;
  /** Replays one more line (from the start: empty TLBs). */
  stepTrace: () => void;
  resetTrace: () => void;
}

interface SliceContext {
  readonly get: () => PagewalkState;
  readonly set: (partial: Partial<PagewalkState>) => void;
}

/**
 * The longest trace the page replays: each operation becomes a line of the outcome list, and Step
 * replays from the start, so 100,000 lines froze the page for 40 s. The CLI streams any length.
 */
export const MAX_BROWSER_TRACE_OPS = 2000;

/** The memory the TLB runs over: the replay's (with the trace's stores) while it is current. */
export function tlbMemory(state: PagewalkState): PhysicalMemory {
  const replay = state.tlbUi.replay;
  return replay && replay.base === state.machine ? replay.memory : state.machine.ram;
}

export function createTlbActions({ get, set }: SliceContext): TlbActions {
  const update = (patch: Partial<TlbUiState["tlbUi"]>) => set({ tlbUi: { ...get().tlbUi, ...patch } });

  /** Runs `op` on a copy of the CPUs, with the current CPU on the page's registers. */
  const onCpu = (
    op: (system: TlbSystem, memory: PhysicalMemory) => AccessOutcome | OperationOutcome | string,
  ) => {
    const state = get();
    const system = state.tlbUi.system.clone();
    system.cpu.regs = state.machine.regs;
    const outcome = op(system, tlbMemory(state));
    const message =
      typeof outcome === "string"
        ? outcome
        : "verdict" in outcome
          ? describeAccessOutcome(outcome)
          : describeOperation(outcome);
    update({ system, message });
  };

  const replay = (limit: number | null) => {
    const state = get();
    const parsed = parseTrace(state.tlbUi.trace);
    if (!parsed.ok) {
      update({ traceError: `Line ${parsed.error.line}: ${parsed.error.message}.`, replay: null });
      return;
    }
    const ops = parsed.value;
    if (ops.length > MAX_BROWSER_TRACE_OPS) {
      update({
        traceError: `The trace has ${formatCount(ops.length)} operations; the page replays at most ${formatCount(MAX_BROWSER_TRACE_OPS)}, each shown with its outcome. Replay a longer one with pagewalk tlb --trace FILE.`,
        replay: null,
      });
      return;
    }
    const count = limit === null ? ops.length : Math.min(limit, ops.length);
    const run = replayTrace(state.machine.ram, state.machine.regs, ops, { limit: count });
    const value = run.ok ? run.value : run.partial;
    update({
      system: value.system,
      message: null,
      traceError: null,
      replay: {
        steps: value.steps,
        total: ops.length,
        error: run.ok ? null : `Line ${run.error.line}: ${run.error.message}.`,
        memory: value.memory,
        base: state.machine,
      },
    });
  };

  return {
    setTlbModel: (on) => update({ on }),
    tlbAccess: () => {
      const { selection } = get();
      onCpu((system, memory) => system.cpu.access(memory, selection.va, selection.access));
    },
    tlbInvlpg: () => onCpu((system) => system.cpu.invlpg(get().selection.va)),
    tlbReloadCr3: () => onCpu((system) => system.cpu.movCr3(BigInt(get().machine.regs.cr3))),
    tlbInvpcid: (type) => onCpu((system) => system.cpu.invpcid(type, system.cpu.pcid, get().selection.va)),
    tlbTogglePge: () => {
      onCpu((system) => system.cpu.movCr4((get().machine.regs.cr4 ^ CR4.PGE) >>> 0));
      get().toggleRegisterBits("cr4", CR4.PGE);
    },
    tlbSwitchCpu: () =>
      onCpu((system) => system.switchCpu(system.current === 0 ? 1 : 0) ?? `Now on CPU ${system.current}.`),
    tlbShootdown: () => onCpu((system) => system.shootdown(get().selection.va)),
    setTrace: (trace) => update({ trace, traceError: null }),
    replayTrace: () => replay(null),
    stepTrace: () => {
      const current = get().tlbUi.replay;
      const done = current && current.base === get().machine ? current.steps.length : 0;
      replay(done + 1);
    },
    resetTrace: () =>
      update({ replay: null, traceError: null, system: new TlbSystem(get().machine.regs), message: null }),
  };
}
