/** The stepper buttons' icons, drawn (the media-control characters are missing from many fonts). */
export type StepIconName = "first" | "previous" | "next" | "last" | "play" | "pause";

const PATHS: Record<StepIconName, string> = {
  first: "M3 2h2v12H3z M13 2v12L6 8z",
  previous: "M12 2v12L4 8z",
  next: "M4 2v12l8-6z",
  last: "M11 2h2v12h-2z M3 2v12l7-6z",
  play: "M4 2v12l9-6z",
  pause: "M3 2h3.5v12H3z M9.5 2H13v12H9.5z",
};

export function StepIcon({ name }: { name: StepIconName }) {
  return (
    <svg
      className="step-icon"
      width="12"
      height="12"
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
