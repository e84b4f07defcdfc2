/**
 * Translating an address: the traced walk (every step, the outcome, the verdict of an access, as
 * plain data), the access-rights rules, the A/D writes a walk makes, and the allocation-free fast
 * translator for hot loops.
 */
export { ALLOWED, PERMISSION_RULES, checkAccess, type PermissionRule } from "./access-check";
export { accessedDirtyWrites, type EntryWrite } from "./accessed-dirty";
export { describeOutcome } from "./describe-outcome";
export {
  NO_TRANSLATION,
  PERM_USER,
  PERM_WRITE,
  PERM_XD,
  createFastTranslator,
  resultPaHi,
  resultPerm,
  type FastTranslator,
} from "./translate-fast";
export { followTables, followed } from "./follow";
export { followedSteps, followedTranslation, translateTraced, walk } from "./walk";
export type {
  AccessVerdict,
  EffectivePermissions,
  FaultCause,
  Translation,
  WalkResult,
  WalkStep,
} from "./walk-types";
