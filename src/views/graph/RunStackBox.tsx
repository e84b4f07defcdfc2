import { memo } from "react";
import { PAGE_4K, formatVirtAddr } from "../../core/arch";
import { entryColorVar, pageSizeColor } from "../entryColors";
import { activateOnKey } from "./activateOnKey";
import { RUN_PADDING, RUN_ROW, type LaidOutRunStack } from "./layout";
import type { LeafRun } from "../../core/inspect";

interface RunStackBoxProps {
  readonly stack: LaidOutRunStack;
  /** The walk's entry index in this table, when the walk ends in one of these runs. */
  readonly highlightIndex: number | null;
  /** Walks a VA (a click on a run walks its first page). */
  readonly onWalkVa?: ((va: bigint) => void) | undefined;
}

/** The outline of the row the current walk ends in. */
function RowHighlight({ left, width, top }: { left: number; width: number; top: number }) {
  return (
    <rect
      x={left + 1}
      y={top}
      width={width - 2}
      height={RUN_ROW}
      fill="none"
      stroke={entryColorVar("highlight")}
      strokeWidth={2.5}
      rx={3}
    />
  );
}

const contains = (run: LeafRun, index: number | null): boolean =>
  index !== null && index >= run.firstIndex && index <= run.lastIndex;

/**
 * One row of the stack; a button that walks the run's first page when its VA is known. Its
 * `data-box` (absolute) lets the graph pan a focused row into view. Memoised: a run split by a bit
 * toggle re-renders the rows that changed, not every row of every stack made again.
 */
const RunRow = memo(function RunRow({
  left,
  top,
  width,
  pageSize,
  label,
  title,
  va,
  hit,
  more,
  onWalkVa,
}: {
  left: number;
  top: number;
  width: number;
  pageSize: number;
  label: string;
  title: string;
  va: bigint | null;
  hit: boolean;
  more: boolean;
  onWalkVa?: ((va: bigint) => void) | undefined;
}) {
  const walk = va === null || onWalkVa === undefined ? null : () => onWalkVa(va);
  const button =
    walk === null
      ? {}
      : {
          role: "button",
          tabIndex: 0,
          "aria-label": `${label}: walk VA ${formatVirtAddr(va as bigint)}`,
          "data-box": `${left},${top},${width},${RUN_ROW}`,
          onClick: walk,
          onKeyDown: activateOnKey(walk),
        };
  return (
    <g className={walk === null ? "pw-run" : "pw-run pw-run-button"} {...button}>
      <title>{walk === null ? title : `${title}\nClick to walk its first page.`}</title>
      <rect className="pw-run-hover" x={left + 1} y={top} width={width - 2} height={RUN_ROW} rx={3} />
      {hit && <RowHighlight left={left} width={width} top={top} />}
      {!more && (
        <rect
          x={left + 5}
          y={top + 5}
          width={5}
          height={RUN_ROW - 10}
          rx={1.5}
          fill={pageSizeColor(pageSize)}
        />
      )}
      <text
        x={left + 15}
        y={top + RUN_ROW - 6}
        className={more ? "pw-run-label pw-run-more pw-detail" : "pw-run-label pw-detail"}
      >
        {label}
      </text>
    </g>
  );
});

/** Folded leaves of one table: one row per run ("PT[0–511] → 512 × 4 KiB, RW, NX"), the rest summarised. */
export const RunStackBox = memo(function RunStackBox({ stack, highlightIndex, onWalkVa }: RunStackBoxProps) {
  const { width, height } = stack;
  const rowTop = (k: number): number => stack.y - height / 2 + RUN_PADDING + k * RUN_ROW;
  // Drawn in the graph's coordinates, with no transform of its own: a transformed group is a node of
  // Chromium's paint property tree, and when its content grew or shrank (a bit toggle splitting a run
  // adds a row) Chromium laid out the page's compositing layers again (~1 ms of every such toggle).
  return (
    <g className="pw-runs">
      <rect
        x={stack.x}
        y={stack.y - height / 2}
        width={width}
        height={height}
        rx={4}
        className="pw-runs-box"
      />
      {stack.shown.map((run, k) => (
        <RunRow
          key={run.firstIndex}
          left={stack.x}
          top={rowTop(k)}
          width={width}
          pageSize={run.pageSize}
          label={stack.labels[k] as string}
          title={`${stack.labels[k] as string}\n${stack.mappings[k] as string}`}
          va={stack.firstVas[k] ?? null}
          hit={contains(run, highlightIndex)}
          more={false}
          onWalkVa={onWalkVa}
        />
      ))}
      {stack.hidden.length > 0 && (
        <RunRow
          left={stack.x}
          top={rowTop(stack.shown.length)}
          width={width}
          pageSize={PAGE_4K}
          label={stack.hiddenLabel}
          title={stack.hiddenLabel}
          va={stack.hiddenFirstVa}
          hit={stack.hidden.some((r) => contains(r, highlightIndex))}
          more
          onWalkVa={onWalkVa}
        />
      )}
    </g>
  );
});
