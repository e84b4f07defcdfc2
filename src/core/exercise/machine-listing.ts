/**
 * The machine of an exercise on paper: the registers that matter for a walk and every non-zero
 * entry of RAM, table by table — what a printed worksheet gives instead of the interactive views.
 */
import { CR0, CR4, EFER, formatPhysAddr } from "../arch";
import { formatHex } from "../common";
import type { ScenarioState } from "../scenario";

const flag = (value: number, mask: number): string => ((value & mask) !== 0 ? "1" : "0");

/** "CR3 = 0x9b000, CR0.WP = 1, CR4.LA57 = 0, …" */
export function registersLine(scenario: ScenarioState): string {
  const r = scenario.registers;
  return [
    `CR3 = ${formatPhysAddr(r.cr3)}`,
    `CR0.WP = ${flag(r.cr0, CR0.WP)}`,
    `CR4.LA57 = ${flag(r.cr4, CR4.LA57)}`,
    `CR4.SMEP = ${flag(r.cr4, CR4.SMEP)}`,
    `CR4.SMAP = ${flag(r.cr4, CR4.SMAP)}`,
    `EFER.NXE = ${flag(r.efer, EFER.NXE)}`,
    `MAXPHYADDR = ${r.maxPhyAddr}`,
  ].join(", ");
}

/** One line per table frame: `0x9c000: [12] 0x0000_0000_0009_d007, [300] …`. */
export function tableLines(scenario: ScenarioState): string[] {
  return scenario.frames.map(
    (frame) =>
      `${formatPhysAddr(frame.addr)}: ` +
      frame.entries
        .map(([index, value]) => `[${index}] ${formatHex(value, { digits: 16, separators: true })}`)
        .join(", "),
  );
}
