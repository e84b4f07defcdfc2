/**
 * How large each translation cache of one CPU is (SDM vol. 3A §4.10.2–4.10.3 leave the sizes to the
 * implementation; CPUID leaf 18H reports them). The defaults are those of a recent Intel core's
 * first-level TLBs (Skylake: 64-entry 4-way DTLB and 32-entry 4-way large-page DTLB, 128-entry
 * 8-way ITLB, 8-entry fully associative large-page ITLB) and small paging-structure caches; the
 * second-level shared TLB is not modelled.
 */

/** One set-associative cache: `entries` slots in `entries / ways` sets (a power of two). */
export interface CacheShape {
  readonly entries: number;
  readonly ways: number;
}

export interface TlbConfig {
  /** Data TLB for 4 KiB pages. */
  readonly dtlb4k: CacheShape;
  /** Data TLB for 2 MiB and 1 GiB pages. */
  readonly dtlbLarge: CacheShape;
  /** Instruction TLB for 4 KiB pages. */
  readonly itlb4k: CacheShape;
  /** Instruction TLB for 2 MiB and 1 GiB pages. */
  readonly itlbLarge: CacheShape;
  /** Paging-structure caches (SDM §4.10.3), fully associative: entries per level. */
  readonly pml5e: number;
  readonly pml4e: number;
  readonly pdpte: number;
  readonly pde: number;
}

export const DEFAULT_TLB_CONFIG: TlbConfig = {
  dtlb4k: { entries: 64, ways: 4 },
  dtlbLarge: { entries: 32, ways: 4 },
  itlb4k: { entries: 128, ways: 8 },
  itlbLarge: { entries: 8, ways: 8 },
  pml5e: 2,
  pml4e: 4,
  pdpte: 4,
  pde: 32,
};

/** The largest cache the model accepts (the reach plot walks up to 8,192 pages). */
export const MAX_CACHE_ENTRIES = 65536;

/** The problems of a configuration, one sentence each (empty when it is usable). */
export function validateTlbConfig(config: TlbConfig): string[] {
  const problems: string[] = [];
  for (const name of ["dtlb4k", "dtlbLarge", "itlb4k", "itlbLarge"] as const) {
    const { entries, ways } = config[name];
    if (!Number.isInteger(entries) || entries < 1 || entries > MAX_CACHE_ENTRIES)
      problems.push(`${name}: entries must be a whole number 1–${MAX_CACHE_ENTRIES}, got ${entries}.`);
    else if (!Number.isInteger(ways) || ways < 1 || entries % ways !== 0)
      problems.push(`${name}: ways must divide the ${entries} entries, got ${ways}.`);
    else if (!isPowerOfTwo(entries / ways))
      problems.push(`${name}: the number of sets (${entries} / ${ways}) must be a power of two.`);
  }
  for (const name of ["pml5e", "pml4e", "pdpte", "pde"] as const) {
    const n = config[name];
    if (!Number.isInteger(n) || n < 0 || n > MAX_CACHE_ENTRIES)
      problems.push(`${name}: entries must be a whole number 0–${MAX_CACHE_ENTRIES}, got ${n}.`);
  }
  return problems;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && (n & (n - 1)) === 0;
}
