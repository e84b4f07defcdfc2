/**
 * A scenario's frame allocator must not offer a table in use. A free frame (the bump range
 * [next, end) or the free list) that a root reaches as a table would be zeroed and handed out by
 * the first Map: the table it was would silently lose its entries. Loading refuses such a scenario
 * (`liveTableAmongFreeFrames`, called by validate.ts), and a state that is about to be saved drops
 * those frames from its allocator instead (`allocatorWithoutLiveTables`), so that what the store
 * saves always opens again.
 *
 * The tables are those reachable from every root the scenario knows (scenario-roots.ts), found
 * breadth-first over the sparse frames, following present non-leaf entries as walks do. Each
 * (frame, level) is visited once, so cycles (recursive entries) end, and the work is bounded by five
 * visits per frame the entries name.
 */
import { LEVEL_TABLE_NAMES, isLeafAt, isPresent, nextTablePfn, type Level } from "../arch";
import type { AllocatorState } from "../memory";
import { scenarioRoots, type ScenarioRoot } from "./scenario-roots";
import { hex, LIMITS, type ScenarioFrame, type ScenarioState } from "./scenario-state";

/** How a table was first reached: its level, the root, and the entry that points to it (none for a root). */
interface Reach {
  readonly pfn: number;
  readonly level: Level;
  readonly root: ScenarioRoot;
  readonly from: { readonly pfn: number; readonly index: number; readonly level: Level } | null;
}

/** Every table the scenario's roots reach, each once (at the level it is first reached at), in BFS order. */
function reachableTables(s: ScenarioState): Reach[] {
  const byPfn = new Map<number, ScenarioFrame>();
  for (const frame of s.frames) byPfn.set(frame.addr / 4096, frame);
  const ramFrames = s.ramBytes / 4096;
  const visited = new Set<number>(); // pfn * 8 + level
  const first = new Map<number, Reach>();
  const queue: Reach[] = [];
  const reach = (r: Reach): void => {
    if (!(r.pfn < ramFrames) || visited.has(r.pfn * 8 + r.level)) return; // outside RAM: no frame to hand out
    visited.add(r.pfn * 8 + r.level);
    queue.push(r);
    if (!first.has(r.pfn)) first.set(r.pfn, r);
  };
  for (const root of scenarioRoots(s.registers, s)) {
    reach({ pfn: Math.floor(root.addr / 4096), level: root.levels, root, from: null });
  }
  for (let q = 0; q < queue.length; q++) {
    const table = queue[q] as Reach;
    const frame = byPfn.get(table.pfn);
    if (table.level === 1 || frame === undefined) continue; // a PT maps pages; a zero frame has no entries
    for (const [index, value] of frame.entries) {
      const lo = Number(value & 0xffffffffn);
      if (!isPresent(lo) || isLeafAt(lo, table.level)) continue;
      reach({
        pfn: nextTablePfn(lo, Number(value >> 32n)),
        level: (table.level - 1) as Level,
        root: table.root,
        from: { pfn: table.pfn, index, level: table.level },
      });
    }
  }
  return [...first.values()];
}

/** "the PML4 of CR3 0x1000", "a PT of processes[1] (CR3 0x4000) (entry 3 of the PD at 0x5000 points to it)". */
function describeTable(r: Reach): string {
  if (r.from === null) return `the ${LEVEL_TABLE_NAMES[r.level]} of ${r.root.where}`;
  const entry = `entry ${r.from.index} of the ${LEVEL_TABLE_NAMES[r.from.level]} at ${hex(r.from.pfn * 4096)}`;
  return `a ${LEVEL_TABLE_NAMES[r.level]} of ${r.root.where} (${entry} points to it)`;
}

const isBumpFree = (a: AllocatorState, pfn: number): boolean => pfn >= a.nextPfn && pfn < a.endPfn;

/**
 * The first free frame of the allocator that is a table in use, as a field path and a reason
 * ("allocator", "free frame 0x1000 is the PML4 of CR3 0x1000"), or null when there is none.
 */
export function liveTableAmongFreeFrames(s: ScenarioState): { path: string; reason: string } | null {
  const a = s.allocator;
  const freeIndex = new Map(a.freePfns.map((pfn, i) => [pfn, i]));
  for (const r of reachableTables(s)) {
    const i = freeIndex.get(r.pfn);
    if (!isBumpFree(a, r.pfn) && i === undefined) continue;
    return {
      path: i === undefined ? "allocator" : `allocator.free[${i}]`,
      reason: `free frame ${hex(r.pfn * 4096)} is ${describeTable(r)}`,
    };
  }
  return null;
}

/**
 * The state with an allocator that offers no table in use: free-list frames that are tables are
 * dropped, and the bump pointer moves past the last table in its range, the frames it skips that
 * are no tables going onto the free list, to be handed out lowest first after the others (as many
 * as a scenario's free list may hold; any further ones stay unused). The same state when nothing
 * needs to change.
 */
export function allocatorWithoutLiveTables(s: ScenarioState): ScenarioState {
  const a = s.allocator;
  const free = new Set(a.freePfns);
  const live = new Set<number>();
  let lastLive = a.nextPfn - 1; // the last table in the bump range
  for (const r of reachableTables(s)) {
    if (isBumpFree(a, r.pfn)) lastLive = Math.max(lastLive, r.pfn);
    if (isBumpFree(a, r.pfn) || free.has(r.pfn)) live.add(r.pfn);
  }
  if (live.size === 0) return s;
  const kept = a.freePfns.filter((pfn) => !live.has(pfn));
  const skipped: number[] = [];
  for (let pfn = a.nextPfn; pfn < lastLive && kept.length + skipped.length < LIMITS.freeFrames; pfn++) {
    if (!live.has(pfn)) skipped.push(pfn);
  }
  // The free list is a stack (last in, first out): the kept frames on top, the skipped ones lowest next.
  const freePfns = [...skipped.reverse(), ...kept];
  return { ...s, allocator: { ...a, nextPfn: lastLive + 1, freePfns } };
}
