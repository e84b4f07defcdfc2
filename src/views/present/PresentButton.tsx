import { actions, usePagewalk } from "../../store/usePagewalk";
import { PRESENT_KEY } from "./usePresentationKeys";

/**
 * The "Presentation mode" toggle: the large-type layout for a projector (present.css). P or this
 * button turns it on and off, Escape leaves it; the URL keeps it (usePresentationUrl.ts).
 */
export function PresentButton() {
  const presenting = usePagewalk((s) => s.presenting);
  const key = PRESENT_KEY.toUpperCase();
  return (
    <button
      type="button"
      className="present-button"
      aria-pressed={presenting}
      aria-keyshortcuts={presenting ? `${key} Escape` : key}
      title={presenting ? `Leave presentation mode (${key} or Esc)` : `Presentation mode (${key})`}
      onClick={() => actions.setPresenting(!presenting)}
    >
      Presentation mode
    </button>
  );
}
