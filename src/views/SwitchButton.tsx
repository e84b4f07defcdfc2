/** An on/off switch of the page (role "switch"): the track and thumb drawn in predict.css. */
export function SwitchButton({
  on,
  label,
  title,
  onToggle,
}: {
  readonly on: boolean;
  readonly label: string;
  readonly title: string;
  readonly onToggle: (on: boolean) => void;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      className={`switch${on ? " on" : ""}`}
      title={title}
      onClick={() => onToggle(!on)}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      {label}
    </button>
  );
}
