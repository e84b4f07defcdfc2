import { useEffect, useState } from "react";
import { parseExerciseFragment, type ExerciseRoute } from "../../core/exercise";
import type { Result } from "../../core/common";

/** Sent by `goToFragment`: the exercise screen's own moves, which the browser reports by no event. */
const MOVED = "pagewalk:exercise-moved";

/**
 * The exercise or problem set the URL fragment names (null when it names none), following the
 * fragment as it changes: a link opened, typed or clicked, back and forward, and the screen's own
 * moves (`goToFragment`). The screen shows what the URL says, so an edited URL is never ignored.
 */
export function useExerciseRoute(): Result<ExerciseRoute> | null {
  const [hash, setHash] = useState(() => location.hash);
  useEffect(() => {
    const follow = (): void => setHash(location.hash);
    for (const event of ["hashchange", "popstate", MOVED]) window.addEventListener(event, follow);
    return () => {
      for (const event of ["hashchange", "popstate", MOVED]) window.removeEventListener(event, follow);
    };
  }, []);
  return parseExerciseFragment(hash);
}

/** Moves the exercise screen to `fragment` (another item, the next seed) in place of the current entry. */
export function goToFragment(fragment: string): void {
  replaceFragment(fragment);
  window.dispatchEvent(new Event(MOVED));
}

/** Replaces the fragment without a new history entry or a hashchange (the screen already shows it). */
export function replaceFragment(fragment: string): void {
  history.replaceState(history.state, "", fragment === "" ? location.pathname + location.search : fragment);
}
