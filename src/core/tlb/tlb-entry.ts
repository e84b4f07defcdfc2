/**
 * What the TLBs and paging-structure caches hold (SDM vol. 3A §4.10.2.2, §4.10.3.1), as immutable
 * values: a TLB entry is the page number, the frame, the rights combined over the whole walk, the
 * protection key, the dirty flag and "global", tagged with the PCID it was made under; a
 * paging-structure-cache entry is one upper-level entry (and the ones above it on its path) for a
 * range of VAs, under a PCID.
 *
 * Each entry also keeps the entries its walk read (`path`), so the model can tell cheaply whether
 * the tables still say the same (see staleness.ts) — a real CPU keeps nothing of the kind.
 */
import {
  type Access,
  ENTRY_D,
  ENTRY_G,
  type Level,
  type PageSize,
  type PagingMode,
  type PhysAddr,
  type VirtAddr,
} from "../arch";
import type { PhysicalMemory } from "../memory";
import { shiftOfPageSize } from "./va-numbers";
import { followed, type EffectivePermissions, type Translation, type WalkResult } from "../walk";

/** The four TLBs of a CPU: data or instruction, 4 KiB or large (2 MiB and 1 GiB) pages. */
export type TlbName = "dtlb4k" | "dtlbLarge" | "itlb4k" | "itlbLarge";
export const TLB_NAMES: readonly TlbName[] = ["dtlb4k", "dtlbLarge", "itlb4k", "itlbLarge"];
export const TLB_TITLES: Readonly<Record<TlbName, string>> = {
  dtlb4k: "DTLB 4 KiB",
  dtlbLarge: "DTLB 2 MiB/1 GiB",
  itlb4k: "ITLB 4 KiB",
  itlbLarge: "ITLB 2 MiB/1 GiB",
};

/** The upper levels whose entries the paging-structure caches hold. */
export type PscLevel = 5 | 4 | 3 | 2;
export const PSC_LEVELS: readonly PscLevel[] = [5, 4, 3, 2];
export const PSC_TITLES: Readonly<Record<PscLevel, string>> = {
  5: "PML5E cache",
  4: "PML4E cache",
  3: "PDPTE cache",
  2: "PDE cache",
};

/** One entry a walk read: where, and its two 32-bit halves (signed, as the RAM's words are). */
export interface PathEntry {
  readonly level: Level;
  readonly index: number;
  /** The frame number of the table it is in (a small integer, where an address may be a boxed double). */
  readonly tablePfn: number;
  readonly lo: number;
  readonly hi: number;
}

export interface TlbEntry {
  /** The page number: the VA (as an unsigned 64-bit number) divided by the page size. */
  readonly vpn: number;
  readonly pageSize: PageSize;
  /** The PCID it was made under (0 when CR4.PCIDE = 0). */
  readonly pcid: number;
  /** G = 1 in the leaf while CR4.PGE = 1: used under every PCID (SDM §4.10.2.4). */
  readonly global: boolean;
  /** The physical page's first address. */
  readonly frame: PhysAddr;
  readonly permissions: EffectivePermissions;
  /** D was 1 in the leaf, or the access that made the entry was a write (which sets it, §4.8). */
  readonly dirty: boolean;
  /**
   * The walk's translation, which the access check reads on every hit (it reads the rights and
   * the leaf level; `pa` is the address of the access that made the entry, not the frame).
   */
  readonly translation: Translation & { kind: "mapped" };
  /** The entries the walk read, top level first. */
  readonly path: readonly PathEntry[];
  /** The paging mode the walk ran under. */
  readonly mode: PagingMode;
  /** The memory the walk read and its write stamp then (−1: check the path instead). */
  readonly memory: PhysicalMemory;
  readonly stamp: number;
}

export interface PscEntry {
  readonly level: PscLevel;
  readonly pcid: number;
  /** The VA bits this entry covers, above the bits its level indexes (VA / 2^(12 + 9·(level−1))). */
  readonly prefix: number;
  /** The entries from the top level down to this one, as the walk read them. */
  readonly chain: readonly PathEntry[];
  /** The paging mode the walk ran under. */
  readonly mode: PagingMode;
  /** The memory the walk read and its write stamp then (−1: check the chain instead). */
  readonly memory: PhysicalMemory;
  readonly stamp: number;
}

/** A 64-bit cell seen as two words: an entry's halves without bigint arithmetic. */
const cell = new BigUint64Array(1);
const halves = new Int32Array(cell.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

export function pathOf(result: WalkResult): PathEntry[] {
  return result.steps.map((s) => {
    cell[0] = s.raw;
    return {
      level: s.level,
      index: s.index,
      tablePfn: s.tableAddr / 4096,
      lo: halves[LO] as number,
      hi: halves[1 - LO] as number,
    };
  });
}

/** The first VA of the range a paging-structure-cache entry covers (for display). */
export function pscRangeVa(entry: PscEntry): VirtAddr {
  const shift = BigInt(3 + 9 * entry.level);
  let va = BigInt(entry.prefix) << shift;
  if (va >> 63n === 1n) va &= (1n << 64n) - 1n;
  return va as VirtAddr;
}

/**
 * The entries the last `followTables` read (walk/follow.ts), top level first. `known`: entries a
 * paging-structure cache holds for the same walk, still equal to the tables, which are shared
 * rather than copied (a miss through the PDE cache makes only the PTE's).
 */
export function followedPath(mode: PagingMode, known: readonly PathEntry[]): PathEntry[] {
  const steps = followed.steps;
  const shared = Math.min(known.length, steps);
  // Sized once: a slice grown by a push allocates its backing store twice.
  const path = new Array<PathEntry>(steps);
  for (let i = 0; i < shared; i++) path[i] = known[i] as PathEntry;
  for (let i = shared; i < steps; i++) {
    const index = followed.index[i] as number;
    path[i] = {
      level: (mode.levels - i) as Level,
      index,
      tablePfn: (followed.tableAddr[i] as number) / 4096,
      lo: followed.lo[i] as number,
      hi: followed.hi[i] as number,
    };
  }
  return path;
}

/** A TLB entry's page's first VA (computed when shown: a bigint per entry made cost a replay). */
export function pageVaOf(entry: TlbEntry): VirtAddr {
  return (BigInt(entry.vpn) << BigInt(shiftOfPageSize(entry.pageSize))) as VirtAddr;
}

/**
 * The TLB entry a successful walk makes (SDM §4.10.2.2): `t` is the walk's translation, `frame`
 * its page's first physical address, `path` the entries it read, `pgeOn` CR4.PGE at the time.
 */
export function tlbEntryOf(
  t: Translation & { kind: "mapped" },
  frame: PhysAddr,
  access: Access,
  mode: PagingMode,
  vpn: number,
  pcid: number,
  pgeOn: boolean,
  path: readonly PathEntry[],
  memory: PhysicalMemory,
  stamp: number,
): TlbEntry {
  const leaf = path[path.length - 1] as PathEntry;
  return {
    vpn,
    pageSize: t.pageSize,
    pcid,
    global: pgeOn && (leaf.lo & ENTRY_G) !== 0,
    frame,
    permissions: t.permissions,
    dirty: (leaf.lo & ENTRY_D) !== 0 || access.op === "write",
    translation: t,
    path,
    mode,
    memory,
    stamp,
  };
}
