import { useGlossary } from "./useGlossary";

/** The header's "Glossary" button: every term of the page, searchable. */
export function GlossaryButton() {
  const { openGlossary } = useGlossary();
  return (
    <button type="button" onClick={() => openGlossary()}>
      Glossary
    </button>
  );
}
