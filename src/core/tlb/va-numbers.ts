/**
 * A VA's page number and paging-structure-cache prefix as plain numbers (a 64-bit VA divided by
 * 4 KiB or more fits a double exactly), computed on 32-bit words: TLB lookups stay off bigint
 * arithmetic (DESIGN §4).
 */
import type { Level, PageSize } from "../arch";

/**
 * A VA's two unsigned 32-bit words, without bigint arithmetic: store the VA in `vaCell[0]`, then
 * read `vaHalves[VA_HI]` and `vaHalves[VA_LO]` (valid until the next store). Plain typed-array
 * reads: a function returning the words through an object cost a TLB hit a tenth of its time.
 */
export const vaCell = new BigUint64Array(1);
export const vaHalves = new Uint32Array(vaCell.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
export const VA_LO = LITTLE_ENDIAN ? 0 : 1;
export const VA_HI = 1 - VA_LO;

/** 2^(32 − shift) for shifts below 32, 2^(shift − 32) above: no `**` on the hot path. */
const SCALE: readonly number[] = Array.from({ length: 64 }, (_, s) =>
  s < 32 ? 2 ** (32 - s) : 2 ** (s - 32),
);

/** The unsigned VA (words hi, lo) divided by 2^shift, shift ≥ 12. */
export function vaShifted(hi: number, lo: number, shift: number): number {
  if (shift >= 32) return Math.floor(hi / (SCALE[shift] as number));
  return hi * (SCALE[shift] as number) + (lo >>> shift);
}

export function shiftOfPageSize(size: PageSize): number {
  return size === 4096 ? 12 : size === 2097152 ? 21 : 30;
}

/** Bits of VA below the range one entry at `level` covers: 12 + 9·(level − 1). */
export function shiftOfLevel(level: Level): number {
  return 3 + 9 * level;
}

/** The offset of the VA (words) inside a page of `size`. */
export function offsetIn(lo: number, size: PageSize): number {
  return (lo & (size - 1)) >>> 0;
}
