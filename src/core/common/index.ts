/**
 * Vocabulary every part of the core uses: results that carry a message, hex numbers as people type
 * and read them, and counts with thousands separators.
 */
export { formatCount } from "./count";
export { U64_MAX, formatHex, parseU64 } from "./hex";
export { err, ok, type CoreError, type Result } from "./result";
