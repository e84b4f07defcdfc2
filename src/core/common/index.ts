/**
 * Vocabulary every part of the core uses: results that carry a message, hex numbers as people type
 * and read them, counts with thousands separators, and
 * a message set inside a sentence.
 */
export { formatCount } from "./count";
export { FILE_HEAD_BYTES, describeFileKind, fileKindOf, looksLikeText, type FileKind } from "./file-kind";
export { U64_MAX, formatHex, parseU64 } from "./hex";
export { err, ok, type CoreError, type Result } from "./result";
export { joinWords, jsonSyntaxDetail, lowerFirst, quotable } from "./sentence";
export { mergeIntervals, type Intervals } from "./intervals";
