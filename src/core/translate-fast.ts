/**
 * The allocation-free translate path, for callers that need only "which physical address, with
 * which permissions" many times (enumeration checks, benchmarks, hover previews).
 *
 * It applies the same rules as `translateTraced` — canonical check, P, reserved bits (MAXPHYADDR,
 * NXE, PS in PML4E/PML5E, huge-page alignment), tables outside RAM — but on 32-bit words with no
 * bigint and no objects: the VA comes in as two words and the answer is a number, with the
 * permissions left in fields of the translator. A property test keeps it equal to the traced walk.
 */
import { type PhysAddr } from "./address";
import { type Ram } from "./memory";
import { pagingMode, type Registers } from "./registers";

/** Returned instead of a physical address when the translation faults. */
export const FAULT = -1;

export const PERM_WRITE = 1;
export const PERM_USER = 2;
export const PERM_XD = 4;

export interface FastTranslator {
  /**
   * The hot path: translates the VA whose 64 bits are (hi, lo). True on success, and then `paLo`,
   * `paHi`, `perm` and `pageSize` describe the result. Returns a boolean, not the address, because
   * a 52-bit address is a double that V8 boxes (allocates) when it crosses a call.
   */
  translateWords(hi: number, lo: number): boolean;
  /** After a successful translate: physical-address bits 31:0 (as a signed 32-bit integer). */
  readonly paLo: number;
  /** After a successful translate: physical-address bits 51:32. */
  readonly paHi: number;
  /** After a successful translate: PERM_* bits of the effective permissions. */
  readonly perm: number;
  /** After a successful translate: the page size in bytes. */
  readonly pageSize: number;
  /** Convenience form: the PA as a number, or FAULT. */
  translate(hi: number, lo: number): number;
}

/**
 * Builds a translator over `ram` for the registers' paging mode. Registers are decoded once here;
 * RAM contents are read live, so the translator stays valid while RAM changes in place.
 */
export function createFastTranslator(ram: Ram, regs: Registers): FastTranslator {
  return new RamTranslator(ram, regs);
}

class RamTranslator implements FastTranslator {
  perm = 0;
  paLo = 0;
  paHi = 0;
  /** Level of the last leaf (1–3); kept instead of the size so the field stays a small integer. */
  private leafLevel = 1;
  private readonly levels: number;
  private readonly rootPfn: number;
  private readonly frameCount: number;
  private readonly store: Ram["store"];
  /** The RAM's slot table: fixed for a RAM (a fork is another RAM with its own). */
  private readonly slots: Int32Array;
  private readonly rsvdHi: number;
  private readonly signShift: number;
  /** PERM_XD when EFER.NXE = 1 (XD counts), else 0. */
  private readonly xdMask: number;

  get pageSize(): number {
    return this.leafLevel === 1 ? 4096 : this.leafLevel === 2 ? 2097152 : 1073741824;
  }

  constructor(ram: Ram, regs: Registers) {
    const mode = pagingMode(regs);
    this.levels = mode.levels;
    // Kept a small integer so every frame number in the loop is one. CR3 beyond RAM, or paging not
    // in a mode we model, starts the walk past the last frame: the first bound check then fails.
    this.rootPfn = mode.unsupported !== null ? ram.frameCount : Math.min(mode.root / 4096, ram.frameCount) | 0;
    this.frameCount = ram.frameCount;
    this.store = ram.store;
    this.slots = ram.slots;
    this.xdMask = mode.nxe ? PERM_XD : 0;
    // Reserved bits of the high word: address bits 51:MAXPHYADDR, and bit 63 without NXE.
    const maxPa = mode.maxPhyAddr;
    const addrRsvd = maxPa < 52 ? ((1 << 20) - 1) & ~((1 << (maxPa - 32)) - 1) : 0;
    this.rsvdHi = (addrRsvd | (mode.nxe ? 0 : 0x80000000)) | 0;
    // Canonical check on the high word: VA bits 63:47 (63:56 with LA57) all equal.
    this.signShift = mode.levels === 5 ? 24 : 15;
  }

  translate(hi: number, lo: number): number {
    return this.translateWords(hi, lo) ? this.paHi * 4294967296 + (this.paLo >>> 0) : FAULT;
  }

