/**
 * One CPU's translation caches (SDM vol. 3A §4.10): four TLBs (data / instruction × 4 KiB / large
 * pages) and the paging-structure caches, with the CPU's registers, and what each access and each
 * invalidating instruction does to them. DESIGN §5 lists the rules; where the SDM lets a CPU choose
 * (evict early, use or ignore a stale entry), this model always does the same, documented thing:
 * LRU replacement, entries used until invalidated, the deepest paging-structure-cache entry used.
 *
 * The walk on a miss is the one walker (core/walk): its table-following loop (`followTables`)
 * when the paging-structure caches agree with the tables, else the traced walk over the memory as
 * those caches present it (psc-memory.ts); the access check on a hit is the walker's `checkAccess`
 * on the cached translation. No paging rule is spelled out here.
 *
 * Speed (a million accesses replay in about 0.1 s): an access leaves what it did in one reused
 * record (`accessQuick` returns it; `access` builds the outcome object from it), a miss keeps its
 * walk as numbers until an outcome asks for steps, and lookups compare numbers in typed arrays
 * (set-associative.ts) before they load an entry.
 */
import {
  CR0,
  CR4,
  currentPcid,
  ia32eModeActive,
  isCanonicalWords,
  pagingMode,
  setsPcideOverPcidBits,
  type Access,
  type PageSize,
  type PagingMode,
  type PhysAddr,
  type Registers,
  type VirtAddr,
} from "../arch";
import { EntryReader, type PhysicalMemory } from "../memory";
import {
  ALLOWED,
  checkAccess,
  followTables,
  followedSteps,
  followedTranslation,
  walk,
  type AccessVerdict,
  type Translation,
  type WalkResult,
} from "../walk";
import { PscMemory } from "./psc-memory";
import { SetAssociativeCache } from "./set-associative";
import { compareWithFresh, describeFresh, type Staleness } from "./staleness";
import { DEFAULT_TLB_CONFIG, type TlbConfig } from "./tlb-config";
import {
  PSC_LEVELS,
  TLB_NAMES,
  followedPath,
  pageVaOf,
  pathOf,
  tlbEntryOf,
  type PathEntry,
  type PscEntry,
  type PscLevel,
  type TlbEntry,
  type TlbName,
} from "./tlb-entry";
import {
  VA_HI,
  VA_LO,
  offsetIn,
  shiftOfLevel,
  shiftOfPageSize,
  vaCell,
  vaHalves,
  vaShifted,
} from "./va-numbers";

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

/**
 * What `accessQuick` answers: one object per CPU, rewritten by each access (the JSON a trace
 * replay prints needs nothing more).
 */
export interface QuickOutcome {
  readonly hit: boolean;
  /** The physical address, or −1 when the access faulted. */
  readonly pa: number;
  /** The page size, or 0 when the access faulted. */
  readonly pageSize: number;
  readonly verdict: AccessVerdict;
  readonly stale: Staleness | null;
}

