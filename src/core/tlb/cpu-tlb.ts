/**
 * One CPU's translation caches (SDM vol. 3A §4.10): four TLBs (data / instruction × 4 KiB / large
 * pages) and the paging-structure caches, with the CPU's registers, and what each access and each
 * invalidating instruction does to them. DESIGN §5 lists the rules; where the SDM lets a CPU choose
 * (evict early, use or ignore a stale entry), this model always does the same, documented thing:
 * LRU replacement, entries used until invalidated, the deepest paging-structure-cache entry used.
 *
 * The walk on a miss is the one walker (core/walk), run over the memory as the paging-structure
 * caches present it (psc-memory.ts); the access check on a hit is the walker's `checkAccess` on the
 * cached translation. No paging rule is spelled out here.
 */
import {
  CR0,
  CR4,
  cr3Pcid,
  isCanonicalWords,
  pagingMode,
  type Access,
  type PageSize,
  type PagingMode,
  type PhysAddr,
  type Registers,
  type VirtAddr,
} from "../arch";
import { EntryReader, Ram, type PhysicalMemory } from "../memory";
import { checkAccess, walk, type AccessVerdict, type WalkResult } from "../walk";
import { PscMemory, WritableMemory } from "./psc-memory";
import { SetAssociativeCache } from "./set-associative";
import { compareWithFresh, describeFresh, type Staleness } from "./staleness";
import { DEFAULT_TLB_CONFIG, type TlbConfig } from "./tlb-config";
import {
  PSC_LEVELS,
  TLB_NAMES,
  pathOf,
  tlbEntryOf,
  type PathEntry,
  type PscEntry,
  type PscLevel,
  type TlbEntry,
  type TlbName,
} from "./tlb-entry";
import { offsetIn, shiftOfLevel, shiftOfPageSize, vaShifted, vaWords, words } from "./va-numbers";

/** What one access did. */
export interface AccessOutcome {
  readonly va: VirtAddr;
  readonly access: Access;
  /** The PCID the lookup ran under. */
  readonly pcid: number;
  /** "hit": a TLB entry answered (a D re-walk still counts as the hit that started it). */
  readonly tlb: "hit" | "miss";
  /** The TLB that answered or was filled (null when no TLB takes part: #GP, paging off). */
  readonly tlbName: TlbName | null;
  /** The entry that answered (a hit), or the one the walk made (a miss that succeeded). */
  readonly entry: TlbEntry | null;
  readonly pa: PhysAddr | null;
  readonly pageSize: PageSize | null;
  readonly verdict: AccessVerdict;
  /** Set when the answer differs from a fresh walk of the current tables. */
  readonly stale: Staleness | null;
  /** A write hit an entry with D = 0: the CPU walked again to set D (SDM §4.8). */
  readonly dirtyRewalk: boolean;
  /** How many upper levels a miss's walk took from the paging-structure caches. */
  readonly pscLevels: number;
  /** The walk the CPU made (a miss, or a D re-walk); null for a plain hit. */
  readonly walk: WalkResult | null;
  /** TLB and paging-structure-cache entries a #PF invalidated (SDM §4.10.4.1). */
  readonly invalidated: number;
}

/** What an invalidating instruction did: how many entries it removed, or the #GP it raised. */
export interface OperationOutcome {
  readonly invalidated: number;
  /** A #GP the instruction raised instead (nothing changed), in one sentence. */
  readonly fault: string | null;
}

const done = (invalidated: number): OperationOutcome => ({ invalidated, fault: null });
const gp = (fault: string): OperationOutcome => ({ invalidated: 0, fault });

const reader = new EntryReader();

export class CpuTlb {
  regs: Registers;
  hits = 0;
  misses = 0;
  readonly config: TlbConfig;
  private readonly tlbs: Record<TlbName, SetAssociativeCache<TlbEntry>>;
  private readonly pscs: Record<PscLevel, SetAssociativeCache<PscEntry>>;
  private modeRegs: Registers | null = null;
  private modeValue: PagingMode | null = null;
  private pcidValue = 0;

