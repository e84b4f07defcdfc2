import { Fragment, useCallback, useEffect, useId, useMemo, useRef, useState, type FocusEvent } from "react";
import { LEVEL_TABLE_NAMES, type Level, type PagingLevels, type PhysAddr } from "../../core/arch";
import type { TableGraph } from "../../core/inspect";
import { EmptyTablesBox } from "./EmptyTablesBox";
import { GraphLink } from "./GraphLink";
import { GraphTableNode, OutsideMarker } from "./GraphTableNode";
import {
  RUN_PADDING,
  RUN_ROW,
  intersects,
  layoutGraph,
  linkBounds,
  relayoutRuns,
  stackHolds,
  topLeftOf,
  type Box,
  type GraphLayout,
  type LaidOutLink,
} from "./layout";
import { CollapseToggle } from "./CollapseToggle";
import { READABLE_ZOOM, createPanZoom, type Bounds, type PanZoomInstance, type Viewport } from "./panZoom";
import { RunStackBox } from "./RunStackBox";
import { sameDrawnRuns, sameDrawnTables, stabilizeLayout } from "./stableLayout";
import "./PageTableGraph.css";
import { formatCount } from "../../core/common";

export interface PageTableGraphProps {
  /** From `buildTableGraph`; the layout is recomputed only when what it draws changes (`sameDrawnGraph`). */
  readonly graph: TableGraph;
  readonly levels: PagingLevels;
  /** Tables of the current walk, top first (CR3's table first). */
  readonly highlightPath?: readonly PhysAddr[];
  /** The walk's entry index in each table of `highlightPath` (same order). */
  readonly highlightIndices?: readonly number[];
  /**
   * While stepping through the walk: `highlightPath` holds the tables read up to the current step,
   * `current` the table and entry of the current step (null when the step reads none). The current
   * table is marked as such, the others on the path as done; tables after it are not marked.
   */
  readonly step?: { readonly current: { readonly table: PhysAddr; readonly index: number } | null } | null;
  /** The table whose entry made the walk fault, and the mark's text ("fault: U/S = 0"). */
  readonly fault?: { readonly table: PhysAddr; readonly label: string } | null;
  readonly selectedTable?: PhysAddr | null;
  readonly onSelectTable?: (addr: PhysAddr, level: Level) => void;
  /** Walks a VA: a click on a leaf run walks its first page. */
  readonly onWalkVa?: (va: bigint) => void;
  /**
   * The whole walk (not only the steps read so far): what the first view and "Show walk" fit, at a
   * readable scale.
   */
  readonly walkPath?: { readonly tables: readonly PhysAddr[]; readonly indices: readonly number[] };
  /** Changes (a counter) when the graph must show the walk again, e.g. after "Find VA". */
  readonly showWalkSignal?: number;
  /** Accessible name of the whole graph. */
  readonly label?: string;
  /** The scenario's names of frames: a named table shows its name. */
  readonly frameNames?: ReadonlyMap<number, string>;
}

/**
 * Above this many boxes, only those near the visible area are rendered (recomputed when a gesture
 * ends). The Linux tables lay out as 59 boxes, most of them far off screen: drawn, every edit that
 * changes the graph repainted them all (a third of a bit toggle's paint and layerize time).
 */
const CULL_ABOVE = 40;
/** Zoom below which labels are hidden ("far") or only table titles shown ("mid"). */
const LOD_FAR = 0.3;
/** Zoom below which the focus ring needs to be thicker still to show ("tiny": otherwise as "far"). */
const LOD_TINY = 0.1;
const LOD_MID = 0.55;
const NO_PATH = { tables: [], indices: [] } as const;
const NONE_COLLAPSED: ReadonlySet<number> = new Set();

/** The walk the layout straightens, taken at a fit (its first view, Show walk, Find VA). */
interface Focus {
  readonly key: string;
  readonly tables: readonly PhysAddr[];
  /** The entry of the last table the walk ends at (a leaf, or where it faulted), or null. */
  readonly lastEntry: number | null;
}

/** Whether box `outer` contains box `inner`. */
const covers = (outer: Box, inner: Box): boolean =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

