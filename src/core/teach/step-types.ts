/**
 * One step of a walk as a learner moves through it (DESIGN §7): plain data, so the browser, the
 * CLI and tests can all print it. Built by `walkSteps` (walk-steps.ts) from a traced walk.
 */
import type { Level, PhysAddr } from "../arch";

/**
 * What a step shows: the VA split into indices; one table read per level; the physical address
 * (frame base + offset); the access check; the fault the CPU raises; one A/D write of the processor;
 * or the single step of a machine whose paging mode is not modelled.
 */
export type WalkStepKind =
  | "split"
  | "read"
  | "translate"
  | "access"
  | "fault"
  | "accessed-dirty"
  | "paging-off"
  /** With "Model the TLB" on, the stepper's first step: the TLB lookup (core/tlb lookup-step.ts). */
  | "tlb-lookup";

/** Bits `hi:lo` of the VA that a step uses (both inclusive), for the address bar to highlight. */
export interface VaBitRange {
  readonly hi: number;
  readonly lo: number;
}

/** The table and entry a step reads or writes, for the graph, the table view and the inspector. */
export interface StepFocus {
  readonly level: Level;
  readonly tableAddr: PhysAddr;
  readonly index: number;
  readonly entryAddr: PhysAddr;
}

export interface WalkStepView {
  readonly kind: WalkStepKind;
  /** A short title ("Read PML4[1]"). */
  readonly title: string;
  /** What happens, in words and numbers, one sentence or equation per line. */
  readonly lines: readonly string[];
  /** The VA bits this step uses (none for a step that does not look at the address). */
  readonly bits: readonly VaBitRange[];
  /** The entry this step is about, or null (the split, a #GP, a table outside memory, paging off). */
  readonly focus: StepFocus | null;
}
