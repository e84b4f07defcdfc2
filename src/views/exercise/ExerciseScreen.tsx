import { memo, useEffect, useMemo, useRef, useState } from "react";
import {
  generateExercise,
  instanceFragment,
  jsonWorksheet,
  setFragment,
  setItem,
  setKey,
  exerciseId,
  type Exercise,
  type ExerciseCheck,
  type ExerciseRef,
  type ExerciseRoute,
} from "../../core/exercise";
import type { ScenarioState } from "../../core/scenario";
import { actions } from "../../store/usePagewalk";
import { ExerciseAnswerForm } from "./ExerciseAnswerForm";
import { loadSolved, saveSolved } from "./exerciseProgress";
import { ProblemSetBuilder } from "./ProblemSetBuilder";
import { goToFragment, replaceFragment, useExerciseRoute } from "./useExerciseRoute";
import "./exercise.css";

/** The exercise's machine without its text: the question is on this screen already. */
function machineOnly(scenario: ScenarioState): ScenarioState {
  const { description: _question, ...rest } = scenario;
  return rest;
}

/** The session's score: exercises tried and solved since the page opened. */
interface Score {
  readonly tried: readonly string[];
  readonly solved: readonly string[];
}

/**
 * The exercise screen, open while the URL fragment names an exercise or a problem set: the
 * question (its machine in every view below), the answer form with **Check**, **Show solution**
 * (the stepper on the walk asked about) and **Next exercise**, the session's score, a link to this
 * instance, the problem set's progress (kept in this browser) and the problem-set builder.
 */
export function ExerciseScreen() {
  const route = useExerciseRoute();
  const [score, setScore] = useState<Score>({ tried: [], solved: [] });
  if (route === null) return null;
  if (!route.ok)
    return (
      <section className="panel exercise-panel" aria-labelledby="exercise-h">
        <h2 id="exercise-h">Exercise</h2>
        <p role="alert">This exercise link cannot be opened: {route.error.message}</p>
        <ProblemSetBuilder />
      </section>
    );
  return (
    <ExerciseSession key={routeKey(route.value)} route={route.value} score={score} setScore={setScore} />
  );
}

const routeKey = (route: ExerciseRoute): string =>
  route.kind === "set" ? setKey(route) : instanceFragment(route);

function ExerciseSession({
  route,
  score,
  setScore,
}: {
  route: ExerciseRoute;
  score: Score;
  setScore: (s: Score) => void;
}) {
  // The item open and the seed are the URL's: a move writes the URL, and the route follows it.
  const at = route.kind === "set" ? route.at : 0;
  const progressKey = route.kind === "set" ? setKey(route) : instanceFragment(route).slice(1);
  const [solved, setSolved] = useState<readonly string[]>(() => loadSolved(progressKey));
  const ref: ExerciseRef = route.kind === "set" ? setItem(route, at) : route;
  const exercise = useMemo(
    () => generateExercise(ref.family, ref.seed, ref.difficulty),
    [ref.family, ref.seed, ref.difficulty],
  );
  const id = exerciseId(exercise);

  useEffect(() => {
    actions.loadScenario(machineOnly(exercise.scenario), "example");
  }, [exercise]);

  const checked = (check: ExerciseCheck): void => {
    const tried = score.tried.includes(id) ? score.tried : [...score.tried, id];
    const solvedNow = check.correct && !score.solved.includes(id) ? [...score.solved, id] : score.solved;
    setScore({ tried, solved: solvedNow });
    if (check.correct && !solved.includes(id)) {
      const next = [...solved, id];
      setSolved(next);
      saveSolved(progressKey, next);
    }
  };
  const goTo = (k: number): void => {
    if (route.kind === "set") goToFragment(setFragment(route, k));
  };
  const next = (): void => {
    if (route.kind === "set") goTo((at + 1) % route.count);
    else goToFragment(instanceFragment({ ...ref, seed: (ref.seed + 1) % 2 ** 32 }));
  };
  const close = (): void => {
    replaceFragment("");
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    // The panel goes with the focus on its Close button: back to the header's Exercises button.
    document.querySelector<HTMLElement>("[data-exercises-opener]")?.focus();
  };
  // Opened, the exercise is where the reader goes next (the button that opened it is in the header).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const items = route.kind === "set" ? Array.from({ length: route.count }, (_, k) => setItem(route, k)) : [];
  const solvedInSet = items.filter((item) => solved.includes(exerciseId(item))).length;
  return (
    <section className="panel exercise-panel" aria-labelledby="exercise-h">
      <div className="panel-head">
        <h2 id="exercise-h" ref={heading} tabIndex={-1}>
          {route.kind === "set" ? `Exercise ${at + 1} of ${route.count}: ` : "Exercise: "}
          {exercise.title}
        </h2>
        <button type="button" className="small-text" onClick={close}>
          Close exercises
        </button>
      </div>
      {route.kind === "set" && (
        <nav className="exercise-progress" aria-label="Problem set">
          <p>
            Solved {solvedInSet} of {route.count} (kept in this browser)
          </p>
          <ol>
            {items.map((item, k) => {
              const done = solved.includes(exerciseId(item));
              return (
                <li key={k}>
                  <button
                    type="button"
                    aria-current={k === at ? "step" : undefined}
                    aria-label={`Exercise ${k + 1}${done ? ", solved" : ""}`}
                    className={done ? "solved" : undefined}
                    onClick={() => goTo(k)}
                  >
                    {k + 1}
                    {done ? " ✓" : ""}
                  </button>
                </li>
              );
            })}
          </ol>
        </nav>
      )}
      <p className="exercise-question">{exercise.question}</p>
      <p className="exercise-note">
        The machine is open in every view below; type the address into the address bar to walk it yourself.
        {solved.includes(id) ? " You have solved this one." : ""}
      </p>
      <ExerciseAnswerForm key={id} exercise={exercise} onChecked={checked} />
      <div className="exercise-actions">
        <button type="button" onClick={() => actions.loadScenario(machineOnly(exercise.solution), "example")}>
          Show solution
        </button>
        <button type="button" onClick={next}>
          Next exercise
        </button>
        <a href={instanceFragment(ref)}>Link to this instance</a>
      </div>
      <p className="exercise-score">
        Session score: {score.solved.length} solved of {score.tried.length} tried
      </p>
      <details className="exercise-json">
        <summary>This exercise as JSON</summary>
        <ExerciseJson exercise={exercise} />
      </details>
      <ProblemSetBuilder />
    </section>
  );
}

/** The exercise as the CLI's JSON: stringified once per exercise, not on every score or click. */
const ExerciseJson = memo(function ExerciseJson({ exercise }: { exercise: Exercise }) {
  return <pre aria-label="Exercise JSON">{jsonWorksheet([exercise], false)}</pre>;
});
