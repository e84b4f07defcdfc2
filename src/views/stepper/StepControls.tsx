import { actions } from "../../store/usePagewalk";
import { stopPlayback, togglePlayback, usePlaying } from "./playback";
import { StepIcon } from "./StepIcon";

interface Props {
  readonly step: number;
  readonly count: number;
  /** The step's title, shown in the controls when they are a bar at the screen's bottom. */
  readonly title: string;
  /** The bar's fold of the step's lines: open or not, the toggle, and the lines' element id. */
  readonly details: { readonly open: boolean; readonly toggle: () => void; readonly controls: string };
}

/** A button that moves the step: its name, key, icon, whether it can move now, and the move. */
interface MoveButtonProps {
  readonly name: "First step" | "Previous step" | "Next step" | "Last step";
  readonly keyName: string;
  readonly keyShortcut: string;
  readonly icon: "first" | "previous" | "next" | "last";
  readonly can: boolean;
  readonly move: () => void;
}

function MoveButton({ name, keyName, keyShortcut, icon, can, move }: MoveButtonProps) {
  return (
    <button
      type="button"
      aria-label={name}
      title={`${name} (${keyName})`}
      aria-keyshortcuts={keyShortcut}
      aria-disabled={!can}
      onClick={() => {
        // A manual step stops playback, whether or not it can move.
        stopPlayback();
        if (can) move();
      }}
    >
      <StepIcon name={icon} />
    </button>
  );
}

/**
 * First / Previous / Play-Pause / Next / Last. A button that cannot move (Previous on step 1) says
 * so with aria-disabled and stays focusable, so keyboard focus is never dropped on the page.
 */
export function StepControls({ step, count, title, details }: Props) {
  const playing = usePlaying();
  const atStart = step <= 1;
  const atEnd = step >= count;
  return (
    <div className="step-controls" role="group" aria-label="Step controls">
      {/* Seen only in the bar (stepper.css). */}
      <div className="step-bar-head">
        {/* The step's heading says it to a screen reader. */}
        <span className="step-bar-title" aria-hidden="true">
          {step}/{count} {title}
        </span>
        <button
          type="button"
          className="step-details-toggle fold-toggle"
          aria-expanded={details.open}
          aria-controls={details.controls}
          onClick={details.toggle}
          title={details.open ? "Fold away this step's working" : "Show this step's working"}
        >
          Step details
        </button>
      </div>
      <MoveButton
        name="First step"
        keyName="Home"
        keyShortcut="Home"
        icon="first"
        can={!atStart}
        move={actions.firstStep}
      />
      <MoveButton
        name="Previous step"
        keyName="←"
        keyShortcut="ArrowLeft"
        icon="previous"
        can={!atStart}
        move={() => actions.stepBy(-1)}
      />
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
      <MoveButton
        name="Next step"
        keyName="→"
        keyShortcut="ArrowRight"
        icon="next"
        can={!atEnd}
        move={() => actions.stepBy(1)}
      />
      <MoveButton
        name="Last step"
        keyName="End"
        keyShortcut="End"
        icon="last"
        can={!atEnd}
        move={actions.lastStep}
      />
    </div>
  );
}
