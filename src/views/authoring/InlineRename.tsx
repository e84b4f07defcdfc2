import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import type { Result } from "../../core/common";

/**
 * A text shown as is, with a Rename button that turns it into a field (Enter saves, Esc cancels;
 * a `multiline` text, a lesson step's paragraphs, gets a text area, where Enter is a line break).
 * A refused text keeps the field open with the reason under it; the value stays as it was. Saved
 * or cancelled, the keyboard focus goes back to the Rename button.
 *
 * It is a list row's content (`rename-row`: names, bookmarks, lesson steps): the text, after what
 * the row is about (`lead`), takes the row's width, and the Rename button with the row's other
 * buttons (`trailing`) stand together at its end, so every row's buttons line up in one column.
 */
export function InlineRename({
  value,
  what,
  onRename,
  lead,
  trailing,
  multiline = false,
}: {
  readonly value: string;
  /** What is renamed, for the buttons' and field's names ("bookmark 2"). */
  readonly what: string;
  readonly onRename: (text: string) => Result<void>;
  /** Shown before the text, renamed or not (the frame's address, the bookmark's access). */
  readonly lead?: ReactNode;
  /** Buttons after Rename, in the same group (Delete, Move up…). */
  readonly trailing?: ReactNode;
  readonly multiline?: boolean;
}) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A row whose text changes under an open field (another row deleted, Undo) closes the field: it
  // was about the old text ("storing information from previous renders").
  const [seenValue, setSeenValue] = useState(value);
  if (value !== seenValue) {
    setSeenValue(value);
    if (text !== null) setText(null);
  }
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (text === null && wasEditing.current) renameButton.current?.focus();
    wasEditing.current = text !== null;
  }, [text]);
  if (text === null) {
    return (
      <div className="rename-row">
        <span className="rename-text">
          {lead}
          {lead !== undefined && " "}
          {value}
        </span>{" "}
        <span className="rename-actions">
          <button
            ref={renameButton}
            type="button"
            className="small-button"
            aria-label={`Rename ${what}`}
            onClick={() => {
              setText(value);
              setError(null);
            }}
          >
            Rename
          </button>
          {trailing}
        </span>
      </div>
    );
  }
  const cancelOnEscape = (e: KeyboardEvent): void => {
    if (e.key === "Escape") {
      e.stopPropagation();
      setText(null);
    }
  };
  const save = (e: FormEvent): void => {
    e.preventDefault();
    const result = onRename(text);
    if (!result.ok) return setError(result.error.message);
    setText(null);
  };
  return (
    <div className="rename-row">
      {lead}
      <form className="inline-rename" onSubmit={save}>
        {multiline ? (
          <textarea
            aria-label={`New text for ${what}`}
            value={text}
            rows={4}
            autoFocus
            onChange={(e) => setText(e.target.value)}
            onKeyDown={cancelOnEscape}
          />
        ) : (
          <input
            aria-label={`New text for ${what}`}
            value={text}
            autoFocus
            onChange={(e) => setText(e.target.value)}
            onKeyDown={cancelOnEscape}
          />
        )}
        <button type="submit" className="small-button" aria-label={`Save ${what}`}>
          Save
        </button>
        <button
          type="button"
          className="small-button"
          aria-label={`Cancel renaming ${what}`}
          onClick={() => setText(null)}
        >
          Cancel
        </button>
        {error !== null && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
      </form>
      {trailing !== undefined && <span className="rename-actions">{trailing}</span>}
    </div>
  );
}
