import { memo, type KeyboardEvent, type PointerEvent } from "react";
import { GRAPH_HEIGHT_MAX as MAX, GRAPH_HEIGHT_MIN as MIN } from "./graphHeightMemory";

const STEP = 40;

/**
 * The bar under the graph that makes it taller or shorter: drag it, or focus it and press ↑/↓
 * (Page Up/Down for big steps, Home/End for the extremes). A window splitter in ARIA terms. The
 * panel keeps the height chosen (graphHeightMemory.ts).
 */
export const GraphResizeHandle = memo(function GraphResizeHandle({
  height,
  onHeight,
}: {
  height: number;
  onHeight: (h: number) => void;
}) {
  const clamp = (h: number): number => Math.round(Math.min(MAX, Math.max(MIN, h)));
  const onKeyDown = (e: KeyboardEvent): void => {
    const next =
      e.key === "ArrowDown"
        ? height + STEP
        : e.key === "ArrowUp"
          ? height - STEP
          : e.key === "PageDown"
            ? height + 4 * STEP
            : e.key === "PageUp"
              ? height - 4 * STEP
              : e.key === "Home"
                ? MIN
                : e.key === "End"
                  ? MAX
                  : null;
    if (next === null) return;
    e.preventDefault();
    onHeight(clamp(next));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    const startY = e.clientY;
    const startHeight = height;
    const target = e.currentTarget;
    target.setPointerCapture(e.pointerId);
    const move = (m: globalThis.PointerEvent): void => onHeight(clamp(startHeight + m.clientY - startY));
    const up = (): void => {
      target.removeEventListener("pointermove", move);
      target.removeEventListener("pointerup", up);
      target.removeEventListener("pointercancel", up);
    };
    target.addEventListener("pointermove", move);
    target.addEventListener("pointerup", up);
    target.addEventListener("pointercancel", up);
  };
  return (
    <div
      className="graph-resize"
      role="separator"
      tabIndex={0}
      aria-orientation="horizontal"
      aria-label="Graph height"
      aria-valuemin={MIN}
      aria-valuemax={MAX}
      aria-valuenow={height}
      aria-valuetext={`${height} pixels`}
      title="Drag, or press ↑/↓, to make the graph shorter or taller"
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
    >
      <span aria-hidden="true">⋯</span>
    </div>
  );
});
