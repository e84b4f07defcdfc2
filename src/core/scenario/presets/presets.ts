/**
 * The built-in examples (menu "Examples"): each exact, explained in a sentence or two, with
 * bookmarks whose outcomes the tests check. All but the Linux one are built in code at once; the
 * Linux page tables are fetched on demand (`loadPreset`).
 */
import { err, ok, type Result } from "../../common";
import type { PresetMetaLookup } from "../compact";
import type { ScenarioMeta, ScenarioState } from "../scenario-state";
import { parseScenarioBytes } from "../file";
import { faultGallery } from "./fault-gallery";
import { higherHalf1g } from "./higher-half-1g";
import { identity2m } from "./identity-2m";
import { la57 } from "./la57";
import { linux61 } from "./linux";
import { recursive } from "./recursive";
import { twoProcesses } from "./two-processes";
import type { Preset } from "./types";
import { workedExample } from "./worked-example";
import { TLB_PRESETS } from "./tlb-presets";
import { LESSON_PRESETS } from "./lessons";

export type { Preset, PresetOutcome } from "./types";

export const PRESETS: readonly Preset[] = [
  workedExample,
  identity2m,
  higherHalf1g,
  recursive,
  twoProcesses,
  faultGallery,
  la57,
  linux61,
  ...TLB_PRESETS,
  ...LESSON_PRESETS,
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

export interface LoadPresetOptions {
  /** `fetch` or a stand-in (tests read the file from disk). */
  readonly fetch?: (
    url: string,
  ) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
  /** Where public/scenarios/ is served; default "/scenarios/" (use Vite's BASE_URL + "scenarios/"). */
  readonly baseUrl?: string;
}

/** The preset's exact state: built at once, or fetched and validated like any scenario file. */
export async function loadPreset(
  id: string,
  options: LoadPresetOptions = {},
): Promise<Result<ScenarioState>> {
  const preset = presetById(id);
  if (!preset) return err("unknown-preset", `There is no example called "${id.slice(0, 40)}".`);
  if (preset.build) return ok(preset.build());
  const fetchFn = options.fetch ?? ((url: string) => fetch(url));
  const url = `${options.baseUrl ?? "/scenarios/"}${preset.file ?? ""}`;
  let bytes: Uint8Array;
  try {
    const response = await fetchFn(url);
    if (!response.ok)
      return err(
        "fetch-failed",
        `The example "${preset.meta.title}" could not be loaded (HTTP ${response.status}).`,
      );
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    return err(
      "fetch-failed",
      `The example "${preset.meta.title}" could not be loaded (${e instanceof Error ? e.message : "network error"}).`,
    );
  }
  return parseScenarioBytes(bytes);
}

/** The text parts of a state, in a comparable form. */
function metaKey(meta: ScenarioMeta): string {
  return JSON.stringify(
    {
      t: meta.title,
      d: meta.description,
      l: meta.labels,
      b: meta.bookmarks,
      p: meta.processes,
      ls: meta.lesson,
    },
    (_key, value: unknown) => (typeof value === "bigint" ? `0x${value.toString(16)}` : value),
  );
}

/** Each preset's metaKey, made when first compared (a lesson's key works out its steps). */
const presetKeys = new Map<string, string>();

/** Lets share links name a preset instead of carrying its title, description and bookmarks. */
export const presetMetaLookup: PresetMetaLookup = {
  idOf(meta) {
    // Only a preset with the same title can have the same text parts: the others are never keyed,
    // so encoding a link (the embed's "Open in Pagewalk" on every load) does not build every lesson.
    let key: string | null = null;
    for (const preset of PRESETS) {
      if (preset.meta.title !== meta.title) continue;
      key ??= metaKey(meta);
      let presetKey = presetKeys.get(preset.id);
      if (presetKey === undefined) {
        presetKey = metaKey(preset.meta);
        presetKeys.set(preset.id, presetKey);
      }
      if (presetKey === key) return preset.id;
    }
    return null;
  },
  metaOf(id) {
    return presetById(id)?.meta ?? null;
  },
};
