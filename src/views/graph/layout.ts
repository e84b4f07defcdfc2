/**
 * Where each table, run stack and dangling pointer of a `TableGraph` goes: a top-down tidy tree
 * (d3-hierarchy's Reingold–Tilford `tree()` for the horizontal order), one row per depth, computed
 * once per graph (and per set of collapsed tables). Pan and zoom only move a transform (DESIGN §3);
 * this module is pure numbers and strings (STYLE §5: d3 computes, React renders), so it is tested in
 * Node.
 *
 * Top-down, because a walk is a chain of four or five tables: stacked, it fits a narrow panel (a
 * phone, the middle column of a laptop) at a readable scale; side by side it never did.
 *
 * The layout tree is the graph's spanning tree (each table under the table that first reached it).
 * Shared and back edges are drawn on top of it as extra paths; leaf runs are stacked in a box in the
 * row under their table, at most `MAX_RUN_ROWS` rows, the rest summarised in one "+ N more" row.
 */
import { hierarchy, tree, type HierarchyPointNode } from "d3";
import { LEVEL_TABLE_NAMES, canonicalize, formatPhysAddr, type Level, type PhysAddr } from "../../core/arch";
import {
  formatEdgeRange,
  formatRunLabel,
  type EdgeKind,
  type LeafRun,
  type PointerEdge,
  type TableGraph,
  type TableNode,
} from "../../core/inspect";
import { formatCount } from "../../core/common";
import { labelRect, placeLabels, placementMayChange, type LabelRequest, type Rect } from "./labelPlacement";
import { formatVaRange, runMappingText, runVaRange, tableVaRanges, type VaRange } from "./vaRanges";

/** A table: its name (15 px), the VA range it covers and its counts (13 px) — 35 characters wide. */
export const TABLE_WIDTH = 310;
export const TABLE_HEIGHT = 60;
const RUN_WIDTH = 300;
export const RUN_ROW = 20;
export const RUN_PADDING = 4;
const OUTSIDE_WIDTH = 170;
const OUTSIDE_HEIGHT = 32;
const EMPTIES_HEIGHT = 48;
/** Vertical gap between rows (depths): the edge labels sit in it, above the box they point at. */
const ROW_GAP = 44;
/** Horizontal gap between siblings, and between boxes of different parents. */
const SIBLING_GAP = 16;
const COUSIN_GAP = 40;
/** Run rows shown per stack before "+ N more runs". */
export const MAX_RUN_ROWS = 6;
/** This many or more consecutive empty sibling tables are folded into one box. */
const FOLD_EMPTY_MIN = 3;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LaidOutTable extends Box {
  readonly kind: "table";
  readonly key: string;
  readonly node: TableNode;
  /** "PD at 0x4000" — the accessible name and the first line. */
  readonly title: string;
  /** "3 tables · 120 leaves" (third line). */
  readonly summary: string;
  /** "ffff8880_00000000–ffff8880_3fffffff": the VA range the table covers (second line). */
  readonly vaRange: string;
  /** Whether the table has anything under it to collapse. */
  readonly collapsible: boolean;
  /** When collapsed: what is hidden under it. */
  readonly collapsed: { readonly tables: number; readonly leaves: number } | null;
}

export interface LaidOutRunStack extends Box {
  readonly kind: "runs";
  readonly key: string;
  readonly table: PhysAddr;
  readonly level: Level;
  /** Runs with a row of their own. */
  readonly shown: readonly LeafRun[];
  readonly labels: readonly string[];
  /** "VA … → PA …" of each shown run (its hover text). */
  readonly mappings: readonly string[];
  /** The first VA each shown run maps (what a click walks), null when unknown. */
  readonly firstVas: readonly (bigint | null)[];
  /** The same for the folded "+ N more" row (its first run). */
  readonly hiddenFirstVa: bigint | null;
  /** Runs folded into the last row (not drawn one by one). */
  readonly hidden: readonly LeafRun[];
  readonly hiddenLabel: string;
  /** Entry range covered by the whole stack, for highlighting. */
  readonly firstIndex: number;
  readonly lastIndex: number;
}

export interface LaidOutOutside extends Box {
  readonly kind: "outside";
  readonly key: string;
  readonly edge: PointerEdge;
  readonly label: string;
}

/** Consecutive sibling tables with no present entry, folded into one box (Linux preallocates dozens). */
export interface LaidOutEmpties extends Box {
  readonly kind: "empties";
  readonly key: string;
  readonly nodes: readonly TableNode[];
  /** "64 empty PDPTs" */
  readonly title: string;
  /** "PML4[423–486]": the entries pointing at them. */
  readonly range: string;
}

export interface LaidOutLink {
  readonly key: string;
  readonly kind: EdgeKind | "runs";
  readonly from: PhysAddr;
  readonly to: PhysAddr | null;
  /** For a link into folded empty tables: every table behind it. */
  readonly targets?: readonly PhysAddr[];
  readonly fromLevel: Level;
  readonly firstIndex: number;
  readonly lastIndex: number;
  /** SVG path data. */
  readonly d: string;
  /** "PML4[510]", placed where the link enters its target, moved off any other label. */
  readonly label: string;
  readonly labelX: number;
  /** Baseline of the label. */
  readonly labelY: number;
  readonly labelAnchor: "start" | "middle" | "end";
}

