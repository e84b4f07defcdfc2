import { useEffect, useId, useRef } from "react";
import { selectOutcomeHidden } from "../../store/selectors";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { StepControls } from "./StepControls";
import { selectStepMarks } from "./stepMarks";
import { stopPlayback } from "./playback";
import { useStepperKeys } from "./useStepperKeys";
import { useRememberedCollapse } from "../layout/useRememberedCollapse";
import { barScrollArea, usePublishedHeight } from "../layout/usePublishedHeight";
import { bringWalkIntoView } from "../layout/bringWalkIntoView";
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

  // While stepping, below three columns (stepper.css), the controls are a bar at the bottom of the
  // screen and the page keeps room for it: marked on the root, set once when stepping starts and ends.
  useEffect(() => {
    if (!stepping) return;
    document.documentElement.dataset["stepping"] = "";
    return () => {
      delete document.documentElement.dataset["stepping"];
    };
  }, [stepping]);
  // In the bar, the step's lines (its working) show above the controls unless the learner folded
  // them away; the choice is kept per browser, like a panel's.
  const [detailsClosed, toggleDetails] = useRememberedCollapse(DETAILS);
  const detailsOpen = !detailsClosed;
  const linesId = useId();
  // The page keeps the bar's height free below what it scrolls into view (stepper.css reads it).
  const [dockRef, dock, inBar] = usePublishedHeight("--step-bar-height", isFixed);
  const step = marks?.step ?? null;
  // Where the controls are a bar at the screen's bottom (a phone, a tablet: stepper.css), each step
  // brings what it is about into view above it: its walk card, or the address's fields for the
  // first step. On three columns the cards are beside the stepper, whose buttons must stay put.
  useEffect(() => {
    if (step === null || dock.current === null || !isFixed(getComputedStyle(dock.current))) return;
    bringWalkIntoView();
  }, [step, detailsOpen, dock]);

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
  const { view, count } = marks;
  return (
    <section className={`panel stepper step-${view.kind}`} aria-label="Step">
      <div className="panel-head">
        <h2 ref={headingRef} tabIndex={-1} aria-live="polite" aria-atomic="true">
          Step {marks.step} of {count}: <span className="step-title">{view.title}</span>
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
      {/* The controls and the step's lines: a bar at the screen's bottom below three columns. */}
      <div ref={dockRef} className={detailsOpen ? "step-dock" : "step-dock details-closed"}>
        <StepControls
          step={marks.step}
          count={count}
          title={view.title}
          details={{ open: detailsOpen, toggle: toggleDetails, controls: linesId }}
        />
        <div id={linesId} className="step-lines-scroll" {...barScrollArea(inBar, "Arithmetic and checks")}>
          <ol className="step-lines">
            {view.lines.map((line, k) => (
              <li key={k}>{line}</li>
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}

/** The remembered name of the bar's folded lines (with the panels', layout/panelCollapseMemory.ts). */
const DETAILS = "step details";

/**
 * Whether the step controls are drawn as a bar at the screen's bottom: read from the page, so that
 * stepper.css stays the one place that says where (below three columns, not presenting, not embedded).
 */
function isFixed(style: CSSStyleDeclaration): boolean {
  return style.position === "fixed";
}
