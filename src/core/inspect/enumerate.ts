/**
 * Every present leaf mapping reachable from CR3, in VA order — what QEMU's `info tlb` lists — and
 * the same folded into ranges of equal effective permissions, like `info mem` but with NX.
 *
 * Hardware semantics, not a tree walk: the enumeration reads each table as the level it is reached
 * at, so a recursive entry (PML4[510] → the PML4 itself) really produces mappings — the tables seen
 * as pages — exactly as the CPU would translate those VAs (SDM vol. 3A §4.5). The recursion depth
 * is the number of paging levels, so a cycle can never loop forever; what a cycle or heavy sharing
 * can do is multiply the number of leaves (512⁴ for a table full of self-pointers), so the work is
 * bounded by `maxLeaves` and `maxEntries` and the answer says when it was `truncated`.
 *
 * The hot loop reads 32-bit words (DESIGN §4): VAs are carried as two unsigned words and only turned
 * into `bigint` when a caller asks (`LeafMapping.va`, `AddressRange.start`).
 */
import {
  ENTRY_P,
  ENTRY_RW,
  ENTRY_US,
  ENTRY_XD_HI,
  fromWords,
  hasReservedBits,
  indexLowBit,
  isLeafAt,
  leafPageBase,
  nextTablePfn,
  pageSizeOfLevel,
  pagingMode,
  reservedHighMask,
  type Level,
  type PageSize,
  type PagingLevels,
  type VirtAddr,
  type Registers,
} from "../arch";
import type { PhysicalMemory } from "../memory";

/**
 * One leaf as the enumeration visits it. The object is reused from leaf to leaf: copy what you need
 * to keep (or use `enumerateLeaves`, which does).
 */
export interface LeafCursor {
  /** Canonical VA of the page as unsigned 32-bit words (bits 63:32 and 31:0). */
  vaHi: number;
  vaLo: number;
  /** Page base: the leaf's address field (bits 51:12, huge pages aligned to their size). */
  pa: number;
  pageSize: PageSize;
  /** Level of the leaf entry: 1 PTE, 2 PDE (2 MiB), 3 PDPTE (1 GiB). */
  level: 1 | 2 | 3;
  /** The raw leaf entry as unsigned words. */
  entryLo: number;
  entryHi: number;
  /** SDM §4.6.1: U/S = 1 at every level of the path. */
  user: boolean;
  /** SDM §4.6.1: R/W = 1 at every level of the path (what WP = 1 enforces for supervisor writes too). */
  write: boolean;
  /** No XD on the path while EFER.NXE = 1 (with NXE = 0 a set bit 63 is reserved instead). */
  exec: boolean;
  /**
   * Some entry on the path has reserved bits set (SDM §4.5: bits 51:MAXPHYADDR, bit 63 without
   * NXE, PS in a PML4E/PML5E, the low address bits of a huge leaf): every access to the page faults
   * with RSVD. Such leaves are listed (like QEMU's `info tlb`, which checks no reserved bits) unless
   * `includeReserved` is false. A PML4E/PML5E with PS = 1 is followed as a pointer, as QEMU does.
   */
  reserved: boolean;
  /** Bits 62:59 of the leaf (meaningful with CR4.PKE). */
  protectionKey: number;
}

export interface EnumerateOptions {
  /** Stop after this many leaves (default 1,000,000); the result is then `truncated`. */
  readonly maxLeaves?: number;
  /** Stop after examining this many present entries (default 50,000,000): bounds the work even when few leaves come out. */
  readonly maxEntries?: number;
  /** List leaves whose path has reserved bits (flagged `reserved`). Default true. */
  readonly includeReserved?: boolean;
  /**
   * Told of every present non-leaf entry whose table lies outside physical memory, so its subtree
   * is skipped: with reserved address bits set (beyond MAXPHYADDR) that is where such an entry
   * points, and a caller should say so rather than drop its leaves silently.
   */
  readonly onSkipped?: (skipped: SkippedSubtree) => void;
}

/** A subtree the enumeration could not follow: its entry's table is outside physical memory. */
export interface SkippedSubtree {
  /** The VA the entry covers from, as words (bits 63:32, 31:0). */
  readonly vaHi: number;
  readonly vaLo: number;
  /** The entry's level (4 for a PML4E, …). */
  readonly level: Level;
  /** The physical address of the entry, and its value as words. */
  readonly entryAddr: number;
  readonly entryLo: number;
  readonly entryHi: number;
  /** The entry itself has reserved bits set (under MAXPHYADDR / EFER.NXE, PS in a PML4E). */
  readonly reserved: boolean;
}

