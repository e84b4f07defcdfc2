/**
 * Scenarios: files, share links, presets and code export (see FORMAT.md). The UI's entry point:
 *
 * - `serializeScenario(state)` / `parseScenario(textOrValue)` / `parseScenarioBytes(bytes)` for files;
 * - `encodeScenarioLink(state)` / `decodeScenarioLink(fragment)` / `isTooLargeForLink(state)` for links;
 * - `machineFromScenario(state)` / `scenarioFromMachine(machine, view, meta)` to and from the store;
 * - `PRESETS` and `loadPreset(id)` for the Examples menu;
 * - `exportTablesC` / `exportTablesNasm` for "export as code".
 */
export * from "./format";
export { checkScenario, parseScenario, type ScenarioError, type ScenarioErrorKind } from "./validate";
export { parseScenarioBytes, compressScenario } from "./file";
export {
  bookmarkRegisters,
  framesOfRam,
  machineFromScenario,
  scenarioFromMachine,
  type ScenarioMachine,
  type ScenarioView,
} from "./machine";
export {
  decodeScenarioLink,
  encodeScenarioLink,
  isTooLargeForLink,
  scenarioLinkSize,
  LINK_VERSION,
  MAX_LINK_ENTRIES,
  MAX_LINK_INFLATED_BYTES,
  MAX_LINK_LENGTH,
  type LinkError,
  type LinkErrorKind,
} from "./link";
export {
  loadPreset,
  presetById,
  PRESETS,
  type LoadPresetOptions,
  type Preset,
  type PresetOutcome,
} from "./presets";
export {
  exportTablesC,
  exportTablesNasm,
  tablesForExport,
  MAX_EXPORTED_TABLES,
  type ExportedTable,
} from "./export-code";
