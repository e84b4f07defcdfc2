import { useEffect, useRef } from "react";
import { LEVEL_ENTRY_NAMES, LEVEL_TABLE_NAMES, describeAccess, cr3Root, type Level } from "../core/arch";
import { formatHex } from "../core/common";
import { selectOutcomeText, selectWalk } from "../store/selectors";
import { actions, usePagewalk } from "../store/usePagewalk";
import { levelColor } from "./levelColors";
import { selectFaultMark } from "./faultMark";
import { selectOutcomeHidden } from "../store/selectors";
import { PredictForm } from "./predict/PredictForm";
import { PredictResult } from "./predict/PredictResult";
import { PredictSwitch } from "./predict/PredictSwitch";
import "./predict/predict.css";
import { WalkOutcome } from "./WalkOutcome";
import { WalkStepCard } from "./WalkStepCard";
import { useFrameNames } from "./names/useNames";
import { selectStepMarks, stepStateOf } from "./stepper/stepMarks";
import { PanelCollapseButton } from "./layout/PanelCollapseButton";
import { TlbSwitch } from "./tlb/TlbSwitch";
import { TlbLookupLine } from "./tlb/TlbLookupLine";

/** CR3 → one card per level → the frame (or the fault), for the selected VA and access. */
export function WalkPath() {
  const result = usePagewalk(selectWalk);
  const frameNames = useFrameNames();
  const outcome = usePagewalk(selectOutcomeText);
  const cr3 = usePagewalk((s) => s.machine.regs.cr3);
  const selected = usePagewalk((s) => s.selection.table);
  const selectedIndex = usePagewalk((s) => s.selection.entryIndex);
  const setAD = usePagewalk((s) => s.machine.setAccessedDirty);
  const readOnly = usePagewalk((s) => s.readOnly);
  const marks = usePagewalk(selectStepMarks);
  // "Predict" mode: the outcome (and the walk that shows it) waits for the learner's answer.
  const hidden = usePagewalk(selectOutcomeHidden);
  // While stepping, a fault is marked once the steps reach the entry that decided it.
  const mark = usePagewalk(selectFaultMark);
  const { verdict, steps, mode } = result;
  const reached = new Set(steps.map((s) => s.level));
  const unreached: Level[] = [];
  if (mode.unsupported === null) {
    for (let level = mode.levels as Level; level >= 1; level = (level - 1) as Level) {
      if (!reached.has(level)) unreached.push(level);
    }
  }
  const leafLevel = result.translation.kind === "mapped" ? result.translation.leafLevel : null;
  // Revealing or checking a prediction removes its form, and the button the focus was on with it:
  // the focus goes to the outcome it revealed rather than falling to the page.
  const outcomeLine = useRef<HTMLParagraphElement>(null);
  const wasHidden = useRef(hidden);
  useEffect(() => {
    if (wasHidden.current && !hidden && document.activeElement === document.body)
      outcomeLine.current?.focus();
    wasHidden.current = hidden;
  }, [hidden]);

  return (
    <section className="panel walk-path" aria-labelledby="walk-h">
      <div className="panel-head">
        <h2 id="walk-h">Walk</h2>
        <span className="muted">
          {mode.levels}-level, {describeAccess(result.access)}
        </span>
        <PredictSwitch />
        <TlbSwitch />
        <PanelCollapseButton panel="Walk" />
      </div>
      {hidden ? null : <TlbLookupLine />}
      <p
        role="status"
        ref={outcomeLine}
        tabIndex={-1}
        className={hidden ? "outcome" : `outcome mono ${verdict.ok ? "ok" : "fault"}`}
      >
        {hidden ? "Outcome hidden: predict it, then check." : outcome}
      </p>
      {hidden ? <PredictForm /> : <PredictResult />}
      <ol className="walk-steps" hidden={hidden}>
        <li className="walk-cr3">
          <span className="tag">CR3</span> <span className="mono">{formatHex(cr3)}</span>
          <span className="muted">
            {" "}
            → {LEVEL_TABLE_NAMES[mode.levels as Level]} at{" "}
            <span className="mono">{formatHex(cr3Root(cr3))}</span>
          </span>
        </li>
        {steps.map((step, k) => (
          <WalkStepCard
            stepState={marks ? stepStateOf(marks, k) : null}
            key={step.level}
            step={step}
            fault={mark?.level === step.level ? mark.label : null}
            faultReason={mark?.level === step.level && !verdict.ok ? verdict.reason : null}
            isLeaf={leafLevel === step.level}
            tableName={frameNames.get(step.tableAddr) ?? null}
            selected={
              selected?.addr === step.tableAddr &&
              selected.level === step.level &&
              selectedIndex === step.index
            }
          />
        ))}
        {unreached.map((level) => (
          <li key={level} className="walk-step unreached" style={{ borderLeftColor: levelColor(level) }}>
            <span className="tag">{LEVEL_TABLE_NAMES[level]}</span>{" "}
            <span className="muted">
              {leafLevel !== null ? `not used: the ${LEVEL_ENTRY_NAMES[leafLevel]} is a leaf` : "not reached"}
            </span>
          </li>
        ))}
      </ol>
      {hidden ? null : <WalkOutcome result={result} />}
      {setAD && verdict.ok && !hidden && !readOnly ? (
        <button type="button" className="small" onClick={() => actions.walkAccess()}>
          Perform the access (set A/D bits)
        </button>
      ) : null}
    </section>
  );
}
