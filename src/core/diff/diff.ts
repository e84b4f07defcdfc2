/**
 * The difference between two address spaces (`pagewalk diff`, "Compare with…"): the VA ranges
 * where their translations differ, in VA order, folded — a mapping only in B is *added*, only in
 * A *removed*, in both but with another PA, rights, page size or memory type *changed*.
 *
 * Both sides are maximal run lists (`mappingRuns`), so one merge pass over them finds every
 * difference: at each point the current run of each side (or none) decides, and the pass moves to
 * the nearest run boundary of either side. Each change keeps what A and B map over its range, so
 * the changes applied to A's runs give B's (`applyDiff`, the property the tests check).
 */
import { sameAttributes, pushRun, type MappingAttributes, type MappingRun } from "./mapping-runs";

/** What one side maps over a change's range: frame at the range's start, then consecutive frames. */
export interface DiffSide extends MappingAttributes {
  readonly pfn: number;
}

/** The fields by which a changed range differs. */
export type ChangedField = "pa" | "rights" | "pageSize" | "memoryType";

export type DiffKind = "added" | "removed" | "changed";

export interface DiffChange {
  readonly kind: DiffKind;
  readonly startVpn: number;
  /** Exclusive. */
  readonly endVpn: number;
  /** A's mapping over the range (null when added). */
  readonly before: DiffSide | null;
  /** B's mapping over the range (null when removed). */
  readonly after: DiffSide | null;
  /** For a changed range, what differs (in this order); empty otherwise. */
  readonly changed: readonly ChangedField[];
}

export interface DiffSummary {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  /** 4 KiB pages covered by each kind of range. */
  readonly addedPages: number;
  readonly removedPages: number;
  readonly changedPages: number;
}

export interface MappingDiff {
  readonly changes: readonly DiffChange[];
  readonly summary: DiffSummary;
}

function sideAt(run: MappingRun, vpn: number): DiffSide {
  return {
    pfn: run.pfn + (vpn - run.startVpn),
    pageSize: run.pageSize,
    user: run.user,
    write: run.write,
    exec: run.exec,
    reserved: run.reserved,
    memoryType: run.memoryType,
  };
}

function changedFields(a: DiffSide, b: DiffSide): ChangedField[] {
  const fields: ChangedField[] = [];
  if (a.pfn !== b.pfn) fields.push("pa");
  if (a.user !== b.user || a.write !== b.write || a.exec !== b.exec || a.reserved !== b.reserved)
    fields.push("rights");
  if (a.pageSize !== b.pageSize) fields.push("pageSize");
  if (a.memoryType !== b.memoryType) fields.push("memoryType");
  return fields;
}

/** `side` (starting `length` pages earlier) runs on into `run` at `pfn`: consecutive frames, same attributes. */
function continues(side: DiffSide | null, length: number, run: MappingRun | null, pfn: number): boolean {
  if (side === null || run === null) return side === null && run === null;
  return side.pfn + length === pfn && sameAttributes(side, run);
}

/** The `changed` list of every added or removed range (one shared empty list). */
const NOTHING_CHANGED: readonly ChangedField[] = Object.freeze([]);

type OpenChange = { -readonly [K in keyof DiffChange]: DiffChange[K] };

/**
 * The changes that turn address space A (its runs) into B, in VA order. One pass over both lists;
 * objects are made only for the changes (Linux's 65,536 espfix aliases are 65,536 runs a side).
 */