/** Everything one access did, from which `access` builds its outcome. */
class AccessRecord implements QuickOutcome {
  hit = false;
  pa = -1;
  pageSize = 0;
  verdict: AccessVerdict = { ok: true };
  stale: Staleness | null = null;
  tlbName: TlbName | null = null;
  entry: TlbEntry | null = null;
  dirtyRewalk = false;
  pscLevels = 0;
  invalidated = 0;
  /** Whether the access walked (a miss, a D re-walk, a #GP): the fields below are about that walk. */
  walked = false;
  /**
   * The walk as data, when the access made it so (#GP, a walk from stale cached entries); null after
   * a walk that is still the last `followTables` (walk/follow.ts).
   */
  walk: WalkResult | null = null;
  translation: Translation | null = null;
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
  /** See `memoEpoch`. */
  private epoch = 0;
  private memoMemory: PhysicalMemory | null = null;
  private memoStamp = NO_STAMP;
  private readonly result = new AccessRecord();

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
      this.pcidValue = currentPcid(this.regs);
      this.modeRegs = this.regs;
      this.nextEpoch();
    }
    return this.modeValue;
  }

  /** Performs one access through the TLB: a hit uses the cached translation, a miss walks and fills. */
  access(memory: PhysicalMemory, va: VirtAddr, access: Access): AccessOutcome {
    const r = this.accessQuick(memory, va, access) as AccessRecord;
    // The walk of a miss without stale upper entries is still in `followed`: only now, for a
    // caller who asked for the whole outcome, does it become steps (a bigint and object each).
    const walkResult = !r.walked
      ? null
      : (r.walk ?? {
          va,
          access,
          mode: this.mode(),
          steps: followedSteps(this.mode(), r.translation as Translation),
          translation: r.translation as Translation,
          verdict: r.verdict,
        });
    return {
      va,
      access,
      pcid: this.pcidValue,
      tlb: r.hit ? "hit" : "miss",
      tlbName: r.tlbName,
      entry: r.entry,
      pa: r.pa < 0 ? null : (r.pa as PhysAddr),
      pageSize: r.pageSize === 0 ? null : (r.pageSize as PageSize),
      verdict: r.verdict,
      stale: r.stale,
      dirtyRewalk: r.dirtyRewalk,
      pscLevels: r.walked ? r.pscLevels : 0,
      walk: walkResult,
      invalidated: r.invalidated,
    };
  }

  /**
   * The same access as `access`, with the same effect on the caches, for callers that replay many
   * and need only the answer: it returns this CPU's one reused result (valid until the next
   * access) and builds no outcome and no walk steps. `access` is this plus the outcome.
   */
  accessQuick(memory: PhysicalMemory, va: VirtAddr, access: Access): QuickOutcome {
    const r = this.result;
    const mode = this.mode();
    vaCell[0] = va;
    const hi = vaHalves[VA_HI] as number;
    const lo = vaHalves[VA_LO] as number;
    r.dirtyRewalk = false;
    if (mode.unsupported !== null || !isCanonicalWords(hi | 0, mode.levels)) {
      // #GP or paging off: no TLB is consulted or filled.
      const result = walk(memory, this.regs, va, access);
      r.hit = false;
      r.tlbName = null;
      r.entry = null;
      r.pa = -1;
      r.pageSize = 0;
      r.verdict = result.verdict;
      r.stale = null;
      r.invalidated = 0;
      r.walked = true;
      r.pscLevels = 0;
      r.walk = result;
      r.translation = result.translation;
      return r;
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
      r.hit = false;
      this.miss(memory, va, access, mode, pcid, hi, lo);
      return r;
    }
    this.hits++;
    r.hit = true;
    cache.touch(slot);
    const entry = cache.at(slot) as TlbEntry;
    // What this slot's memo says was checked already, under this mode and these tables.
    const bit = accessBit(access);
    const memo = cache.memo[slot] as number;
    const epoch = this.memoEpoch(memory);
    const current = memo >>> MEMO_KIND_BITS === epoch;
    const known = current && (memo & bit) !== 0;
    const verdict = known ? ALLOWED : checkAccess(entry.translation, mode, va, access);
    if (verdict.ok && access.op === "write" && !entry.dirty) {
      // SDM §4.8: D is set by a walk, so a write through an entry with D = 0 walks the tables
      // again (as they are now) and replaces the entry.
      removeEntry(cache, slot);
      this.miss(memory, va, access, mode, pcid, hi, lo);
      // A re-walk that faults invalidated the entry it replaced too (SDM §4.10.4.1), not only what
      // invalidateForFault still found.
      if (!r.verdict.ok && r.verdict.exception === "#PF") r.invalidated++;
      r.dirtyRewalk = true;
      return r;
    }
    r.stale = known ? null : this.staleness(memory, entry, va, access, mode);
    if (!known && verdict.ok && r.stale === null)
      cache.memo[slot] = (current ? memo : epoch << MEMO_KIND_BITS) | bit;
    r.invalidated = !verdict.ok && verdict.exception === "#PF" ? this.invalidateForFault(hi, lo, pcid) : 0;
    r.tlbName = tlbNameOf(fetch, cache === small);
    r.entry = entry;
    r.pa = verdict.ok ? entry.frame + offsetIn(lo, entry.pageSize) : -1;
    r.pageSize = verdict.ok ? entry.pageSize : 0;
    r.verdict = verdict;
    r.walked = false;
    return r;
  }

  /**
   * The epoch of the TLB slots' memos (set-associative.ts): a hit's verdict for one kind of access
   * and its freshness depend only on the entry, the paging mode and the tables (the VA only names
   * CR2 in a fault), so each slot keeps the access kinds it allowed, fresh, with the epoch, and a
   * replay's repeated hits skip both checks. The epoch moves with the mode and with every write to
   * the memory (each access, for a memory that counts no writes).
   */
  private nextEpoch(): void {
    this.epoch = (this.epoch + 1) & EPOCH_MASK;
    // After 2^25 epochs the numbers come round: no memo may survive to look current again.
    if (this.epoch === 0) for (const name of TLB_NAMES) this.tlbs[name].forgetMemos();
  }

  private memoEpoch(memory: PhysicalMemory): number {
    const stamp = memoryStamp(memory);
    if (memory !== this.memoMemory || stamp !== this.memoStamp || stamp === NO_STAMP) {
      this.memoMemory = memory;
      this.memoStamp = stamp;
      this.nextEpoch();
    }
    return this.epoch;
  }

  /** A miss (or a D re-walk): walks, through the paging-structure caches, and fills. */
  private miss(
    memory: PhysicalMemory,
    va: VirtAddr,
    access: Access,
    mode: PagingMode,
    pcid: number,
    hi: number,
    lo: number,
  ): void {
    const r = this.result;
    const psc = this.deepestPsc(hi, lo, pcid, mode);
    // When the cached upper entries still say what the tables say, walking the tables gives the
    // same steps (and is the faster walk); otherwise the walk goes on from what the cache holds.
    const pscCurrent =
      psc !== null &&
      sameWalkInputs(psc.mode, mode) &&
      (unchangedSince(memory, psc.memory, psc.stamp) || pathUnchanged(memory, psc.chain));
    let translation: Translation;
    let path: readonly PathEntry[] | null = null;
    let stale: Staleness | null = null;
    if (psc === null || pscCurrent) {
      // The walk is the fresh walk: nothing is stale. It stays as numbers (see `access`).
      followTables(memory, mode, hi, lo);
      translation = followedTranslation(mode);
      r.verdict = checkAccess(translation, mode, va, access);
      r.walk = null;
      if (translation.kind === "mapped") path = followedPath(mode, psc ? psc.chain : NO_PATH);
    } else {
      const result = walk(new PscMemory(memory, psc.chain), this.regs, va, access);
      translation = result.translation;
      r.verdict = result.verdict;
      r.walk = result;
      const t = translation;
      if (t.kind === "mapped") {
        path = pathOf(result);
        // A walk that began from cached upper entries may differ from the tables.
        stale = compareWithFresh(
          {
            frame: (t.pa - (t.pa % t.pageSize)) as PhysAddr,
            pageSize: t.pageSize,
            permissions: t.permissions,
          },
          walk(memory, this.regs, va, access),
        );
      } else {
        // The cached upper entries led to a fault: stale when the tables now translate.
        const fresh = walk(memory, this.regs, va, access);
        if (fresh.translation.kind === "mapped") stale = { kind: "fault", now: describeFresh(fresh), fresh };
      }
    }
    const t = translation;
    r.walked = true;
    r.translation = t;
    r.stale = stale;
    r.pscLevels = psc ? psc.chain.length : 0;
    r.invalidated = 0;
    if (r.verdict.ok && t.kind === "mapped" && path !== null) {
      const size = t.pageSize;
      const name = tlbNameOf(access.op === "fetch", size === 4096);
      const vpn = vaShifted(hi, lo, shiftOfPageSize(size));
      const stamp = stale === null ? memoryStamp(memory) : NO_STAMP;
      const pgeOn = (this.regs.cr4 & CR4.PGE) !== 0;
      const frame = (t.pa - offsetIn(lo, size)) as PhysAddr;
      const entry = tlbEntryOf(t, frame, access, mode, vpn, pcid, pgeOn, path, memory, stamp);
      this.tlbs[name].insert(vpn, entry);
      // The levels the walk took from the paging-structure caches are there already.
      // Upper entries read from the tables are stamped; ones a stale cache supplied are checked
      // entry by entry on each use.
      this.fillPsc(path, hi, lo, pcid, r.pscLevels, r.walk === null ? memoryStamp(memory) : NO_STAMP, memory);
      r.tlbName = name;
      r.entry = entry;
      r.pa = t.pa;
      r.pageSize = size;
    } else {
      if (!r.verdict.ok && r.verdict.exception === "#PF")
        r.invalidated = this.invalidateForFault(hi, lo, pcid);
      r.tlbName = null;
      r.entry = null;
      r.pa = -1;
      r.pageSize = 0;
    }
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
    if (
      sameWalkInputs(entry.mode, mode) &&
      (unchangedSince(memory, entry.memory, entry.stamp) || pathUnchanged(memory, entry.path))
    )
      return null;
    return compareWithFresh(entry, walk(memory, this.regs, va, access));
  }

  /** The deepest paging-structure-cache entry for the VA under this PCID (SDM §4.10.3.2). */
  private deepestPsc(hi: number, lo: number, pcid: number, mode: PagingMode): PscEntry | null {
    for (let level = 2 as PscLevel; level <= mode.levels; level++) {
      const cache = this.pscs[level];
      const prefix = vaShifted(hi, lo, shiftOfLevel(level));
      const slot = findPsc(cache, prefix, pcid);
      if (slot < 0) continue;
      const e = cache.at(slot) as PscEntry;
      if (e.chain.length === mode.levels - level + 1) {
        cache.touch(slot);
        return e;
      }
    }
    return null;
  }

  /** Caches each upper-level entry of a successful walk that points to a table (SDM §4.10.3.1). */
  private fillPsc(
    path: readonly PathEntry[],
    hi: number,
    lo: number,
    pcid: number,
    cached: number,
    stamp: number,
    memory: PhysicalMemory,
  ): void {
    const mode = this.mode();
    for (let i = cached; i < path.length - 1; i++) {
      const level = (path[i] as PathEntry).level as PscLevel;
      if (this.pscCapacity(level) === 0) continue;
      const cache = this.pscs[level];
      const prefix = vaShifted(hi, lo, shiftOfLevel(level));
      const entry: PscEntry = { level, pcid, prefix, chain: path.slice(0, i + 1), mode, memory, stamp };
      const slot = findPsc(cache, prefix, pcid);
      if (slot >= 0) {
        cache.replace(slot, entry);
        cache.touch(slot);
      } else cache.insert(0, entry, prefix);
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
    vaCell[0] = va;
    const hi = vaHalves[VA_HI] as number;
    const lo = vaHalves[VA_LO] as number;
    const pcid = this.pcid;
    return done(
      this.invalidate(
        (e) => (e.global || e.pcid === pcid) && coversVa(e, hi, lo),
        (e) => e.pcid === pcid,
      ),
    );
  }

  /**
   * MOV to CR3 (`value` with bit 63): with CR4.PCIDE = 0 PCID 0's non-global entries go (SDM vol. 3A
   * §4.10.4.1: entries of other PCIDs, left from a time PCIDE was 1 — only a replayed state has them,
   * since clearing PCIDE flushes everything — stay); with PCIDE = 1 the new PCID's non-global
   * entries, or none when bit 63 is 1. Bit 63 is not stored.
   * A value with bits set at or above MAXPHYADDR (bit 63 too, with PCIDE = 0) is a #GP and changes nothing.
   */
  movCr3(value: bigint): OperationOutcome {
    const pcide = (this.regs.cr4 & CR4.PCIDE) !== 0;
    // Bit 63 is the no-flush bit only with PCIDE = 1; any other bit at or above MAXPHYADDR is reserved.
    const noFlush = pcide ? (value >> 63n) & 1n : 0n;
    const bits = pcide ? value & ~(1n << 63n) : value;
    if (bits >> BigInt(this.regs.maxPhyAddr) !== 0n)
      return gp(
        `MOV to CR3 of 0x${value.toString(16)} sets bits above MAXPHYADDR (${this.regs.maxPhyAddr})${!pcide && value >> 63n !== 0n ? " (bit 63 is the no-flush bit only with CR4.PCIDE = 1)" : ""}: a #GP (SDM vol. 3A §4.5).`,
      );
    const cr3 = Number(bits);
    this.regs = { ...this.regs, cr3 };
    if (noFlush === 1n) return done(0);
    // With PCIDE = 0 the current PCID is 0 whatever CR3 bits 11:0 hold (they are PWT/PCD then).
    const pcid = this.pcid;
    return done(
      this.invalidate(
        (e) => !e.global && e.pcid === pcid,
        (e) => e.pcid === pcid,
      ),
    );
  }

  /**
   * MOV to CR4: changing PGE or clearing PCIDE flushes everything (globals and every PCID);
   * changing PAE or setting SMEP flushes the current PCID's entries. A #GP that changes nothing:
   * setting PCIDE while CR3 bits 11:0 are not 0, and, in IA-32e mode, clearing PAE (which would
   * leave it) or changing LA57 (SDM vol. 3A §4.1.2; paging goes off with CR0.PG first).
   */
  movCr4(value: number): OperationOutcome {
    const old = this.regs.cr4;
    const changed = (old ^ value) >>> 0;
    const setBits = (value & ~old) >>> 0;
    if (ia32eModeActive(this.regs)) {
      if ((old & CR4.PAE & ~value) !== 0)
        return gp(
          "MOV to CR4 that clears PAE in IA-32e mode is a #GP (SDM vol. 3A §4.1.2): clear CR0.PG first.",
        );
      if ((changed & CR4.LA57) !== 0)
        return gp(
          "MOV to CR4 that changes LA57 in IA-32e mode is a #GP (SDM vol. 3A §4.1.2): clear CR0.PG first.",
        );
    }
    if (setsPcideOverPcidBits(old, value, this.regs.cr3))
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
        vaCell[0] = va;
        const hi = vaHalves[VA_HI] as number;
        const lo = vaHalves[VA_LO] as number;
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
    const read: Access = { op: "read", mode: "supervisor" };
    return this.staleness(memory, entry, pageVaOf(entry), read, this.mode()) !== null;
  }
}

