import { useCallback } from "react";
import type { Level, PhysAddr } from "../core/arch";
import { selectPagingMode, selectTableGraph, selectWalk, selectWalkPathTables } from "../store/selectors";
import { actions, appStore, usePagewalk } from "../store/usePagewalk";
import { PageTableGraph } from "./graph/PageTableGraph";
import { formatCount } from "../core/common";
import { selectFaultMark } from "./faultMark";
import { selectStepMarks, type StepMarks } from "./stepper/stepMarks";
import { PanelCollapseButton } from "./layout/PanelCollapseButton";

/** The table and entry of the stepper's current step, as the graph marks it. */
function currentOf(marks: StepMarks): { table: PhysAddr; index: number } | null {
  if (marks.current === null) return null;
  const table = marks.tables[marks.current];
  const index = marks.indices[marks.current];
  return table === undefined || index === undefined ? null : { table, index };
}

/**
 * The page-table graph of the machine, with the current walk highlighted up to the table whose entry
 * faulted, which is marked. Clicking a table opens it.
 */
export function GraphPanel() {
  const graph = usePagewalk(selectTableGraph);
  const levels = usePagewalk((s) => selectPagingMode(s).levels);
  const path = usePagewalk(selectWalkPathTables);
  const marks = usePagewalk(selectStepMarks);
  const selected = usePagewalk((s) => s.selection.table?.addr ?? null);
  const fault = usePagewalk(selectFaultMark);
  const onSelectTable = useCallback((addr: PhysAddr, level: Level) => {
    // Opening a table the walk passes through also selects the walk's entry in it.
    const step = selectWalk(appStore.getState()).steps.find((s) => s.tableAddr === addr && s.level === level);
    if (step) actions.selectEntryOf({ addr, level }, step.index);
    else actions.selectTable({ addr, level });
  }, []);
  return (
    <section className="panel graph-panel" aria-labelledby="graph-h">
      <div className="panel-head">
        <h2 id="graph-h">Page-table graph</h2>
        <span className="muted small-text">
          {graph.nodes.length} tables · {formatCount(graph.leafCount)} leaves · drag to pan, wheel to zoom
        </span>
        <PanelCollapseButton panel="Page-table graph" />
      </div>
      <div className="graph-body">
        <PageTableGraph
          graph={graph}
          levels={levels}
          highlightPath={marks ? marks.tables : path.tables}
          highlightIndices={marks ? marks.indices : path.indices}
          step={marks ? { current: currentOf(marks) } : null}
          fault={fault === null ? null : { table: fault.tableAddr, label: fault.label }}
          selectedTable={selected}
          onSelectTable={onSelectTable}
        />
      </div>
    </section>
  );
}
