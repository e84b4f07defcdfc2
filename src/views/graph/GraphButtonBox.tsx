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
  readonly onActivate: () => void;
  /** How far above the box the focus ring starts (taller for a stack of cards). */
  readonly ringTop?: number;
  /** `data-*` attributes for tests and styles. */
  readonly data?: Readonly<Record<`data-${string}`, string | number>>;
  readonly children: ReactNode;
}

/**
 * What every box of the graph shares: a focusable role="button" that Enter or Space activates, the
 * ring that marks it on the current walk, and the focus ring. The caller draws the box itself.
 */
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
      transform={`translate(${x},${y})`}
      role="button"
      tabIndex={0}
      aria-label={label}
      aria-pressed={selected}
      onClick={onActivate}
      onKeyDown={activateOnKey(onActivate)}
    >
      <title>{title}</title>
      {onPath && (
        <rect
          x={-5}
          y={-5}
          width={width + 10}
          height={height + 10}
          rx={9}
          fill="none"
          stroke={entryColorVar("highlight")}
          strokeWidth={4}
        />
      )}
      {children}
      <rect
        className="pw-focus-ring"
        x={-3}
        y={-ringTop}
        width={width + 6}
        height={height + ringTop + 3}
        rx={8}
        fill="none"
      />
    </g>
  );
}