/** The TLB by kind of access and page size, without building its name. */
function tlbNameOf(fetch: boolean, small: boolean): TlbName {
  return fetch ? (small ? "itlb4k" : "itlbLarge") : small ? "dtlb4k" : "dtlbLarge";
}

/**
 * A number that changes whenever the memory is written: its write count (`PhysicalMemory.writes`:
 * a RAM's, a trace's memory's), one property read rather than a class test on every hit.
 */
const NO_STAMP = -1;
function memoryStamp(memory: PhysicalMemory): number {
  return memory.writes ?? NO_STAMP;
}

const NO_PATH: readonly PathEntry[] = [];

/** A slot memo: the epoch above six bits, one per access kind (see `memoEpoch`). */
const MEMO_KIND_BITS = 6;
const EPOCH_MASK = (1 << (31 - MEMO_KIND_BITS)) - 1;

/** The access's bit among the six kinds: read, write, fetch, each supervisor or user. */
function accessBit(access: Access): number {
  const op = access.op === "read" ? 1 : access.op === "write" ? 2 : 4;
  return access.mode === "user" ? op << 3 : op;
}

/** Whether `memory` is the one stamped `stamp` and has not been written since. */
function unchangedSince(memory: PhysicalMemory, stamped: PhysicalMemory, stamp: number): boolean {
  return stamped === memory && stamp !== NO_STAMP && stamp === memoryStamp(memory);
}