  constructor(regs: Registers, config: TlbConfig = DEFAULT_TLB_CONFIG, copyOf?: CpuTlb) {
    this.regs = regs;
    this.config = config;
    if (copyOf) {
      this.hits = copyOf.hits;
      this.misses = copyOf.misses;
      this.tlbs = mapRecord(copyOf.tlbs, (c) => c.clone());
      this.pscs = mapRecord(copyOf.pscs, (c) => c.clone());
    } else {
      this.tlbs = {
        dtlb4k: new SetAssociativeCache(config.dtlb4k),
        dtlbLarge: new SetAssociativeCache(config.dtlbLarge),
        itlb4k: new SetAssociativeCache(config.itlb4k),
        itlbLarge: new SetAssociativeCache(config.itlbLarge),
      };
      const psc = (n: number) =>
        new SetAssociativeCache<PscEntry>({ entries: Math.max(n, 1), ways: Math.max(n, 1) });
      this.pscs = { 5: psc(config.pml5e), 4: psc(config.pml4e), 3: psc(config.pdpte), 2: psc(config.pde) };
    }
  }

  clone(): CpuTlb {
    return new CpuTlb(this.regs, this.config, this);
  }

  /** The PCID entries are made and found under: CR3 bits 11:0 with CR4.PCIDE = 1, else 0. */
  get pcid(): number {
    this.mode();
    return this.pcidValue;
  }

  /** The paging mode and PCID of the registers, decoded once per registers value. */
  private mode(): PagingMode {
    if (this.modeRegs !== this.regs || this.modeValue === null) {
      this.modeValue = pagingMode(this.regs);
      this.pcidValue = (this.regs.cr4 & CR4.PCIDE) !== 0 ? cr3Pcid(this.regs.cr3) : 0;
      this.modeRegs = this.regs;
    }
    return this.modeValue;
  }

  /** Performs one access through the TLB: a hit uses the cached translation, a miss walks and fills. */
  access(memory: PhysicalMemory, va: VirtAddr, access: Access): AccessOutcome {
    const mode = this.mode();
    vaWords(va);
    const { hi, lo } = words;
    if (mode.unsupported !== null || !isCanonicalWords(hi | 0, mode.levels)) {
      // #GP or paging off: no TLB is consulted or filled.
      const result = walk(memory, this.regs, va, access);
      return { ...NO_TLB, va, access, pcid: this.pcid, verdict: result.verdict, walk: result };
    }
    const pcid = this.pcidValue;
    const fetch = access.op === "fetch";
    const small = this.tlbs[fetch ? "itlb4k" : "dtlb4k"];
    const large = this.tlbs[fetch ? "itlbLarge" : "dtlbLarge"];
    let cache = small;
    let slot = findEntry(small, vaShifted(hi, lo, 12), 4096, pcid);
    if (slot < 0) {
      cache = large;
      slot = findEntry(large, vaShifted(hi, lo, 21), 2097152, pcid);
      if (slot < 0) slot = findEntry(large, vaShifted(hi, lo, 30), 1073741824, pcid);
    }
    if (slot < 0) {
      this.misses++;
      return this.miss(memory, va, access, mode, pcid, hi, lo, "miss");
    }
    this.hits++;
    cache.touch(slot);
    const entry = cache.at(slot) as TlbEntry;
    const verdict = checkAccess(entry.translation, mode, va, access);
    if (verdict.ok && access.op === "write" && !entry.dirty) {
      // SDM §4.8: D is set by a walk, so a write through an entry with D = 0 walks the tables
      // again (as they are now) and replaces the entry.
      removeEntry(cache, slot);
      return { ...this.miss(memory, va, access, mode, pcid, hi, lo, "hit"), dirtyRewalk: true };
    }
    const stale = this.staleness(memory, entry, va, access, mode);
    let invalidated = 0;
    if (!verdict.ok && verdict.exception === "#PF") invalidated = this.invalidateForFault(hi, lo, pcid);
    return {
      va,
      access,
      pcid,
      tlb: "hit",
      tlbName: tlbNameOf(fetch, cache === small),
      entry,
      pa: verdict.ok ? ((entry.frame + offsetIn(lo, entry.pageSize)) as PhysAddr) : null,
      pageSize: verdict.ok ? entry.pageSize : null,
      verdict,
      stale,
      dirtyRewalk: false,
      pscLevels: 0,
      walk: null,
      invalidated,
    };
  }