export interface EnumerationStats {
  readonly leaves: number;
  /** A budget ran out: the listing is a prefix (in VA order) of the full one. */
  readonly truncated: boolean;
  /** The visitor returned `false`. */
  readonly stopped: boolean;
  /** Distinct table frames read. */
  readonly tableFrames: number;
  /** Present non-leaf entries whose table lies outside physical memory (skipped). */
  readonly tablesOutsideMemory: number;
  /** CR3 points outside physical memory (nothing is reachable). */
  readonly rootOutsideMemory: boolean;
  /** Non-null when the registers do not select 4- or 5-level paging: there are no leaves. */
  readonly unsupported: string | null;
}

export const DEFAULT_MAX_LEAVES = 1_000_000;
export const DEFAULT_MAX_ENTRIES = 50_000_000;

/** Hi/lo VA contribution of each index at each level; the top level carries the sign extension. */
function indexContributions(levels: PagingLevels): { hi: Uint32Array[]; lo: Uint32Array[] } {
  const hi: Uint32Array[] = [];
  const lo: Uint32Array[] = [];
  for (let level = 0; level <= levels; level++) {
    const h = new Uint32Array(512);
    const l = new Uint32Array(512);
    if (level >= 1) {
      const shift = indexLowBit(level as Level);
      for (let i = 0; i < 512; i++) {
        if (shift >= 32) h[i] = i << (shift - 32);
        else if (shift + 9 <= 32) l[i] = (i << shift) >>> 0;
        else {
          l[i] = (i << shift) >>> 0;
          h[i] = i >>> (32 - shift);
        }
        if (level === levels && i >= 256)
          h[i] = ((h[i] as number) | (levels === 5 ? 0xfe000000 : 0xffff0000)) >>> 0;
      }
    }
    hi.push(h);
    lo.push(l);
  }
  return { hi, lo };
}

/**
 * Visits every present leaf reachable from CR3 in ascending VA order. Return `false` from `visit`
 * to stop early. Cycle-safe (depth = paging levels) and bounded (see `EnumerateOptions`).
 */
