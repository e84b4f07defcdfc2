import { useCallback, useRef, useState } from "react";
import { selectCanRedo, selectCanUndo } from "../store/selectors";
import { HISTORY_LIMIT } from "../store/history";
import { actions, appStore, usePagewalk } from "../store/usePagewalk";
import { useUndoShortcuts } from "./useUndoShortcuts";
import { useFloatingHistory } from "./useFloatingHistory";

/**
 * Undo / redo buttons, with Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) anywhere outside a text field. In the
 * page's header (`floatable`), on a touch screen they come down to the screen's corner after an edit
 * made far below them (useFloatingHistory.ts).
 */
export function HistoryButtons({ floatable = false }: { readonly floatable?: boolean }) {
  const canUndo = usePagewalk(selectCanUndo);
  const canRedo = usePagewalk(selectCanRedo);
  const steps = usePagewalk((s) => s.past.length);
  // Said to a screen reader: an undo that changes nothing on the walk's line would pass unheard.
  const [said, setSaid] = useState("");
  const undo = useCallback(() => setSaid(move(actions.undo, "Undone")), []);
  const redo = useCallback(() => setSaid(move(actions.redo, "Redone")), []);
  useUndoShortcuts(undo, redo);
  const slot = useRef<HTMLSpanElement>(null);
  const { floating, slotStyle } = useFloatingHistory(slot, floatable);
  const group = (
    <div className={floating ? "history floating" : "history"} role="group" aria-label="History">
      <button
        type="button"
        onClick={undo}
        // aria-disabled, not disabled: undoing the last change must not drop the keyboard focus to the page.
        aria-disabled={!canUndo}
        aria-keyshortcuts="Control+Z"
        title="Undo (Ctrl+Z)"
      >
        Undo
      </button>
      <button
        type="button"
        onClick={redo}
        aria-disabled={!canRedo}
        aria-keyshortcuts="Control+Shift+Z"
        title="Redo (Ctrl+Shift+Z)"
      >
        Redo
      </button>
      <span
        className="muted small-text undo-depth"
        title={`Undo can take back ${steps} change${steps === 1 ? "" : "s"} (the last ${HISTORY_LIMIT} are kept)`}
      >
        <span className="mono">{steps}</span> to undo
      </span>
      <span className="visually-hidden" role="status">
        {said}
      </span>
    </div>
  );
  return floatable ? (
    <span ref={slot} className="history-slot" style={slotStyle}>
      {group}
    </span>
  ) : (
    group
  );
}

/** Runs an undo or a redo and words what it did ("Undone: 2 more to undo, 1 to redo."), or "". */
function move(run: () => void, done: "Undone" | "Redone"): string {
  const before = appStore.getState();
  run();
  const after = appStore.getState();
  if (after.past.length === before.past.length) return "";
  const more = (n: number, what: string, again: boolean): string =>
    `${n === 0 ? "nothing" : n}${again && n > 0 ? " more" : ""} to ${what}`;
  return `${done}: ${more(after.past.length, "undo", done === "Undone")}, ${more(after.future.length, "redo", done === "Redone")}.`;
}