export interface GraphLayout {
  readonly tables: readonly LaidOutTable[];
  readonly stacks: readonly LaidOutRunStack[];
  readonly outside: readonly LaidOutOutside[];
  readonly empties: readonly LaidOutEmpties[];
  readonly links: readonly LaidOutLink[];
  readonly tableByAddr: ReadonlyMap<number, LaidOutTable>;
  /** Bounding box of everything, in layout coordinates. */
  readonly bounds: Box;
}

type Item =
  | {
      kind: "table";
      node: TableNode;
      children: Item[];
      height: number;
      width: number;
      /** Had children before collapsing. */
      collapsible?: boolean;
      collapsed?: { tables: number; leaves: number };
    }
  | {
      kind: "runs";
      table: PhysAddr;
      level: Level;
      runs: LeafRun[];
      children: Item[];
      height: number;
      width: number;
    }
  | { kind: "outside"; edge: PointerEdge; children: Item[]; height: number; width: number }
  | {
      kind: "empties";
      nodes: TableNode[];
      fromLevel: Level;
      firstIndex: number;
      lastIndex: number;
      children: Item[];
      height: number;
      width: number;
    };

function runStackHeight(runCount: number): number {
  return Math.min(runCount, MAX_RUN_ROWS) * RUN_ROW + 2 * RUN_PADDING;
}

function pluralize(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;
}

function tableTitle(node: TableNode): string {
  return `${LEVEL_TABLE_NAMES[node.level]} at ${formatPhysAddr(node.addr)}`;
}

function tableSummary(node: TableNode): string {
  const parts: string[] = [];
  if (node.pointers) parts.push(pluralize(node.pointers, "pointer"));
  if (node.leaves) parts.push(pluralize(node.leaves, "leaf").replace("leafs", "leaves"));
  if (!node.expanded) parts.push("not read (limit)");
  if (parts.length === 0) parts.push(node.present ? "" : "empty");
  return parts.join(" · ");
}

/** Tables and leaves under an item (the item's own leaves included), for a collapsed table's count. */
function countBelow(item: Item): { tables: number; leaves: number } {
  let tables = 0;
  let leaves = 0;
  const visit = (it: Item): void => {
    for (const child of it.children) {
      if (child.kind === "table") tables++;
      else if (child.kind === "empties") tables += child.nodes.length;
      else if (child.kind === "runs") leaves += child.runs.reduce((n, r) => n + r.count, 0);
      visit(child);
    }
  };
  visit(item);
  return { tables, leaves };
}

/**
 * Children of every table in entry order: tables it reached first, run stacks, dangling pointers.
 * A collapsed table keeps none (its count says what is hidden).
 */
/** Whether a child table starts strictly between two entry indices (`starts` sorted). */
function childStartsBetween(starts: readonly number[], after: number, before: number): boolean {
  for (const s of starts) {
    if (s >= before) return false;
    if (s > after) return true;
  }
  return false;
}

/**
 * Each table's runs, in the graph's order. The graph lists each table's runs together (one table at a
 * level after another), so the map is looked up once a table, not once a run: dumps can hold
 * millions of runs.
 */
function runsByTable(runs: readonly LeafRun[]): Map<number, LeafRun[]> {
  const byTable = new Map<number, LeafRun[]>();
  let list: LeafRun[] | undefined;
  let listTable = -1;
  for (const run of runs) {
    if (run.table !== listTable) {
      listTable = run.table;
      list = byTable.get(listTable);
      if (list === undefined) byTable.set(listTable, (list = []));
    }
    (list as LeafRun[]).push(run);
  }
  return byTable;
}

/**
 * The entry index of each table's children other than runs, sorted: the tables it reached first (by
 * their tree edge) and its pointers beyond RAM. A stack of runs never spans one of them.
 */
function childStartsByTable(graph: TableGraph): Map<number, number[]> {
  const starts = new Map<number, number[]>();
  for (const edge of graph.edges) {
    if (edge.kind !== "tree" && edge.kind !== "outside") continue;
    const list = starts.get(edge.from);
    if (list === undefined) starts.set(edge.from, [edge.firstIndex]);
    else list.push(edge.firstIndex);
  }
  for (const list of starts.values()) list.sort((a, b) => a - b);
  return starts;
}

/** A table's runs as stacks: consecutive runs (same level) with no child between them share one. */
function runStacks(table: PhysAddr, runs: readonly LeafRun[], childStarts: readonly number[]): RunsItem[] {
  const stacks: RunsItem[] = [];
  let stack: LeafRun[] = [];
  const flush = (): void => {
    if (stack.length === 0) return;
    stacks.push({
      kind: "runs",
      table,
      level: (stack[0] as LeafRun).level,
      runs: stack,
      children: [],
      height: runStackHeight(stack.length),
      width: RUN_WIDTH,
    });
    stack = [];
  };
  for (const run of runs) {
    const prev = stack[stack.length - 1];
    const interrupted =
      prev !== undefined &&
      (prev.level !== run.level || childStartsBetween(childStarts, prev.lastIndex, run.firstIndex));
    if (interrupted) flush();
    stack.push(run);
  }
  flush();
  return stacks;
}