export function forEachLeaf(
  memory: PhysicalMemory,
  regs: Registers,
  visit: (leaf: LeafCursor) => boolean | void,
  options: EnumerateOptions = {},
): EnumerationStats {
  const mode = pagingMode(regs);
  const stats = {
    leaves: 0,
    truncated: false,
    stopped: false,
    tableFrames: 0,
    tablesOutsideMemory: 0,
    rootOutsideMemory: false,
    unsupported: mode.unsupported,
  };
  if (mode.unsupported) return stats;
  const maxLeaves = options.maxLeaves ?? DEFAULT_MAX_LEAVES;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const includeReserved = options.includeReserved ?? true;
  const nxe = mode.nxe;
  const rsvdHi = reservedHighMask(mode.maxPhyAddr, nxe);
  const { hi: contribHi, lo: contribLo } = indexContributions(mode.levels);

  // Per table frame: the indices of its present entries (a frame is scanned once however often it
  // is reached), and the frames known to have no present leaf below them at a given level.
  const presentIndex = new Map<number, { frame: Uint32Array; present: Uint16Array }>();
  const emptyBelow = new Set<number>();
  // Each scanned table's frame number, for the entry address of a skipped subtree.
  const pfnOf = new Map<object, number>();
  let entriesLeft = maxEntries;
  let stop = false;

  const cursor = emptyCursor();

  const tableOf = (pfn: number): { frame: Uint32Array; present: Uint16Array } | null => {
    let table = presentIndex.get(pfn);
    if (table === undefined) {
      const frame = memory.readFrame(pfn);
      if (frame === null) return null;
      let n = 0;
      for (let i = 0; i < 512; i++) if (((frame[i << 1] as number) & ENTRY_P) !== 0) n++;
      const present = new Uint16Array(n);
      n = 0;
      for (let i = 0; i < 512; i++) if (((frame[i << 1] as number) & ENTRY_P) !== 0) present[n++] = i;
      table = { frame, present };
      presentIndex.set(pfn, table);
      pfnOf.set(table, pfn);
      stats.tableFrames++;
      entriesLeft -= 512;
    }
    return table;
  };

  const walkTable = (
    level: number,
    table: { frame: Uint32Array; present: Uint16Array },
    baseHi: number,
    baseLo: number,
    andBits: number,
    xd: boolean,
    rsvd: boolean,
  ): void => {
    const { frame, present } = table;
    const tablePfn = pfnOf.get(table) ?? 0;
    const cHi = contribHi[level] as Uint32Array;
    const cLo = contribLo[level] as Uint32Array;
    entriesLeft -= present.length;
    if (entriesLeft < 0) {
      stats.truncated = true;
      stop = true;
      return;
    }
    for (let k = 0; k < present.length; k++) {
      const i = present[k] as number;
      const eLo = frame[i << 1] as number;
      const eHi = frame[(i << 1) | 1] as number;
      const vaHi = (baseHi | (cHi[i] as number)) >>> 0;
      const vaLo = (baseLo | (cLo[i] as number)) >>> 0;
      const bits = andBits & eLo;
      const xdHere = xd || (nxe && (eHi & ENTRY_XD_HI) !== 0);
      // A PS bit in a PML4E/PML5E is reserved, and such an entry is followed as a pointer, like QEMU.
      const rsvdHere = rsvd || hasReservedBits(eLo, eHi, level as Level, rsvdHi);
      if (isLeafAt(eLo, level as Level)) {
        const leafLevel = level as 1 | 2 | 3;
        if (rsvdHere && !includeReserved) continue;
        if (stats.leaves >= maxLeaves) {
          stats.truncated = true;
          stop = true;
          return;
        }
        stats.leaves++;
        cursor.vaHi = vaHi;
        cursor.vaLo = vaLo;
        cursor.pa = leafPageBase(eLo, eHi, leafLevel);
        cursor.pageSize = pageSizeOfLevel(leafLevel);
        cursor.level = leafLevel;
        cursor.entryLo = eLo >>> 0;
        cursor.entryHi = eHi >>> 0;
        cursor.user = (bits & ENTRY_US) !== 0;
        cursor.write = (bits & ENTRY_RW) !== 0;
        cursor.exec = !xdHere;
        cursor.reserved = rsvdHere;
        cursor.protectionKey = (eHi >>> 27) & 0xf;
        if (visit(cursor) === false) {
          stats.stopped = true;
          stop = true;
          return;
        }
        continue;
      }
      const pfn = nextTablePfn(eLo, eHi);
      const key = pfn * 8 + level - 1;
      if (emptyBelow.has(key)) continue;
      const next = tableOf(pfn);
      if (next === null) {
        stats.tablesOutsideMemory++;
        options.onSkipped?.({
          vaHi,
          vaLo,
          level: level as Level,
          entryAddr: tablePfn * 4096 + i * 8,
          entryLo: eLo >>> 0,
          entryHi: eHi >>> 0,
          reserved: hasReservedBits(eLo, eHi, level as Level, rsvdHi),
        });
        continue;
      }
      const before = stats.leaves;
      walkTable(level - 1, next, vaHi, vaLo, bits, xdHere, rsvdHere);
      if (stop) return;
      // Leaves skipped as reserved still make the subtree non-empty for another path only if
      // includeReserved is on; with it off, a path without reserved bits may still find them.
      if (stats.leaves === before && (includeReserved || !rsvdHere)) emptyBelow.add(key);
    }
  };

  const root = tableOf(mode.root / 4096);
  if (root === null) {
    stats.rootOutsideMemory = true;
    return stats;
  }
  walkTable(mode.levels, root, 0, 0, ENTRY_RW | ENTRY_US, false, false);
  return stats;
}

/** A leaf mapping kept after enumeration (`LeafCursor` copied, with exact `bigint` views on demand). */
export class LeafMapping {
  constructor(
    readonly vaHi: number,
    readonly vaLo: number,
    readonly pa: number,
    readonly pageSize: PageSize,
    readonly level: 1 | 2 | 3,
    readonly entryLo: number,
    readonly entryHi: number,
    readonly user: boolean,
    readonly write: boolean,
    readonly exec: boolean,
    readonly reserved: boolean,
    readonly protectionKey: number,
  ) {}

  static from(c: LeafCursor): LeafMapping {
    return new LeafMapping(
      c.vaHi,
      c.vaLo,
      c.pa,
      c.pageSize,
      c.level,
      c.entryLo,
      c.entryHi,
      c.user,
      c.write,
      c.exec,
      c.reserved,
      c.protectionKey,
    );
  }

  /** The canonical VA of the page. */
  get va(): VirtAddr {
    return fromWords(this.vaHi, this.vaLo) as VirtAddr;
  }

  /** The raw 64-bit leaf entry. */
  get raw(): bigint {
    return fromWords(this.entryHi, this.entryLo);
  }
}

export interface Enumeration extends EnumerationStats {
  readonly mappings: LeafMapping[];
}

/** Every present leaf reachable from CR3, in VA order (the array form of `forEachLeaf`). */
export function enumerateLeaves(
  memory: PhysicalMemory,
  regs: Registers,
  options: EnumerateOptions = {},
): Enumeration {
  const mappings: LeafMapping[] = [];
  const stats = forEachLeaf(memory, regs, (c) => void mappings.push(LeafMapping.from(c)), options);
  return { ...stats, mappings };
}

