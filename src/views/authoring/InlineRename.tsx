import { useState, type FormEvent } from "react";
import type { Result } from "../../core/common";

/**
 * A text shown as is, with a Rename button that turns it into a field (Enter saves, Esc cancels).
 * A refused text keeps the field open with the reason under it; the value stays as it was.
 */
export function InlineRename({
  value,
  what,
  onRename,
  className,
}: {
  readonly value: string;
  /** What is renamed, for the buttons' and field's names ("bookmark 2"). */
  readonly what: string;
  readonly onRename: (text: string) => Result<void>;
  readonly className?: string;
}) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (text === null) {
    return (
      <>
        <span className={className}>{value}</span>{" "}
        <button
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
      </>
    );
  }
  const save = (e: FormEvent): void => {
    e.preventDefault();
    const result = onRename(text);
    if (!result.ok) return setError(result.error.message);
    setText(null);
  };
  return (
    <form className="inline-rename" onSubmit={save}>
      <input
        aria-label={`New text for ${what}`}
        value={text}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            setText(null);
          }
        }}
      />
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
  );
}
