/**
 * What a #PF error code says on its own (SDM vol. 3A §4.7, Figure 4-12): the access that faulted
 * and each bit in words. The words are the core's (`PF_BIT_NAMES`); this only reads them back.
 */
import { PF, PF_BIT_NAMES, type Access } from "../arch";

/** The bits a #PF error code can carry that Pagewalk models (P, W, U, RSVD, I, PK). */
export const MODELLED_PF_BITS = PF.P | PF.W | PF.U | PF.RSVD | PF.I | PF.PK;

/**
 * The access an error code describes: a fetch when I is set, else a write when W is set, else a
 * read; user mode when U is set. (A fetch without EFER.NXE and CR4.SMEP has I = 0 and reads as a
 * read: the error code cannot tell them apart.)
 */
export function accessOfErrorCode(code: number): Access {
  return {
    op: (code & PF.I) !== 0 ? "fetch" : (code & PF.W) !== 0 ? "write" : "read",
    mode: (code & PF.U) !== 0 ? "user" : "supervisor",
  };
}

/**
 * QEMU 7.2 reports a reserved-bit fault without P (error code 0x8 for 0x9, see the oracle's
 * README); the SDM says RSVD implies P. The error code as the SDM has it.
 */
export function sdmErrorCode(code: number): number {
  return (code & PF.RSVD) !== 0 ? code | PF.P : code;
}

/** "W = 1: the access was a write", one line per modelled bit. */
export function errorCodeBitLines(code: number): string[] {
  return PF_BIT_NAMES.map((b) => {
    const set = ((code >> b.bit) & 1) === 1;
    return `${b.name} = ${set ? 1 : 0}: ${set ? b.set : b.clear}`;
  });
}