function lodOf(k: number): "tiny" | "far" | "mid" | "near" {
  return k < LOD_TINY ? "tiny" : k < LOD_FAR ? "far" : k < LOD_MID ? "mid" : "near";
}

const NO_NAMES: ReadonlyMap<number, string> = new Map();

const boxBounds = (b: Box): Box => b;
const NOTHING_ON_SCREEN: readonly never[] = [];

/**
 * The items of `list` drawn for the area `view` (all of them when null, none when `hideAll`): kept
 * as long as the list and the area are, and the list itself when nothing is culled.
 */
function useOnScreen<T>(
  list: readonly T[],
  hideAll: boolean,
  view: Box | null,
  bounds: (item: T) => Box,
): readonly T[] {
  return useMemo(
    () =>
      hideAll
        ? NOTHING_ON_SCREEN
        : view === null
          ? list
          : list.filter((item) => intersects(bounds(item), view)),
    [list, hideAll, view, bounds],
  );
}

/**
 * Every table reachable from CR3 as a top-down graph: shared tables once with several incoming
 * edges, recursive entries as arcs back up, leaves folded into run boxes, the current walk highlighted.
 * d3 lays it out once per graph; d3-zoom moves the drawing as one layer (a CSS transform: no React
 * render, no layout on wheel or drag).
 */
