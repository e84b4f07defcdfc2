import { useEffect, useState } from "react";
import { parseExerciseFragment, type ExerciseRoute } from "../../core/exercise";
import type { Result } from "../../core/common";

/**
 * The exercise or problem set the URL fragment names (null when it names none), following the
 * fragment as it changes: a link opened, typed or clicked, back and forward.
 */
export function useExerciseRoute(): Result<ExerciseRoute> | null {
  const [hash, setHash] = useState(() => location.hash);
  useEffect(() => {
    const follow = (): void => setHash(location.hash);
    window.addEventListener("hashchange", follow);
    window.addEventListener("popstate", follow);
    return () => {
      window.removeEventListener("hashchange", follow);
      window.removeEventListener("popstate", follow);
    };
  }, []);
  return parseExerciseFragment(hash);
}

/** Replaces the fragment without a new history entry or a hashchange (the screen already shows it). */
export function replaceFragment(fragment: string): void {
  history.replaceState(history.state, "", fragment === "" ? location.pathname + location.search : fragment);
}
