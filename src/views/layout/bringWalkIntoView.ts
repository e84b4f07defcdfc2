/**
 * Scrolls what the walk is at into view, as little as needed: the stepper's current walk card, the
 * address's fields at its first step, or (not stepping) the walk's outcome line. Used where the
 * page's parts are stacked (below three columns) and a change made from a bar that stays on screen
 * (the stepper's, the lesson's) would otherwise happen out of sight. The page's scroll padding keeps
 * the target clear of those bars (usePublishedHeight).
 */
export function bringWalkIntoView(): void {
  const target =
    document.querySelector(".walk-step.step-current") ??
    document.querySelector(".va-field.step-bits") ??
    document.querySelector(".walk-path .outcome");
  target?.scrollIntoView({ block: "nearest" });
}