/** The slot of the paging-structure-cache entry for `prefix` under `pcid`, or −1. */
function findPsc(cache: SetAssociativeCache<PscEntry>, prefix: number, pcid: number): number {
  const tags = cache.tags;
  for (let slot = 0; slot < tags.length; slot++)
    if (tags[slot] === prefix && (cache.at(slot) as PscEntry).pcid === pcid) return slot;
  return -1;
}

/** The slot of the entry for page `vpn` of `size` usable under `pcid`, or −1. */
function findEntry(cache: SetAssociativeCache<TlbEntry>, vpn: number, size: PageSize, pcid: number): number {
  const base = cache.base(vpn);
  const tags = cache.tags;
  for (let slot = base; slot < base + cache.ways; slot++) {
    if (tags[slot] !== vpn) continue;
    const e = cache.at(slot) as TlbEntry;
    if (e.pageSize === size && (e.global || e.pcid === pcid)) return slot;
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
    if (!table.at(p.tablePfn)) return false;
    if ((table.lo(p.index) | 0) !== p.lo || (table.hi(p.index) | 0) !== p.hi) return false;
  }
  return true;
}

function mapRecord<K extends string | number, A, B>(record: Record<K, A>, f: (a: A) => B): Record<K, B> {
  const out = {} as Record<K, B>;
  for (const key of Object.keys(record) as K[]) out[key] = f(record[key]);
  return out;
}
