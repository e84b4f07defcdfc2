/**
 * An address space as the diff sees it: every present leaf reachable from CR3 (the enumeration of
 * `inspect`), folded into runs of pages that are consecutive in VA and in PA with the same page
 * size, effective rights and memory type. Runs are maximal, so two spaces that translate every VA
 * alike (same PA, size, rights, type) have equal run lists, whatever tables produce them.
 *
 * Addresses are kept as 4 KiB page numbers: a canonical VA shifted right by 12 fits in 52 bits,
 * a safe JavaScript integer, so the diff never needs a `bigint` in its loop (DESIGN §4).
 */
import { fromWords, type PageSize, type Registers, type VirtAddr } from "../arch";
import { forEachLeaf, type EnumerateOptions, type EnumerationStats } from "../inspect";
import type { MemoryType, MemoryTypeResolver } from "../memtype";
import type { PhysicalMemory } from "../memory";

/** What a mapping is, apart from where it is: a run's attributes, and its PA at a given VA. */
export interface MappingAttributes {
  readonly pageSize: PageSize;
  /** Effective U/S, R/W and no-XD over the walk (SDM §4.6.1), and reserved bits on the path. */
  readonly user: boolean;
  readonly write: boolean;
  readonly exec: boolean;
  readonly reserved: boolean;
  readonly memoryType: MemoryType;
}

/** Pages [startVpn, endVpn) mapped to frames pfn, pfn + 1, …, all with the same attributes. */
export interface MappingRun extends MappingAttributes {
  readonly startVpn: number;
  /** Exclusive: at most 2^52, the page after the top of the address space. */
  readonly endVpn: number;
  /** Frame number (PA / 4 KiB) at `startVpn`. */
  readonly pfn: number;
}

const TWO_20 = 1 << 20;

/** The 4 KiB page number of a VA given as words (bits 63:32, 31:0). */
function vpnOfWords(vaHi: number, vaLo: number): number {
  return vaHi * TWO_20 + (vaLo >>> 12);
}

/** The VA of a page number (`2^64` for the end of the address space). */
export function vaOfVpn(vpn: number): bigint {
  return BigInt(vpn) << 12n;
}

export function sameAttributes(a: MappingAttributes, b: MappingAttributes): boolean {
  return (
    a.pageSize === b.pageSize &&
    a.user === b.user &&
    a.write === b.write &&
    a.exec === b.exec &&
    a.reserved === b.reserved &&
    a.memoryType === b.memoryType
  );
}

/**
 * Appends a run to a list kept maximal: it joins the last run when it starts where that one ends,
 * at the next frame, with the same attributes.
 */
export function pushRun(runs: MappingRun[], run: MappingRun): void {
  const last = runs[runs.length - 1];
  if (
    last !== undefined &&
    last.endVpn === run.startVpn &&
    last.pfn + (last.endVpn - last.startVpn) === run.pfn &&
    sameAttributes(last, run)
  ) {
    runs[runs.length - 1] = { ...last, endVpn: run.endVpn };
  } else runs.push(run);
}

export interface MappingRuns extends EnumerationStats {
  readonly runs: MappingRun[];
}

/** The maximal runs of an address space, in VA order. */
export function mappingRuns(
  memory: PhysicalMemory,
  regs: Registers,
  types: MemoryTypeResolver,
  options: EnumerateOptions = {},
): MappingRuns {
  const runs: MappingRun[] = [];
  // A mutable open run avoids an object per leaf (the Linux capture has 70,000 leaves).
  let open: { -readonly [K in keyof MappingRun]: MappingRun[K] } | null = null;
  const stats = forEachLeaf(
    memory,
    regs,
    (leaf) => {
      const startVpn = vpnOfWords(leaf.vaHi, leaf.vaLo);
      const pages = leaf.pageSize / 4096;
      const pfn = leaf.pa / 4096;
      const memoryType = types.typeOf(leaf.entryLo, leaf.level, leaf.pa, leaf.pageSize);
      if (
        open !== null &&
        open.endVpn === startVpn &&
        open.pfn + (open.endVpn - open.startVpn) === pfn &&
        open.pageSize === leaf.pageSize &&
        open.user === leaf.user &&
        open.write === leaf.write &&
        open.exec === leaf.exec &&
        open.reserved === leaf.reserved &&
        open.memoryType === memoryType
      ) {
        open.endVpn += pages;
        return;
      }
      if (open !== null) runs.push(open);
      open = {
        startVpn,
        endVpn: startVpn + pages,
        pfn,
        pageSize: leaf.pageSize,
        user: leaf.user,
        write: leaf.write,
        exec: leaf.exec,
        reserved: leaf.reserved,
        memoryType,
      };
    },
    options,
  );
  if (open !== null) runs.push(open);
  return { ...stats, runs };
}

/** The start VA of a run, exact. */
export function runStart(run: MappingRun): VirtAddr {
  return fromWords(Math.floor(run.startVpn / TWO_20), (run.startVpn % TWO_20) * 4096) as VirtAddr;
}