function buildItems(graph: TableGraph, collapsed: ReadonlySet<number>): Item | null {
  const root = graph.nodes[0];
  if (!root) return null;
  const items = new Map<number, Item & { kind: "table" }>();
  const order = new Map<Item, number>();
  for (const node of graph.nodes)
    items.set(node.addr, { kind: "table", node, children: [], height: TABLE_HEIGHT, width: TABLE_WIDTH });
  for (const node of graph.nodes) {
    if (node.parent === null) continue;
    const item = items.get(node.addr) as Item;
    const parent = items.get(node.parent);
    if (!parent) continue;
    parent.children.push(item);
  }
  // Entry order of child tables: the index of the tree edge that reached each.
  for (const edge of graph.edges) {
    if (edge.kind === "tree") {
      const child = items.get(edge.to);
      if (child && !order.has(child)) order.set(child, edge.firstIndex);
    } else if (edge.kind === "outside") {
      const parent = items.get(edge.from);
      if (!parent) continue;
      const item: Item = {
        kind: "outside",
        edge,
        children: [],
        height: OUTSIDE_HEIGHT,
        width: OUTSIDE_WIDTH,
      };
      parent.children.push(item);
      order.set(item, edge.firstIndex);
    }
  }
  const childStarts = childStartsByTable(graph);
  for (const [addr, runs] of runsByTable(graph.runs)) {
    const parent = items.get(addr);
    if (!parent) continue;
    for (const item of runStacks(addr as PhysAddr, runs, childStarts.get(addr) ?? [])) {
      parent.children.push(item);
      order.set(item, (item.runs[0] as LeafRun).firstIndex);
    }
  }
  const treeEdgeOf = new Map<number, PointerEdge>();
  for (const edge of graph.edges) if (edge.kind === "tree") treeEdgeOf.set(edge.to, edge);
  const foldable = (item: Item): item is Item & { kind: "table" } =>
    item.kind === "table" &&
    item.children.length === 0 &&
    item.node.present === 0 &&
    item.node.garbage === 0 &&
    item.node.incoming === 1 &&
    item.node.levels.length === 1 &&
    treeEdgeOf.has(item.node.addr);
  for (const item of items.values()) {
    item.children.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    // Fold runs of empty tables (children are sorted by entry index, so a run is consecutive in the table).
    const folded: Item[] = [];
    for (let i = 0; i < item.children.length;) {
      let j = i;
      while (j < item.children.length && foldable(item.children[j] as Item)) j++;
      if (j - i >= FOLD_EMPTY_MIN) {
        const nodes = item.children.slice(i, j).map((c) => (c as Item & { kind: "table" }).node);
        const first = treeEdgeOf.get((nodes[0] as TableNode).addr) as PointerEdge;
        const last = treeEdgeOf.get((nodes[nodes.length - 1] as TableNode).addr) as PointerEdge;
        folded.push({
          kind: "empties",
          nodes,
          fromLevel: first.fromLevel,
          firstIndex: first.firstIndex,
          lastIndex: last.lastIndex,
          children: [],
          height: EMPTIES_HEIGHT,
          width: TABLE_WIDTH,
        });
        i = j;
      } else {
        folded.push(item.children[i] as Item);
        i++;
      }
    }
    item.children = folded;
  }
  for (const item of items.values()) {
    item.collapsible = item.children.length > 0;
    if (item.collapsible && collapsed.has(item.node.addr)) {
      item.collapsed = countBelow(item);
      item.children = [];
    }
  }
  return items.get(root.addr) as Item;
}

/**
 * Link from the bottom middle of a box to the top middle of one below it: d3's `linkVertical` curve
 * (a cubic Bézier with both control points halfway down), written as its path string directly, with
 * d3's exact format. The Linux tables have thousands of links and every edit lays them out again;
 * building each through d3-path's Path object was the largest part of that.
 */
export function verticalLink({
  source: [x0, y0],
  target: [x1, y1],
}: {
  source: [number, number];
  target: [number, number];
}): string {
  const ym = (y0 + y1) / 2;
  return `M${r3(x0)},${r3(y0)}C${r3(x0)},${r3(ym)},${r3(x1)},${r3(ym)},${r3(x1)},${r3(y1)}`;
}

/** d3's path digits: three decimals. */
const r3 = (v: number): number => Math.round(v * 1000) / 1000;

const top = (b: Box): number => b.y - b.height / 2;
/** A box with its top-left corner (the view's fits take boxes so; the layout's are centred on y). */
export const topLeftOf = (b: Box): Box => ({ x: b.x, y: top(b), width: b.width, height: b.height });
const bottom = (b: Box): number => b.y + b.height / 2;
const centreX = (b: Box): number => b.x + b.width / 2;
const down = (from: Box, to: Box): string =>
  verticalLink({ source: [centreX(from), bottom(from)], target: [centreX(to), top(to)] });

