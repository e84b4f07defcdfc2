import type { KeyboardEvent } from "react";

/** A keydown handler that runs `activate` on Enter or Space, as a focusable role="button" must. */
export function activateOnKey(activate: () => void): (event: KeyboardEvent<Element>) => void {
  return (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      activate();
    }
  };
}
