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
  /** The bit holding the toolbar's one tab stop. */
  readonly tabbable: boolean;
}

/**
 * One bit of an entry as a toggle button; its clicks and keys are handled once by the bit toolbar
 * (by `data-bit`), so a button's props are plain values and it is memoised on them: toggling one bit,
 * or moving to an entry that shares most bits, re-renders only the buttons that differ.
 */
export const BitButton = memo(function BitButton({ bit, on, field, reserved, ignored, tabbable }: Props) {
  return (
    <button
      type="button"
      className={`bit${on ? " on" : ""}${reserved ? " reserved" : ""}${ignored ? " ignored" : ""}`}
      data-bit={bit}
      aria-pressed={on}
      aria-label={`bit ${bit} ${field}${reserved ? " (reserved, set)" : ""}`}
      title={`bit ${bit}: ${field}${reserved ? " — reserved bit set" : ""}`}
      tabIndex={tabbable ? 0 : -1}
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
