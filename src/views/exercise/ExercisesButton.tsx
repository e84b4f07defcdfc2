import { FAMILY_NAMES, setFragment } from "../../core/exercise";

/**
 * Opens a practice set of one exercise per family, easy, from a seed of the moment (so each
 * visit practises something new); the exercise screen's builder makes sets to share.
 */
export function ExercisesButton() {
  const open = (): void => {
    const seed = Math.floor(Math.random() * 1_000_000);
    location.hash = setFragment({
      families: FAMILY_NAMES,
      count: FAMILY_NAMES.length,
      seed,
      difficulty: "easy",
    });
  };
  return (
    <button type="button" onClick={open} data-exercises-opener="">
      Exercises
    </button>
  );
}
