/**
 * Comparing two address spaces: each as maximal runs of mappings (same PA stride, page size,
 * rights and memory type), and the added, removed and changed VA ranges between them.
 */
export {
  mappingRuns,
  pushRun,
  runStart,
  sameAttributes,
  vaOfVpn,
  vpnOfWords,
  type MappingAttributes,
  type MappingRun,
  type MappingRuns,
} from "./mapping-runs";
export {
  applyDiff,
  diffRuns,
  type ChangedField,
  type DiffChange,
  type DiffKind,
  type DiffSide,
  type DiffSummary,
  type MappingDiff,
} from "./diff";
export { CHANGED_FIELD_NAMES, changeBounds, describeChange, describeSide, describeSummary } from "./describe";
