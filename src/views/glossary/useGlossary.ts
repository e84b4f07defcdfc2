import { useContext } from "react";
import { GlossaryContext, type GlossaryOpener } from "./glossaryContext";

/** The glossary panel's opener (the header button and every term link use it). */
export function useGlossary(): GlossaryOpener {
  return useContext(GlossaryContext);
}
