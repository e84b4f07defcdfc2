/**
 * `pagewalk lint`: the core's address-space lint over a memory image or a scenario, for a kernel's
 * CI. Exit status 0 when there is no error (warnings allowed), 1 when there are errors, 2 for bad
 * input (a mistyped command, an unreadable image, registers without paging).
 */
import { formatHex } from "../core/common";
import { findingPlace, lintAddressSpace, type LintFinding, type LintReport } from "../core/lint";
import { InputError, parseArgs, UsageError } from "./args";
import { OutputClosed, type CliIO } from "./io";
import { openWalkTarget, REGISTER_OPTIONS } from "./walk-target";

export const LINT_HELP = `Usage: pagewalk lint --memory IMAGE [--cr3 HEX] [register options] [--json]
       pagewalk lint --scenario FILE [register options] [--json]

Checks the tables reachable from CR3 and lists every finding with its VA range, its entry (level
and physical address), a severity and a one-line why:
  error    user-kernel-half      user-accessible pages in the kernel half (VA bit 63 = 1)
  error    misaligned-huge-page  a 2 MiB / 1 GiB leaf whose address is not aligned to its size
  error    reserved-bits         reserved bits set (beyond MAXPHYADDR, XD without EFER.NXE, PS in a PML4E/PML5E)
  error    table-outside-ram     an entry (or CR3) pointing to a table outside RAM
  error    table-at-two-levels   one table reachable at two levels (a recursive slot is not counted)
  error    user-writable-table   a user-writable mapping of a page-table frame
  warning  write-exec            writable and executable pages
  warning  upper-denies          an upper entry denying what the leaves below grant (U/S, R/W, XD)
  warning  frame-outside-ram     a leaf mapping a frame outside RAM (right for MMIO)
Exit status: 0 no errors, 1 errors found, 2 bad input.

Register options are those of "pagewalk translate --help".
  --json             {"findings": [{"kind", "severity": "error" | "warning", "va": {"start", "end"},
                      "level", "entry": "0x…", "message"}],
                      "summary": {"errors", "warnings", "byKind", "tables", "leaves", "truncated"}}
                     ("end" exclusive; "entry" the entry's physical address)`;

export function lintCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs("lint", argv, { values: REGISTER_OPTIONS, flags: ["json"] });
  if (args.flags.has("help")) {
    io.stdout(LINT_HELP + "\n");
    return 0;
  }
  if (args.positionals.length > 0)
    throw new UsageError(`unexpected argument "${args.positionals[0]}" (lint takes no VA)`);
  let report: LintReport;
  try {
    const target = openWalkTarget(args);
    try {
      report = lintAddressSpace(target.memory, target.regs);
    } finally {
      target.close();
    }
  } catch (e) {
    // Bad input is exit 2 here, not 1: 1 means "errors found" to a CI script.
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
  const status = report.summary.errors > 0 ? 1 : 0;
  try {
    if (args.flags.has("json")) io.stdout(JSON.stringify(lintJson(report), null, 2) + "\n");
    else io.stdout(lintText(report) + "\n");
  } catch (e) {
    // `lint … | head`: the reader left, but the status is the verdict a CI script tests.
    if (e instanceof OutputClosed) return status;
    throw e;
  }
  if (report.summary.truncated)
    io.stderr("pagewalk: warning: the tables are too large to lint whole: the findings cover part of them\n");
  return status;
}

export function lintJson(report: LintReport): unknown {
  return {
    findings: report.findings.map((f) => ({
      kind: f.kind,
      severity: f.severity,
      va: { start: formatHex(f.va.start), end: formatHex(f.va.end) },
      level: f.level,
      entry: formatHex(f.entry),
      message: f.message,
    })),
    summary: report.summary,
  };
}

function lintText(report: LintReport): string {
  const s = report.summary;
  const lines = report.findings.map(findingLine);
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? "" : "s"}`;
  lines.push(
    `${count(s.errors, "error")}, ${count(s.warnings, "warning")} (${count(s.tables, "table")}, ${count(s.leaves, "leaf")} checked)`.replace(
      "leafs",
      "leaves",
    ),
  );
  return lines.join("\n");
}

function findingLine(f: LintFinding): string {
  const range = `${f.va.start.toString(16).padStart(16, "0")}-${f.va.end.toString(16).padStart(16, "0")}`;
  return `${f.severity.padEnd(8)} ${f.kind.padEnd(21)} ${range} ${findingPlace(f)}  ${f.message}`;
}
