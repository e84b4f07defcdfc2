/**
 * Who points to which table: for every frame, how many present entries of the tables that the known
 * roots reach point to it as a table, and at which levels it is reached. Unmap asks it before freeing
 * a table that became empty: one pointer (the entry being cleared) means nothing else reaches it;
 * more, or a root, means the table must stay (known-roots.ts).
 *
 * Built once by a walk over every reachable table (cycle-safe: each frame is scanned at most once per
 * level), then kept up to date entry by entry by the address space's own writes (`entryChanged`);
 * anything else that writes RAM moves `Ram.writes` past `writesSeen`, and the counts are rebuilt.
 *
 * Each entry is counted once, however many levels its table is reached at, if it points to a table
 * at one of them (a PDE with PS = 1 maps a page where a PML4E with the same bits points to a table).
 * The counts never fall short of the truth: where keeping them exact would need a rescan (a pointer
 * that changes which levels a table with entries is reached at), the update gives up and the caller
 * rebuilds; where a table stops being reached at one of several levels, its reach is left as it was,
 * which can only over-count.
 */
import { isLeafAt, isPresent, nextTablePfn, type Level } from "../arch";
import { FRAME_SIZE, FRAME_WORDS, type Ram } from "../memory";
import type { TableRoot } from "./known-roots";

/** Bits 0–4 of `reach`: the frame is reached as a table at level L (bit L - 1). */
const LEVEL_BITS = 0x1f;
/** Bit 7 of `reach`: the frame is a root (what a known CR3 selects). */
const ROOT_BIT = 0x80;

/**
 * The levels (bit L - 1) at which a present entry of a table reached at `parentLevels` points to a
 * table: one level down from each level above the PT, except where PS makes a PDPTE or PDE a leaf
 * (isLeafAt: PS decides at levels 2 and 3 alike, and never at 4 or 5).
 */
export function childLevelsOf(parentLevels: number, lo: number): number {
  return (parentLevels >>> 1) & (isLeafAt(lo, 2) ? ~3 : ~0);
}

/** A frame all zero: untouched (a freed table, a new one) tells at once, else its entries are read. */
function isEmpty(ram: Ram, pfn: number): boolean {
  return !ram.isTouched(pfn) || ram.isTableEmpty(pfn);
}

export class TableRefs {
  /** `Ram.writes` when the counts last matched RAM. */
  writesSeen: number;
  /** How many roots they were built for (the known roots only grow). */
  readonly rootCount: number;
  /**
   * Whether some frame is reached at more than one level (a recursive entry, a table linked at two
   * depths). Until then a table is read at one level only, the one a walk finds it at, so writing a
   * leaf there moves no pointer, and the address space skips the per-frame lookup (`holdsPointers`).
   */
  mixedLevels = false;
  /** Per frame: LEVEL_BITS at which a root reaches it, ROOT_BIT when it is a root. */
  private readonly reach: Uint8Array;
  /** Per frame: present entries in reached tables that point to it as a table. */
  private readonly pointers: Int32Array;

  private constructor(ram: Ram, rootCount: number) {
    this.reach = new Uint8Array(ram.frameCount);
    this.pointers = new Int32Array(ram.frameCount);
    this.writesSeen = ram.writes;
    this.rootCount = rootCount;
  }

