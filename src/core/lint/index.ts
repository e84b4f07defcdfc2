/**
 * Linting an address space: the mistakes OS developers make in page tables (W+X, user pages in
 * the kernel half, upper levels that deny what a leaf grants, misaligned huge pages, reserved
 * bits, tables and frames outside RAM, a table at two levels, user-writable page tables), each
 * with a severity, the VAs it affects, its entry and a one-line why.
 */
export { lintAddressSpace, type LintOptions } from "./lint";
export {
  SEVERITY,
  findingPlace,
  type LintFinding,
  type LintKind,
  type LintReport,
  type LintSummary,
  type Severity,
} from "./lint-types";