/**
 * A back-edge: out of the right side of the source and round to the right side of the target (an
 * ancestor above, or the table itself: then a small loop). The further back, the wider the arc.
 */
function backEdgePath(from: Box, to: Box): string {
  const sx = from.x + from.width;
  if (from === to) {
    const y = from.y;
    return `M${sx},${y - 10} C${sx + 46},${y - 34} ${sx + 46},${y + 34} ${sx},${y + 10}`;
  }
  const tx = to.x + to.width;
  const bulge = 40 + Math.abs(from.y - to.y) * 0.18 + Math.max(0, tx - sx);
  const side = Math.max(sx, tx) + bulge;
  return `M${sx},${from.y} C${side},${from.y} ${side},${to.y} ${tx},${to.y}`;
}

/** A label's wanted place: just above the box its link enters, beside the link's end. */
const above = (b: Box): { x: number; y: number; anchor: "start" } => ({
  x: centreX(b) + 6,
  y: top(b) - 8,
  anchor: "start",
});

const asRect = (b: Box): Rect => ({ left: b.x, top: top(b), width: b.width, height: b.height });

type RunsItem = Item & { kind: "runs" };

/** The entries a run stack covers: from its first run's first entry to its last run's last. */
interface EntryRange {
  readonly firstIndex: number;
  readonly lastIndex: number;
}

/**
 * Whether a walk that ends at entry `index` of a stack's table ends in that stack: its entry range
 * holds the index, whether a run maps that entry or the entry lies between two runs (a fault at a
 * not-present entry). The one rule for the layout's straightening and the view's fit.
 */
export const stackHolds = (stack: EntryRange, index: number): boolean =>
  index >= stack.firstIndex && index <= stack.lastIndex;

/** A stack's entry range from its runs (in entry order). */
const entryRangeOf = (runs: readonly LeafRun[]): EntryRange => ({
  firstIndex: (runs[0] as LeafRun).firstIndex,
  lastIndex: (runs[runs.length - 1] as LeafRun).lastIndex,
});

/** A stack of leaf runs in its box. */
function layOutStack(
  d: RunsItem,
  box: Box,
  graph: TableGraph,
  vaRanges: ReadonlyMap<number, VaRange>,
): LaidOutRunStack {
  const levels = graph.levels;
  const fold = d.runs.length > MAX_RUN_ROWS;
  const shown = fold ? d.runs.slice(0, MAX_RUN_ROWS - 1) : d.runs;
  const hidden = fold ? d.runs.slice(MAX_RUN_ROWS - 1) : [];
  const hiddenPages = hidden.reduce((n, r) => n + r.count, 0);
  const range = entryRangeOf(d.runs);
  const tableLevel = graph.nodeByAddr.get(d.table)?.level;
  const vaOf = (run: LeafRun): VaRange | null => runVaRange(run, vaRanges, tableLevel);
  const firstVa = (run: LeafRun | undefined): bigint | null => {
    const va = run === undefined ? null : vaOf(run);
    return va === null ? null : canonicalize(va.start, levels);
  };
  return {
    kind: "runs",
    key: stackKey(d),
    table: d.table,
    level: d.level,
    shown,
    labels: shown.map(formatRunLabel),
    mappings: shown.map((run) => runMappingText(run, vaOf(run), levels)),
    firstVas: shown.map(firstVa),
    hiddenFirstVa: firstVa(hidden[0]),
    hidden,
    hiddenLabel: hidden.length
      ? `+ ${pluralize(hidden.length, "more run")} (${LEVEL_TABLE_NAMES[d.level]}[${(hidden[0] as LeafRun).firstIndex}–${range.lastIndex}], ${pluralize(hiddenPages, "page")})`
      : "",
    firstIndex: range.firstIndex,
    lastIndex: range.lastIndex,
    ...box,
  };
}

const stackKey = (d: RunsItem): string => `r${d.table}:${d.level}:${(d.runs[0] as LeafRun).firstIndex}`;
/** A stack's link from its table: keyed after the stack. */
const stackLinkKey = (stackKey: string): string => `l-${stackKey}`;

/** What `relayoutRuns` needs of a layout beyond what it draws. */
interface LayoutRows {
  /** The labelled links' wanted places, in the order of `links`. */
  readonly labelRequests: readonly LabelRequest[];
  /** Each table's VA range (the same tables and links give the same ranges). */
  readonly vaRanges: ReadonlyMap<number, VaRange>;
}
const layoutRows = new WeakMap<GraphLayout, LayoutRows>();

