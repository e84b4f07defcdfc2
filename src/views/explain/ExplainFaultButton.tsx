import { useRef, useState } from "react";
import { createPortal } from "react-dom";
import { ExplainFaultPanel } from "./ExplainFaultPanel";

/**
 * The toolbar's "Explain a fault…": opens the panel under the header (not a modal: the walk it
 * explains stays in view beside it).
 */
export function ExplainFaultButton() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const host = typeof document === "undefined" ? null : document.getElementById("explain-host");
  // Closed from its own Close button, the focus goes back to the button that opened it.
  const close = (): void => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  return (
    <>
      <button ref={buttonRef} type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Explain a fault…
      </button>
      {open && host ? createPortal(<ExplainFaultPanel onClose={close} />, host) : null}
    </>
  );
}
