/**
 * Translating an address: the traced walk (every step, the outcome, the verdict of an access), the
 * access-rights rules, and the allocation-free fast translator for hot loops.
 */
export {
  FAULT,
  PERM_USER,
  PERM_WRITE,
  PERM_XD,
  createFastTranslator,
  resultPaHi,
  resultPerm,
  type FastTranslator,
} from "./translate-fast";
export {
  accessedDirtyWrites,
  checkAccess,
  describeOutcome,
  translateTraced,
  walk,
  type AccessVerdict,
  type EntryWrite,
  type FaultCause,
  type Translation,
  type WalkResult,
  type WalkStep,
} from "./walk";
