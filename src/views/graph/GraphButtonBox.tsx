import type { ReactNode } from "react";
import { entryColorVar } from "../entryColors";
import { activateOnKey } from "./activateOnKey";

interface GraphButtonBoxProps {
  readonly className: string;
  /** Top-left corner and size of the box (the ring around it is drawn outside). */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly label: string;
  /** The hover text. */
  readonly title: string;
  readonly selected: boolean;
  readonly onPath: boolean;
  /** While stepping through the walk: the table of the current step, or one the walk read before it. */
  readonly stepState?: "current" | "done" | undefined;
  readonly onActivate: () => void;
  /** How far above the box the focus ring starts (taller for a stack of cards). */
  readonly ringTop?: number;
  /** `data-*` attributes for tests and styles. */
  readonly data?: Readonly<Record<`data-${string}`, string | number>>;
  readonly children: ReactNode;
}

/**
 * A small mark on the box's top edge, at its left: ▶ the current step's table, ✓ one read before it.
 * On the edge, not above it: a view fitted to the path has no room above its top table.
 */
function StepGlyph({ state }: { state: "current" | "done" }) {
  const current = state === "current";
  return (
    <g className="pw-badge pw-step-glyph" transform="translate(14,-9)" aria-hidden="true">
      <rect
        width={current ? 44 : 18}
        height={17}
        rx={8.5}
        fill={current ? entryColorVar("highlight") : "var(--panel)"}
        stroke={entryColorVar("highlight")}
      />
      <text
        x={current ? 22 : 9}
        y={12.5}
        textAnchor="middle"
        fontSize={11}
        fontWeight={700}
        className={current ? "pw-now-text" : undefined}
      >
        {current ? "▶ now" : "✓"}
      </text>
    </g>
  );
}

/**
 * What every box of the graph shares: a focusable role="button" that Enter or Space activates, the
 * ring that marks it on the current walk, and the focus ring. The caller draws the box itself.
 */
/** How far outside the box the focus ring runs: clear of the path ring (5 out, up to 5 wide). */
const RING_OUT = 10;

export function GraphButtonBox({
  className,
  x,
  y,
  width,
  height,
  label,
  title,
  selected,
  onPath,
  stepState,
  onActivate,
  ringTop = 3,
  data,
  children,
}: GraphButtonBoxProps) {
  return (
    <g
      className={className}
      {...data}
      data-on-path={onPath || undefined}
      data-step={stepState}
      transform={`translate(${x},${y})`}
      role="button"
      tabIndex={0}
      aria-label={label}
      aria-pressed={selected}
      aria-current={stepState === "current" ? "step" : undefined}
      onClick={onActivate}
      onKeyDown={activateOnKey(onActivate)}
    >
      <title>{title}</title>
      {onPath && (
        <rect
          className="pw-path-ring"
          x={-5}
          y={-5}
          width={width + 10}
          height={height + 10}
          rx={9}
          fill="none"
          stroke={entryColorVar("highlight")}
          strokeWidth={stepState === "current" ? 5 : 4}
          // A table the walk read before the current step: dimmed, dashed.
          strokeOpacity={stepState === "done" ? 0.35 : 1}
          strokeDasharray={stepState === "done" ? "6 4" : undefined}
        />
      )}
      {children}
      {stepState && <StepGlyph state={stepState} />}
      {/* Outside the walk's path ring (5 units out, up to 5 wide), so a focused table on the path
          shows both. */}
      <rect
        className="pw-focus-ring"
        x={-RING_OUT}
        y={-ringTop - RING_OUT + 3}
        width={width + 2 * RING_OUT}
        height={height + ringTop + 2 * RING_OUT - 3}
        rx={11}
        fill="none"
      />
    </g>
  );
}
