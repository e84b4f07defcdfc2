/**
 * Explaining a fault log: QEMU `-d int` and `info registers`, a Linux oops and the `x86_64` crate's
 * `PageFaultErrorCode` read into one `FaultLog`, then replayed over the tables (or, for an oops,
 * over its printed entries) to name the entry and field that decided the fault.
 */
export { explainFault, replayRegisters, type ExplainTables, type FaultExplanation } from "./explain-fault";
export { LOG_FORMAT_NAMES } from "./fault-log";
export { loggedDifferences } from "./logged-differences";
export { parseFaultLog } from "./parse-fault-log";
export { countLogLines, MAX_LOG_CHARS } from "./log-lines";
export { LOG_CUT_COMMAND } from "./log-excerpt";
