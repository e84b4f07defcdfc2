import { memo } from "react";
import type { PhysAddr } from "../../core/arch";
import { formatHex } from "../../core/common";
import { actions } from "../../store/usePagewalk";

/**
 * Under the memory map: the frame just chosen there, what it is (its cell's hover text, which a
 * touch screen never shows), and the question the Mappings panel answers about it ("which VAs map
 * it?"). Asking opens the panel at the answer.
 */
export const FrameContext = memo(function FrameContext({
  frame,
  description,
}: {
  frame: PhysAddr;
  /** What the frame's cell is, as its hover text says it (the memory map's words). */
  description: string;
}) {
  return (
    <p className="pw-frame-context small-text">
      <span aria-live="polite">
        {description === "" ? (
          <>
            Frame <span className="mono">{formatHex(frame)}</span>
          </>
        ) : (
          description
        )}
      </span>
      <button
        type="button"
        onClick={() => {
          actions.lookUpPa(frame);
          // The answer is in the Mappings panel, below: bring it into view.
          requestAnimationFrame(() =>
            document.getElementById("mappings-panel")?.scrollIntoView({
              block: "start",
              behavior: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth",
            }),
          );
        }}
      >
        Which VAs map it?
      </button>
    </p>
  );
});