  translateWords(hi: number, lo: number): boolean {
    const top = hi >> this.signShift; // arithmetic shift: 0 or -1 when canonical
    if (top !== 0 && top !== -1) return false;
    // Re-read per call: the arena is replaced when it grows.
    const words = this.store.signedWords;
    const slots = this.slots;
    const frameCount = this.frameCount;
    const rsvdHi = this.rsvdHi;
    // The levels are unrolled: each one is two typed-array loads and a few integer tests. Permissions
    // are combined without branches (random pages make their bits unpredictable: a mispredicted
    // branch costs more than the whole level). Frame
    // numbers stay below 2^22 (RAM ≤ 16 GiB), so they are plain 32-bit integers throughout.
    let pfn = this.rootPfn;
    let w: number;
    let eLo: number;
    let eHi: number;
    let andBits = -1;
    let xd = 0;
    if (this.levels === 5) {
      if (pfn >= frameCount) return false;
      w = ((slots[pfn] as number) << 10) + (((hi >>> 16) & 511) << 1);
      eLo = words[w] as number;
      eHi = words[w + 1] as number;
      // P must be set; no reserved high bits; PS is reserved in a PML5E.
      if ((eLo & 0x81) !== 1 || (eHi & rsvdHi) !== 0 || (eHi & 0xfffff) >= 1024) return false;
      andBits = eLo;
      xd = eHi;
      pfn = (eHi << 20) | (eLo >>> 12);
    }
    // PML4
    if (pfn >= frameCount) return false;
    w = ((slots[pfn] as number) << 10) + (((hi >>> 7) & 511) << 1);
    eLo = words[w] as number;
    eHi = words[w + 1] as number;
    if ((eLo & 0x81) !== 1 || (eHi & rsvdHi) !== 0 || (eHi & 0xfffff) >= 1024) return false;
    andBits &= eLo;
    xd |= eHi;
    pfn = (eHi << 20) | (eLo >>> 12);
    // PDPT
    if (pfn >= frameCount) return false;
    w = ((slots[pfn] as number) << 10) + ((((lo >>> 30) | (hi << 2)) & 511) << 1);
    eLo = words[w] as number;
    eHi = words[w + 1] as number;
    if ((eLo & 1) === 0 || (eHi & rsvdHi) !== 0) return false;
    andBits &= eLo;
    xd |= eHi;
    if ((eLo & 0x80) !== 0) {
      if ((eLo & 0x3fffe000) !== 0) return false; // bits 29:13 of a 1 GiB leaf are reserved
      this.leafLevel = 3;
      this.perm = ((andBits >>> 1) & 3) | ((xd >>> 29) & this.xdMask);
      this.paHi = eHi & 0xfffff;
      this.paLo = (eLo & 0xc0000000) | (lo & 0x3fffffff);
      return true;
    }
    if ((eHi & 0xfffff) >= 1024) return false;
    pfn = (eHi << 20) | (eLo >>> 12);
    // PD
    if (pfn >= frameCount) return false;
    w = ((slots[pfn] as number) << 10) + (((lo >>> 21) & 511) << 1);
    eLo = words[w] as number;
    eHi = words[w + 1] as number;
    if ((eLo & 1) === 0 || (eHi & rsvdHi) !== 0) return false;
    andBits &= eLo;
    xd |= eHi;
    if ((eLo & 0x80) !== 0) {
      if ((eLo & 0x1fe000) !== 0) return false; // bits 20:13 of a 2 MiB leaf are reserved
      this.leafLevel = 2;
      this.perm = ((andBits >>> 1) & 3) | ((xd >>> 29) & this.xdMask);
      this.paHi = eHi & 0xfffff;
      this.paLo = (eLo & 0xffe00000) | (lo & 0x1fffff);
      return true;
    }
    if ((eHi & 0xfffff) >= 1024) return false;
    pfn = (eHi << 20) | (eLo >>> 12);
    // PT
    if (pfn >= frameCount) return false;
    w = ((slots[pfn] as number) << 10) + (((lo >>> 12) & 511) << 1);
    eLo = words[w] as number;
    eHi = words[w + 1] as number;
    if ((eLo & 1) === 0 || (eHi & rsvdHi) !== 0) return false;
    andBits &= eLo;
    xd |= eHi;
    this.leafLevel = 1;
    this.perm = ((andBits >>> 1) & 3) | ((xd >>> 29) & this.xdMask);
    this.paHi = eHi & 0xfffff;
    this.paLo = (eLo & 0xfffff000) | (lo & 0xfff);
    return true;
  }
}

/** Convenience wrapper for bigint VAs (not for hot loops). */
export function translateFast(translator: FastTranslator, va: bigint): PhysAddr | null {
  const pa = translator.translate(Number((va >> 32n) & 0xffffffffn) | 0, Number(va & 0xffffffffn) | 0);
  return pa === FAULT ? null : (pa as PhysAddr);
}