  /** Counts the pointers of every table reachable from `roots` (breadth-first, by level). */
  static build(ram: Ram, roots: readonly TableRoot[]): TableRefs {
    const refs = new TableRefs(ram, roots.length);
    const { reach, pointers } = refs;
    const n = ram.frameCount;
    /** Levels at which a frame's entries were counted already. */
    const scanned = new Uint8Array(n);
    const queue: number[] = []; // pfn * 8 + level
    for (const root of roots) {
      const pfn = Math.floor(root.addr / FRAME_SIZE);
      if (!(pfn < n)) continue; // a CR3 beyond RAM reaches nothing
      const bit = 1 << (root.levels - 1);
      if (((reach[pfn] as number) & bit) === 0) queue.push(pfn * 8 + root.levels);
      reach[pfn] = (reach[pfn] as number) | ROOT_BIT | bit;
    }
    const words = ram.entryWords();
    for (let q = 0; q < queue.length; q++) {
      const item = queue[q] as number;
      const pfn = item >>> 3;
      const level = item & 7;
      const before = scanned[pfn] as number;
      scanned[pfn] = before | (1 << (level - 1));
      if (level === 1 || !ram.isTouched(pfn)) continue; // a PT's entries map pages; a zero frame has none
      const base = ram.entryBase(pfn);
      for (let w = 0; w < FRAME_WORDS; w += 2) {
        const lo = words[base + w] as number;
        if (!isPresent(lo) || isLeafAt(lo, level as Level)) continue;
        const child = nextTablePfn(lo, words[base + w + 1] as number);
        if (!(child < n)) continue; // outside RAM: nothing there to free
        if (childLevelsOf(before, lo) === 0) pointers[child] = (pointers[child] as number) + 1;
        const bit = 1 << (level - 2);
        if (((reach[child] as number) & bit) === 0) {
          reach[child] = (reach[child] as number) | bit;
          queue.push(child * 8 + level - 1);
          refs.noteLevels(child);
        }
      }
    }
    return refs;
  }

  /** Sets `mixedLevels` when the frame is now reached at several levels. */
  private noteLevels(pfn: number): void {
    const levels = (this.reach[pfn] as number) & LEVEL_BITS;
    if ((levels & (levels - 1)) !== 0) this.mixedLevels = true;
  }

  /** Whether the frame is a known root. */
  isRoot(pfn: number): boolean {
    return ((this.reach[pfn] as number) & ROOT_BIT) !== 0;
  }

  /** Present entries of reached tables that point to the frame as a table. */
  pointersTo(pfn: number): number {
    return this.pointers[pfn] as number;
  }

  /** Whether the frame is read as a table above the PT level, so that its entries can be pointers. */
  holdsPointers(pfn: number): boolean {
    return ((this.reach[pfn] as number) & LEVEL_BITS) > 1;
  }

  /**
   * Accounts for entry (`oldLo`, `oldHi`) → (`newLo`, `newHi`) of table `pfn`, already written to
   * `ram`. False when the counts cannot follow it cheaply (a table with entries starts or stops
   * being reached at some level): then they must be rebuilt.
   */
  entryChanged(ram: Ram, pfn: number, oldLo: number, oldHi: number, newLo: number, newHi: number): boolean {
    const { reach, pointers } = this;
    const levels = (reach[pfn] as number) & LEVEL_BITS;
    if (levels <= 1) return true; // unreached, or a PT: its entries map pages
    const n = pointers.length;
    // The new pointer first, so that rewriting a pointer's flags never drops its table to 0.
    const added = isPresent(newLo) ? childLevelsOf(levels, newLo) : 0;
    if (added !== 0) {
      const child = nextTablePfn(newLo, newHi);
      if (child < n) {
        pointers[child] = (pointers[child] as number) + 1;
        const newLevels = added & ~(reach[child] as number);
        if (newLevels !== 0) {
          // Read at a new level above the PT, its entries may become pointers: unless it has none.
          if (newLevels > 1 && !isEmpty(ram, child)) return false;
          reach[child] = (reach[child] as number) | added;
          this.noteLevels(child);
        }
      }
    }
    const removed = isPresent(oldLo) ? childLevelsOf(levels, oldLo) : 0;
    if (removed !== 0) {
      const child = nextTablePfn(oldLo, oldHi);
      if (child < n) {
        const left = (pointers[child] as number) - 1;
        pointers[child] = left;
        if (left === 0 && ((reach[child] as number) & ROOT_BIT) === 0) {
          // Reached no more: its entries stop counting, which needs none of them to be a pointer.
          if (((reach[child] as number) & LEVEL_BITS) > 1 && !isEmpty(ram, child)) return false;
          reach[child] = 0;
        }
      }
    }
    return true;
  }
}
