/**
 * Structural sharing between two layouts of the same address space.
 *
 * Every RAM edit rebuilds the table graph and its layout, so every laid-out item is a new object and
 * every memoised box would render again (about 60 ms on the Linux kernel's ~800 boxes). An edit
 * usually changes one or two boxes; this hands back the previous object for every item that would
 * draw the same, so React skips it.
 */
import {
  adoptLayoutMemo,
  type GraphLayout,
  type LaidOutEmpties,
  type LaidOutLink,
  type LaidOutOutside,
  type LaidOutRunStack,
  type LaidOutTable,
} from "./layout";
import type { TableGraph } from "../../core/inspect";

type Same<T> = (a: T, b: T) => boolean;

const sameBox = (a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean =>
  a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

const sameList = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]));

/** What GraphTableNode draws from a table. */
const sameTable: Same<LaidOutTable> = (a, b) =>
  sameBox(a, b) &&
  a.title === b.title &&
  a.summary === b.summary &&
  a.vaRange === b.vaRange &&
  a.collapsible === b.collapsible &&
  a.collapsed?.tables === b.collapsed?.tables &&
  a.collapsed?.leaves === b.collapsed?.leaves &&
  a.node.addr === b.node.addr &&
  a.node.level === b.node.level &&
  a.node.incoming === b.node.incoming &&
  a.node.garbage === b.node.garbage &&
  a.node.expanded === b.node.expanded &&
  a.node.reservedIndices.length === b.node.reservedIndices.length &&
  sameList(a.node.levels, b.node.levels);

const sameStack: Same<LaidOutRunStack> = (a, b) =>
  sameBox(a, b) &&
  a.table === b.table &&
  a.level === b.level &&
  a.firstIndex === b.firstIndex &&
  a.lastIndex === b.lastIndex &&
  a.hiddenLabel === b.hiddenLabel &&
  sameList(a.labels, b.labels) &&
  sameList(a.mappings, b.mappings) &&
  sameList(a.firstVas, b.firstVas) &&
  a.hiddenFirstVa === b.hiddenFirstVa &&
  a.shown.length === b.shown.length &&
  a.hidden.length === b.hidden.length &&
  a.shown.every((r, i) => {
    const s = b.shown[i];
    return (
      s !== undefined &&
      r.firstIndex === s.firstIndex &&
      r.lastIndex === s.lastIndex &&
      r.pageSize === s.pageSize
    );
  });

const sameOutside: Same<LaidOutOutside> = (a, b) => sameBox(a, b) && a.label === b.label;

const sameEmpties: Same<LaidOutEmpties> = (a, b) =>
  sameBox(a, b) &&
  a.title === b.title &&
  a.range === b.range &&
  sameList(
    a.nodes.map((n) => n.addr),
    b.nodes.map((n) => n.addr),
  );

const sameLink: Same<LaidOutLink> = (a, b) =>
  a.d === b.d &&
  a.label === b.label &&
  a.labelX === b.labelX &&
  a.labelY === b.labelY &&
  a.kind === b.kind &&
  a.from === b.from &&
  a.to === b.to &&
  a.fromLevel === b.fromLevel &&
  a.firstIndex === b.firstIndex &&
  a.lastIndex === b.lastIndex &&
  sameList(a.targets, b.targets);

/** The items of `next`, each replaced by its previous object when that one draws the same. */
function reuse<T extends { key: string }>(
  prev: readonly T[],
  next: readonly T[],
  same: Same<T>,
): readonly T[] {
  if (prev.length === 0) return next.length === 0 ? prev : next;
  const byKey = new Map(prev.map((item) => [item.key, item]));
  let changed = prev.length !== next.length;
  const out = next.map((item, i) => {
    const old = byKey.get(item.key);
    const kept = old !== undefined && same(old, item) ? old : item;
    if (kept !== prev[i]) changed = true;
    return kept;
  });
  return changed ? out : prev;
}

/**
 * `next` with every unchanged item (and every unchanged list) taken from `prev`; `prev` itself when
 * nothing at all changed, so that everything keyed on the layout stays put.
 */
export function stabilizeLayout(prev: GraphLayout | null, next: GraphLayout): GraphLayout {
  if (prev === null) return next;
  const tables = reuse(prev.tables, next.tables, sameTable);
  const stable: GraphLayout = {
    tables,
    stacks: reuse(prev.stacks, next.stacks, sameStack),
    outside: reuse(prev.outside, next.outside, sameOutside),
    empties: reuse(prev.empties, next.empties, sameEmpties),
    links: reuse(prev.links, next.links, sameLink),
    tableByAddr: tables === prev.tables ? prev.tableByAddr : new Map(tables.map((t) => [t.node.addr, t])),
    bounds: sameBox(prev.bounds, next.bounds) ? prev.bounds : next.bounds,
  };
  const unchanged =
    stable.tables === prev.tables &&
    stable.stacks === prev.stacks &&
    stable.outside === prev.outside &&
    stable.empties === prev.empties &&
    stable.links === prev.links &&
    stable.bounds === prev.bounds;
  const result = unchanged ? prev : stable;
  adoptLayoutMemo(next, result);
  return result;
}

/** Own fields of two records equal (arrays element by element), except those named in `skip`. */
function sameFields(a: object, b: object, skip: string | null = null): boolean {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  for (const k of keys) {
    if (k === skip) continue;
    const x = ra[k];
    const y = rb[k];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || !sameList(x, y)) return false;
  }
  return true;
}

const sameItems = <T extends object>(a: readonly T[], b: readonly T[], skip: string | null = null): boolean =>
  a === b || (a.length === b.length && a.every((x, i) => x === b[i] || sameFields(x, b[i] as T, skip)));

/**
 * Whether two table graphs lay out and draw the same: everything but the pointer edges' R/W, U/S
 * and XD, which the graph does not draw (it draws a pointer's entry range and target). A bit toggle
 * in a pointer entry — the commonest edit — then keeps the layout instead of computing it again.
 */
export function sameDrawnGraph(a: TableGraph, b: TableGraph): boolean {
  return a === b || (sameDrawnTables(a, b) && sameDrawnRuns(a, b));
}

/** Whether two table graphs have the same leaf runs (the rest of `sameDrawnGraph`). */
export function sameDrawnRuns(a: TableGraph, b: TableGraph): boolean {
  return a === b || sameItems(a.runs, b.runs);
}

/**
 * The same, leaf runs aside: the tables and links are drawn the same, so when only runs differ (a bit
 * toggle in a leaf) the layout can be patched (`relayoutRuns`).
 */
export function sameDrawnTables(a: TableGraph, b: TableGraph): boolean {
  return (
    a === b ||
    (a.root === b.root &&
      a.levels === b.levels &&
      a.truncated === b.truncated &&
      a.rootOutside === b.rootOutside &&
      a.leafCount === b.leafCount &&
      a.garbageCount === b.garbageCount &&
      a.reservedCount === b.reservedCount &&
      sameItems(a.nodes, b.nodes) &&
      sameItems(a.edges, b.edges, "flags"))
  );
}
