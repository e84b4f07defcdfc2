/**
 * Where each table, run stack and dangling pointer of a `TableGraph` goes: a left-to-right tidy tree
 * (d3-hierarchy's Reingold–Tilford `tree()` for the vertical order), one column per depth, computed once per graph. Pan and
 * zoom only move a transform (DESIGN §3); this module is pure numbers and strings (STYLE §5: d3
 * computes, React renders), so it is tested in Node.
 *
 * The layout tree is the graph's spanning tree (each table under the table that first reached it).
 * Shared and back edges are drawn on top of it as extra paths; leaf runs are stacked in a box in the
 * column after their table, at most `MAX_RUN_ROWS` rows, the rest summarised in one "+ N more" row.
 */
import { hierarchy, linkHorizontal, tree, type HierarchyPointNode } from "d3";
import { LEVEL_TABLE_NAMES, formatPhysAddr, type Level, type PhysAddr } from "../../core/arch";
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

const TABLE_WIDTH = 168;
const TABLE_HEIGHT = 44;
const RUN_WIDTH = 272;
export const RUN_ROW = 18;
export const RUN_PADDING = 4;
const OUTSIDE_WIDTH = 150;
const OUTSIDE_HEIGHT = 30;
/** Horizontal gap between columns (depths); each column is as wide as its widest box. */
const COLUMN_GAP = 64;
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
  /** "3 tables · 120 leaves" (second line). */
  readonly summary: string;
}

export interface LaidOutRunStack extends Box {
  readonly kind: "runs";
  readonly key: string;
  readonly table: PhysAddr;
  readonly level: Level;
  /** Runs with a row of their own. */
  readonly shown: readonly LeafRun[];
  readonly labels: readonly string[];
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
  /** "PML4[510]" placed near the start of the path. */
  readonly label: string;
  readonly labelX: number;
  readonly labelY: number;
  /** Text anchor of the label: "end" labels sit just left of the box the link enters. */
  readonly labelAnchor: "start" | "end";
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
  | { kind: "table"; node: TableNode; children: Item[]; height: number; width: number }
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

/** Children of every table in entry order: tables it reached first, run stacks, dangling pointers. */
function buildItems(graph: TableGraph): Item | null {
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
  // Runs: consecutive runs of one table (same level) with no child between them share a stack.
  const runsByTable = new Map<number, LeafRun[]>();
  for (const run of graph.runs) {
    const list = runsByTable.get(run.table);
    if (list) list.push(run);
    else runsByTable.set(run.table, [run]);
  }
  for (const [addr, runs] of runsByTable) {
    const parent = items.get(addr);
    if (!parent) continue;
    const childStarts = parent.children.map((c) => order.get(c) ?? 0).sort((a, b) => a - b);
    let stack: LeafRun[] = [];
    const flush = (): void => {
      if (stack.length === 0) return;
      const first = stack[0] as LeafRun;
      const item: Item = {
        kind: "runs",
        table: addr as PhysAddr,
        level: first.level,
        runs: stack,
        children: [],
        height: runStackHeight(stack.length),
        width: RUN_WIDTH,
      };
      parent.children.push(item);
      order.set(item, first.firstIndex);
      stack = [];
    };
    for (const run of runs) {
      const prev = stack[stack.length - 1];
      const interrupted =
        prev !== undefined &&
        (prev.level !== run.level || childStarts.some((s) => s > prev.lastIndex && s < run.firstIndex));
      if (interrupted) flush();
      stack.push(run);
    }
    flush();
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
          height: TABLE_HEIGHT,
          width: TABLE_WIDTH + 24,
        });
        i = j;
      } else {
        folded.push(item.children[i] as Item);
        i++;
      }
    }
    item.children = folded;
  }
  return items.get(root.addr) as Item;
}

/** Link from the right edge of `a` to the left edge of `b` (both boxes centred on y). */
const horizontal = linkHorizontal<{ source: [number, number]; target: [number, number] }, [number, number]>()
  .source((l) => l.source)
  .target((l) => l.target);

/**
 * A back-edge: from the top of the source up and back to the top of the target (an ancestor to the
 * left, or the table itself: then a small loop). The higher the arc, the further back it goes.
 */
function backEdgePath(from: Box, to: Box): string {
  const sx = from.x + from.width * 0.75;
  const sy = from.y - from.height / 2;
  if (from === to) {
    const ex = from.x + from.width * 0.25;
    return `M${sx},${sy} C${sx + 20},${sy - 46} ${ex - 20},${sy - 46} ${ex},${sy}`;
  }
  const tx = to.x + to.width / 2;
  const ty = to.y - to.height / 2;
  const lift = 40 + Math.abs(sx - tx) * 0.18;
  const top = Math.min(sy, ty) - lift;
  return `M${sx},${sy} C${sx},${top} ${tx},${top} ${tx},${ty}`;
}

