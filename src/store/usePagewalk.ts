/**
 * The app's one store and the hook views use to read it. Views pass the narrowest selector they can
 * (a primitive, or `useShallow` for a few fields), so a change re-renders only the views it concerns.
 */
import { useStore } from "zustand";
import type { PredictActions } from "./predictSlice";
import type { ScenarioActions } from "./scenarioSlice";
import type { StepActions } from "./stepActions";
import type { DisplayActions } from "./displaySlice";
import { displayModeNote, displayModeOf } from "./displayMode";
import type { MappingsActions } from "./mappingsSlice";
import type { TlbActions } from "./tlbSlice";
import type { LessonActions } from "./lessonSlice";
import type { AuthoringActions } from "./authoringSlice";
import { createPagewalkStore, type MachineActions, type PagewalkState, type SelectionActions } from "./store";

/** The page's URL decides, once, whether it opens presenting and whether it is read-only (an embed's `&readonly=1`). */
const mode = displayModeOf(typeof location === "undefined" ? "" : location.search);

export const appStore = createPagewalkStore(undefined, {
  presenting: mode.presenting && !mode.embed,
  // Read-only belongs to the embed, whose page offers no editing controls; a full page with every
  // editor on it refusing each click would only puzzle.
  readOnly: mode.embed && mode.readOnly,
});

// A flag the address asks for that the page does not do (`?present=maybe`) is said, not ignored.
const modeNote = displayModeNote(typeof location === "undefined" ? "" : location.search);
if (modeNote !== null) appStore.getState().showMessage({ kind: "notice", text: modeNote });

export function usePagewalk<T>(selector: (state: PagewalkState) => T): T {
  return useStore(appStore, selector);
}

/** Actions never change identity; calling them from a view does not subscribe it to anything. */
export const actions: MachineActions &
  SelectionActions &
  ScenarioActions &
  PredictActions &
  StepActions &
  DisplayActions &
  MappingsActions &
  TlbActions &
  LessonActions &
  AuthoringActions = appStore.getState();
