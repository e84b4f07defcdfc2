import { createContext } from "react";
import type { TermId } from "./terms";

/** Opens the glossary panel, at one term or at the top. Provided by GlossaryProvider. */
export interface GlossaryOpener {
  readonly openGlossary: (term?: TermId) => void;
}

export const GlossaryContext = createContext<GlossaryOpener>({ openGlossary: () => {} });
