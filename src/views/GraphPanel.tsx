import { useCallback, useRef, useState } from "react";
import { formatVirtAddr, type Level, type PagingLevels, type PhysAddr } from "../core/arch";
import { selectPagingMode, selectTableGraph, selectWalk, selectWalkPathTables } from "../store/selectors";
import { actions, appStore, usePagewalk } from "../store/usePagewalk";
import { PageTableGraph } from "./graph/PageTableGraph";
import { useFrameNames } from "./names/useNames";
import { formatCount } from "../core/common";
import { selectFaultMark } from "./faultMark";
import { selectStepMarks, type StepMarks } from "./stepper/stepMarks";
import { FindVaForm } from "./graph/FindVaForm";
import { GraphResizeHandle } from "./graph/GraphResizeHandle";
import { rememberGraphHeight, storedGraphHeight } from "./graph/graphHeightMemory";
import { useFullScreen } from "./graph/useFullScreen";
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
 * faulted, which is marked. Clicking a table opens it; clicking a leaf run walks its first page.
 * The panel can be made taller, or full screen, and finds the path of any VA.
 * The panel's own parts subscribe to nothing an edit changes: an edit renders only the graph (and
 * the head's counts, when they change).
 */
export function GraphPanel({ sizedByLayout = false }: { readonly sizedByLayout?: boolean }) {
  const levels = usePagewalk((s) => selectPagingMode(s).levels);
  // The height last chosen in this browser, else one from the window's (graphHeightMemory.ts).
  const [height, setHeight] = useState(storedGraphHeight);
  const onHeight = useCallback((h: number) => {
    setHeight(h);
    rememberGraphHeight(h);
  }, []);
  // In the embed and while presenting, the layout sizes the graph to its frame or window
  // (present.css): no height of its own, no resize handle.
  const presenting = usePagewalk((s) => s.presenting);
  const ownHeight = !sizedByLayout && !presenting;
  const [showWalkSignal, setShowWalkSignal] = useState(0);
  // Entering or leaving presentation mode resizes the graph: it shows the walk again, fitted to
  // its new size (adjusted during render, like the graph's own state: no effect cascade).
  const [presentingSeen, setPresentingSeen] = useState(presenting);
  if (presentingSeen !== presenting) {
    setPresentingSeen(presenting);
    setShowWalkSignal((n) => n + 1);
  }
  const sectionRef = useRef<HTMLElement>(null);
  const fullScreen = useFullScreen(sectionRef);
  const onFound = useCallback((text: string) => {
    actions.setVaText(text);
    setShowWalkSignal((n) => n + 1);
  }, []);
  return (
    <section
      ref={sectionRef}
      className={`panel graph-panel${fullScreen.on ? " graph-fullscreen" : ""}${ownHeight ? "" : " sized-by-layout"}`}
      aria-labelledby="graph-h"
    >
      <div className="panel-head graph-head">
        <h2 id="graph-h">Page-table graph</h2>
        <GraphCounts />
        <PanelCollapseButton panel="Page-table graph" />
      </div>
      <div className="graph-tools">
        <FindVaForm levels={levels} onFound={onFound} />
        <button
          type="button"
          className="graph-fullscreen-button"
          aria-pressed={fullScreen.on}
          title={fullScreen.on ? "Leave full screen (Esc)" : "Show the graph on the whole screen"}
          onClick={fullScreen.toggle}
        >
          Full screen
        </button>
      </div>
      <div className="graph-body" style={fullScreen.on || !ownHeight ? undefined : { height }}>
        <MachineGraph levels={levels} showWalkSignal={showWalkSignal} />
      </div>
      {!fullScreen.on && ownHeight && <GraphResizeHandle height={height} onHeight={onHeight} />}
    </section>
  );
}

/** The head's counts of tables and leaves (one string: an edit that keeps both renders nothing). */
function GraphCounts() {
  const counts = usePagewalk((s) => {
    const graph = selectTableGraph(s);
    return `${graph.nodes.length} tables · ${formatCount(graph.leafCount)} leaves`;
  });
  return (
    <span className="graph-counts muted small-text">
      {counts} · <span className="pointer-hint">drag to pan, wheel to zoom</span>
      <span className="touch-hint">two fingers pan and pinch to zoom (one in full screen)</span>
    </span>
  );
}

/** The graph of the machine's tables with the walk, the stepper's marks, the fault and the selection. */
function MachineGraph({ levels, showWalkSignal }: { levels: PagingLevels; showWalkSignal: number }) {
  const frameNames = useFrameNames();
  const graph = usePagewalk(selectTableGraph);
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
  const onWalkVa = useCallback((va: bigint) => actions.setVaText(formatVirtAddr(va, true)), []);
  return (
    <PageTableGraph
      graph={graph}
      levels={levels}
      highlightPath={marks ? marks.tables : path.tables}
      highlightIndices={marks ? marks.indices : path.indices}
      walkPath={path}
      showWalkSignal={showWalkSignal}
      step={marks ? { current: currentOf(marks) } : null}
      fault={fault === null ? null : { table: fault.tableAddr, label: fault.label }}
      selectedTable={selected}
      onSelectTable={onSelectTable}
      onWalkVa={onWalkVa}
      frameNames={frameNames}
    />
  );
}
