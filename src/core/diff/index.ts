/**
 * Comparing two address spaces: each as maximal runs of mappings (same PA stride, page size,
 * rights and memory type), and the added, removed and changed VA ranges between them.
 */
export { mappingRuns } from "./mapping-runs";
export { diffRuns, type DiffChange, type DiffSide, type MappingDiff } from "./diff";
export { CHANGED_FIELD_NAMES, changeBounds, describeChange, describeSide, describeSummary } from "./describe";
