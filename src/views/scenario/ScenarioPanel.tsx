import { useRef, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { usePagewalk } from "../../store/usePagewalk";
import { BookmarkEditor } from "../authoring/BookmarkEditor";
import { NamesEditor } from "../authoring/NamesEditor";
import { TitleEditor } from "../authoring/TitleEditor";
import { LessonEditor } from "../lesson/LessonEditor";
import { BookmarksPanel } from "./BookmarksPanel";
import { ProcessSwitch } from "./ProcessSwitch";
import { RichText } from "./RichText";
import "../authoring/authoring.css";

/**
 * What the open scenario says about itself, and where a teacher writes it: title and explanation
 * (edited in place), the names it gives to tables and VA ranges, its address spaces, its bookmarks
 * and its lesson's steps. All of it may come from a link or a file, so it is rendered as text only
 * (the description in the safe subset of RichText).
 */
export function ScenarioPanel() {
  const meta = usePagewalk(useShallow((s) => ({ title: s.meta?.title, description: s.meta?.description })));
  const [hidden, setHidden] = useState(false);
  const [editing, setEditing] = useState(false);
  // The editors of names, bookmarks and lesson steps: out of a learner's way until asked for.
  const [authoring, setAuthoring] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  return (
    <section className="panel scenario-panel" aria-labelledby="scenario-h">
      <div className="panel-head">
        <h2 id="scenario-h">{meta.title ?? "Untitled scenario"}</h2>
        <button
          ref={editButton}
          type="button"
          className="small-text"
          aria-expanded={editing}
          onClick={() => {
            setEditing(!editing);
            setHidden(false);
          }}
        >
          Edit title and description
        </button>
        <button
          type="button"
          className="small-text"
          aria-pressed={authoring}
          title="Name tables and VA ranges, bookmark walks, record lesson steps"
          onClick={() => {
            setAuthoring(!authoring);
            setHidden(false);
          }}
        >
          Author
        </button>
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
            {editing ? (
              <TitleEditor
                onDone={() => {
                  setEditing(false);
                  // The form goes with the focus in it: back to the button that opened it.
                  editButton.current?.focus();
                }}
              />
            ) : (
              meta.description !== undefined && (
                <RichText className="scenario-description" text={meta.description} />
              )
            )}
            <ProcessSwitch />
            <NamesEditor editing={authoring} />
          </div>
          <div className="scenario-side">
            <BookmarksPanel />
            {authoring && <BookmarkEditor />}
            {authoring && <LessonEditor />}
          </div>
        </div>
      )}
    </section>
  );
}
