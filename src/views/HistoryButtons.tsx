import { selectCanRedo, selectCanUndo } from "../store/selectors";
import { HISTORY_LIMIT } from "../store/history";
import { actions, usePagewalk } from "../store/usePagewalk";
import { useUndoShortcuts } from "./useUndoShortcuts";

/** Undo / redo buttons, with Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) anywhere outside a text field. */
export function HistoryButtons() {
  const canUndo = usePagewalk(selectCanUndo);
  const canRedo = usePagewalk(selectCanRedo);
  const steps = usePagewalk((s) => s.past.length);
  useUndoShortcuts();
  return (
    <div className="history" role="group" aria-label="History">
      <button
        type="button"
        onClick={actions.undo}
        // aria-disabled, not disabled: undoing the last change must not drop the keyboard focus to the page.
        aria-disabled={!canUndo}
        aria-keyshortcuts="Control+Z"
        title="Undo (Ctrl+Z)"
      >
        Undo
      </button>
      <button
        type="button"
        onClick={actions.redo}
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
    </div>
  );
}