/** `urwx` / `-r--`: effective user, read (always), write and exec, as `pagewalk mappings` prints them. */
export function permissionLetters(p: {
  readonly user: boolean;
  readonly write: boolean;
  readonly exec: boolean;
}): string {
  return `${p.user ? "u" : "-"}r${p.write ? "w" : "-"}${p.exec ? "x" : "-"}`;
}

/**
 * QEMU `info tlb` letters of a leaf: XD, G, PS, D, A, PCD, PWT, U/S, R/W (a PTE's bit 7 is PAT,
 * which QEMU shows as "-").
 */
export function tlbLetters(leaf: LeafMapping): string {
  const lo = leaf.entryLo;
  const bit = (n: number, c: string): string => ((lo >>> n) & 1 ? c : "-");
  return (
    (leaf.entryHi >>> 31 ? "X" : "-") +
    bit(8, "G") +
    (leaf.level === 1 ? "-" : bit(7, "P")) +
    bit(6, "D") +
    bit(5, "A") +
    bit(4, "C") +
    bit(3, "T") +
    bit(2, "U") +
    bit(1, "W")
  );
}

export interface ReverseMatch {
  /** The VA that reaches `pa` exactly (page VA + offset of `pa` in the page). */
  readonly va: VirtAddr;
  readonly leaf: LeafMapping;
}

export interface ReverseLookup extends EnumerationStats {
  readonly pa: number;
  readonly matches: ReverseMatch[];
  /** More VAs than `maxResults` reach this PA: `matches` holds the first ones (in VA order). */
  readonly resultsTruncated: boolean;
}

export interface ReverseLookupOptions extends EnumerateOptions {
  /** At most this many VAs per physical address (default 100,000). */
  readonly maxResults?: number;
}

/** How many VAs `reverseLookup` keeps per physical address unless told otherwise. */
export const DEFAULT_MAX_REVERSE_RESULTS = 100_000;

/**
 * Every VA that reaches the physical address `pa`, in VA order: all aliases of its frame, through
 * any page size (a PA inside a 2 MiB or 1 GiB page is found at its offset in that page), including
 * the VAs of a recursive slot, through which a table frame is reached as a page (SDM vol. 3A §4.5).
 * A leaf whose walk has reserved bits maps nothing (every access faults with RSVD), so it is left
 * out. Bounded like `forEachLeaf`, plus `maxResults`; `truncated` says either bound was met.
 */
export function reverseLookup(
  memory: PhysicalMemory,
  regs: Registers,
  pa: number,
  options: ReverseLookupOptions = {},
): ReverseLookup {
  return reverseLookupMany(memory, regs, [pa], options)[0] as ReverseLookup;
}

/** `reverseLookup` of several physical addresses in one pass over the leaves (one answer per PA, in order). */
export function reverseLookupMany(
  memory: PhysicalMemory,
  regs: Registers,
  pas: readonly number[],
  options: ReverseLookupOptions = {},
): ReverseLookup[] {
  const maxResults = options.maxResults ?? DEFAULT_MAX_REVERSE_RESULTS;
  const found = pas.map(() => ({ matches: [] as ReverseMatch[], full: false }));
  const stats = forEachLeaf(
    memory,
    regs,
    (c) => {
      for (let k = 0; k < pas.length; k++) {
        const pa = pas[k] as number;
        if (pa < c.pa || pa >= c.pa + c.pageSize) continue;
        const at = found[k] as { matches: ReverseMatch[]; full: boolean };
        if (at.matches.length >= maxResults) {
          at.full = true;
          continue;
        }
        const leaf = LeafMapping.from(c);
        at.matches.push({ va: (leaf.va + BigInt(pa - c.pa)) as VirtAddr, leaf });
      }
      // Every answer is full: nothing further can be added.
      return !found.every((f) => f.full);
    },
    { ...options, includeReserved: options.includeReserved ?? false },
  );
  return pas.map((pa, k) => {
    const { matches, full } = found[k] as { matches: ReverseMatch[]; full: boolean };
    return {
      ...stats,
      stopped: false,
      pa,
      matches,
      resultsTruncated: full,
      truncated: stats.truncated || full,
    };
  });
}

/** A fresh cursor (what `forEachLeaf` fills, and `LeafList.read` reads rows into). */
export function emptyCursor(): LeafCursor {
  return {
    vaHi: 0,
    vaLo: 0,
    pa: 0,
    pageSize: 4096,
    level: 1,
    entryLo: 0,
    entryHi: 0,
    user: false,
    write: false,
    exec: false,
    reserved: false,
    protectionKey: 0,
  };
}
