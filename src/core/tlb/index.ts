/**
 * Translations that are remembered (SDM vol. 3A §4.10): per-CPU TLBs and paging-structure caches
 * with PCIDs and global pages, every invalidating instruction, staleness against a fresh walk, and
 * access traces replayed over them. The walk on a miss is core/walk's.
 */
export { CpuTlb, type AccessOutcome, type OperationOutcome, type QuickOutcome } from "./cpu-tlb";
export { PscMemory, WritableMemory } from "./psc-memory";
export {
  replayTrace,
  streamTrace,
  type Replay,
  type ReplayOptions,
  type ReplayStep,
  type StreamedStep,
} from "./replay";
export { compareWithFresh, describeFresh, describeRights, type StaleKind, type Staleness } from "./staleness";
export {
  DEFAULT_TLB_CONFIG,
  MAX_CACHE_ENTRIES,
  validateTlbConfig,
  type CacheShape,
  type TlbConfig,
} from "./tlb-config";
export {
  PSC_LEVELS,
  PSC_TITLES,
  TLB_NAMES,
  TLB_TITLES,
  pageVaOf,
  pscRangeVa,
  type PathEntry,
  type PscEntry,
  type PscLevel,
  type TlbEntry,
  type TlbName,
} from "./tlb-entry";
export { MAX_CPUS, TlbSystem } from "./tlb-system";
export {
  MAX_TRACE_OPERATIONS,
  formatTraceOp,
  parseTrace,
  type TraceError,
  type TraceLine,
  type TraceOp,
} from "./trace";
export { describeAccessOutcome, describeLookup, describeOperation, describeResult } from "./describe";
export { REACH_MAX_PAGES, tlbReach, type ReachPoint, type ReachRequest } from "./reach";
export { tlbLookupStep } from "./lookup-step";
