/**
 * Lints an address space: every rule of table-rules.ts and leaf-rules.ts over the tables reachable
 * from CR3, the findings in VA order, counted by severity and kind. Bounded like the enumeration
 * (`truncated` says when a budget ran out), so a hostile image cannot make it run forever.
 */
import { pagingMode, type Registers } from "../arch";
import { DEFAULT_MAX_ENTRIES, DEFAULT_MAX_LEAVES } from "../inspect";
import type { PhysicalMemory } from "../memory";
import { checkLeaves } from "./leaf-rules";
import { SEVERITY, type LintKind, type LintReport } from "./lint-types";
import { checkTables } from "./table-rules";

export interface LintOptions {
  readonly maxLeaves?: number;
  readonly maxEntries?: number;
}

export function lintAddressSpace(
  memory: PhysicalMemory,
  regs: Registers,
  options: LintOptions = {},
): LintReport {
  const mode = pagingMode(regs);
  const byKind = Object.fromEntries(Object.keys(SEVERITY).map((k) => [k, 0])) as Record<LintKind, number>;
  if (mode.unsupported) throw new Error(mode.unsupported); // callers check the registers first
  const tables = checkTables(memory, mode, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const leaves = checkLeaves(memory, regs, tables.tableFrames, options.maxLeaves ?? DEFAULT_MAX_LEAVES);
  const findings = [...tables.findings, ...leaves.findings].sort((a, b) =>
    a.va.start < b.va.start ? -1 : a.va.start > b.va.start ? 1 : b.level - a.level,
  );
  for (const f of findings) byKind[f.kind]++;
  return {
    findings,
    summary: {
      errors: findings.filter((f) => f.severity === "error").length,
      warnings: findings.filter((f) => f.severity === "warning").length,
      byKind,
      tables: tables.tableFrames.size,
      leaves: leaves.leaves,
      truncated: tables.truncated || leaves.truncated,
    },
  };
}
