import { memo, useId, useState, type FormEvent } from "react";
import { LEVEL_TABLE_NAMES, type Level } from "../../core/arch";
import type { PredictionForm } from "../../core/teach";
import { selectPagingMode } from "../../store/selectors";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { FeedbackList } from "./FeedbackList";
import { selectPredictionCheck } from "../../store/selectors";
import { CODE_FIELD } from "../codeField";

const EMPTY: PredictionForm = { outcome: "translates", pa: "", exception: "#PF", errorCode: "", level: "" };

/**
 * The learner's answer while the outcome is hidden: "translates to PA …" or "faults: #PF/#GP, error
 * code …, at level …". The check and its feedback come from the core; a field that does not parse
 * is explained under the form and nothing else changes.
 */
export const PredictForm = memo(function PredictForm() {
  const [form, setForm] = useState<PredictionForm>(EMPTY);
  const [inputError, setInputError] = useState<string | null>(null);
  const check = usePagewalk(selectPredictionCheck);
  const levels = usePagewalk((s) => selectPagingMode(s).levels);
  const id = useId();
  const edit = (change: Partial<PredictionForm>): void => {
    setForm((f) => ({ ...f, ...change }));
    setInputError(null);
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const result = actions.submitPrediction(form);
    setInputError(result.ok ? null : result.error.message);
  };
  const levelChoices: Level[] = levels === 5 ? [5, 4, 3, 2, 1] : [4, 3, 2, 1];
  return (
    <form className="predict-form" aria-label="Your prediction" onSubmit={submit} noValidate>
      <p className="predict-intro">What will this access do? Work it out from the tables, then check.</p>
      <fieldset className="segmented">
        <legend>The access</legend>
        <label>
          <input
            type="radio"
            name={`${id}-outcome`}
            checked={form.outcome === "translates"}
            onChange={() => edit({ outcome: "translates" })}
          />
          <span>translates</span>
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-outcome`}
            checked={form.outcome === "faults"}
            onChange={() => edit({ outcome: "faults" })}
          />
          <span>faults</span>
        </label>
      </fieldset>
      {form.outcome === "translates" ? (
        <label className="predict-field">
          to physical address
          <input
            className="mono"
            value={form.pa}
            placeholder="0x35ce"
            {...CODE_FIELD}
            autoComplete="off"
            aria-invalid={inputError !== null}
            onChange={(e) => edit({ pa: e.target.value })}
          />
        </label>
      ) : (
        <>
          <fieldset className="segmented">
            <legend>Exception</legend>
            {(["#PF", "#GP"] as const).map((x) => (
              <label key={x}>
                <input
                  type="radio"
                  name={`${id}-exception`}
                  checked={form.exception === x}
                  onChange={() => edit({ exception: x })}
                />
                <span>{x}</span>
              </label>
            ))}
          </fieldset>
          {form.exception === "#PF" ? (
            <div className="predict-row">
              <label className="predict-field">
                error code
                <input
                  className="mono"
                  value={form.errorCode}
                  placeholder="0x5"
                  {...CODE_FIELD}
                  autoComplete="off"
                  aria-invalid={inputError !== null}
                  onChange={(e) => edit({ errorCode: e.target.value })}
                />
              </label>
              <label className="predict-field">
                at level
                <select value={form.level} onChange={(e) => edit({ level: e.target.value })}>
                  <option value="">choose…</option>
                  {levelChoices.map((l) => (
                    <option key={l} value={String(l)}>
                      {LEVEL_TABLE_NAMES[l]}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          ) : null}
        </>
      )}
      <div className="predict-buttons">
        <button type="submit">Check</button>
        <button type="button" className="small" onClick={() => actions.revealOutcome()}>
          Reveal the answer
        </button>
      </div>
      {inputError !== null ? (
        <p className="error" role="alert">
          {inputError}
        </p>
      ) : null}
      <div aria-live="polite" className="predict-feedback">
        {check !== null && !check.correct ? (
          <FeedbackList lead="Not quite." lines={check.feedback} wrong />
        ) : null}
      </div>
    </form>
  );
});