/** Lays the graph out once. Coordinates: x grows right (depth), y down; boxes are centred on y. */
export function layoutGraph(graph: TableGraph): GraphLayout {
  const rootItem = buildItems(graph);
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

  const root = hierarchy<Item>(rootItem, (d) => d.children);
  // Tidy tree on the vertical axis in 1-pixel units; each box keeps half its height plus a gap free on each side.
  const positioned = tree<Item>()
    .nodeSize([1, 1])
    .separation((a, b) => (a.data.height + b.data.height) / 2 + (a.parent === b.parent ? 10 : 22))(root);

  const tables: LaidOutTable[] = [];
  const stacks: LaidOutRunStack[] = [];
  const outside: LaidOutOutside[] = [];
  const empties: LaidOutEmpties[] = [];
  const links: LaidOutLink[] = [];
  const tableByAddr = new Map<number, LaidOutTable>();
  const outsideByEdge = new Map<PointerEdge, LaidOutOutside>();
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const grow = (b: Box): void => {
    minX = Math.min(minX, b.x);
    maxX = Math.max(maxX, b.x + b.width);
    minY = Math.min(minY, b.y - b.height / 2);
    maxY = Math.max(maxY, b.y + b.height / 2);
  };

  // Column x positions: each column as wide as its widest box (tables are narrower than run stacks).
  const columnWidth: number[] = [];
  positioned.each((p) => {
    columnWidth[p.depth] = Math.max(columnWidth[p.depth] ?? 0, p.data.width);
  });
  const columnX: number[] = [0];
  for (let d = 1; d < columnWidth.length; d++)
    columnX[d] = (columnX[d - 1] as number) + (columnWidth[d - 1] as number) + COLUMN_GAP;
  const boxOf = (p: HierarchyPointNode<Item>): Box => ({
    x: columnX[p.depth] as number,
    y: p.x,
    width: p.data.width,
    height: p.data.height,
  });

  positioned.each((p) => {
    const box = boxOf(p);
    grow(box);
    const d = p.data;
    if (d.kind === "table") {
      const t: LaidOutTable = {
        kind: "table",
        key: `t${d.node.addr}`,
        node: d.node,
        title: tableTitle(d.node),
        summary: tableSummary(d.node),
        ...box,
      };
      tables.push(t);
      tableByAddr.set(d.node.addr, t);
    } else if (d.kind === "runs") {
      const fold = d.runs.length > MAX_RUN_ROWS;
      const shown = fold ? d.runs.slice(0, MAX_RUN_ROWS - 1) : d.runs;
      const hidden = fold ? d.runs.slice(MAX_RUN_ROWS - 1) : [];
      const hiddenPages = hidden.reduce((n, r) => n + r.count, 0);
      const first = d.runs[0] as LeafRun;
      const last = d.runs[d.runs.length - 1] as LeafRun;
      stacks.push({
        kind: "runs",
        key: `r${d.table}:${d.level}:${first.firstIndex}`,
        table: d.table,
        level: d.level,
        shown,
        labels: shown.map(formatRunLabel),
        hidden,
        hiddenLabel: hidden.length
          ? `+ ${pluralize(hidden.length, "more run")} (${LEVEL_TABLE_NAMES[d.level]}[${(hidden[0] as LeafRun).firstIndex}–${last.lastIndex}], ${pluralize(hiddenPages, "page")})`
          : "",
        firstIndex: first.firstIndex,
        lastIndex: last.lastIndex,
        ...box,
      });
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

  // Paths. Tree links follow the hierarchy; shared and back edges connect laid-out tables.
  positioned.each((p) => {
    if (!p.parent) return;
    const parentBox = boxOf(p.parent);
    const box = boxOf(p);
    const d =
      horizontal({ source: [parentBox.x + parentBox.width, parentBox.y], target: [box.x, box.y] }) ?? "";
    const parentNode = (p.parent.data as Item & { kind: "table" }).node;
    if (p.data.kind === "empties") {
      const first = p.data.nodes[0] as TableNode;
      links.push({
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
        labelX: box.x - 4,
        labelY: box.y - 5,
        labelAnchor: "end",
      });
    }
    if (p.data.kind === "runs") {
      const first = p.data.runs[0] as LeafRun;
      const last = p.data.runs[p.data.runs.length - 1] as LeafRun;
      links.push({
        key: `l-r${p.data.table}:${p.data.level}:${first.firstIndex}`,
        kind: "runs",
        from: parentNode.addr,
        to: null,
        fromLevel: p.data.level,
        firstIndex: first.firstIndex,
        lastIndex: last.lastIndex,
        d,
        label: "",
        labelX: 0,
        labelY: 0,
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
    // Labels sit where the link enters its target (left of it): one label per incoming link, no pile-up at the source.
    let labelX: number;
    let labelY: number;
    let labelAnchor: "start" | "end" = "end";
    if (edge.kind === "back") {
      const to = tableByAddr.get(edge.to);
      if (!to) continue;
      d = backEdgePath(from, to);
      labelX = from.x + from.width * 0.75 + 4;
      labelY = from.y - from.height / 2 - 8;
      labelAnchor = "start";
    } else if (edge.kind === "outside") {
      const o = outsideByEdge.get(edge);
      if (!o) continue;
      d = horizontal({ source: [from.x + from.width, from.y], target: [o.x, o.y] }) ?? "";
      labelX = o.x - 4;
      labelY = o.y - 5;
    } else {
      const to = tableByAddr.get(edge.to);
      if (!to) continue;
      if (to.x > from.x) {
        d = horizontal({ source: [from.x + from.width, from.y], target: [to.x, to.y] }) ?? "";
        // A shared target has several incoming links: stagger their labels by the source's position.
        labelX = to.x - 4;
        labelY = to.y - 5 + (edge.kind === "shared" ? (from.y < to.y ? -10 : 16) : 0);
      } else {
        // A shared edge to a table in the same or an earlier column (reached at another level): loop under.
        const sx = from.x + from.width / 2;
        const sy = from.y + from.height / 2;
        const tx = to.x + to.width / 2;
        const ty = to.y + to.height / 2;
        const bottom = Math.max(sy, ty) + 40 + Math.abs(sx - tx) * 0.18;
        d = `M${sx},${sy} C${sx},${bottom} ${tx},${bottom} ${tx},${ty}`;
        labelX = sx + 4;
        labelY = sy + 14;
        labelAnchor = "start";
      }
    }
    links.push({ ...base, d, labelX, labelY, labelAnchor });
  }

  return {
    tables,
    stacks,
    outside,
    empties,
    links,
    tableByAddr,
    bounds: { x: minX, y: minY, width: maxX - minX, height: maxY - minY },
  };
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
