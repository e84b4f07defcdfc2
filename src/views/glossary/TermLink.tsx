import type { ReactNode } from "react";
import { glossaryTerm, type TermId } from "./terms";
import { useGlossary } from "./useGlossary";

/**
 * A term of the page that opens the glossary at its entry: the term's own text, underlined
 * (named "Glossary: PML4E"); or, where the text is part of another control (a checkbox label), a
 * small "?" beside it (`help`).
 */
export function TermLink({
  term,
  children,
  help = false,
}: {
  readonly term: TermId;
  readonly children?: ReactNode;
  readonly help?: boolean;
}) {
  const { openGlossary } = useGlossary();
  const name = glossaryTerm(term).term.split(" (")[0];
  return (
    <button
      type="button"
      className={help ? "term-help" : "term-link"}
      aria-label={`Glossary: ${name}`}
      title={`${name}: open the glossary`}
      onClick={(e) => {
        // Terms sit inside clickable cards and rows: opening the glossary selects nothing.
        e.stopPropagation();
        openGlossary(term);
      }}
    >
      {help ? "?" : (children ?? name)}
    </button>
  );
}
