/**
 * The app's one store and the hook views use to read it. Views pass the narrowest selector they can
 * (a primitive, or `useShallow` for a few fields), so a change re-renders only the views it concerns.
 */
import { useStore } from "zustand";
import type { PredictActions } from "./predictSlice";
import type { ScenarioActions } from "./scenarioSlice";
import type { StepActions } from "./stepActions";
import type { MappingsActions } from "./mappingsSlice";
import { createPagewalkStore, type MachineActions, type PagewalkState, type SelectionActions } from "./store";

export const appStore = createPagewalkStore();

export function usePagewalk<T>(selector: (state: PagewalkState) => T): T {
  return useStore(appStore, selector);
}

/** Actions never change identity; calling them from a view does not subscribe it to anything. */
export const actions: MachineActions &
  SelectionActions &
  ScenarioActions &
  PredictActions &
  StepActions &
  MappingsActions = appStore.getState();
