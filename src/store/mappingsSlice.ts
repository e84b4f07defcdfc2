/**
 * The Mappings panel's shared state: whether it is open (it enumerates every leaf of the address
 * space, so it does that work only while someone looks), and the physical address whose VAs the
 * reverse lookup shows, which the memory map can set as well as the panel's own field. Not part of
 * undo: like the selection, it is where the user is looking, not the machine.
 */
import type { PhysAddr } from "../core/arch";
import type { PagewalkState } from "./store";

export interface MappingsUiState {
  readonly mappingsUi: {
    readonly open: boolean;
    /** The PA the reverse lookup answers for, or null before one is asked. */
    readonly reversePa: PhysAddr | null;
  };
}

export const INITIAL_MAPPINGS_UI: MappingsUiState = { mappingsUi: { open: false, reversePa: null } };

export interface MappingsActions {
  setMappingsOpen: (open: boolean) => void;
  /** Asks which VAs map `pa` (null clears the question), opening the panel to show the answer. */
  lookUpPa: (pa: PhysAddr | null) => void;
}

interface SliceContext {
  readonly get: () => PagewalkState;
  readonly set: (partial: Partial<PagewalkState>) => void;
}

export function createMappingsActions({ get, set }: SliceContext): MappingsActions {
  return {
    setMappingsOpen: (open) => {
      if (get().mappingsUi.open === open) return;
      set({ mappingsUi: { ...get().mappingsUi, open } });
    },
    lookUpPa: (pa) =>
      set({ mappingsUi: { open: pa === null ? get().mappingsUi.open : true, reversePa: pa } }),
  };
}
