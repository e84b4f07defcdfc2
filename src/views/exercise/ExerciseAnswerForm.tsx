import { useState, type FormEvent } from "react";
import { checkExercise, type Answers, type Exercise, type ExerciseCheck } from "../../core/exercise";
import { FeedbackList } from "../predict/FeedbackList";
import { CODE_FIELD } from "../codeField";

/**
 * The answer form of one exercise: a field per answer part (a list where the answer is one of a
 * few), **Check**, and the checker's feedback, which names what is wrong. Keyed by the exercise,
 * so the next exercise starts blank.
 */
export function ExerciseAnswerForm({
  exercise,
  onChecked,
}: {
  exercise: Exercise;
  onChecked: (check: ExerciseCheck) => void;
}) {
  const [answers, setAnswers] = useState<Answers>(() =>
    Object.fromEntries(exercise.fields.map((f) => [f.name, ""])),
  );
  const [check, setCheck] = useState<ExerciseCheck | null>(null);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const result = checkExercise(exercise, answers);
    setCheck(result);
    onChecked(result);
  };
  return (
    <form className="exercise-form" aria-label="Your answer" onSubmit={submit}>
      <div className="exercise-fields">
        {exercise.fields.map((f) => {
          const id = `exercise-field-${f.name}`;
          return (
            <div key={f.name} className="exercise-field">
              <label htmlFor={id}>{f.label}</label>
              {f.choices ? (
                <select
                  id={id}
                  value={answers[f.name] ?? ""}
                  onChange={(e) => setAnswers({ ...answers, [f.name]: e.target.value })}
                >
                  <option value="">Choose…</option>
                  {f.choices.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  className="mono"
                  {...CODE_FIELD}
                  autoComplete="off"
                  value={answers[f.name] ?? ""}
                  aria-describedby={`${id}-hint`}
                  onChange={(e) => setAnswers({ ...answers, [f.name]: e.target.value })}
                />
              )}
              <span id={`${id}-hint`} className="exercise-hint">
                {f.hint}
              </span>
            </div>
          );
        })}
      </div>
      <div className="exercise-actions">
        <button type="submit">Check</button>
      </div>
      <div className="exercise-feedback" role="status">
        {check &&
          (check.correct ? (
            <p className="predict-verdict">Right: solved.</p>
          ) : (
            <FeedbackList lead="Not yet:" lines={check.feedback} wrong />
          ))}
      </div>
    </form>
  );
}
