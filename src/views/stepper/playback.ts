/**
 * Play / Pause of the walk stepper: one step about every second, stopping at the last step. Any
 * step change that is not its own (a button, a key, a new walk that moved the step) stops it, so
 * playback never fights the learner. One timer for the page, outside React: the Step panel and its
 * keyboard shortcuts read it through `usePlaying`.
 */
import { useSyncExternalStore } from "react";
import { selectStepCount } from "../../store/selectors";
import { appStore } from "../../store/usePagewalk";

export const PLAY_INTERVAL_MS = 1000;

let timer: ReturnType<typeof setInterval> | null = null;
/** The step playback itself moved to last; any other step means someone else moved it. */
let expected: number | null = null;
let unsubscribe: (() => void) | null = null;
const listeners = new Set<() => void>();

const emit = (): void => listeners.forEach((l) => l());

export function stopPlayback(): void {
  if (timer === null) return;
  clearInterval(timer);
  timer = null;
  unsubscribe?.();
  unsubscribe = null;
  emit();
}

function advance(): void {
  const state = appStore.getState();
  const step = state.selection.step;
  if (step === null || step >= selectStepCount(state)) {
    stopPlayback();
    return;
  }
  expected = step + 1;
  state.stepBy(1);
  if (expected >= selectStepCount(appStore.getState())) stopPlayback();
}

/** Plays from the current step (from the first when at the last step or not stepping). */
export function startPlayback(): void {
  if (timer !== null) return;
  const state = appStore.getState();
  if (state.selection.step === null || state.selection.step >= selectStepCount(state)) state.setStep(1);
  expected = appStore.getState().selection.step;
  unsubscribe = appStore.subscribe((s) => {
    if (s.selection.step !== expected) stopPlayback();
  });
  timer = setInterval(advance, PLAY_INTERVAL_MS);
  emit();
}

export function togglePlayback(): void {
  if (timer === null) startPlayback();
  else stopPlayback();
}

const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const playing = (): boolean => timer !== null;

/** Whether the stepper is playing (re-renders when it starts or stops). */
export function usePlaying(): boolean {
  return useSyncExternalStore(subscribe, playing, playing);
}
