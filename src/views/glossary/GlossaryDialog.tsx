import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { GLOSSARY, type TermId } from "./terms";
import { useReturnFocus } from "../useReturnFocus";
import "./glossary.css";

const anchorOf = (id: string): string => `glossary-${id}`;

/**
 * A term with a line-break opportunity after each slash: where "(user/supervisor," is wider than the
 * dialog (a phone at 200 %), it breaks after "user/" rather than inside "supervisor".
 */
const breakingAfterSlashes = (term: string): ReactNode =>
  term.split("/").flatMap((part, i) => (i === 0 ? [part] : ["/", <wbr key={i} />, part]));

/**
 * The glossary as a modal dialog: every term with its two sentences and SDM section, a search
 * field that filters them, opened at the term a link asked for (scrolled to and focused). Escape or
 * Close shuts it and gives the focus back to what opened it.
 */
export function GlossaryDialog({
  term,
  request,
  onClose,
}: {
  readonly term: TermId | null;
  /** Changes on every opening (scroll to the term again). */
  readonly request: number;
  readonly onClose: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState("");
  const headingId = useId();
  const searchId = useId();

  // Back to the link or button that opened the glossary, as a menu would.
  useReturnFocus();
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  useEffect(() => {
    if (term === null) return;
    const target = dialogRef.current?.querySelector<HTMLElement>(`#${anchorOf(term)}`);
    target?.scrollIntoView({ block: "start" });
    target?.focus({ preventScroll: true });
  }, [term, request]);

  const q = query.trim().toLowerCase();
  const shown = q === "" ? GLOSSARY : GLOSSARY.filter((t) => `${t.term} ${t.text}`.toLowerCase().includes(q));
  return (
    <dialog
      ref={dialogRef}
      className="glossary"
      aria-labelledby={headingId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="glossary-head">
        <h2 id={headingId}>Glossary</h2>
        <label htmlFor={searchId} className="visually-hidden">
          Search the glossary
        </label>
        <input
          id={searchId}
          type="search"
          placeholder="Search the glossary"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          autoFocus={term === null}
        />
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="muted small-text">
        Each term in two sentences, with the section of the Intel SDM (vol. 3A unless it says otherwise) that
        states the rule.
      </p>
      {shown.length === 0 ? <p>No term matches “{query}”.</p> : null}
      <dl className="glossary-list">
        {shown.map((t) => (
          <div key={t.id} className={t.id === term ? "glossary-entry current" : "glossary-entry"}>
            <dt id={anchorOf(t.id)} tabIndex={-1}>
              {breakingAfterSlashes(t.term)}
            </dt>
            <dd>
              {t.text} <span className="muted small-text">SDM {t.sdm}</span>
            </dd>
          </div>
        ))}
      </dl>
    </dialog>
  );
}
