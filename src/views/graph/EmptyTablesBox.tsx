import { memo } from "react";
import { formatPhysAddr, type Level, type PhysAddr } from "../../core/arch";
import { levelColor, levelTint } from "../levelColors";
import { GraphButtonBox } from "./GraphButtonBox";
import type { LaidOutEmpties } from "./layout";

interface EmptyTablesBoxProps {
  readonly folded: LaidOutEmpties;
  readonly onPath: boolean;
  readonly selected: boolean;
  readonly onSelect?: ((addr: PhysAddr, level: Level) => void) | undefined;
}

/**
 * Several empty sibling tables in one box ("64 empty PDPTs"): a kernel preallocates them so that
 * every address space shares its upper half. Activating it opens the first; the table view of the
 * parent lists every pointer.
 */
export const EmptyTablesBox = memo(function EmptyTablesBox({
  folded,
  onPath,
  selected,
  onSelect,
}: EmptyTablesBoxProps) {
  const { width, height, nodes } = folded;
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  if (!first || !last) return null;
  const name = `${folded.title} (${folded.range}), ${formatPhysAddr(first.addr)} to ${formatPhysAddr(last.addr)}`;
  return (
    <GraphButtonBox
      className="pw-node pw-empties"
      x={folded.x}
      y={folded.y - height / 2}
      width={width}
      height={height}
      label={name}
      title={`${name}\nNo present entries. Opens the first; the parent table lists them all.`}
      selected={selected}
      onPath={onPath}
      onActivate={() => onSelect?.(first.addr, first.level)}
      ringTop={9}
    >
      {/* A stack of cards: two offset outlines behind the front one. */}
      {[
        { dx: 8, opacity: 0.5 },
        { dx: 4, opacity: 0.7 },
      ].map(({ dx, opacity }) => (
        <rect
          key={dx}
          x={dx}
          y={-dx * 0.75}
          width={width - dx}
          height={height}
          rx={6}
          fill={levelTint(first.level)}
          stroke={levelColor(first.level)}
          strokeOpacity={opacity}
        />
      ))}
      <rect
        className="pw-node-box"
        width={width - 8}
        height={height}
        rx={6}
        fill={levelTint(first.level)}
        stroke={levelColor(first.level)}
        strokeWidth={selected ? 3.5 : 1.5}
        strokeDasharray="5 3"
      />
      <text x={12} y={18} className="pw-node-title">
        <tspan fontWeight={700}>{folded.title}</tspan>
      </text>
      <text x={12} y={34} className="pw-node-summary pw-detail">
        {formatPhysAddr(first.addr)}…{formatPhysAddr(last.addr)}
      </text>
    </GraphButtonBox>
  );
});
