/**
 * What a fault log tells, whatever printed it (QEMU `-d int`, QEMU `info registers`, a Linux oops,
 * the `x86_64` crate's `PageFaultErrorCode` debug output): the faulting VA (CR2), the #PF error
 * code, the privilege level and the control registers — each null when that log does not say.
 */
import type { VirtAddr } from "../arch";

export type LogFormat = "qemu-int" | "qemu-registers" | "linux-oops" | "x86_64-crate";

export const LOG_FORMAT_NAMES: Readonly<Record<LogFormat, string>> = {
  "qemu-int": "QEMU -d int",
  "qemu-registers": "QEMU info registers",
  "linux-oops": "Linux oops",
  "x86_64-crate": "x86_64 crate PageFaultErrorCode",
};

/** Control registers as a log printed them (32-bit registers as numbers, CR3 below 2^52). */
export interface LoggedRegisters {
  readonly cr0?: number;
  readonly cr3?: number;
  readonly cr4?: number;
  readonly efer?: number;
}

/** One entry of a Linux oops' `PGD … P4D … PUD … PMD … PTE …` line. */
export interface OopsEntry {
  readonly name: "PGD" | "P4D" | "PUD" | "PMD" | "PTE";
  readonly raw: bigint;
}

export interface FaultLog {
  readonly format: LogFormat;
  /** The faulting linear address (CR2 for a #PF). */
  readonly va: VirtAddr;
  /** The #PF error code, or null when the log has none (`info registers`). */
  readonly errorCode: number | null;
  /** The privilege level at the fault (0 or 3), or null when the log does not say. */
  readonly cpl: 0 | 3 | null;
  readonly registers: LoggedRegisters;
  /** The instruction pointer at the fault, when printed. */
  readonly rip: bigint | null;
  /** A Linux oops' printed page-table entries, top level first (empty for other formats). */
  readonly oopsEntries: readonly OopsEntry[];
  /** Things the parser noticed that a reader should know (several faults in the log, …). */
  readonly notes: readonly string[];
}
