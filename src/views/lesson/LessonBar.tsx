import { useId } from "react";
import { formatHex } from "../../core/common";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { RichText } from "../scenario/RichText";
import "./lesson.css";

/**
 * The open lesson, for the learner: where they are ("Step 2 of 6" and a progress bar), what this
 * step says, what it changed in the machine, and Back / Next. Shown whenever the open scenario
 * has a lesson, in the full page and in an embed (moving through a lesson is reading).
 */
export function LessonBar() {
  const id = useId();
  const steps = usePagewalk((s) => s.meta?.lesson?.steps);
  const at = usePagewalk((s) => s.meta?.lessonRun?.at ?? 1);
  if (!steps || steps.length === 0) return null;
  const step = steps[at - 1];
  if (!step) return null;
  const writes = step.writes ?? [];
  return (
    <section className="panel lesson-bar" aria-labelledby={`${id}-h`}>
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
    </section>
  );
}
