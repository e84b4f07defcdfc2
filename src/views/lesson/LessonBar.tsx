import { useEffect, useId, useRef } from "react";
import { formatHex } from "../../core/common";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { RichText } from "../scenario/RichText";
import { bringWalkIntoView } from "../layout/bringWalkIntoView";
import { useRememberedCollapse } from "../layout/useRememberedCollapse";
import { barScrollArea, usePublishedHeight } from "../layout/usePublishedHeight";
import "./lesson.css";

/** The remembered name of the bar's folded text (with the panels', layout/panelCollapseMemory.ts). */
const TEXT = "lesson text";

const isSticky = (style: CSSStyleDeclaration): boolean => style.position === "sticky";

/**
 * The open lesson, for the learner: where they are ("Step 2 of 6" and a progress bar), what this
 * step says, what it changed in the machine, and Back / Next. Shown whenever the open scenario
 * has a lesson, in the full page and in an embed (moving through a lesson is reading).
 *
 * Below three columns (lesson.css) the bar stays at the top of the screen while the page scrolls
 * under it, its text folded away on demand, and each step brings the walk into view below it: on a
 * phone the walk was a screen or more below the bar, so Next changed the page out of sight.
 */
export function LessonBar() {
  const id = useId();
  const steps = usePagewalk((s) => s.meta?.lesson?.steps);
  const at = usePagewalk((s) => s.meta?.lessonRun?.at ?? 1);
  const [textClosed, toggleText] = useRememberedCollapse(TEXT);
  const textOpen = !textClosed;
  const [barRef, bar, sticking] = usePublishedHeight("--lesson-bar-height", isSticky);
  // A step moved to (not a lesson opened) brings the walk into view, where the bar sticks.
  const shown = useRef({ steps, at });
  useEffect(() => {
    const moved = shown.current.steps === steps && shown.current.at !== at;
    shown.current = { steps, at };
    if (moved && bar.current !== null && isSticky(getComputedStyle(bar.current))) bringWalkIntoView();
  }, [steps, at, bar]);
  if (!steps || steps.length === 0) return null;
  const step = steps[at - 1];
  if (!step) return null;
  const writes = step.writes ?? [];
  return (
    <section
      ref={barRef}
      className={textOpen ? "panel lesson-bar" : "panel lesson-bar text-closed"}
      aria-labelledby={`${id}-h`}
    >
      <div className="lesson-head">
        <h2 id={`${id}-h`}>Lesson</h2>
        <span className="lesson-progress-text" aria-live="polite">
          Step {at} of {steps.length}
        </span>
        <progress
          className="lesson-progress"
          max={steps.length}
          value={at}
          aria-label={`Lesson progress: step ${at} of ${steps.length}`}
        />
        <div className="lesson-nav">
          {/* Seen only where the bar stays on screen (lesson.css), whose room its text shares. */}
          <button
            type="button"
            className="lesson-text-toggle fold-toggle"
            aria-expanded={textOpen}
            aria-controls={`${id}-text`}
            title={textOpen ? "Fold away the step's text" : "Show the step's text"}
            onClick={toggleText}
          >
            Lesson text
          </button>
          {/* aria-disabled, not disabled: at the last step Next keeps the keyboard focus (a disabled
            button would drop it to the page). */}
          <button
            type="button"
            aria-disabled={at <= 1}
            onClick={() => {
              if (at > 1) actions.lessonBack();
            }}
          >
            Back
          </button>
          <button
            type="button"
            aria-disabled={at >= steps.length}
            onClick={() => {
              if (at < steps.length) actions.lessonNext();
            }}
          >
            Next
          </button>
        </div>
      </div>
      <div id={`${id}-text`} className="lesson-body" {...barScrollArea(sticking, "Reading")}>
        <RichText className="lesson-text" text={step.text} />
        {writes.length > 0 && (
          <p className="lesson-writes muted small-text">
            This step changed {writes.length === 1 ? "an entry" : `${writes.length} entries`}:{" "}
            {writes.slice(0, 4).map((w, k) => (
              <span key={k} className="mono">
                {k > 0 ? ", " : ""}
                {formatHex(w.frame)}[{w.index}] = {formatHex(w.value)}
              </span>
            ))}
            {writes.length > 4 ? ", …" : ""}
          </p>
        )}
      </div>
    </section>
  );
}
