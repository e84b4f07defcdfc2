/** Words for a diff, shared by `pagewalk diff` and the browser's Compare panel. */
import { SIZE_NAMES } from "../arch";
import { formatCount, formatHex } from "../common";
import { permissionLetters } from "../inspect";
import type { ChangedField, DiffChange, DiffSide, DiffSummary } from "./diff";
import { vaOfVpn } from "./mapping-runs";

/** `PA 0x600000 4K urwx WB` (+ ` RSVD`): what one side maps at the start of a change. */
export function describeSide(side: DiffSide): string {
  return `PA ${formatHex(side.pfn * 4096)} ${SIZE_NAMES[side.pageSize] ?? "?"} ${permissionLetters(side)} ${side.memoryType}${
    side.reserved ? " RSVD" : ""
  }`;
}

/** The words for what differs in a changed range: "PA", "rights", "page size", "memory type". */
export const CHANGED_FIELD_NAMES: Readonly<Record<ChangedField, string>> = {
  pa: "PA",
  rights: "rights",
  pageSize: "page size",
  memoryType: "memory type",
};

/** `PA 0x600000 4K urwx WB → PA 0x700000 4K urwx WB`, or one side for an added or removed range. */
export function describeChange(c: DiffChange): string {
  if (c.before === null) return describeSide(c.after as DiffSide);
  if (c.after === null) return describeSide(c.before);
  return `${describeSide(c.before)} → ${describeSide(c.after)}`;
}

/** `1 added, 0 removed, 2 changed`, or `no differences`. */
export function describeSummary(s: DiffSummary): string {
  if (s.added + s.removed + s.changed === 0) return "no differences";
  return `${formatCount(s.added)} added, ${formatCount(s.removed)} removed, ${formatCount(s.changed)} changed`;
}

/** The start and the exclusive end VA of a change. */
export function changeBounds(c: DiffChange): { start: bigint; end: bigint } {
  return { start: vaOfVpn(c.startVpn), end: vaOfVpn(c.endVpn) };
}
