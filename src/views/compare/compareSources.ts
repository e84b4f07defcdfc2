/**
 * What "Compare with…" compares the current address space against: another CR3 of this machine,
 * a scenario file, or the machine N undo steps ago. Each becomes one side (memory, registers and
 * memory types); the diff itself is the core's (`core/diff`), the same as `pagewalk diff`.
 */
import { formatHex, parseU64, err, ok, type Result } from "../../core/common";
import { cr3Root, validateRegisters, type Registers } from "../../core/arch";
import { diffRuns, mappingRuns, type MappingDiff } from "../../core/diff";
import { DEFAULT_MEMORY_TYPE_SETTINGS, trustedResolver } from "../../core/memtype";
import { machineFromScenario, parseScenarioBytes, scenarioFileSizeError } from "../../core/scenario";
import type { Machine } from "../../core/machine";

/** One side of a comparison, and the words that name it. */
export interface CompareSide {
  readonly machine: Machine;
  readonly regs: Registers;
  readonly name: string;
}

export interface Comparison {
  /** The other side (A): what the current space is compared with. */
  readonly from: string;
  /** The current address space (B). */
  readonly to: string;
  readonly diff: MappingDiff;
  readonly truncated: boolean;
}

/** The diff from `from` (A) to `to` (B), both enumerated as the CLI's `diff` enumerates them. */
export function compareSides(from: CompareSide, to: CompareSide): Comparison {
  const runsOf = (side: CompareSide) =>
    mappingRuns(
      side.machine.ram,
      side.regs,
      trustedResolver(side.machine.memoryTypes ?? DEFAULT_MEMORY_TYPE_SETTINGS),
    );
  const a = runsOf(from);
  const b = runsOf(to);
  return {
    from: from.name,
    to: to.name,
    diff: diffRuns(a.runs, b.runs),
    truncated: a.truncated || b.truncated,
  };
}

/** The current machine under another CR3 (typed as hex), checked as the CR3 field checks it. */
export function otherCr3Side(machine: Machine, text: string): Result<CompareSide> {
  const parsed = parseU64(text, "CR3");
  if (!parsed.ok) return parsed;
  if (parsed.value >= 2n ** 52n) return err("range", "CR3 must be a 52-bit physical address with flag bits.");
  const regs = { ...machine.regs, cr3: Number(parsed.value) };
  const problems = validateRegisters(regs);
  if (problems.length > 0) return err("invalid", problems[0] as string);
  const root = cr3Root(regs.cr3);
  if (machine.ram.readFrame(root / 4096) === null)
    return err(
      "outside",
      `CR3 ${formatHex(regs.cr3)} points outside RAM (${formatHex(machine.ram.sizeBytes)} bytes).`,
    );
  return ok({ machine, regs, name: `CR3 ${formatHex(regs.cr3)}` });
}

/** The machine `steps` undo steps ago (1 = the state Undo would bring back). */
export function undoSide(past: readonly { readonly machine: Machine }[], steps: number): Result<CompareSide> {
  if (!Number.isInteger(steps) || steps < 1)
    return err("invalid", "Undo steps must be a whole number of at least 1.");
  if (steps > past.length)
    return err(
      "too-far",
      past.length === 0
        ? "There is nothing to undo yet, so there is no earlier state to compare with."
        : `Only ${past.length} undo step${past.length === 1 ? "" : "s"} back ${past.length === 1 ? "is" : "are"} kept.`,
    );
  const machine = (past[past.length - steps] as { machine: Machine }).machine;
  return ok({
    machine,
    regs: machine.regs,
    name: `the state ${steps} undo step${steps === 1 ? "" : "s"} ago`,
  });
}

/** A scenario file (.json or .pwscn), read as Open… reads it. */
export async function fileSide(file: File): Promise<Result<CompareSide>> {
  const tooLarge = scenarioFileSizeError(file.size);
  if (tooLarge) return err(tooLarge.kind, tooLarge.message);
  const parsed = await parseScenarioBytes(new Uint8Array(await file.arrayBuffer()));
  if (!parsed.ok) return err(parsed.error.kind, `${file.name}: ${parsed.error.message}`);
  const machine = machineFromScenario(parsed.value);
  return ok({ machine, regs: machine.regs, name: `${file.name} (CR3 ${formatHex(machine.regs.cr3)})` });
}
