/**
 * Looking at a whole address space: every leaf mapping (`info tlb`), folded ranges (`info mem`),
 * reverse lookup, and the graph of reachable tables.
 */
export {
  DEFAULT_MAX_ENTRIES,
  DEFAULT_MAX_LEAVES,
  DEFAULT_MAX_REVERSE_RESULTS,
  LeafMapping,
  enumerateLeaves,
  forEachLeaf,
  reverseLookup,
  reverseLookupMany,
  permissionLetters,
  tlbLetters,
  type Enumeration,
  type EnumerateOptions,
  type EnumerationStats,
  type ReverseLookup,
  type ReverseMatch,
  type SkippedSubtree,
} from "./enumerate";
export { foldLeaves, foldRanges, forEachRange, type AddressRange, type RangeList } from "./fold-ranges";
export { LeafList, LeafListBuilder, listLeaves, type LeafListing, type ListLeavesOptions } from "./leaf-list";
export {
  ALL_MAPPINGS,
  filterLeaves,
  filterMappings,
  findVaRow,
  isAllMappings,
  leafRows,
  matchesFilter,
  rangeRows,
  type FilteredMappings,
  type LeafSequence,
  type LeafSource,
  type MappingFilter,
  type Privilege,
  type VaRows,
} from "./mapping-filter";
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
