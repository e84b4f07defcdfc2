import { useState } from "react";
import { useGlossary } from "./glossary/useGlossary";
import { rememberStartHereDismissed, startHereDismissed } from "./startHereMemory";

/**
 * The first visit's short "Start here" strip: what the page shows, what to click first, where the
 * examples and the glossary are. Dismissed once ("Got it"), it never returns (startHereMemory.ts).
 */
export function StartHere() {
  const [shown, setShown] = useState(() => !startHereDismissed());
  const { openGlossary } = useGlossary();
  if (!shown) return null;
  return (
    <section className="start-here" aria-labelledby="start-here-h">
      <h2 id="start-here-h">Start here</h2>
      <p>
        This page shows how an x86-64 processor turns a virtual address into a physical one: the address is
        cut into table indices, the walk reads one entry per level, and the graph and the table show where
        each entry lives. First press <strong>Step through the walk</strong> to follow the walk one memory
        reference at a time; then press a flag on a walk card (U/S, R/W, P) to flip it and see what faults.
        More machines are in the <strong>Examples</strong> menu, and every term is explained in the{" "}
        <button type="button" className="link" onClick={() => openGlossary()}>
          glossary
        </button>
        .
      </p>
      <button
        type="button"
        onClick={() => {
          rememberStartHereDismissed();
          setShown(false);
          // The strip goes with the focus on its button: on to what it told the reader to press first.
          document.querySelector<HTMLElement>("[data-start-here-next]")?.focus();
        }}
      >
        Got it
      </button>
    </section>
  );
}
