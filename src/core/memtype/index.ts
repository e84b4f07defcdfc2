/**
 * Memory types (SDM vol. 3A ch. 11): the PAT index of a leaf, the IA32_PAT MSR, the MTRRs and the
 * table that combines them into a page's effective type. The one home of those rules.
 */
export {
  DEFAULT_PAT,
  DEFAULT_PAT_TYPES,
  MEMORY_TYPES,
  MEMORY_TYPE_NAMES,
  memoryTypeFromName,
  parsePat,
  patIndex,
  patTypes,
  type MemoryType,
  type PatTypes,
} from "./memory-type";
export { combineMemoryTypes, type MtrrType } from "./combine";
export {
  FIXED_RANGES_END,
  fixedGranularity,
  mtrrTypeAt,
  mtrrTypeOfPage,
  type FixedMtrr,
  type Mtrrs,
  type PageMtrrType,
  type VariableMtrr,
} from "./mtrr";
export {
  MAX_VARIABLE_MTRRS,
  MTRR_FILE_MAX_BYTES,
  mtrrsToJson,
  parseMtrrJson,
  parseMtrrText,
} from "./mtrr-file";
export {
  DEFAULT_MEMORY_TYPE_SETTINGS,
  describeMemoryType,
  memoryTypeOfWalk,
  memoryTypeResolver,
  trustedResolver,
  type MemoryTypeResolver,
  type MemoryTypeSettings,
  type MemoryTypeVerdict,
  type MappedWalk,
} from "./effective-type";
