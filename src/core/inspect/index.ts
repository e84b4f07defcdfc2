/**
 * Looking at a whole address space: every leaf mapping (`info tlb`), folded ranges (`info mem`),
 * reverse lookup, and the graph of reachable tables.
 */
export {
  DEFAULT_MAX_ENTRIES,
  DEFAULT_MAX_LEAVES,
  LeafMapping,
  enumerateLeaves,
  forEachLeaf,
  tlbLetters,
} from "./enumerate";
export { foldRanges, forEachRange, type AddressRange } from "./fold-ranges";
export {
  TableScanCache,
  buildTableGraph,
  formatEdgeRange,
  formatRunLabel,
  mappedRanges,
  type EdgeKind,
  type LeafRun,
  type PointerEdge,
  type TableGraph,
  type TableNode,
} from "./table-graph";
export { classifyWords, entryTargetWords, type EntryClass } from "./entry-class";
