import { useId, useState, type FormEvent } from "react";
import { actions, appStore, usePagewalk } from "../../store/usePagewalk";
import { InlineRename } from "../authoring/InlineRename";

/**
 * Authoring a lesson in the page: set up what the learner should see (VA, access, a step of the
 * walk, an entry, bit flips), write the step's text, and "Add step from current state". The step is
 * inserted after the one shown; its machine change is what was edited since that step.
 */
export function LessonEditor() {
  const id = useId();
  const steps = usePagewalk((s) => s.meta?.lesson?.steps);
  const at = usePagewalk((s) => s.meta?.lessonRun?.at ?? 0);
  const [text, setText] = useState("");
  // A message is about the scenario it was said of: Undo (or any other change of it) takes it away.
  const [message, setMessage] = useState<{ text: string; error: boolean; meta: unknown } | null>(null);
  const messageCurrent = usePagewalk((s) => message !== null && message.meta === s.meta);
  if (message !== null && !messageCurrent) setMessage(null); // for good: Redo does not bring it back

  const add = (e: FormEvent): void => {
    e.preventDefault();
    const result = actions.addLessonStep(text);
    const meta = appStore.getState().meta;
    if (!result.ok) return setMessage({ text: result.error.message, error: true, meta });
    setMessage({ text: `Added step ${at + 1}.`, error: false, meta });
    setText("");
  };

  return (
    <section className="lesson-editor" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Lesson steps</h3>
      <form onSubmit={add} className="lesson-step-form">
        <label htmlFor={`${id}-text`}>Step text</label>
        <textarea
          id={`${id}-text`}
          rows={2}
          value={text}
          placeholder="What should the learner look at now?"
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit">Add step from current state</button>
      </form>
      <p className="muted small-text">
        A step keeps the VA, the access, the walk's step, a pinned entry, and every bit changed since the step
        shown.
      </p>
      {message && messageCurrent && (
        <p
          role={message.error ? "alert" : "status"}
          className={message.error ? "form-error" : "muted small-text"}
        >
          {message.text}
        </p>
      )}
      {steps && steps.length > 0 && (
        <details>
          <summary>Edit or delete steps ({steps.length})</summary>
          <ol className="lesson-step-list">
            {steps.map((s, k) => (
              // Keyed by place: a renamed step keeps its row (and the keyboard its Rename button).
              <li key={k} aria-current={k + 1 === at ? "step" : undefined}>
                <InlineRename
                  value={s.text}
                  what={`step ${k + 1}`}
                  multiline
                  onRename={(t) => actions.setLessonStepText(k + 1, t)}
                  lead={
                    <button type="button" className="small-button" onClick={() => actions.lessonGo(k + 1)}>
                      Go to step {k + 1}
                    </button>
                  }
                  trailing={
                    <button
                      type="button"
                      className="small-button"
                      aria-label={`Delete step ${k + 1}`}
                      onClick={() => actions.deleteLessonStep(k + 1)}
                    >
                      Delete
                    </button>
                  }
                />
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
