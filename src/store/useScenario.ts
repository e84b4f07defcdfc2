/**
 * The app's scenario slice (see scenario.ts), bound to the app's machine store, and its hook.
 */
import { useStore } from "zustand";
import { createScenarioStore, type ScenarioSlice, type ScenarioSliceActions } from "./scenario";
import { appStore } from "./usePagewalk";

export const scenarioStore = createScenarioStore(appStore);

export function useScenario<T>(selector: (state: ScenarioSlice) => T): T {
  return useStore(scenarioStore, selector);
}

/** Actions never change identity; calling them from a view does not subscribe it to anything. */
export const scenarioActions: ScenarioSliceActions = scenarioStore.getState();
