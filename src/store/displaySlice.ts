/**
 * How the page is shown, beside what it shows: presentation mode (a large-type layout for a
 * projector) and read-only (an embed whose reader may explore but not change). Neither is part
 * of undo. Read-only is fixed when the store is made (from the page's URL, displayMode.ts): no
 * action lifts it, and the store itself refuses every edit while it holds (store.ts), so a hidden
 * button is never the only guard.
 */
import type { PagewalkState } from "./store";

export interface DisplayUiState {
  /** The large-type layout: the address bar, the stepper, the walk and the graph only. */
  readonly presenting: boolean;
  /** Edits to the machine and the scenario's text are refused; the VA, access and stepper still work. */
  readonly readOnly: boolean;
}

export interface DisplayActions {
  setPresenting: (on: boolean) => void;
}

/** What a read-only page says when something tries to change it. */
export const READ_ONLY_MESSAGE =
  "This embedded Pagewalk is read-only: you can change the address, the access and the step, not the tables or registers. Open it in Pagewalk to edit.";

interface SliceContext {
  readonly get: () => PagewalkState;
  readonly set: (partial: Partial<PagewalkState>) => void;
}

export function createDisplayActions({ get, set }: SliceContext): DisplayActions {
  return {
    setPresenting: (on) => {
      if (get().presenting !== on) set({ presenting: on });
    },
  };
}
