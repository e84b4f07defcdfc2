/**
 * Control registers that decide how a walk goes (SDM vol. 3A §4.1, §2.5, §4.6).
 *
 * Stored raw, as the CPU holds them, so that the CLI, scenario files and the UI agree on one
 * representation; `pagingMode()` decodes them once per walk.
 */
import { type PagingLevels, type PhysAddr } from "./address";

export interface Registers {
  /** CR0: PE (0), WP (16), PG (31). */
  readonly cr0: number;
  /** CR3: bits 51:12 the top-level table; 3 PWT and 4 PCD, or 11:0 PCID when CR4.PCIDE = 1. */
  readonly cr3: number;
  /** CR4: PSE (4), PAE (5), LA57 (12), PCIDE (17), SMEP (20), SMAP (21), PKE (22). */
  readonly cr4: number;
  /** IA32_EFER: LME (8), LMA (10), NXE (11). */
  readonly efer: number;
  /** PKRU: 2 bits per protection key, AD (2k) and WD (2k+1). */
  readonly pkru: number;
  /** RFLAGS: only AC (bit 18) matters here, for SMAP. */
  readonly rflags: number;
  /** Physical-address width reported by CPUID (36–52). */
  readonly maxPhyAddr: number;
}

// PG is written 0x80000000, not 1 << 31 (negative in JavaScript), so the constant is the register value itself;
// combine it with `(cr0 | CR0.PG) >>> 0` to keep the result unsigned.
export const CR0 = { PE: 1 << 0, WP: 1 << 16, PG: 0x80000000 } as const;
export const CR4 = {
  PSE: 1 << 4,
  PAE: 1 << 5,
  PGE: 1 << 7,
  LA57: 1 << 12,
  PCIDE: 1 << 17,
  SMEP: 1 << 20,
  SMAP: 1 << 21,
  PKE: 1 << 22,
} as const;
export const EFER = { SCE: 1 << 0, LME: 1 << 8, LMA: 1 << 10, NXE: 1 << 11 } as const;
export const RFLAGS_AC = 1 << 18;

/** The command-line defaults: CR0 = PG|WP|PE, CR4 = PAE, EFER = LME|LMA|NXE. */
export const DEFAULT_REGISTERS: Registers = {
  cr0: 0x80010001,
  cr3: 0,
  cr4: 0x20,
  efer: 0xd00,
  pkru: 0,
  rflags: 0,
  maxPhyAddr: 52,
};

export const MIN_MAXPHYADDR = 36;
export const MAX_MAXPHYADDR = 52;

const has = (value: number, flag: number): boolean => (value & flag) !== 0;

/** Everything a walk needs to know, decoded from the registers. */
export interface PagingMode {
  /** Null when long-mode paging is not on; the string says why. */
  readonly unsupported: string | null;
  readonly levels: PagingLevels;
  readonly root: PhysAddr;
  readonly wp: boolean;
  readonly nxe: boolean;
  readonly smep: boolean;
  readonly smap: boolean;
  readonly pke: boolean;
  readonly ac: boolean;
  readonly pkru: number;
  readonly maxPhyAddr: number;
}

/** CR3 bits 51:12 (the seed's `read_cr3_phys`): the top-level table, flags and PCID masked off. */
export function cr3Root(cr3: number): PhysAddr {
  return (cr3 - (cr3 % 4096)) as PhysAddr;
}

/** CR3 bits 11:0 as PCID (meaningful when CR4.PCIDE = 1). */
export function cr3Pcid(cr3: number): number {
  return cr3 % 4096;
}

/** The PCID translations are tagged with: CR3 bits 11:0 with CR4.PCIDE = 1, else 0 (SDM §4.10.1). */
export function currentPcid(regs: Registers): number {
  return has(regs.cr4, CR4.PCIDE) ? cr3Pcid(regs.cr3) : 0;
}

