/**
 * Telling the user why an empty table was not freed: it is a root, or another entry still points to
 * it, and which root still reaches it that way ("The PDPT at 0x2000 is empty but process B (CR3
 * 0x4000) still reaches it: kept."). Runs only when a table was kept, after the operation, with one
 * walk over the reachable tables for all of them.
 */
import {
  LEVEL_TABLE_NAMES,
  formatPhysAddr,
  isLeafAt,
  isPresent,
  nextTablePfn,
  type Level,
  type PhysAddr,
} from "../arch";
import { FRAME_SIZE, FRAME_WORDS, type Ram } from "../memory";
import type { TableRoot } from "./known-roots";

/** An empty table that unmap (or collapseEmptyTables) left in place, and why. */
export interface KeptTable {
  readonly addr: PhysAddr;
  /** Its level on the walk that emptied it (1 = PT). */
  readonly level: Level;
  /** One sentence for people. */
  readonly message: string;
}

/** A kept table as the address space notes it: where it is and the pointer it came through. */
export interface KeptRecord {
  readonly pfn: number;
  readonly level: Level;
  /** The entry on the operation's own walk that points to it (not "another" pointer). */
  readonly viaPfn: number;
  readonly viaIndex: number;
}

/** Someone else pointing to a kept table: the entry, its table's level, the root that reached it. */
interface Referrer {
  readonly pfn: number;
  readonly index: number;
  readonly level: Level;
  readonly root: number;
}

/** The messages for `kept`, given every known root and the address of the operation's own root. */
export function describeKeptTables(
  ram: Ram,
  roots: readonly TableRoot[],
  ownRoot: number,
  kept: readonly KeptRecord[],
): KeptTable[] {
  if (kept.length === 0) return [];
  const wanted = new Set<number>();
  const once: KeptRecord[] = []; // each table once, though a region may keep it more than once
  for (const k of kept) {
    if (wanted.has(k.pfn)) continue;
    wanted.add(k.pfn);
    once.push(k);
  }
  const referrers = new Map<number, Referrer[]>();
  // Other roots first: a referrer they reach is named by them ("process B still reaches it").
  const order = roots
    .map((_, i) => i)
    .sort((a, b) => Number(roots[a]?.addr === ownRoot) - Number(roots[b]?.addr === ownRoot));
  forEachPointer(ram, roots, order, (pfn, index, level, root, child) => {
    if (!wanted.has(child)) return;
    const list = referrers.get(child) ?? [];
    if (list.length < 8) list.push({ pfn, index, level, root });
    referrers.set(child, list);
  });
  return once.map((k) => {
    const addr = (k.pfn * FRAME_SIZE) as PhysAddr;
    const where = `The ${LEVEL_TABLE_NAMES[k.level]} at ${formatPhysAddr(addr)} is empty but`;
    const asRoot = roots.find((r) => r.addr === addr);
    if (asRoot)
      return {
        addr,
        level: k.level,
        message: `${where} it is the ${LEVEL_TABLE_NAMES[asRoot.levels]} of ${asRoot.name}: kept.`,
      };
    const others = (referrers.get(k.pfn) ?? []).filter((r) => r.pfn !== k.viaPfn || r.index !== k.viaIndex);
    const byOtherRoot = others.find((r) => roots[r.root]?.addr !== ownRoot);
    const first = others[0];
    const why = byOtherRoot
      ? `${roots[byOtherRoot.root]?.name ?? "another root"} still reaches it`
      : first
        ? `entry ${first.index} of the ${LEVEL_TABLE_NAMES[first.level]} at ${formatPhysAddr(first.pfn * FRAME_SIZE)} still points to it`
        : "another entry still points to it";
    return { addr, level: k.level, message: `${where} ${why}: kept.` };
  });
}

/**
 * Calls `visit` for every present entry that points to a table, in every table reachable from the
 * roots, taking the roots in `order`: each (frame, level) is scanned once, by the first root to
 * reach it (breadth-first per root), so the walk is cycle-safe and bounded by 5 scans per frame.
 */
function forEachPointer(
  ram: Ram,
  roots: readonly TableRoot[],
  order: readonly number[],
  visit: (pfn: number, index: number, level: Level, root: number, child: number) => void,
): void {
  const n = ram.frameCount;
  const seen = new Uint8Array(n); // bit L - 1: scanned at level L
  for (const r of order) {
    const root = roots[r] as TableRoot;
    const queue: number[] = [];
    const push = (pfn: number, level: number): void => {
      const bit = 1 << (level - 1);
      if (!(pfn < n) || ((seen[pfn] as number) & bit) !== 0) return;
      seen[pfn] = (seen[pfn] as number) | bit;
      queue.push(pfn * 8 + level);
    };
    push(Math.floor(root.addr / FRAME_SIZE), root.levels);
    for (let q = 0; q < queue.length; q++) {
      const pfn = (queue[q] as number) >>> 3;
      const level = ((queue[q] as number) & 7) as Level;
      const frame = ram.readFrame(pfn);
      if (level === 1 || frame === null) continue;
      for (let w = 0; w < FRAME_WORDS; w += 2) {
        const lo = frame[w] as number;
        if (!isPresent(lo) || isLeafAt(lo, level)) continue;
        const child = nextTablePfn(lo, frame[w + 1] as number);
        visit(pfn, w >>> 1, level, r, child);
        push(child, level - 1);
      }
    }
  }
}
