/**
 * The x86-64 architecture as the SDM states it (vol. 3A ch. 4): addresses and their per-level indices,
 * the 64-bit paging-structure entry and its fields, the control registers, the access kinds and the
 * #PF error code, and the paging rules every walker shares (`paging-rules.ts`).
 */
export {
  ACCESS_KINDS,
  PF,
  PF_BIT_NAMES,
  accessErrorBits,
  accessOfKind,
  describeAccess,
  describeErrorCode,
  kindOfAccess,
  type Access,
  type AccessKind,
  type AccessMode,
  type AccessOp,
} from "./access";
export {
  LEVEL_ENTRY_NAMES,
  LEVEL_TABLE_NAMES,
  PAGE_1G,
  PAGE_2M,
  PAGE_4K,
  canonicalize,
  formatPhysAddr,
  formatVirtAddr,
  fromWords,
  hiWord,
  indexAt,
  isCanonical,
  joinIndices,
  levelSpan,
  loWord,
  pageSizeName,
  parsePhysAddr,
  parseVirtAddr,
  splitIndices,
  vaBits,
  virtAddr,
  type Level,
  type PageSize,
  type PagingLevels,
  type PhysAddr,
  type VirtAddr,
} from "./address";
export {
  decodeEntry,
  decodeEntryWords,
  encodeEntry,
  entryAddress,
  isLeafEntry,
  reservedBitReasons,
  toggleBit,
  withAddress,
  type DecodedEntry,
  type EntryFlags,
  type ReservedBitReason,
} from "./entry";
export { entryFields, type EntryField } from "./entry-fields";
export {
  CR0,
  CR4,
  DEFAULT_REGISTERS,
  EFER,
  MAX_MAXPHYADDR,
  MIN_MAXPHYADDR,
  RFLAGS_AC,
  cr3Pcid,
  cr3Root,
  pagingMode,
  pkruBits,
  validateRegisters,
  type PagingMode,
  type Registers,
} from "./registers";
// Every rule of paging-rules.ts is public: it is the one home of the hardware's paging rules.
export * from "./paging-rules";
