import { memo } from "react";
import { formatPhysAddr } from "../../core/arch";
import type { LeafRun } from "../../core/inspect";
import { entryColorVar, pageSizeColor } from "../entryColors";
import { RUN_PADDING, RUN_ROW, type LaidOutRunStack } from "./layout";

interface RunStackBoxProps {
  readonly stack: LaidOutRunStack;
  /** The walk's entry index in this table, when the walk ends in one of these runs. */
  readonly highlightIndex: number | null;
}

function runDetails(run: LeafRun): string {
  const end = run.firstPa + (run.contiguous ? run.count : 1) * run.pageSize - 1;
  return run.contiguous
    ? `maps ${formatPhysAddr(run.firstPa)}–${formatPhysAddr(end)}`
    : `every entry maps ${formatPhysAddr(run.firstPa)}`;
}

/** The outline of the row the current walk ends in. */
function RowHighlight({ width }: { width: number }) {
  return (
    <rect
      x={1}
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

/** Folded leaves of one table: one row per run ("PT[0–511] → 512 × 4 KiB, RW, NX"), the rest summarised. */
export const RunStackBox = memo(function RunStackBox({ stack, highlightIndex }: RunStackBoxProps) {
  const { width, height } = stack;
  const hiddenHit = stack.hidden.some((r) => contains(r, highlightIndex));
  const rows = stack.shown.map((run, k) => ({
    run,
    label: stack.labels[k] as string,
    hit: contains(run, highlightIndex),
  }));
  return (
    <g className="pw-runs" transform={`translate(${stack.x},${stack.y - height / 2})`}>
      <rect width={width} height={height} rx={4} className="pw-runs-box" />
      {rows.map(({ run, label, hit }, k) => (
        <g key={run.firstIndex} transform={`translate(0,${RUN_PADDING + k * RUN_ROW})`}>
          <title>{`${label}\n${runDetails(run)}`}</title>
          {hit && <RowHighlight width={width} />}
          <rect x={5} y={4} width={5} height={RUN_ROW - 8} rx={1.5} fill={pageSizeColor(run.pageSize)} />
          <text x={15} y={RUN_ROW - 5} className="pw-run-label pw-detail">
            {label}
          </text>
        </g>
      ))}
      {stack.hidden.length > 0 && (
        <g transform={`translate(0,${RUN_PADDING + rows.length * RUN_ROW})`}>
          <title>{stack.hiddenLabel}</title>
          {hiddenHit && <RowHighlight width={width} />}
          <text x={15} y={RUN_ROW - 5} className="pw-run-label pw-run-more pw-detail">
            {stack.hiddenLabel}
          </text>
        </g>
      )}
    </g>
  );
});