export function PageTableGraph({
  graph,
  levels,
  highlightPath = [],
  highlightIndices = [],
  step = null,
  fault = null,
  selectedTable = null,
  onSelectTable,
  onWalkVa,
  walkPath = NO_PATH,
  showWalkSignal = 0,
  label = "Page-table graph",
  frameNames = NO_NAMES,
}: PageTableGraphProps) {
  // Tables whose subtree the user collapsed, kept across edits of one address space (another root
  // or paging mode starts with everything expanded).
  const space = `${graph.root}:${graph.levels}`;
  const [collapsedIn, setCollapsedIn] = useState<{ space: string; tables: ReadonlySet<number> }>({
    space,
    tables: NONE_COLLAPSED,
  });
  const collapsed = collapsedIn.space === space ? collapsedIn.tables : NONE_COLLAPSED;
  const setCollapsed = useCallback(
    (update: (prev: ReadonlySet<number>) => ReadonlySet<number>) =>
      setCollapsedIn((prev) => {
        const tables = update(prev.space === space ? prev.tables : NONE_COLLAPSED);
        return prev.space === space && prev.tables === tables ? prev : { space, tables };
      }),
    [space],
  );
  // Each RAM edit rebuilds the graph; reusing the unchanged boxes of the previous layout keeps the
  // edit's render small ("storing information from previous renders", React docs).
  // Each fit of the walk (the first view of an address space, "Show walk", Find VA) lays the graph
  // out with that walk's path straightened; changing the VA alone does not move the boxes.
  const [fitRequest, setFitRequest] = useState(0);
  const focusKey = `${graph.root}:${graph.levels}:${fitRequest}`;
  // The path's tables and the entry its walk ends at in the last one (the run stack holding it is
  // the path's end).
  const focusOf = (key: string): Focus => ({
    key,
    tables: walkPath.tables,
    lastEntry: walkPath.indices[walkPath.tables.length - 1] ?? null,
  });
  const [focusIn, setFocusIn] = useState(() => focusOf(focusKey));
  let focus = focusIn;
  if (focusIn.key !== focusKey) {
    focus = focusOf(focusKey);
    setFocusIn(focus);
  }
  const layoutOf = (g: TableGraph, c: ReadonlySet<number>, f: Focus): GraphLayout =>
    layoutGraph(g, c, f.tables, f.lastEntry);
  const [laidOut, setLaidOut] = useState<{
    graph: TableGraph;
    collapsed: ReadonlySet<number>;
    focus: Focus;
    layout: GraphLayout;
  }>(() => ({ graph, collapsed, focus, layout: layoutOf(graph, collapsed, focus) }));
  let layout = laidOut.layout;
  const sameInputs = laidOut.collapsed === collapsed && laidOut.focus === focus;
  const sameTables = sameDrawnTables(laidOut.graph, graph);
  if (!sameInputs || !sameTables || !sameDrawnRuns(laidOut.graph, graph)) {
    // Only leaf runs changed (a bit toggle in a leaf): the stacks that changed are made again in place.
    const patched = sameInputs && sameTables ? relayoutRuns(laidOut.layout, graph, collapsed) : null;
    layout = patched ?? stabilizeLayout(laidOut.layout, layoutOf(graph, collapsed, focus));
    setLaidOut({ graph, collapsed, focus, layout });
  }
  // The table whose toggle was pressed stays where it is on screen while the layout around it changes.
  const layoutRef = useRef(layout);
  const anchorRef = useRef<{ addr: number; x: number; y: number } | null>(null);
  const onToggleCollapse = useCallback(
    (addr: PhysAddr) => {
      const box = layoutRef.current.tableByAddr.get(addr);
      anchorRef.current = box ? { addr, x: box.x, y: box.y } : null;
      setCollapsed((prev) => {
        const next = new Set(prev);
        if (!next.delete(addr)) next.add(addr);
        return next;
      });
    },
    [setCollapsed],
  );
  // "Zoomed to 40 %: text too small to read": said after Fit, until the view is readable again.
  const [unreadable, setUnreadableState] = useState<string | null>(null);
  // Mirrored for the pan-zoom callbacks, so that the end of every pan does not schedule a render
  // just to clear a note that is not there.
  const unreadableNow = useRef<string | null>(null);
  const setUnreadable = useCallback((note: string | null): void => {
    if (unreadableNow.current === note) return;
    unreadableNow.current = note;
    setUnreadableState(note);
  }, []);
  const arrowId = `pw-arrow-${useId().replace(/:/g, "")}`;
  const viewportRef = useRef<HTMLDivElement>(null);
  const layerRef = useRef<SVGSVGElement>(null);
  const panZoomRef = useRef<PanZoomInstance | null>(null);
  const [visible, setVisible] = useState<Box | null>(null);
  // The area `visible` was last set to (read by the pan-zoom callbacks, outside React's render).
  const renderedArea = useRef<Box | null>(null);
  const boxCount =
    layout.tables.length + layout.stacks.length + layout.outside.length + layout.empties.length;
  const cull = boxCount > CULL_ABOVE;

  useEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport) return;
    const instance = createPanZoom(viewport, {
      minZoom: 0.02,
      maxZoom: 4,
      // On a touch screen one finger scrolls the page, which the graph fills across on a phone (a
      // swipe that met it stopped the page and pushed the drawing out of view); in full screen,
      // with no page to scroll, one finger pans.
      oneFingerPans: () => viewport.closest(".graph-fullscreen") !== null,
      contentBounds: () => layoutRef.current.bounds,
      onTransform: (v: Viewport) => {
        // A CSS transform of the whole <svg>, not an SVG transform of a group inside it: Chromium
        // lays out every SVG text again when an SVG ancestor's scale changes (its on-screen font
        // size), which at a readable zoom on the Linux tables cost a frame's budget per wheel step.
        // A CSS transform on the <svg> box is a paint property: nothing is laid out again.
        const layer = layerRef.current;
        if (layer) layer.style.transform = `translate(${v.x}px,${v.y}px) scale(${v.k})`;
        const lod = lodOf(v.k);
        if (viewport.dataset["lod"] !== lod) viewport.dataset["lod"] = lod;
      },
      onTransformEnd: (v: Viewport, width: number, height: number) => {
        if (v.k >= READABLE_ZOOM - 1e-9) setUnreadable(null);
        const w = width / v.k;
        const h = height / v.k;
        const onScreen = { x: -v.x / v.k, y: -v.y / v.k, width: w, height: h };
        // Half a screen of margin on each side keeps short pans from showing empty space; a view
        // still inside the boxes rendered for the last one renders nothing again (a step's pan).
        const last = renderedArea.current;
        if (last !== null && covers(last, onScreen)) return;
        renderedArea.current = { x: onScreen.x - w / 2, y: onScreen.y - h / 2, width: 2 * w, height: 2 * h };
        setVisible(renderedArea.current);
      },
    });
    panZoomRef.current = instance;
    return () => {
      instance.destroy();
      panZoomRef.current = null;
    };
  }, [setUnreadable]);

  useEffect(() => {
    const anchor = anchorRef.current;
    const moved = anchor === null ? undefined : layout.tableByAddr.get(anchor.addr);
    const pz = panZoomRef.current;
    if (anchor !== null && moved && pz) {
      const v = pz.getViewport();
      pz.setViewport({ x: v.x - (moved.x - anchor.x) * v.k, y: v.y - (moved.y - anchor.y) * v.k, k: v.k });
    }
    anchorRef.current = null;
    layoutRef.current = layout;
  }, [layout]);

  // The boxes of the walk's path (and the run stack it ends in), top first, for fitting the view.
  const pathBoxes = (): Bounds[] => {
    const boxes: Bounds[] = [];
    for (const addr of walkPath.tables) {
      const box = layout.tableByAddr.get(addr);
      if (box) boxes.push(topLeftOf(box));
    }
    const last = walkPath.tables.length - 1;
    const leafIndex = walkPath.indices[last];
    const stack = layout.stacks.find(
      (s) => s.table === walkPath.tables[last] && leafIndex !== undefined && stackHolds(s, leafIndex),
    );
    if (stack && leafIndex !== undefined) {
      // Only the row the walk ends in: a stack of six runs would not fit a phone beside the tables.
      const shownRow = stack.shown.findIndex((r) => leafIndex >= r.firstIndex && leafIndex <= r.lastIndex);
      const row = shownRow >= 0 ? shownRow : stack.shown.length;
      const stackTop = stack.y - stack.height / 2;
      boxes.push({
        x: stack.x,
        y: stackTop + RUN_PADDING + row * RUN_ROW,
        width: stack.width,
        height: RUN_ROW,
      });
    }
    return boxes;
  };
  const showWalkOrRoot = (): void => {
    const boxes = pathBoxes();
    if (boxes.length > 0) panZoomRef.current?.fitPath(boxes);
    else {
      // No walk to show (Predict hides it, or CR3 is empty): the root at a readable scale.
      const root = layout.tableByAddr.get(graph.root);
      panZoomRef.current?.fitBounds(layout.bounds, {
        minZoom: READABLE_ZOOM,
        ...(root ? { focusY: root.y } : {}),
      });
    }
  };

  // "Show walk" (and Find VA): expand whatever hides the path, then fit it once the layout has it.
  const showWalk = useCallback((): void => {
    setCollapsed((prev) => {
      if (prev.size === 0) return prev;
      const next = new Set(prev);
      for (const addr of walkPath.tables)
        for (let a: number | null = addr; a !== null; a = graph.nodeByAddr.get(a)?.parent ?? null)
          next.delete(a);
      return next.size === prev.size ? prev : next;
    });
    setFitRequest((n) => n + 1);
  }, [walkPath, graph, setCollapsed]);
  // Asked from outside (Find VA): handled during render, like the layout above (no effect cascade).
  const [seenSignal, setSeenSignal] = useState(showWalkSignal);
  if (seenSignal !== showWalkSignal) {
    setSeenSignal(showWalkSignal);
    showWalk();
  }

  // First view of an address space (and each request): the walk's path at a readable scale.
  const fitKey = `${graph.root}:${graph.levels}:${layout.tables.length === 0}:${fitRequest}`;
  useEffect(() => {
    showWalkOrRoot();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refit only for a new root or a request, not for every layout
  }, [fitKey]);

  const fitAll = (): void => {
    const v = panZoomRef.current?.fitBounds(layout.bounds);
    if (v && v.k < READABLE_ZOOM)
      setUnreadable(`Zoomed to ${Math.round(v.k * 100)} %: text too small to read — use Show walk`);
  };

  // Keyboard focus on a box (a table, a run, a toggle) pans it into view; a mouse click does not
  // (the box would move under the pointer between press and release).
  const onFocus = (event: FocusEvent<SVGGElement>): void => {
    const el = (event.target as Element).closest("[data-box]");
    if (!el?.matches(":focus-visible")) return;
    const [x, y, width, height] = (el.getAttribute("data-box") ?? "").split(",").map(Number);
    if ([x, y, width, height].every((n) => n !== undefined && Number.isFinite(n)))
      panZoomRef.current?.panIntoView({
        x: x as number,
        y: y as number,
        width: width as number,
        height: height as number,
      });
  };

  // While stepping, the current step's table is kept on screen: the view pans to it (no new layout).
  const currentTable = step?.current?.table ?? null;
  useEffect(() => {
    if (currentTable === null) return;
    const box = layout.tableByAddr.get(currentTable);
    if (box)
      panZoomRef.current?.panIntoView({
        x: box.x,
        y: box.y - box.height / 2,
        width: box.width,
        height: box.height,
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- pan when the step moves to another table, not on every edit
  }, [currentTable]);

  // Every RAM edit walks again and hands over new arrays; key on their contents, so an edit that
  // keeps the walk's path keeps the highlight (and everything memoised on it).
  const current = step?.current ?? null;
  const highlightKey = `${highlightPath.join(",")}|${highlightIndices.join(",")}|${step === null ? "" : `${current?.table ?? ""}[${current?.index ?? ""}]`}`;
  const highlight = useMemo(() => {
    const tables = new Set<number>(highlightPath);
    // The entry the current step reads: the edge out of its table that holds that index.
    const currentEdge = (l: LaidOutLink): boolean =>
      current !== null &&
      l.from === current.table &&
      current.index >= l.firstIndex &&
      current.index <= l.lastIndex;
    const edgeHit = (l: LaidOutLink): boolean => {
      for (let k = 0; k < highlightPath.length; k++) {
        if (highlightPath[k] !== l.from) continue;
        const index = highlightIndices[k];
        if (index === undefined || index < l.firstIndex || index > l.lastIndex) continue;
        if (l.kind === "runs") {
          if (k === highlightPath.length - 1) return true;
        } else {
          const next = highlightPath[k + 1];
          if (next !== undefined && (l.to === next || l.targets?.includes(next))) return true;
        }
      }
      return false;
    };
    const last = highlightPath.length - 1;
    const stepStateOf = (addr: number): "current" | "done" | undefined =>
      step === null || !tables.has(addr) ? undefined : addr === current?.table ? "current" : "done";
    return {
      tables,
      edgeHit,
      currentEdge,
      stepStateOf,
      leafTable: last >= 0 ? highlightPath[last] : undefined,
      leafIndex: highlightIndices[last] ?? null,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- highlightKey stands for both arrays' contents
  }, [highlightKey]);

  // Only a culled graph depends on what is on screen: a pan of a small one re-renders nothing.
  // Each list is culled and drawn on its own, so that an edit that patched one of them (a bit toggle
  // makes one run stack again, `relayoutRuns`) filters and draws only that one again.
  const view = cull ? visible : null;
  const hideAll = cull && view === null; // culled, and nothing on screen measured yet
  const tables = useOnScreen(layout.tables, hideAll, view, boxBounds);
  const stacks = useOnScreen(layout.stacks, hideAll, view, boxBounds);
  const outside = useOnScreen(layout.outside, hideAll, view, boxBounds);
  const empties = useOnScreen(layout.empties, hideAll, view, boxBounds);
  // Links are culled like the boxes: most of the Linux tables' links join two tables off screen, and
  // drawn, each edit that changes the graph repainted them too.
  const linksOnScreen = useOnScreen(layout.links, hideAll, view, linkBounds);
  const links = useMemo(() => {
    const normal: LaidOutLink[] = [];
    const hit: LaidOutLink[] = [];
    // The edge of the entry the current step reads (not named `current`: lint takes `.current` for a ref).
    const reading: LaidOutLink[] = [];
    for (const l of linksOnScreen)
      (highlight.currentEdge(l) ? reading : highlight.edgeHit(l) ? hit : normal).push(l);
    return { normal, hit, reading };
  }, [linksOnScreen, highlight]);

  const faultTable = fault?.table ?? null;
  const faultLabel = fault?.label ?? null;
  // The boxes and edges as memoised elements: an update that changes none of their inputs (an entry
  // edit elsewhere, a register) skips them instead of comparing ~800 memo'd boxes.
  const linkItems = useMemo(
    () => (
      <g className="pw-links">
        {links.normal.map((l) => (
          <GraphLink key={l.key} link={l} hit={false} arrow={arrowId} />
        ))}
        {links.hit.map((l) => (
          <GraphLink key={l.key} link={l} hit arrow={arrowId} />
        ))}
        {links.reading.map((l) => (
          <GraphLink key={l.key} link={l} hit current arrow={arrowId} />
        ))}
      </g>
    ),
    [links, arrowId],
  );
  const { leafTable, leafIndex } = highlight;
  const stackItems = useMemo(
    () =>
      stacks.map((s) => (
        <RunStackBox
          key={s.key}
          stack={s}
          highlightIndex={s.table === leafTable ? leafIndex : null}
          onWalkVa={onWalkVa}
        />
      )),
    [stacks, leafTable, leafIndex, onWalkVa],
  );
  const boxItems = useMemo(
    () => (
      <>
        {outside.map((o) => (
          <OutsideMarker key={o.key} x={o.x} y={o.y} width={o.width} height={o.height} label={o.label} />
        ))}
        {empties.map((f) => (
          <EmptyTablesBox
            key={f.key}
            folded={f}
            onPath={f.nodes.some((n) => highlight.tables.has(n.addr))}
            selected={selectedTable !== null && f.nodes.some((n) => n.addr === selectedTable)}
            onSelect={onSelectTable}
          />
        ))}
        {/* Each table with its collapse toggle (drawn over its corner) after it: Tab and a screen
            reader meet a table, then its toggle. */}
        {tables.map((t) => (
          <Fragment key={t.key}>
            <GraphTableNode
              table={t}
              selected={selectedTable === t.node.addr}
              onPath={highlight.tables.has(t.node.addr)}
              stepState={highlight.stepStateOf(t.node.addr)}
              fault={faultTable === t.node.addr ? faultLabel : null}
              onSelect={onSelectTable}
              name={frameNames.get(t.node.addr) ?? null}
            />
            {t.collapsible && <CollapseToggle table={t} onToggle={onToggleCollapse} />}
          </Fragment>
        ))}
      </>
    ),
    [
      tables,
      outside,
      empties,
      highlight,
      selectedTable,
      onSelectTable,
      onToggleCollapse,
      faultTable,
      faultLabel,
      frameNames,
    ],
  );

  const empty = layout.tables.length === 0;
  return (
    <div className="pw-graph">
      <div className="pw-graph-controls">
        <button type="button" title="Fit the current walk's path at a readable scale" onClick={showWalk}>
          Show walk
        </button>
        <button
          type="button"
          aria-label="Zoom in"
          title="Zoom in"
          onClick={() => panZoomRef.current?.zoomBy(1.4)}
        >
          +
        </button>
        <button
          type="button"
          aria-label="Zoom out"
          title="Zoom out"
          onClick={() => panZoomRef.current?.zoomBy(1 / 1.4)}
        >
          −
        </button>
        <button type="button" aria-label="Fit" title="Fit the whole graph" onClick={fitAll}>
          Fit
        </button>
      </div>
      <div
        ref={viewportRef}
        className="pw-graph-viewport"
        role="group"
        aria-label={`${label} (${levels}-level paging)`}
        data-lod="near"
      >
        <svg ref={layerRef} className="pw-graph-layer">
          <defs>
            <marker
              id={arrowId}
              viewBox="0 0 10 10"
              refX={9}
              refY={5}
              markerWidth={7}
              markerHeight={7}
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="currentColor" />
            </marker>
          </defs>
          <g className="pw-graph-content" onFocus={onFocus}>
            {linkItems}
            {/* Tables before their leaf runs, in the order Tab follows: top of the tree first. */}
            {boxItems}
            {stackItems}
          </g>
        </svg>
      </div>
      {empty && (
        <p className="pw-graph-empty">
          {graph.rootOutside
            ? `CR3 points beyond RAM: there is no ${LEVEL_TABLE_NAMES[levels]} to read.`
            : "No tables."}
        </p>
      )}
      {graph.truncated && (
        <p className="pw-graph-note" role="status">
          Showing the first {formatCount(graph.nodes.length)} tables; more are reachable.
        </p>
      )}
      {unreadable !== null && (
        <p className="pw-graph-note pw-graph-unreadable" role="status">
          {unreadable}
        </p>
      )}
    </div>
  );
}
