import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { formatHex } from "../../core/common";
import { usePagewalk } from "../../store/usePagewalk";
import { BookmarksPanel } from "./BookmarksPanel";
import { ProcessSwitch } from "./ProcessSwitch";

/**
 * What the open scenario says about itself: title, explanation, names it gives to tables and VA
 * ranges, its address spaces and bookmarks. All of it may come from a link or a file, so it is
 * rendered as text only.
 */
export function ScenarioPanel() {
  const meta = usePagewalk(
    useShallow((s) =>
      s.meta
        ? {
            title: s.meta.title,
            description: s.meta.description,
            labels: s.meta.labels,
            bookmarkCount: s.meta.bookmarks.length,
          }
        : null,
    ),
  );
  const [hidden, setHidden] = useState(false);
  if (
    !meta ||
    (meta.title === undefined &&
      meta.description === undefined &&
      meta.bookmarkCount === 0 &&
      meta.labels.length === 0)
  )
    return null;
  return (
    <section className="panel scenario-panel" aria-labelledby="scenario-h">
      <div className="panel-head">
        <h2 id="scenario-h">{meta.title ?? "Untitled scenario"}</h2>
        <button
          type="button"
          className="small-text"
          aria-expanded={!hidden}
          aria-controls="scenario-body"
          onClick={() => setHidden(!hidden)}
        >
          {hidden ? "Show" : "Hide"}
        </button>
      </div>
      {!hidden && (
        <div id="scenario-body" className="scenario-body">
          <div className="scenario-about">
            {meta.description !== undefined && <p className="scenario-description">{meta.description}</p>}
            <ProcessSwitch />
            {meta.labels.length > 0 && (
              <details className="scenario-labels">
                <summary>Names ({meta.labels.length})</summary>
                <ul>
                  {meta.labels.map((l, k) => (
                    <li key={k}>
                      <span className="mono">
                        {l.kind === "frame"
                          ? formatHex(l.addr)
                          : `${formatHex(l.start, { separators: true })}–${formatHex(l.last, { separators: true })}`}
                      </span>{" "}
                      {l.name}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </div>
          <BookmarksPanel />
        </div>
      )}
    </section>
  );
}
