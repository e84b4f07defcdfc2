import type { FaultCause } from "../../walk";
import type { ScenarioMeta, ScenarioState } from "../scenario-state";

/** What a bookmark's walk must give: a physical address, or a fault with its error code. */
export type PresetOutcome =
  | { readonly pa: number }
  | { readonly exception: "#PF" | "#GP"; readonly errorCode: number; readonly cause: FaultCause };

export interface Preset {
  /** Stable name, used in share links to stand for the preset's text parts. */
  readonly id: string;
  /** Title, one- or two-sentence explanation, labels, bookmarks, processes. */
  readonly meta: ScenarioMeta & { readonly title: string; readonly description: string };
  /** The stated outcome of each bookmark, in order (the tests walk them). */
  readonly outcomes: readonly PresetOutcome[];
  /** Builds the exact state; absent for a preset whose data is fetched on demand (`file`). */
  readonly build?: () => ScenarioState;
  /** File under public/scenarios/ for presets too large to ship in the bundle. */
  readonly file?: string;
}
