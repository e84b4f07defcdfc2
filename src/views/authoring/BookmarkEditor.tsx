import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { describeAccess } from "../../core/arch";
import { formatHex } from "../../core/common";
import { actions, appStore, usePagewalk } from "../../store/usePagewalk";
import { InlineRename } from "./InlineRename";

/**
 * "Bookmark this walk" (the VA and access shown, the registers that differ from the scenario's,
 * and a note), and the bookmarks' editing: rename (the note), move up or down, delete. Each change
 * is one undoable step. The bookmarks themselves are walked from the Bookmarks list.
 */
export function BookmarkEditor() {
  const id = useId();
  const bookmarks = usePagewalk((s) => s.meta?.bookmarks ?? []);
  const meta = usePagewalk((s) => s.meta);
  const [note, setNote] = useState("");
  // The message speaks of the scenario text it was made for: an undo, another edit of the text or
  // another scenario opened (a new `meta`) leaves it behind.
  const [said, setSaid] = useState<{ text: string; error: boolean; meta: typeof meta } | null>(null);
  const message = said !== null && said.meta === meta ? said : null;
  // Moving or deleting a row draws the rows again: the keyboard focus follows the bookmark it moved
  // (or goes to the row now in the deleted one's place), the first of these buttons that is enabled.
  const listRef = useRef<HTMLOListElement>(null);
  const focusNext = useRef<readonly string[] | null>(null);
  useEffect(() => {
    const labels = focusNext.current;
    if (labels === null) return;
    focusNext.current = null;
    for (const label of labels) {
      const button = listRef.current?.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
      if (button && !button.disabled) return button.focus();
    }
  });
  const move = (k: number, by: -1 | 1): void => {
    const at = k + by + 1; // the bookmark's number after the move
    focusNext.current =
      by < 0
        ? [`Move bookmark ${at} up`, `Move bookmark ${at} down`]
        : [`Move bookmark ${at} down`, `Move bookmark ${at} up`];
    actions.moveBookmark(k, by);
  };
  const remove = (k: number): void => {
    focusNext.current = [`Delete bookmark ${k + 1}`, `Delete bookmark ${k}`];
    actions.deleteBookmark(k);
  };

  const add = (e: FormEvent): void => {
    e.preventDefault();
    const result = actions.addBookmark(note);
    if (!result.ok) return setSaid({ text: result.error.message, error: true, meta });
    setSaid({
      text: `Bookmarked (bookmark ${bookmarks.length + 1}).`,
      error: false,
      meta: appStore.getState().meta,
    });
    setNote("");
  };

  return (
    <section className="bookmark-editor" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="visually-hidden">
        Edit bookmarks
      </h3>
      <form className="bookmark-form" onSubmit={add}>
        <label htmlFor={`${id}-note`}>Note</label>
        <input
          id={`${id}-note`}
          value={note}
          placeholder="what this walk shows"
          onChange={(e) => setNote(e.target.value)}
        />
        <button type="submit">Bookmark this walk</button>
      </form>
      {message && (
        <p
          role={message.error ? "alert" : "status"}
          className={message.error ? "form-error" : "muted small-text"}
        >
          {message.text}
        </p>
      )}
      {bookmarks.length > 0 && (
        <details>
          <summary>Rename, reorder or delete bookmarks</summary>
          <ol className="bookmark-edit-list" ref={listRef}>
            {bookmarks.map((b, k) => {
              const what = `bookmark ${k + 1}`;
              return (
                <li key={`${k}-${b.note ?? ""}`}>
                  <InlineRename
                    value={b.note ?? "(no note)"}
                    what={what}
                    onRename={(text) => actions.setBookmarkNote(k, text)}
                    lead={
                      <span className="mono small-text">
                        {describeAccess(b.access)} {formatHex(b.va, { separators: true })}
                      </span>
                    }
                    trailing={
                      <>
                        <button
                          type="button"
                          className="small-button"
                          aria-label={`Move ${what} up`}
                          disabled={k === 0}
                          onClick={() => move(k, -1)}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          className="small-button"
                          aria-label={`Move ${what} down`}
                          disabled={k === bookmarks.length - 1}
                          onClick={() => move(k, 1)}
                        >
                          ↓
                        </button>
                        <button
                          type="button"
                          className="small-button"
                          aria-label={`Delete ${what}`}
                          onClick={() => remove(k)}
                        >
                          Delete
                        </button>
                      </>
                    }
                  />
                </li>
              );
            })}
          </ol>
        </details>
      )}
    </section>
  );
}
