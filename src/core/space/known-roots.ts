/**
 * The top-level tables an address space knows of besides its own: other processes' CR3s, CR3s a
 * scenario's bookmarks load. Unmap frees a table only when none of them still reaches it, so a
 * table shared with another process (the kernel half) never goes back to the allocator while that
 * process uses it.
 */
import { formatPhysAddr, type PagingLevels } from "../arch";

/** A top-level table (what CR3 selects), read with its paging depth, and who uses it, for messages. */
export interface TableRoot {
  /** Physical address of the PML4 (or PML5). */
  readonly addr: number;
  readonly levels: PagingLevels;
  /** Who loads it, for people: "process B (CR3 0x4000)". */
  readonly name: string;
}

/** The name of a root nobody named: its CR3. */
export const rootName = (addr: number): string => `CR3 ${formatPhysAddr(addr)}`;

/**
 * The roots known to one or more address spaces. Spaces made from one another
 * (`AddressSpace.withKernelHalfOf`) share one set, so each knows the others' roots. The list only
 * grows; `list.length` tells a cache built on it whether it is still complete.
 */
export class KnownRoots {
  private readonly roots: TableRoot[] = [];

  constructor(roots: readonly TableRoot[] = []) {
    for (const root of roots) this.add(root);
  }

  get list(): readonly TableRoot[] {
    return this.roots;
  }

  /** Adds a root; one already known (same address and depth) keeps its first name. */
  add(root: TableRoot): void {
    if (!this.roots.some((r) => r.addr === root.addr && r.levels === root.levels)) this.roots.push(root);
  }
}
