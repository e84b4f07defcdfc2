import { memo } from "react";
import { LEVEL_TABLE_NAMES, formatPhysAddr, type Level, type PhysAddr } from "../../core/arch";
import { entryColorVar } from "../entryColors";
import { levelColor, levelTint } from "../levelColors";
import { GraphButtonBox } from "./GraphButtonBox";
import type { LaidOutTable } from "./layout";

interface GraphTableNodeProps {
  readonly table: LaidOutTable;
  readonly selected: boolean;
  readonly onPath: boolean;
  /** While stepping: the current step's table, or one the walk read before it. */
  readonly stepState?: "current" | "done" | undefined;
  /** The mark's text when the walk faulted at an entry of this table ("fault: U/S = 0"), else null. */
  readonly fault: string | null;
  readonly onSelect?: ((addr: PhysAddr, level: Level) => void) | undefined;
  /** The scenario's name for this table, or null. */
  readonly name?: string | null;
}

/** A name cut to what fits beside the title on the box (the full name is in its label and tooltip). */
function fittedName(name: string, titleChars: number): string {
  // Box 310 units wide: about 9 units per title character at 15 px, 7.5 per name character at 13 px.
  const room = Math.max(4, Math.floor((310 - 14 - titleChars * 9 - 16) / 7.5));
  return name.length <= room ? name : `${name.slice(0, room - 1)}…`;
}

/** "x,y,width,height" of a box (top-left corner): where the graph pans when the box gets focus. */
export function boxData(b: { x: number; y: number; width: number; height: number }): string {
  return `${b.x},${b.y - b.height / 2},${b.width},${b.height}`;
}

/** One table: a focusable box (role="button") with its level, address and entry counts. */
export const GraphTableNode = memo(function GraphTableNode({
  table,
  selected,
  onPath,
  stepState,
  fault,
  onSelect,
  name = null,
}: GraphTableNodeProps) {
  const { node, width, height } = table;
  const shared = node.incoming > 1;
  const reserved = node.reservedIndices.length;
  const otherLevels = node.levels.filter((l) => l !== node.level);
  const named = name === null ? "" : ` “${name}”`;
  const details = [
    (fault === null ? table.title : `${table.title}, ${fault}`) + named,
    table.vaRange ? `covers VA ${table.vaRange}${shared ? " (through its first pointer)" : ""}` : "",
    table.summary,
    shared ? `shared: ${node.incoming} pointers lead here` : "",
    otherLevels.length ? `also read as ${otherLevels.map((l) => LEVEL_TABLE_NAMES[l]).join(", ")}` : "",
    reserved ? `${reserved} entr${reserved === 1 ? "y has" : "ies have"} reserved bits set` : "",
    node.garbage ? `${node.garbage} not-present entries hold garbage` : "",
    stepState === "current"
      ? "the current step is here"
      : stepState === "done"
        ? "read in an earlier step"
        : "",
  ].filter(Boolean);
  return (
    <GraphButtonBox
      className="pw-node"
      data={{ "data-addr": node.addr, "data-level": node.level, "data-box": boxData(table) }}
      x={table.x}
      y={table.y - height / 2}
      width={width}
      height={height}
      // The accessible name stays the table's (views and tests find tables by it); the scenario's
      // name is in the box's text and its tooltip.
      label={
        fault === null
          ? table.title
          : `${LEVEL_TABLE_NAMES[node.level]} ${formatPhysAddr(node.addr)}, ${fault}`
      }
      title={details.join("\n")}
      selected={selected}
      onPath={onPath}
      stepState={stepState}
      onActivate={() => onSelect?.(node.addr, node.level)}
    >
      <rect
        className="pw-node-box"
        width={width}
        height={height}
        rx={6}
        fill={levelTint(node.level)}
        stroke={fault === null ? levelColor(node.level) : "var(--fault)"}
        strokeWidth={selected || fault !== null ? 3.5 : 1.5}
        strokeDasharray={node.expanded ? undefined : "4 3"}
      />
      <rect width={6} height={height} rx={3} fill={levelColor(node.level)} />
      <text x={14} y={19} className="pw-node-title">
        <tspan fontWeight={700}>{LEVEL_TABLE_NAMES[node.level]}</tspan> {formatPhysAddr(node.addr)}
        {name !== null && (
          <tspan className="pw-node-name" dx={8}>
            {fittedName(name, LEVEL_TABLE_NAMES[node.level].length + formatPhysAddr(node.addr).length + 1)}
          </tspan>
        )}
      </text>
      <text x={14} y={36} className="pw-node-va pw-detail">
        {table.vaRange}
      </text>
      <text x={14} y={53} className="pw-node-summary pw-detail">
        {table.summary}
      </text>
      {shared && (
        <g className="pw-badge" transform={`translate(${width - 30},-9)`}>
          <rect width={34} height={17} rx={8.5} fill={levelColor(node.level)} />
          <text x={17} y={12.5} textAnchor="middle" className="pw-badge-text" fontSize={11} fontWeight={700}>
            ×{node.incoming}
          </text>
        </g>
      )}
      {reserved > 0 && (
        <g className="pw-badge" transform={`translate(${shared ? width - 70 : width - 30},-9)`}>
          <rect width={36} height={17} rx={8.5} fill={entryColorVar("reserved")} />
          <text x={18} y={12.5} textAnchor="middle" className="pw-badge-text" fontSize={11} fontWeight={700}>
            !{reserved}
          </text>
        </g>
      )}
      {fault !== null && <FaultBadge />}
      {otherLevels.length > 0 && (
        <text x={width - 8} y={20} textAnchor="end" className="pw-node-summary pw-detail">
          +{otherLevels.map((l) => LEVEL_TABLE_NAMES[l]).join("/")}
        </text>
      )}
    </GraphButtonBox>
  );
});

/** The mark of the table where the walk faulted: a warning sign and the word, not colour alone. */
function FaultBadge() {
  return (
    <g className="pw-fault-badge" transform="translate(12,-13)" aria-hidden="true">
      <rect width={58} height={17} rx={8.5} />
      <text x={29} y={12.5} textAnchor="middle" fontSize={11} fontWeight={700}>
        ⚠ fault
      </text>
    </g>
  );
}

/** A dangling pointer: the target frame lies beyond RAM. */
export function OutsideMarker({
  x,
  y,
  width,
  height,
  label,
}: {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
}) {
  return (
    <g className="pw-outside" transform={`translate(${x},${y - height / 2})`}>
      <title>{`Pointer to ${label}: not followed`}</title>
      <rect
        width={width}
        height={height}
        rx={4}
        fill="none"
        stroke={entryColorVar("outside")}
        strokeDasharray="5 3"
        strokeWidth={1.5}
      />
      <text x={8} y={height / 2 + 4} fontSize={11} className="pw-detail">
        ⚠ {label}
      </text>
    </g>
  );
}
