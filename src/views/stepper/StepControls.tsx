import { actions } from "../../store/usePagewalk";
import { stopPlayback, togglePlayback, usePlaying } from "./playback";
import { StepIcon } from "./StepIcon";

interface Props {
  readonly step: number;
  readonly count: number;
}

/**
 * First / Previous / Play-Pause / Next / Last. A button that cannot move (Previous on step 1) says
 * so with aria-disabled and stays focusable, so keyboard focus is never dropped on the page.
 */
export function StepControls({ step, count }: Props) {
  const playing = usePlaying();
  const manual = (move: () => void, can: boolean) => () => {
    stopPlayback();
    if (can) move();
  };
  const atStart = step <= 1;
  const atEnd = step >= count;
  return (
    <div className="step-controls" role="group" aria-label="Step controls">
      <button
        type="button"
        aria-label="First step"
        title="First step (Home)"
        aria-keyshortcuts="Home"
        aria-disabled={atStart}
        onClick={manual(actions.firstStep, !atStart)}
      >
        <StepIcon name="first" />
      </button>
      <button
        type="button"
        aria-label="Previous step"
        title="Previous step (←)"
        aria-keyshortcuts="ArrowLeft"
        aria-disabled={atStart}
        onClick={manual(() => actions.stepBy(-1), !atStart)}
      >
        <StepIcon name="previous" />
      </button>
      <button
        type="button"
        className="step-play"
        aria-label={playing ? "Pause" : "Play"}
        aria-keyshortcuts="Space"
        title={playing ? "Pause (Space)" : "Play: one step a second (Space)"}
        onClick={togglePlayback}
      >
        <StepIcon name={playing ? "pause" : "play"} /> {playing ? "Pause" : "Play"}
      </button>
      <button
        type="button"
        aria-label="Next step"
        title="Next step (→)"
        aria-keyshortcuts="ArrowRight"
        aria-disabled={atEnd}
        onClick={manual(() => actions.stepBy(1), !atEnd)}
      >
        <StepIcon name="next" />
      </button>
      <button
        type="button"
        aria-label="Last step"
        title="Last step (End)"
        aria-keyshortcuts="End"
        aria-disabled={atEnd}
        onClick={manual(actions.lastStep, !atEnd)}
      >
        <StepIcon name="last" />
      </button>
    </div>
  );
}
