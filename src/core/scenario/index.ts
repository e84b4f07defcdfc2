/**
 * Scenarios (see FORMAT.md): one machine state with its text, as a validated JSON file, a compressed
 * file, or a share link; the built-in examples; export of the tables as C or NASM.
 */
export { allocatorWithoutLiveTables } from "./allocator-check";
export {
  compressScenario,
  looksLikeJson,
  looksLikeScenarioFile,
  parseScenarioBytes,
  parseScenarioBytesSync,
  scenarioFileSizeError,
  SCENARIO_SNIFF_BYTES,
} from "./file";
export type { InflateError } from "./deflate";
export { MAX_LINK_LENGTH, decodeScenarioLink, encodeScenarioLink } from "./link";
export { LINUX_PRESET_FILE, linux61 } from "./presets/linux";
export { PRESETS, loadPreset, presetById, type Preset, type PresetOutcome } from "./presets/presets";
export { TLB_LESSON_OUTCOMES, TLB_PRESETS, type TlbLessonOutcome } from "./presets/tlb-presets";
export { scenarioFromDiscovery, suggestView, type ImportView } from "./scenario-from-dump";
export { bookmarkRegisters, machineFromScenario, scenarioFromMachine } from "./scenario-machine";
export {
  LIMITS,
  REGISTER_NAMES,
  type Bookmark,
  type RegisterOverrides,
  type ScenarioFrame,
  type ScenarioMeta,
  type ScenarioProcess,
  type ScenarioState,
} from "./scenario-state";
export { scenarioRoots, type ScenarioRoot } from "./scenario-roots";
export { scenarioDocument, serializeScenario } from "./serialize";
export { checkScenario, parseScenario } from "./validate";
export {
  LESSON_LIMITS,
  lessonOpening,
  lessonScenarioAt,
  lessonWritesBetween,
  registerOverrides,
  type Lesson,
  type LessonStep,
  type LessonWrite,
} from "./lesson";
export { frameNames, vaNameOf, vaRangeNames, type VaRangeNames } from "./labels";
export { textProblem, type TextProblem } from "./text-limit";
