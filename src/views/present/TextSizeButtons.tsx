import { useLayoutEffect, useState } from "react";
import { rememberTextScale, storedTextScale } from "./textSizeMemory";
import { nextTextScale, TEXT_SCALES, textScaleLabel } from "./textSizes";

/**
 * A− / A+: the page's text size, remembered per browser. The size is a CSS variable on the root
 * element that present.css turns into a zoom of every panel, so it applies to whatever is shown
 * (the full page, presentation mode, an embed).
 */
export function TextSizeButtons() {
  const [scale, setScale] = useState(storedTextScale);
  // Before the first paint, so a page opened at 150 % never flashes at 100 %.
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.style.setProperty("--text-scale", String(scale));
  }, [scale]);
  const change = (direction: -1 | 1): void => {
    const next = nextTextScale(scale, direction);
    rememberTextScale(next);
    setScale(next);
  };
  return (
    <div className="text-size" role="group" aria-label="Text size">
      <button
        type="button"
        aria-label="Smaller text"
        title="Smaller text"
        disabled={scale === TEXT_SCALES[0]}
        onClick={() => change(-1)}
      >
        A−
      </button>
      <output className="mono small-text" aria-live="polite">
        {textScaleLabel(scale)}
      </output>
      <button
        type="button"
        aria-label="Larger text"
        title="Larger text"
        disabled={scale === TEXT_SCALES[TEXT_SCALES.length - 1]}
        onClick={() => change(1)}
      >
        A+
      </button>
    </div>
  );
}
