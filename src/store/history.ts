/**
 * The undo history's bookkeeping: how many steps are kept and pushing a state on `past`. The store
 * (store.ts) decides what a step is.
 */

/** How many undo steps are kept; older ones are dropped. */
export const HISTORY_LIMIT = 200;

/** `past` with `previous` on top, the oldest entries dropped so that at most HISTORY_LIMIT remain. */
export function pushed<T>(past: readonly T[], previous: T): T[] {
  const kept = past.length >= HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT + 1) : past;
  return [...kept, previous];
}