  private miss(
    memory: PhysicalMemory,
    va: VirtAddr,
    access: Access,
    mode: PagingMode,
    pcid: number,
    hi: number,
    lo: number,
    tlb: "hit" | "miss",
  ): AccessOutcome {
    const psc = this.deepestPsc(hi, lo, pcid, mode);
    // When the cached upper entries still say what the tables say, walking the tables gives the
    // same steps (and is the faster walk); otherwise the walk goes on from what the cache holds.
    const pscCurrent = psc !== null && sameWalkInputs(psc.mode, mode) && pathUnchanged(memory, psc.chain);
    const result = walk(
      psc && !pscCurrent ? new PscMemory(memory, psc.chain) : memory,
      this.regs,
      va,
      access,
    );
    const t = result.translation;
    const ok = result.verdict.ok && t.kind === "mapped";
    let stale: Staleness | null = null;
    if (pscCurrent) {
      // The walk is the fresh walk: nothing is stale.
    } else if (psc && t.kind === "mapped") {
      // A walk that began from cached upper entries may differ from the tables.
      stale = compareWithFresh(
        { frame: (t.pa - (t.pa % t.pageSize)) as PhysAddr, pageSize: t.pageSize, permissions: t.permissions },
        walk(memory, this.regs, va, access),
      );
    } else if (psc) {
      // The cached upper entries led to a fault: stale when the tables now translate.
      const fresh = walk(memory, this.regs, va, access);
      if (fresh.translation.kind === "mapped") stale = { kind: "fault", now: describeFresh(fresh), fresh };
    }
    const fetch = access.op === "fetch";
    let entry: TlbEntry | null = null;
    let tlbName: TlbName | null = null;
    let invalidated = 0;
    if (ok) {
      const path = pathOf(result);
      const size = t.pageSize;
      tlbName = tlbNameOf(fetch, size === 4096);
      const vpn = vaShifted(hi, lo, shiftOfPageSize(size));
      const stamp = stale === null ? memoryStamp(memory) : NO_STAMP;
      entry = tlbEntryOf(result, vpn, pcid, (this.regs.cr4 & CR4.PGE) !== 0, path, memory, stamp);
      this.tlbs[tlbName].insert(vpn, entry);
      // The levels the walk took from the paging-structure caches are there already.
      this.fillPsc(path, hi, lo, pcid, psc ? psc.chain.length : 0);
    } else if (!result.verdict.ok && result.verdict.exception === "#PF") {
      invalidated = this.invalidateForFault(hi, lo, pcid);
    }
    return {
      va,
      access,
      pcid,
      tlb,
      tlbName,
      entry,
      pa: ok ? t.pa : null,
      pageSize: ok ? t.pageSize : null,
      verdict: result.verdict,
      stale,
      dirtyRewalk: false,
      pscLevels: psc ? psc.chain.length : 0,
      walk: result,
      invalidated,
    };
  }

  /**
   * Whether a hit's answer differs from a fresh walk. Cheap when nothing changed: the entries the
   * walk read are re-read and the paging mode compared; only a difference costs a full walk.
   */
  private staleness(
    memory: PhysicalMemory,
    entry: TlbEntry,
    va: VirtAddr,
    access: Access,
    mode: PagingMode,
  ): Staleness | null {
    if (entry.memory === memory && entry.stamp !== NO_STAMP && entry.stamp === memoryStamp(memory)) {
      if (sameWalkInputs(entry.mode, mode)) return null; // nothing the walk read has changed
    }
    if (sameWalkInputs(entry.mode, mode) && pathUnchanged(memory, entry.path)) return null;
    return compareWithFresh(entry, walk(memory, this.regs, va, access));
  }

