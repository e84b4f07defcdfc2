import { useEffect, useRef } from "react";
import { selectOutcomeHidden } from "../../store/selectors";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { StepControls } from "./StepControls";
import { selectStepMarks } from "./stepMarks";
import { stopPlayback } from "./playback";
import { useStepperKeys } from "./useStepperKeys";
import "./stepper.css";

/**
 * The walk stepper (issue 11 §1): the region labelled "Step" above the walk. Off (the default) it is
 * one button, "Step through the walk"; on, it shows "Step N of M", what happens in that step in
 * words and numbers, and the controls. Every other view follows the step through the store.
 */
export function StepPanel() {
  const marks = usePagewalk(selectStepMarks);
  const stepping = marks !== null;
  // "Predict" hides the outcome until the learner's answer: the steps would give it away.
  const hidden = usePagewalk(selectOutcomeHidden);
  useStepperKeys();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  // Keyboard focus goes where the learner's next key is useful: into the steps when they start,
  // back to the start button when they leave (the element that had it is gone).
  const focusNext = useRef<"heading" | "start" | null>(null);
  useEffect(() => {
    if (focusNext.current === "heading" && stepping) headingRef.current?.focus();
    if (focusNext.current === "start" && !stepping) startRef.current?.focus();
    focusNext.current = null;
  }, [stepping]);

  if (!marks) {
    return (
      <section className="panel stepper stepper-off" aria-label="Step">
        <button
          ref={startRef}
          type="button"
          // Where "Start here" sends the focus when it is dismissed: the first thing it says to press.
          data-start-here-next=""
          aria-disabled={hidden}
          onClick={() => {
            if (hidden) return;
            focusNext.current = "heading";
            actions.setStep(1);
          }}
        >
          Step through the walk
        </button>
        <span className="muted small-text">
          {hidden
            ? "after your prediction (the steps show the outcome)"
            : "one memory reference at a time (→)"}
        </span>
      </section>
    );
  }
  const { view, step, count } = marks;
  return (
    <section className={`panel stepper step-${view.kind}`} aria-label="Step">
      <div className="panel-head">
        <h2 ref={headingRef} tabIndex={-1} aria-live="polite" aria-atomic="true">
          Step {step} of {count}: <span className="step-title">{view.title}</span>
        </h2>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            stopPlayback();
            focusNext.current = "start";
            actions.setStep(null);
          }}
        >
          Show the whole walk
        </button>
      </div>
      <StepControls step={step} count={count} />
      <ol className="step-lines">
        {view.lines.map((line, k) => (
          <li key={k}>{line}</li>
        ))}
      </ol>
    </section>
  );
}