export function pagingMode(regs: Registers): PagingMode {
  const levels: PagingLevels = has(regs.cr4, CR4.LA57) ? 5 : 4;
  let unsupported: string | null = null;
  if (!has(regs.cr0, CR0.PG))
    unsupported = "Paging is off (CR0.PG = 0): linear addresses are physical addresses.";
  else if (!has(regs.cr4, CR4.PAE))
    unsupported = "CR4.PAE = 0 selects 32-bit paging, which Pagewalk does not model.";
  else if (!has(regs.efer, EFER.LME))
    unsupported = "EFER.LME = 0 selects PAE paging, which Pagewalk does not model.";
  return {
    unsupported,
    levels,
    root: cr3Root(regs.cr3),
    wp: has(regs.cr0, CR0.WP),
    nxe: has(regs.efer, EFER.NXE),
    smep: has(regs.cr4, CR4.SMEP),
    smap: has(regs.cr4, CR4.SMAP),
    pke: has(regs.cr4, CR4.PKE),
    ac: has(regs.rflags, RFLAGS_AC),
    pkru: regs.pkru >>> 0,
    maxPhyAddr: regs.maxPhyAddr,
  };
}

/**
 * Whether IA-32e mode is active (IA32_EFER.LMA = 1): the processor sets LMA when paging is enabled
 * with EFER.LME = 1 (SDM vol. 3A §10.8.5), so it is read from CR0.PG and EFER.LME rather than
 * from a stored LMA bit, which a register set may leave out.
 */
export function ia32eModeActive(regs: Registers): boolean {
  return has(regs.cr0, CR0.PG) && has(regs.efer, EFER.LME);
}

/**
 * The control-register bits a walk depends on: those `pagingMode` decodes, plus CR0.PE and CR4.PCIDE
 * (which decides whether CR3 bits 11:0 are PWT/PCD or a PCID). Other bits (CR0.ET, EFER.LMA,
 * CR4.OSXSAVE, …) do not change a walk, so two register sets that agree on these walk alike.
 */
export const WALK_CONTROL_BITS = {
  cr0: (CR0.PG | CR0.WP | CR0.PE) >>> 0,
  cr4: CR4.PAE | CR4.LA57 | CR4.PCIDE | CR4.SMEP | CR4.SMAP | CR4.PKE,
  efer: EFER.LME | EFER.NXE,
} as const;

/**
 * Whether a change of CR4 from `oldCr4` to `newCr4` turns PCIDE on while CR3 bits 11:0 are not 0:
 * a MOV to CR4 doing that is a #GP (SDM vol. 3A §4.10.1), so the PCID in force is always one a
 * MOV to CR3 loaded with PCIDE on.
 */
export function setsPcideOverPcidBits(oldCr4: number, newCr4: number, cr3: number): boolean {
  return (newCr4 & ~oldCr4 & CR4.PCIDE) !== 0 && cr3Pcid(cr3) !== 0;
}

/** Checks the registers for values no CPU accepts; returns one message per problem. */
export function validateRegisters(regs: Registers): string[] {
  const problems: string[] = [];
  if (
    !Number.isInteger(regs.maxPhyAddr) ||
    regs.maxPhyAddr < MIN_MAXPHYADDR ||
    regs.maxPhyAddr > MAX_MAXPHYADDR
  ) {
    problems.push(
      `MAXPHYADDR must be between ${MIN_MAXPHYADDR} and ${MAX_MAXPHYADDR}, got ${regs.maxPhyAddr}.`,
    );
  }
  if (!Number.isSafeInteger(regs.cr3) || regs.cr3 < 0 || regs.cr3 >= 2 ** 52) {
    problems.push("CR3 must be a 52-bit physical address with flag bits.");
  } else if (regs.cr3 >= 2 ** regs.maxPhyAddr) {
    problems.push(`CR3 points above MAXPHYADDR (${regs.maxPhyAddr} bits).`);
  }
  for (const [name, v] of [
    ["CR0", regs.cr0],
    ["CR4", regs.cr4],
    ["EFER", regs.efer],
    ["PKRU", regs.pkru],
    ["RFLAGS", regs.rflags],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) problems.push(`${name} must be a 32-bit value.`);
  }
  return problems;
}

/** Bits of PKRU for a key: access-disable and write-disable. */
export function pkruBits(pkru: number, key: number): { accessDisable: boolean; writeDisable: boolean } {
  return {
    accessDisable: ((pkru >>> (2 * key)) & 1) === 1,
    writeDisable: ((pkru >>> (2 * key + 1)) & 1) === 1,
  };
}