  /** The deepest paging-structure-cache entry for the VA under this PCID (SDM §4.10.3.2). */
  private deepestPsc(hi: number, lo: number, pcid: number, mode: PagingMode): PscEntry | null {
    for (let level = 2 as PscLevel; level <= mode.levels; level++) {
      const cache = this.pscs[level];
      const prefix = vaShifted(hi, lo, shiftOfLevel(level));
      for (let slot = 0; slot < cache.capacity; slot++) {
        const e = cache.at(slot);
        if (
          e !== null &&
          e.prefix === prefix &&
          e.pcid === pcid &&
          e.chain.length === mode.levels - level + 1
        ) {
          cache.touch(slot);
          return e;
        }
      }
    }
    return null;
  }

  /** Caches each upper-level entry of a successful walk that points to a table (SDM §4.10.3.1). */
  private fillPsc(path: readonly PathEntry[], hi: number, lo: number, pcid: number, cached: number): void {
    const mode = this.mode();
    for (let i = cached; i < path.length - 1; i++) {
      const level = (path[i] as PathEntry).level as PscLevel;
      if (this.pscCapacity(level) === 0) continue;
      const cache = this.pscs[level];
      const prefix = vaShifted(hi, lo, shiftOfLevel(level));
      const entry: PscEntry = { level, pcid, prefix, chain: path.slice(0, i + 1), mode };
      let slot = 0;
      for (; slot < cache.capacity; slot++) {
        const e = cache.at(slot);
        if (e !== null && e.prefix === prefix && e.pcid === pcid) break;
      }
      if (slot < cache.capacity) {
        cache.replace(slot, entry);
        cache.touch(slot);
      } else cache.insert(0, entry);
    }
  }

  private pscCapacity(level: PscLevel): number {
    return level === 5
      ? this.config.pml5e
      : level === 4
        ? this.config.pml4e
        : level === 3
          ? this.config.pdpte
          : this.config.pde;
  }

  // ------------------------------------------------------------------ invalidation (SDM §4.10.4) ---

  /** Removes TLB entries for the page holding the VA that match `which`, and PSC entries matching `psc`. */
  private invalidate(tlbMatch: (e: TlbEntry) => boolean, pscMatch: (e: PscEntry) => boolean): number {
    let n = 0;
    for (const name of TLB_NAMES) n += this.tlbs[name].removeWhere(tlbMatch);
    for (const level of PSC_LEVELS) n += this.pscs[level].removeWhere(pscMatch);
    return n;
  }

  /** SDM §4.10.4.1: a #PF invalidates the entries that would be used for the faulting VA. */
  private invalidateForFault(hi: number, lo: number, pcid: number): number {
    return this.invalidate(
      (e) => (e.global || e.pcid === pcid) && coversVa(e, hi, lo),
      (e) => e.pcid === pcid && e.prefix === vaShifted(hi, lo, shiftOfLevel(e.level)),
    );
  }

  /** INVLPG: the page's entries for the current PCID and its global ones; the current PCID's PSC. */
  invlpg(va: VirtAddr): OperationOutcome {
    vaWords(va);
    const { hi, lo } = words;
    const pcid = this.pcid;
    return done(
      this.invalidate(
        (e) => (e.global || e.pcid === pcid) && coversVa(e, hi, lo),
        (e) => e.pcid === pcid,
      ),
    );
  }

