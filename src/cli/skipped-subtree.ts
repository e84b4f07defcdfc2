/**
 * The warning `mappings` gives for a subtree it could not follow: the entry's table is outside the
 * memory (with reserved address bits set, that is where it points). QEMU's `info tlb` masks those
 * bits and lists what it finds there; the CPU faults with RSVD on every access below.
 */
import {
  LEVEL_TABLE_NAMES,
  fromWords,
  nextTableAddress,
  reservedBitReasons,
  pagingMode,
  type Registers,
} from "../core/arch";
import { formatHex } from "../core/common";
import type { SkippedSubtree } from "../core/inspect";

export function skippedSubtreeWarning(s: SkippedSubtree, regs: Registers, json: boolean): string {
  const raw = fromWords(s.entryHi, s.entryLo);
  const va = fromWords(s.vaHi, s.vaLo);
  const table = formatHex(nextTableAddress(s.entryLo, s.entryHi));
  const reasons = s.reserved
    ? reservedBitReasons(raw, s.level, pagingMode(regs)).map((r) => r.description)
    : [];
  const reason = s.reserved
    ? `its entry has reserved bits set (${reasons.join("; ")}), so its table address ${table} is outside memory; every access below it faults with RSVD`
    : `its table at ${table} is outside memory`;
  if (json) {
    return JSON.stringify({
      warning: "skipped-subtree",
      va: formatHex(va),
      level: s.level,
      entry: formatHex(s.entryAddr),
      value: formatHex(raw),
      reserved: s.reserved,
      reason,
    });
  }
  return `pagewalk: warning: skipped the subtree of ${LEVEL_TABLE_NAMES[s.level]} entry @${formatHex(s.entryAddr)} = ${formatHex(raw)} (VAs from ${formatHex(va)}): ${reason}`;
}