export function diffRuns(a: readonly MappingRun[], b: readonly MappingRun[]): MappingDiff {
  const changes: OpenChange[] = [];
  let last: OpenChange | null = null;
  let i = 0;
  let j = 0;
  let vpn = 0;
  while (i < a.length || j < b.length) {
    const ra = a[i];
    const rb = b[j];
    // Skip to the nearest point either side maps.
    const nextA = ra === undefined ? Infinity : Math.max(ra.startVpn, vpn);
    const nextB = rb === undefined ? Infinity : Math.max(rb.startVpn, vpn);
    vpn = nextA < nextB ? nextA : nextB;
    const inA = ra !== undefined && ra.startVpn <= vpn ? ra : null;
    const inB = rb !== undefined && rb.startVpn <= vpn ? rb : null;
    // The piece ends at the nearest boundary of either side.
    let end = Infinity;
    if (ra !== undefined) end = Math.min(end, inA ? ra.endVpn : ra.startVpn);
    if (rb !== undefined) end = Math.min(end, inB ? rb.endVpn : rb.startVpn);
    const pfnA = inA === null ? 0 : inA.pfn + (vpn - inA.startVpn);
    const pfnB = inB === null ? 0 : inB.pfn + (vpn - inB.startVpn);
    const same = inA !== null && inB !== null && pfnA === pfnB && sameAttributes(inA, inB);
    if (!same) {
      const kind: DiffKind = inA === null ? "added" : inB === null ? "removed" : "changed";
      const length = last === null ? 0 : last.endVpn - last.startVpn;
      if (
        last !== null &&
        last.kind === kind &&
        last.endVpn === vpn &&
        continues(last.before, length, inA, pfnA) &&
        continues(last.after, length, inB, pfnB)
      ) {
        last.endVpn = end;
      } else {
        const before: DiffSide | null = inA === null ? null : sideAt(inA, vpn);
        const after: DiffSide | null = inB === null ? null : sideAt(inB, vpn);
        last = {
          kind,
          startVpn: vpn,
          endVpn: end,
          before,
          after,
          changed: before !== null && after !== null ? changedFields(before, after) : NOTHING_CHANGED,
        };
        changes.push(last);
      }
    }
    vpn = end;
    if (ra !== undefined && ra.endVpn <= vpn) i++;
    if (rb !== undefined && rb.endVpn <= vpn) j++;
  }
  return { changes, summary: summarize(changes) };
}

function summarize(changes: readonly DiffChange[]): DiffSummary {
  const s = { added: 0, removed: 0, changed: 0, addedPages: 0, removedPages: 0, changedPages: 0 };
  for (const c of changes) {
    const pages = c.endVpn - c.startVpn;
    if (c.kind === "added") {
      s.added++;
      s.addedPages += pages;
    } else if (c.kind === "removed") {
      s.removed++;
      s.removedPages += pages;
    } else {
      s.changed++;
      s.changedPages += pages;
    }
  }
  return s;
}

/**
 * A's runs with the changes applied: what each change's range maps in A is replaced by what it maps
 * in B. `applyDiff(a, diffRuns(a, b))` equals `b` (both maximal).
 */
export function applyDiff(a: readonly MappingRun[], diff: MappingDiff): MappingRun[] {
  const out: MappingRun[] = [];
  let k = 0; // next change
  const emitSide = (side: DiffSide, startVpn: number, endVpn: number): void =>
    pushRun(out, { ...side, startVpn, endVpn });
  const changes = diff.changes;
  // Pieces of A's runs outside every change, interleaved in VA order with the changes' B sides.
  for (const run of a) {
    let vpn = run.startVpn;
    while (vpn < run.endVpn) {
      const c = changes[k];
      if (c !== undefined && c.endVpn <= vpn) {
        if (c.after !== null) emitSide(c.after, c.startVpn, c.endVpn);
        k++;
        continue;
      }
      if (c === undefined || c.startVpn >= run.endVpn) {
        emitSide(sideAt(run, vpn), vpn, run.endVpn);
        vpn = run.endVpn;
      } else if (c.startVpn > vpn) {
        emitSide(sideAt(run, vpn), vpn, c.startVpn);
        vpn = c.startVpn;
      } else {
        vpn = Math.min(c.endVpn, run.endVpn); // covered by the change: A's part is dropped
      }
    }
  }
  for (; k < changes.length; k++) {
    const c = changes[k] as DiffChange;
    if (c.after !== null) emitSide(c.after, c.startVpn, c.endVpn);
  }
  return out;
}