  /**
   * MOV to CR3 (`value` with bit 63): with CR4.PCIDE = 0 every non-global entry goes; with
   * PCIDE = 1 the new PCID's non-global entries, or none when bit 63 is 1. Bit 63 is not stored.
   */
  movCr3(value: bigint): OperationOutcome {
    const noFlush = (value >> 63n) & 1n;
    const cr3 = Number(value & ((1n << 52n) - 1n));
    const pcide = (this.regs.cr4 & CR4.PCIDE) !== 0;
    this.regs = { ...this.regs, cr3 };
    if (!pcide)
      return done(
        this.invalidate(
          (e) => !e.global,
          () => true,
        ),
      );
    if (noFlush === 1n) return done(0);
    const pcid = cr3Pcid(cr3);
    return done(
      this.invalidate(
        (e) => !e.global && e.pcid === pcid,
        (e) => e.pcid === pcid,
      ),
    );
  }

  /**
   * MOV to CR4: changing PGE or clearing PCIDE flushes everything (globals and every PCID);
   * changing PAE or setting SMEP flushes the current PCID's entries. Setting PCIDE while CR3
   * bits 11:0 are not 0 is a #GP.
   */
  movCr4(value: number): OperationOutcome {
    const old = this.regs.cr4;
    const changed = (old ^ value) >>> 0;
    const setBits = (value & ~old) >>> 0;
    if ((setBits & CR4.PCIDE) !== 0 && cr3Pcid(this.regs.cr3) !== 0)
      return gp("MOV to CR4 that sets PCIDE while CR3 bits 11:0 are not 0 is a #GP (SDM vol. 3A §4.10.1).");
    const pcid = this.pcid;
    this.regs = { ...this.regs, cr4: value >>> 0 };
    if ((changed & CR4.PGE) !== 0 || (old & CR4.PCIDE & ~value) !== 0)
      return done(
        this.invalidate(
          () => true,
          () => true,
        ),
      );
    if ((changed & CR4.PAE) !== 0 || (setBits & CR4.SMEP) !== 0)
      return done(
        this.invalidate(
          (e) => e.pcid === pcid,
          (e) => e.pcid === pcid,
        ),
      );
    return done(0);
  }

  /** MOV to CR0: clearing PG (or WP) flushes every TLB and cache, globals too. */
  movCr0(value: number): OperationOutcome {
    const old = this.regs.cr0;
    this.regs = { ...this.regs, cr0: value >>> 0 };
    const cleared = (old & ~value) >>> 0;
    if ((cleared & (CR0.PG | CR0.WP)) !== 0)
      return done(
        this.invalidate(
          () => true,
          () => true,
        ),
      );
    return done(0);
  }

  /**
   * INVPCID (SDM vol. 2, INVPCID): type 0 one address under one PCID, 1 one PCID, 2 everything
   * with globals, 3 everything but globals. Types 0 and 1 leave global entries; each type takes the
   * paging-structure caches of the PCIDs it names.
   */
  invpcid(type: number, pcid: number, va: VirtAddr): OperationOutcome {
    if (!(type >= 0 && type <= 3)) return gp(`INVPCID type ${type} is a #GP (types are 0–3).`);
    if (!(pcid >= 0 && pcid <= 0xfff)) return gp(`INVPCID with PCID ${pcid} is a #GP (PCIDs are 0–4095).`);
    if (type <= 1 && pcid !== 0 && (this.regs.cr4 & CR4.PCIDE) === 0)
      return gp(`INVPCID type ${type} with PCID ${pcid} while CR4.PCIDE = 0 is a #GP.`);
    switch (type) {
      case 0: {
        vaWords(va);
        const { hi, lo } = words;
        if (!isCanonicalWords(hi | 0, this.mode().levels))
          return gp("INVPCID type 0 with a non-canonical address is a #GP.");
        return done(
          this.invalidate(
            (e) => !e.global && e.pcid === pcid && coversVa(e, hi, lo),
            (e) => e.pcid === pcid,
          ),
        );
      }
      case 1:
        return done(
          this.invalidate(
            (e) => !e.global && e.pcid === pcid,
            (e) => e.pcid === pcid,
          ),
        );
      case 2:
        return done(
          this.invalidate(
            () => true,
            () => true,
          ),
        );
      default:
        return done(
          this.invalidate(
            (e) => !e.global,
            () => true,
          ),
        );
    }
  }

