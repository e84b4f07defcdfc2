/**
 * What `lint` reports: findings, each a kind of mistake with a severity, the VA range it affects,
 * the entry that causes it (its level and physical address) and a one-line why.
 */
import { LEVEL_ENTRY_NAMES, type Level, type PhysAddr } from "../arch";
import { formatHex } from "../common";

export type LintKind =
  | "write-exec"
  | "user-kernel-half"
  | "upper-denies"
  | "misaligned-huge-page"
  | "reserved-bits"
  | "table-outside-ram"
  | "frame-outside-ram"
  | "table-at-two-levels"
  | "user-writable-table";

export type Severity = "error" | "warning";

/** The severity of each kind: an error breaks the address space; a warning is often a mistake. */
export const SEVERITY: Readonly<Record<LintKind, Severity>> = {
  "write-exec": "warning",
  "user-kernel-half": "error",
  "upper-denies": "warning",
  "misaligned-huge-page": "error",
  "reserved-bits": "error",
  "table-outside-ram": "error",
  "frame-outside-ram": "warning",
  "table-at-two-levels": "error",
  "user-writable-table": "error",
};

export interface LintFinding {
  readonly kind: LintKind;
  readonly severity: Severity;
  /** The VAs affected, `end` exclusive. */
  readonly va: { readonly start: bigint; readonly end: bigint };
  /** The level of the entry (1 PTE, 2 PDE, 3 PDPTE, 4 PML4E, 5 PML5E). */
  readonly level: Level;
  /** The physical address of the entry (its table + index × 8). */
  readonly entry: PhysAddr;
  /** The one-line why. */
  readonly message: string;
}

export interface LintSummary {
  readonly errors: number;
  readonly warnings: number;
  /** Findings per kind (kinds without findings are 0). */
  readonly byKind: Readonly<Record<LintKind, number>>;
  /** Table frames and leaves examined. */
  readonly tables: number;
  readonly leaves: number;
  /** A budget ran out: the findings cover part of the address space. */
  readonly truncated: boolean;
}

export interface LintReport {
  readonly findings: readonly LintFinding[];
  readonly summary: LintSummary;
}

/**
 * Where a finding is, as the lists print it: its entry ("PTE @0x83f8"), or CR3 for the one finding
 * about the root itself (CR3 outside RAM), which covers no VA and has no entry.
 */
export function findingPlace(f: LintFinding): string {
  return f.va.start === f.va.end
    ? `CR3 ${formatHex(f.entry)}`
    : `${LEVEL_ENTRY_NAMES[f.level]} @${formatHex(f.entry)}`;
}
