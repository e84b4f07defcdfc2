import { useCallback, useMemo, useState, type ReactNode } from "react";
import { GlossaryContext } from "./glossaryContext";
import { GlossaryDialog } from "./GlossaryDialog";
import type { TermId } from "./terms";

/**
 * Whether the glossary panel is open and at which term: page-interface state that no walk depends
 * on, so it lives in React (not in the store, whose state is the machine and what is studied).
 */
export function GlossaryProvider({ children }: { readonly children: ReactNode }) {
  // `request` changes on every opening, so opening at the same term again scrolls to it again.
  const [shown, setShown] = useState<{ term: TermId | null; request: number } | null>(null);
  const openGlossary = useCallback(
    (term?: TermId) => setShown((s) => ({ term: term ?? null, request: (s?.request ?? 0) + 1 })),
    [],
  );
  const opener = useMemo(() => ({ openGlossary }), [openGlossary]);
  return (
    <GlossaryContext.Provider value={opener}>
      {children}
      {shown !== null ? (
        <GlossaryDialog term={shown.term} request={shown.request} onClose={() => setShown(null)} />
      ) : null}
    </GlossaryContext.Provider>
  );
}