  /** Every TLB's entries with LRU ages, for display. */
  tlbEntries(name: TlbName): { entry: TlbEntry; set: number; age: number }[] {
    return this.tlbs[name].entries();
  }

  pscEntries(level: PscLevel): { entry: PscEntry; set: number; age: number }[] {
    return this.pscs[level].entries();
  }

  /** Whether a cached entry still says what a fresh walk says (for the panel's stale mark). */
  isEntryStale(memory: PhysicalMemory, entry: TlbEntry): boolean {
    const mode = this.mode();
    if (sameWalkInputs(entry.mode, mode) && pathUnchanged(memory, entry.path)) return false;
    const va = entry.pageVa;
    const fresh = walk(memory, this.regs, va, { op: "read", mode: "supervisor" });
    return compareWithFresh(entry, fresh) !== null;
  }
}

/** The TLB by kind of access and page size, without building its name. */
function tlbNameOf(fetch: boolean, small: boolean): TlbName {
  return fetch ? (small ? "itlb4k" : "itlbLarge") : small ? "dtlb4k" : "dtlbLarge";
}

/** A number that changes whenever the memory is written (Ram's write count, a trace's stores). */
const NO_STAMP = -1;
function memoryStamp(memory: PhysicalMemory): number {
  if (memory instanceof Ram) return memory.writes;
  if (memory instanceof WritableMemory) return memory.stamp;
  return NO_STAMP;
}

const NO_TLB = {
  tlb: "miss",
  tlbName: null,
  entry: null,
  pa: null,
  pageSize: null,
  stale: null,
  dirtyRewalk: false,
  pscLevels: 0,
  invalidated: 0,
} as const;

/** The slot of the entry for page `vpn` of `size` usable under `pcid`, or −1. */
function findEntry(cache: SetAssociativeCache<TlbEntry>, vpn: number, size: PageSize, pcid: number): number {
  const base = cache.base(vpn);
  for (let w = 0; w < cache.ways; w++) {
    const e = cache.at(base + w);
    if (e !== null && e.vpn === vpn && e.pageSize === size && (e.global || e.pcid === pcid)) return base + w;
  }
  return -1;
}

function removeEntry(cache: SetAssociativeCache<TlbEntry>, slot: number): void {
  const victim = cache.at(slot);
  cache.removeWhere((e) => e === victim);
}

function coversVa(e: TlbEntry, hi: number, lo: number): boolean {
  return e.vpn === vaShifted(hi, lo, shiftOfPageSize(e.pageSize));
}

/**
 * Whether a walk under `mode` would read the same entries as the cached one did under `m`, given
 * the same memory: the same root, depth and reserved-bit rules.
 */
function sameWalkInputs(m: PagingMode, mode: PagingMode): boolean {
  return (
    m === mode ||
    (m.root === mode.root &&
      m.levels === mode.levels &&
      m.nxe === mode.nxe &&
      m.maxPhyAddr === mode.maxPhyAddr)
  );
}

/** Whether every entry the walk read still holds the value it read. */
function pathUnchanged(memory: PhysicalMemory, path: readonly PathEntry[]): boolean {
  const table = reader.use(memory);
  for (let i = 0; i < path.length; i++) {
    const p = path[i] as PathEntry;
    if (!table.at((p.entryAddr - p.index * 8) / 4096)) return false;
    if (table.lo(p.index) >>> 0 !== p.lo || table.hi(p.index) >>> 0 !== p.hi) return false;
  }
  return true;
}

function mapRecord<K extends string | number, A, B>(record: Record<K, A>, f: (a: A) => B): Record<K, B> {
  const out = {} as Record<K, B>;
  for (const key of Object.keys(record) as K[]) out[key] = f(record[key]);
  return out;
}
