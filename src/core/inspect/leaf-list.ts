/**
 * Every leaf of an address space kept in columns: the Linux kernel's ~70,000 leaves as a few typed
 * arrays instead of 70,000 objects, so that listing them for the Mappings panel costs about what
 * visiting them does. `at(i)` builds the `LeafMapping` of one row on demand (a view draws ~30).
 */
import type { EnumerationStats, EnumerateOptions, LeafCursor } from "./enumerate";
import { emptyCursor, forEachLeaf, LeafMapping } from "./enumerate";
import type { PhysicalMemory } from "../memory";
import { doubledColumns } from "./columns";
import type { PageSize, Registers } from "../arch";

const F_USER = 1;
const F_WRITE = 2;
const F_EXEC = 4;
const F_RESERVED = 8;

interface Columns {
  vaHi: Uint32Array;
  vaLo: Uint32Array;
  pa: Float64Array;
  entryLo: Uint32Array;
  entryHi: Uint32Array;
  /** Bits 1:0 the leaf level (1–3), bits 7:4 the U/W/X/RSVD flags above shifted by 4, … */
  info: Uint8Array;
  protectionKey: Uint8Array;
}

function columns(capacity: number): Columns {
  return {
    vaHi: new Uint32Array(capacity),
    vaLo: new Uint32Array(capacity),
    pa: new Float64Array(capacity),
    entryLo: new Uint32Array(capacity),
    entryHi: new Uint32Array(capacity),
    info: new Uint8Array(capacity),
    protectionKey: new Uint8Array(capacity),
  };
}

const SIZE_OF_LEVEL: readonly PageSize[] = [4096, 4096, 2097152, 1073741824];

/** Leaves in VA order, stored as columns. */
export class LeafList {
  constructor(
    private readonly data: Columns,
    readonly length: number,
  ) {}

  /** The leaf at `index` as an object (made on each call: keep it if you need it twice). */
  at(index: number): LeafMapping | undefined {
    return index >= 0 && index < this.length ? LeafMapping.from(this.read(index, emptyCursor())) : undefined;
  }

  /**
   * Copies row `index` into `cursor` (no allocation): what a filter or a fold reads. The cursor's
   * fields are the enumeration's (`LeafCursor`).
   */
  read(index: number, cursor: LeafCursor): LeafCursor {
    const d = this.data;
    const info = d.info[index] as number;
    const level = (info & 3) as 1 | 2 | 3;
    const flags = info >> 4;
    cursor.vaHi = d.vaHi[index] as number;
    cursor.vaLo = d.vaLo[index] as number;
    cursor.pa = d.pa[index] as number;
    cursor.level = level;
    cursor.pageSize = SIZE_OF_LEVEL[level] as PageSize;
    cursor.entryLo = d.entryLo[index] as number;
    cursor.entryHi = d.entryHi[index] as number;
    cursor.user = (flags & F_USER) !== 0;
    cursor.write = (flags & F_WRITE) !== 0;
    cursor.exec = (flags & F_EXEC) !== 0;
    cursor.reserved = (flags & F_RESERVED) !== 0;
    cursor.protectionKey = d.protectionKey[index] as number;
    return cursor;
  }
}

/**
 * Collects visited leaves into a `LeafList`; `push` each, then `finish`. Its columns start with room
 * for `capacity` rows and double when full.
 */
export class LeafListBuilder {
  private data: Columns;
  private n = 0;

  constructor(capacity = 1024) {
    this.data = columns(Math.max(16, capacity));
  }

  push(c: LeafCursor): void {
    if (this.n === this.data.info.length) this.grow();
    const d = this.data;
    const i = this.n++;
    d.vaHi[i] = c.vaHi;
    d.vaLo[i] = c.vaLo;
    d.pa[i] = c.pa;
    d.entryLo[i] = c.entryLo;
    d.entryHi[i] = c.entryHi;
    const flags =
      (c.user ? F_USER : 0) | (c.write ? F_WRITE : 0) | (c.exec ? F_EXEC : 0) | (c.reserved ? F_RESERVED : 0);
    d.info[i] = c.level | (flags << 4);
    d.protectionKey[i] = c.protectionKey;
  }

  finish(): LeafList {
    return new LeafList(this.data, this.n);
  }

  private grow(): void {
    this.data = doubledColumns(this.data, this.data.info.length, columns);
  }
}

export interface LeafListing extends EnumerationStats {
  readonly list: LeafList;
}

export interface ListLeavesOptions extends EnumerateOptions {
  /**
   * Rows to make room for at once: the leaves expected, such as the count of the same address space
   * before an edit. Typed arrays of megabytes are dear to allocate in a browser (zeroed pages, and
   * memory pressure that starts a collection): growing to the Linux tables' 70,726 leaves from 1,024
   * rows allocated and copied the columns seven times, most of the Mappings panel's cost of an edit.
   */
  readonly capacity?: number;
}

/** Every present leaf reachable from CR3, in VA order, in columns (`enumerateLeaves` without an object per leaf). */
export function listLeaves(
  memory: PhysicalMemory,
  regs: Registers,
  options: ListLeavesOptions = {},
): LeafListing {
  const builder = new LeafListBuilder(options.capacity);
  const stats = forEachLeaf(memory, regs, (c) => builder.push(c), options);
  return { ...stats, list: builder.finish() };
}
