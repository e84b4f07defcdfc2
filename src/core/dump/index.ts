/**
 * Real memory dumps: raw (`pmemsave`) and ELF core (`dump-guest-memory`) readers that load only the
 * frames a walk needs, and the import of a dump's page tables as a machine or a scenario.
 */
export { openDump, type ByteSource, type Dump, type DumpCpuState } from "./dump";
export {
  describeBytes,
  discoverTables,
  discoverTablesSync,
  importRegisters,
  machineFromDiscovery,
  rootTable,
  packFrames,
  probeDumpAsync,
  unpackFrames,
  type AsyncByteSource,
  type Discovery,
  type DiscoveryProgress,
  type DiscoveryStats,
  type DumpImportError,
  type ProbedDump,
  type RegisterChoices,
} from "./dump-import";
