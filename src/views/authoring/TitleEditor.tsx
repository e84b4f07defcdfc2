import { useId, useState, type FormEvent } from "react";
import { LIMITS } from "../../core/scenario";
import { actions, usePagewalk } from "../../store/usePagewalk";

/**
 * The scenario's title and description edited in place: one form, saved as one undoable step
 * (both fields, or neither when one is refused: the message says which and why).
 */
export function TitleEditor({ onDone }: { readonly onDone: () => void }) {
  const id = useId();
  const title = usePagewalk((s) => s.meta?.title ?? "");
  const description = usePagewalk((s) => s.meta?.description ?? "");
  const [titleText, setTitleText] = useState(title);
  const [descriptionText, setDescriptionText] = useState(description);
  const [error, setError] = useState<string | null>(null);

  const save = (e: FormEvent): void => {
    e.preventDefault();
    const result = actions.setScenarioText(titleText, descriptionText);
    if (!result.ok) return setError(result.error.message);
    onDone();
  };

  return (
    <form className="title-editor" onSubmit={save} aria-label="Edit title and description">
      <label htmlFor={`${id}-t`}>Title</label>
      <input
        id={`${id}-t`}
        value={titleText}
        maxLength={LIMITS.titleLength}
        onChange={(e) => setTitleText(e.target.value)}
        aria-invalid={error !== null && /title/.test(error) ? true : undefined}
      />
      <label htmlFor={`${id}-d`}>Description</label>
      <textarea
        id={`${id}-d`}
        rows={4}
        value={descriptionText}
        onChange={(e) => setDescriptionText(e.target.value)}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="muted small-text">
        Blank lines start a new paragraph; `code`, **bold** and [links](https://example.com) are shown as
        such. Nothing else is formatted.
      </p>
      {error !== null && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <div className="form-buttons">
        <button type="submit">Save title and description</button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
