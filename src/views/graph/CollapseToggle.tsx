import { memo } from "react";
import { formatCount } from "../../core/common";
import { LEVEL_TABLE_NAMES, formatPhysAddr, type PhysAddr } from "../../core/arch";
import { activateOnKey } from "./activateOnKey";
import type { LaidOutTable } from "./layout";

const SIZE = 22;

/** "12 tables · 5,222 leaves hidden" */
export function hiddenText(hidden: { tables: number; leaves: number }): string {
  const parts: string[] = [];
  if (hidden.tables) parts.push(`${formatCount(hidden.tables)} table${hidden.tables === 1 ? "" : "s"}`);
  if (hidden.leaves) parts.push(`${formatCount(hidden.leaves)} lea${hidden.leaves === 1 ? "f" : "ves"}`);
  return `${parts.join(" · ") || "nothing"} hidden`;
}

/**
 * The −/+ on a table's lower right corner that collapses or expands everything under it; a collapsed
 * table says under it what it hides. A sibling of the table's own button, not inside it (a button in
 * a button is not allowed).
 */
export const CollapseToggle = memo(function CollapseToggle({
  table,
  onToggle,
}: {
  table: LaidOutTable;
  onToggle: (addr: PhysAddr) => void;
}) {
  const collapsed = table.collapsed;
  const bottom = table.y + table.height / 2;
  const x = table.x + table.width - SIZE - 6;
  const toggle = (): void => onToggle(table.node.addr);
  return (
    <g className="pw-collapse">
      <g
        className="pw-collapse-button"
        role="button"
        tabIndex={0}
        aria-label={
          collapsed === null
            ? `Collapse subtree: ${LEVEL_TABLE_NAMES[table.node.level]} ${formatPhysAddr(table.node.addr)}`
            : `Expand subtree: ${LEVEL_TABLE_NAMES[table.node.level]} ${formatPhysAddr(table.node.addr)} (${hiddenText(collapsed)})`
        }
        aria-expanded={collapsed === null}
        data-box={`${x},${bottom - SIZE / 2},${SIZE},${SIZE}`}
        transform={`translate(${x},${bottom - SIZE / 2})`}
        onClick={(e) => {
          // The table under it would open too.
          e.stopPropagation();
          toggle();
        }}
        onKeyDown={activateOnKey(toggle)}
      >
        <title>
          {collapsed === null ? "Collapse: hide the tables and leaves under this table" : "Expand"}
        </title>
        {/* A finger's target around the square, drawn only for a coarse pointer (PageTableGraph.css). */}
        <circle className="pw-hit" cx={SIZE / 2} cy={SIZE / 2} r={SIZE / 2 + 8} />
        <rect width={SIZE} height={SIZE} rx={5} />
        <text x={SIZE / 2} y={SIZE / 2 + 5} textAnchor="middle" fontSize={15} fontWeight={700}>
          {collapsed === null ? "−" : "+"}
        </text>
      </g>
      {collapsed !== null && (
        <text
          x={table.x + table.width / 2}
          y={bottom + 24}
          textAnchor="middle"
          className="pw-collapsed-count"
        >
          ▸ {hiddenText(collapsed)}
        </text>
      )}
    </g>
  );
});
