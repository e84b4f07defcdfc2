import { useState } from "react";
import { createPortal } from "react-dom";
import { ExplainFaultPanel } from "./ExplainFaultPanel";

/**
 * The toolbar's "Explain a fault…": opens the panel under the header (not a modal: the walk it
 * explains stays in view beside it).
 */
export function ExplainFaultButton() {
  const [open, setOpen] = useState(false);
  const host = typeof document === "undefined" ? null : document.getElementById("explain-host");
  return (
    <>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Explain a fault…
      </button>
      {open && host ? createPortal(<ExplainFaultPanel onClose={() => setOpen(false)} />, host) : null}
    </>
  );
}
