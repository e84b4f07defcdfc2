import { HistoryButtons } from "../HistoryButtons";
import { usePagewalk } from "../../store/usePagewalk";
import { TextSizeButtons } from "./TextSizeButtons";
import { useFullPageUrl } from "./useFullPageUrl";

/**
 * The embed's one line instead of the header: the scenario's title, undo (when editing is allowed),
 * text size, and "Open in Pagewalk", which opens the full page with the state the reader reached.
 */
export function EmbedBar() {
  const title = usePagewalk((s) => s.meta?.title);
  const readOnly = usePagewalk((s) => s.readOnly);
  const { url, carriesState } = useFullPageUrl();
  return (
    <header className="embed-bar">
      <h1 className="embed-title">
        <strong>Pagewalk</strong>
        {/* Before the title, which a narrow frame cuts short with an ellipsis. */}
        {readOnly ? <span className="embed-badge">read-only</span> : null}
        {title ? <span className="muted embed-doc-title"> · {title}</span> : null}
      </h1>
      {readOnly ? null : <HistoryButtons />}
      <TextSizeButtons />
      <a
        className="embed-open"
        href={url}
        target="_blank"
        rel="noopener"
        title={
          carriesState
            ? "Open this state in a full Pagewalk (new tab)"
            : "Open Pagewalk (new tab; this state is too large for a link)"
        }
      >
        Open in Pagewalk
      </a>
    </header>
  );
}
