import { memo } from "react";

interface Props {
  readonly bit: number;
  readonly on: boolean;
  /** Short field name, e.g. "U/S", used in the accessible name "bit 2 U/S". */
  readonly field: string;
  /** Set while reserved under the current MAXPHYADDR / NXE / level rules. */
  readonly reserved: boolean;
  /** Hardware ignores this bit here. */
  readonly ignored: boolean;
  readonly onToggle: (bit: number) => void;
}

/**
 * One bit of an entry as a toggle button. Memoised on its props: toggling one bit re-renders that
 * button (and any whose field meaning changed), not all 64.
 */
export const BitButton = memo(function BitButton({ bit, on, field, reserved, ignored, onToggle }: Props) {
  return (
    <button
      type="button"
      className={`bit${on ? " on" : ""}${reserved ? " reserved" : ""}${ignored ? " ignored" : ""}`}
      aria-pressed={on}
      aria-label={`bit ${bit} ${field}${reserved ? " (reserved, set)" : ""}`}
      title={`bit ${bit}: ${field}${reserved ? " — reserved bit set" : ""}`}
      onClick={() => onToggle(bit)}
    >
      <span className="bit-no" aria-hidden="true">
        {bit}
      </span>
      <span className="bit-val" aria-hidden="true">
        {on ? 1 : 0}
      </span>
    </button>
  );
});