/** Everything drawn, labels included (they may stick out left, right or above). */
function layoutBounds(
  boxes: readonly (readonly Box[])[],
  tables: readonly LaidOutTable[],
  links: readonly LaidOutLink[],
): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const grow = (b: Box): void => {
    minX = Math.min(minX, b.x);
    maxX = Math.max(maxX, b.x + b.width);
    minY = Math.min(minY, top(b));
    maxY = Math.max(maxY, bottom(b));
  };
  for (const list of boxes) for (const b of list) grow(b);
  // The count under a collapsed table takes a line below it.
  for (const t of tables) if (t.collapsed) grow({ ...t, y: t.y + 18 });
  for (const l of links)
    if (l.label !== "") {
      const r = labelRect(l.labelX, l.labelY, l.label, l.labelAnchor);
      minX = Math.min(minX, r.left);
      maxX = Math.max(maxX, r.left + r.width);
      minY = Math.min(minY, r.top);
    }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * Lays the graph out once. Coordinates: x grows right (the tree's breadth), y down (depth); a box's
 * `x` is its left edge and `y` its vertical centre. Tables in `collapsed` hide everything under them.
 */
export function layoutGraph(
  graph: TableGraph,
  collapsed: ReadonlySet<number> = new Set(),
  focus: readonly PhysAddr[] = [],
  focusEntry: number | null = null,
): GraphLayout {
  const rootItem = buildItems(graph, collapsed);
  const empty: GraphLayout = {
    tables: [],
    stacks: [],
    outside: [],
    empties: [],
    links: [],
    tableByAddr: new Map(),
    bounds: { x: 0, y: 0, width: 0, height: 0 },
  };
  if (!rootItem) return empty;
  const levels = graph.levels;
  const vaRanges = tableVaRanges(graph);

  const root = hierarchy<Item>(rootItem, (d) => d.children);
  // Tidy tree on the horizontal axis in 1-pixel units; each box keeps half its width plus a gap free on each side.
  const positioned = tree<Item>()
    .nodeSize([1, 1])
    .separation(
      (a, b) => (a.data.width + b.data.width) / 2 + (a.parent === b.parent ? SIBLING_GAP : COUSIN_GAP),
    )(root);

  alignFocus(positioned, focus, focusEntry);

  const tables: LaidOutTable[] = [];
  const stacks: LaidOutRunStack[] = [];
  const outside: LaidOutOutside[] = [];
  const empties: LaidOutEmpties[] = [];
  const links: LaidOutLink[] = [];
  const labels: LabelRequest[] = [];
  const tableByAddr = new Map<number, LaidOutTable>();
  const outsideByEdge = new Map<PointerEdge, LaidOutOutside>();

  // Row y positions: each row as tall as its tallest box (run stacks are taller than tables); boxes hang from the row's top.
  const rowHeight: number[] = [];
  positioned.each((p) => {
    rowHeight[p.depth] = Math.max(rowHeight[p.depth] ?? 0, p.data.height);
  });
  const rowTop: number[] = [0];
  for (let d = 1; d < rowHeight.length; d++)
    rowTop[d] = (rowTop[d - 1] as number) + (rowHeight[d - 1] as number) + ROW_GAP;
  const boxOf = (p: HierarchyPointNode<Item>): Box => ({
    x: p.x - p.data.width / 2,
    y: (rowTop[p.depth] as number) + p.data.height / 2,
    width: p.data.width,
    height: p.data.height,
  });

  positioned.each((p) => {
    const box = boxOf(p);
    const d = p.data;
    if (d.kind === "table") {
      const range = vaRanges.get(d.node.addr);
      const t: LaidOutTable = {
        kind: "table",
        key: `t${d.node.addr}`,
        node: d.node,
        title: tableTitle(d.node),
        summary: tableSummary(d.node),
        vaRange: range === undefined ? "" : formatVaRange(range, levels),
        collapsible: d.collapsible === true,
        collapsed: d.collapsed ?? null,
        ...box,
      };
      tables.push(t);
      tableByAddr.set(d.node.addr, t);
    } else if (d.kind === "runs") {
      stacks.push(layOutStack(d, box, graph, vaRanges));
    } else if (d.kind === "empties") {
      const first = d.nodes[0] as TableNode;
      const fromLevel = d.fromLevel;
      empties.push({
        kind: "empties",
        key: `f${first.addr}`,
        nodes: d.nodes,
        title: `${d.nodes.length} empty ${LEVEL_TABLE_NAMES[first.level]}s`,
        range: `${LEVEL_TABLE_NAMES[fromLevel]}[${d.firstIndex}–${d.lastIndex}]`,
        ...box,
      });
    } else {
      const o: LaidOutOutside = {
        kind: "outside",
        key: `o${d.edge.from}:${d.edge.fromLevel}:${d.edge.firstIndex}`,
        edge: d.edge,
        label: `${formatPhysAddr(d.edge.to)} beyond RAM`,
        ...box,
      };
      outside.push(o);
      outsideByEdge.set(d.edge, o);
    }
  });

  // Links, each with its label's wanted place (moved off other labels once all are known).
  type Pending = Omit<LaidOutLink, "labelY"> & { wantY: number };
  const pending: Pending[] = [];
  positioned.each((p) => {
    if (!p.parent) return;
    const parentBox = boxOf(p.parent);
    const box = boxOf(p);
    const d = down(parentBox, box);
    const parentNode = (p.parent.data as Item & { kind: "table" }).node;
    if (p.data.kind === "empties") {
      const first = p.data.nodes[0] as TableNode;
      const at = above(box);
      pending.push({
        key: `l-f${first.addr}`,
        kind: "tree",
        from: parentNode.addr,
        to: first.addr,
        targets: p.data.nodes.map((n) => n.addr),
        fromLevel: p.data.fromLevel,
        firstIndex: p.data.firstIndex,
        lastIndex: p.data.lastIndex,
        d,
        label: `${LEVEL_TABLE_NAMES[p.data.fromLevel]}[${p.data.firstIndex}–${p.data.lastIndex}]`,
        labelX: at.x,
        wantY: at.y,
        labelAnchor: at.anchor,
      });
    }
    if (p.data.kind === "runs") {
      const first = p.data.runs[0] as LeafRun;
      const last = p.data.runs[p.data.runs.length - 1] as LeafRun;
      pending.push({
        key: stackLinkKey(stackKey(p.data)),
        kind: "runs",
        from: parentNode.addr,
        to: null,
        fromLevel: p.data.level,
        firstIndex: first.firstIndex,
        lastIndex: last.lastIndex,
        d,
        label: "",
        labelX: 0,
        wantY: 0,
        labelAnchor: "start",
      });
    }
  });

  for (const edge of graph.edges) {
    const from = tableByAddr.get(edge.from);
    if (!from) continue;
    const key = `e${edge.from}:${edge.fromLevel}:${edge.firstIndex}`;
    const base = {
      key,
      kind: edge.kind,
      from: edge.from,
      to: edge.to,
      fromLevel: edge.fromLevel,
      firstIndex: edge.firstIndex,
      lastIndex: edge.lastIndex,
      label: formatEdgeRange(edge),
    };
    let d: string;
    let at: { x: number; y: number; anchor: LaidOutLink["labelAnchor"] };
    if (edge.kind === "back") {
      const to = tableByAddr.get(edge.to);
      if (!to) continue;
      d = backEdgePath(from, to);
      at = { x: from.x + from.width + 6, y: from.y - 14, anchor: "start" };
    } else if (edge.kind === "outside") {
      const o = outsideByEdge.get(edge);
      if (!o) continue;
      d = down(from, o);
      at = above(o);
    } else {
      const to = tableByAddr.get(edge.to);
      if (!to) continue;
      if (to.y > from.y) {
        d = down(from, to);
        at = above(to);
      } else {
        // A shared edge to a table in the same or an earlier row (reached at another level): loop on the left.
        const bulge = 40 + Math.abs(from.x - to.x) * 0.18;
        const side = Math.min(from.x, to.x) - bulge;
        d = `M${from.x},${from.y} C${side},${from.y} ${side},${to.y} ${to.x},${to.y}`;
        at = { x: from.x - 6, y: from.y + 16, anchor: "end" };
      }
    }
    pending.push({ ...base, d, labelX: at.x, wantY: at.y, labelAnchor: at.anchor });
  }

  // No label covers a box or another label (Linux's many edges into shared tables crowded them).
  const obstacles = [...tables, ...stacks, ...outside, ...empties].map(asRect);
  const labelled = pending.filter((l) => l.label !== "");
  for (const l of labelled) labels.push({ x: l.labelX, y: l.wantY, text: l.label, anchor: l.labelAnchor });
  const placed = placeLabels(labels, obstacles);
  const placedY = new Map<Pending, number>(labelled.map((l, i) => [l, placed[i] as number]));
  for (const p of pending) {
    const { wantY, ...l } = p;
    links.push({ ...l, labelY: placedY.get(p) ?? wantY });
  }

  const layout: GraphLayout = {
    tables,
    stacks,
    outside,
    empties,
    links,
    tableByAddr,
    bounds: layoutBounds([tables, stacks, outside, empties], tables, links),
  };
  layoutRows.set(layout, { labelRequests: labels, vaRanges });
  return layout;
}

/**
 * Whether two runs draw the same (a table scanned again makes new run objects for the same runs).
 * Field by field, written out: a loop over the fields was most of a patched layout's time (a test
 * checks each field is read).
 */
export const sameRun = (a: LeafRun, b: LeafRun): boolean =>
  a === b ||
  (a.firstIndex === b.firstIndex &&
    a.lastIndex === b.lastIndex &&
    a.table === b.table &&
    a.level === b.level &&
    a.count === b.count &&
    a.pageSize === b.pageSize &&
    a.flags === b.flags &&
    a.firstPa === b.firstPa &&
    a.contiguous === b.contiguous);

/** Whether laid-out stacks were made from these runs (each stack's shown ones, then its folded ones). */
function madeFrom(stacks: readonly LaidOutRunStack[], runs: readonly LeafRun[]): boolean {
  let i = 0;
  for (const stack of stacks)
    for (const list of [stack.shown, stack.hidden])
      for (const run of list) {
        const now = runs[i++];
        if (now === undefined || !sameRun(now, run)) return false;
      }
  return i === runs.length;
}

/**
 * Whether every row keeps its height when the `changed` stacks (by key) take their new heights: a
 * row is as tall as its tallest box, and every box of a row hangs from the row's top.
 */
function sameRowHeights(prev: GraphLayout, changed: ReadonlyMap<string, RunsItem>): boolean {
  const boxes: readonly (readonly (Box & { key: string })[])[] = [
    prev.tables,
    prev.stacks,
    prev.outside,
    prev.empties,
  ];
  for (const stack of prev.stacks) {
    const item = changed.get(stack.key);
    if (item === undefined || item.height === stack.height) continue;
    const rowTop = top(stack);
    let before = 0;
    let after = 0;
    for (const list of boxes)
      for (const b of list) {
        if (top(b) !== rowTop) continue;
        before = Math.max(before, b.height);
        after = Math.max(after, changed.get(b.key)?.height ?? b.height);
      }
    if (before !== after) return false;
  }
  return true;
}

/**
 * Lets `relayoutRuns` patch `stable`: `fresh` with some of its objects swapped for older ones that
 * draw the same (`stabilizeLayout`).
 */
export function adoptLayoutMemo(fresh: GraphLayout, stable: GraphLayout): void {
  const rows = layoutRows.get(fresh);
  if (rows !== undefined) layoutRows.set(stable, rows);
}

/**
 * The layout of `graph` made from `prev` (a layout of the same tables, links and collapsed set, with
 * the same walk straightened) when only leaf runs differ: the commonest edit, a bit toggle in a leaf,
 * splits or joins a run. Each stack whose runs changed is made again in its place, with its link; all
 * else is `prev`'s own objects, so nothing else renders again. Null when the change moves anything
 * (a row grows, a stack appears or goes, a label would move): then lay the graph out afresh. Either
 * way the result is what `layoutGraph` gives (tested).
 */
export function relayoutRuns(
  prev: GraphLayout,
  graph: TableGraph,
  collapsed: ReadonlySet<number> = new Set(),
): GraphLayout | null {
  const rows = layoutRows.get(prev);
  if (rows === undefined) return null;
  // The tables and links are `prev`'s, so only the tables whose runs changed are stacked again
  // (as `buildItems` stacks them), each into the same stacks as before or the layout is redone.
  const before = new Map<number, LaidOutRunStack[]>();
  for (const s of prev.stacks) {
    const list = before.get(s.table);
    if (list === undefined) before.set(s.table, [s]);
    else list.push(s);
  }
  const now = runsByTable(graph.runs);
  let childStarts: Map<number, number[]> | null = null;
  const changed = new Map<string, RunsItem>(); // by the key of the stack they replace
  for (const [addr, runs] of now) {
    const olds = before.get(addr);
    if (olds === undefined) {
      // Runs where no stack was drawn: still hidden when their table is (collapsed, or under one).
      if (prev.tableByAddr.has(addr) && !collapsed.has(addr)) return null;
      continue;
    }
    if (madeFrom(olds, runs)) continue;
    childStarts ??= childStartsByTable(graph);
    const items = runStacks(addr as PhysAddr, runs, childStarts.get(addr) ?? []);
    if (items.length !== olds.length) return null;
    for (let k = 0; k < items.length; k++) {
      const item = items[k] as RunsItem;
      const old = olds[k] as LaidOutRunStack;
      if (stackKey(item) !== old.key) return null;
      if (!madeFrom([old], item.runs)) changed.set(old.key, item);
    }
  }
  for (const addr of before.keys()) if (!now.has(addr)) return null;
  if (changed.size === 0) return prev;
  if (!sameRowHeights(prev, changed)) return null;

  const remade = new Map<string, LaidOutRunStack>(); // by the key of the stack's link
  const moved: Rect[] = []; // each moved stack's box, before and after
  const stacks: LaidOutRunStack[] = [];
  for (const old of prev.stacks) {
    const item = changed.get(old.key);
    if (item === undefined) {
      stacks.push(old);
      continue;
    }
    // The same place in the same row: a box hangs from its row's top.
    const box = { x: old.x, y: top(old) + item.height / 2, width: item.width, height: item.height };
    const stack = layOutStack(item, box, graph, rows.vaRanges);
    if (box.y !== old.y || box.height !== old.height) moved.push(asRect(old), asRect(box));
    remade.set(stackLinkKey(old.key), stack);
    stacks.push(stack);
  }
  if (remade.size === 0) return prev;
  if (moved.length > 0) {
    // A stack grew or shrank within its row. Labels sit in the gaps between rows, but one pushed up
    // by its neighbours may reach into a row; if the stack now covers it (or no longer does), the
    // labels would be placed otherwise, which only a new layout says. Placing them all again is
    // needed only when a moved box meets a label's search (mostly it is far from every label).
    const placedY = prev.links.filter((l) => l.label !== "").map((l) => l.labelY);
    if (placementMayChange(rows.labelRequests, placedY, moved)) {
      const obstacles = [...prev.tables, ...stacks, ...prev.outside, ...prev.empties].map(asRect);
      const placed = placeLabels(rows.labelRequests, obstacles);
      if (placed.some((y, k) => y !== placedY[k])) return null;
    }
  }
  let changedLinks = false;
  const links = prev.links.map((l) => {
    const stack = remade.get(l.key);
    const table = stack && prev.tableByAddr.get(stack.table);
    if (!stack || !table) return l;
    const d = down(table, stack);
    if (d === l.d && l.firstIndex === stack.firstIndex && l.lastIndex === stack.lastIndex) return l;
    changedLinks = true;
    return { ...l, d, firstIndex: stack.firstIndex, lastIndex: stack.lastIndex };
  });
  // The bounds stay: every row keeps its height, every box its x, every label its place. A run split
  // or joined inside its stack keeps the stack's link: the links stay `prev`'s own list, so the view
  // draws none of them again.
  const layout: GraphLayout = { ...prev, stacks, links: changedLinks ? links : prev.links };
  layoutRows.set(layout, rows);
  return layout;
}

/**
 * Straightens a walk's path (`focus`, its tables top first): each of its tables slides sideways
 * towards the path's end, as far as its row's neighbours let it (it never overlaps them). The end is
 * the run stack holding the walk's last entry (`focusEntry`, an entry index of the last table; see
 * `stackHolds`) when there is one, else the last table. A tidy tree centres a parent over all its
 * children, so on the Linux tables the PML4 sat thousands of pixels from the PDPT a walk takes and
 * no readable view held the whole path; and the kernel text's 2 MiB run sat beside the PD's other
 * child, 640 px from the column of tables. Straightened, the path is about one box wide. Only the
 * path's tables move (one per row), and the links and labels are drawn from the moved boxes.
 */
function alignFocus(
  root: HierarchyPointNode<Item>,
  focus: readonly PhysAddr[],
  focusEntry: number | null,
): void {
  if (focus.length < 2) return;
  const wanted = new Set<number>(focus);
  const rows: HierarchyPointNode<Item>[][] = [];
  const onPath: HierarchyPointNode<Item>[] = [];
  root.each((p) => {
    (rows[p.depth] ??= []).push(p);
    if (p.data.kind === "table" && wanted.has(p.data.node.addr)) onPath.push(p);
  });
  if (onPath.length < 2) return;
  const last = focus[focus.length - 1];
  const lastTable =
    onPath.find((p) => p.data.kind === "table" && p.data.node.addr === last) ?? onPath[onPath.length - 1];
  if (!lastTable) return;
  const endStack =
    focusEntry === null
      ? undefined
      : lastTable.children?.find(
          (c) => c.data.kind === "runs" && stackHolds(entryRangeOf(c.data.runs), focusEntry),
        );
  const end = endStack ?? lastTable;
  for (const row of rows) row?.sort((a, b) => a.x - b.x);
  for (const p of onPath) {
    if (p === end) continue;
    const row = rows[p.depth] as HierarchyPointNode<Item>[];
    const i = row.indexOf(p);
    const gap = (q: HierarchyPointNode<Item>): number =>
      (p.data.width + q.data.width) / 2 + (q.parent === p.parent ? SIBLING_GAP : COUSIN_GAP);
    const left = row[i - 1];
    const right = row[i + 1];
    const lo = left ? left.x + gap(left) : -Infinity;
    const hi = right ? right.x - gap(right) : Infinity;
    // The neighbours were placed around p, so lo ≤ p.x ≤ hi and p stays in its place in the row.
    p.x = Math.min(hi, Math.max(lo, end.x));
  }
}

const linkBoxes = new WeakMap<LaidOutLink, Box>();

/**
 * A box around everything a link draws: its curve and its label. The layout's paths are all `M`
 * then cubic `C` segments, and a Bézier curve stays inside its control points, so the box of the
 * path's points holds the curve. Kept per link object (a patched layout keeps most of them).
 */
export function linkBounds(link: LaidOutLink): Box {
  const known = linkBoxes.get(link);
  if (known !== undefined) return known;
  const numbers = link.d.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi) ?? [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i + 1 < numbers.length; i += 2) {
    const x = Number(numbers[i]);
    const y = Number(numbers[i + 1]);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (link.label !== "") {
    const r = labelRect(link.labelX, link.labelY, link.label, link.labelAnchor);
    minX = Math.min(minX, r.left);
    maxX = Math.max(maxX, r.left + r.width);
    minY = Math.min(minY, r.top);
    maxY = Math.max(maxY, r.top + r.height);
  }
  const box = { x: minX, y: (minY + maxY) / 2, width: maxX - minX, height: maxY - minY };
  linkBoxes.set(link, box);
  return box;
}

/** Boxes and links whose extent meets `view` (layout coordinates), for rendering only what is seen. */
export function intersects(box: Box, view: Box): boolean {
  return (
    box.x + box.width >= view.x &&
    box.x <= view.x + view.width &&
    box.y + box.height / 2 >= view.y &&
    box.y - box.height / 2 <= view.y + view.height
  );
}
