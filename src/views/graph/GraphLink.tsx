import { memo } from "react";
import { entryColorVar } from "../entryColors";
import { levelColor } from "../levelColors";
import type { LaidOutLink } from "./layout";

function strokeOf(link: LaidOutLink): string {
  if (link.kind === "outside") return entryColorVar("outside");
  if (link.kind === "runs") return "currentColor";
  return levelColor(link.fromLevel);
}

/**
 * One pointer edge (or the link from a table to its run stack). Tree links are solid, shared ones
 * dashed with an arrow, back-edges dotted arcs with an arrow; `hit` marks the current walk's path.
 */
export const GraphLink = memo(function GraphLink({
  link,
  hit,
  current = false,
  arrow,
}: {
  link: LaidOutLink;
  hit: boolean;
  /** The entry the walk stepper's current step reads (an edge out of the current table). */
  current?: boolean;
  arrow: string;
}) {
  const kind = link.kind;
  return (
    <g
      className={`pw-link pw-link-${kind}`}
      data-hit={hit || undefined}
      data-step={current ? "current" : undefined}
    >
      <path
        d={link.d}
        fill="none"
        stroke={hit ? entryColorVar("highlight") : strokeOf(link)}
        strokeWidth={hit ? 3.5 : kind === "tree" || kind === "runs" ? 1.5 : 1.8}
        strokeDasharray={kind === "shared" ? "6 4" : kind === "back" ? "2 4" : undefined}
        strokeOpacity={hit ? 1 : kind === "runs" ? 0.45 : 0.8}
        markerEnd={kind === "back" || kind === "shared" ? `url(#${arrow})` : undefined}
      />
      {link.label && (
        <text
          x={link.labelX}
          y={link.labelY}
          textAnchor={link.labelAnchor}
          className="pw-link-label pw-detail"
        >
          {link.label}
        </text>
      )}
    </g>
  );
});
