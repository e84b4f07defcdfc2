/**
 * How the Mappings panel writes addresses, sizes and permissions: 16 hex digits with a `_` in the
 * middle (`ffff8880_00000000`, as the graph and the issue write VA ranges), sizes in the largest
 * binary unit that divides them, and the effective rights in `info mem` letters with exec.
 */
import type { VirtAddr } from "../../core/arch";
import { formatCount } from "../../core/common";

export function formatVa(va: bigint): string {
  const digits = (va & 0xffff_ffff_ffff_ffffn).toString(16).padStart(16, "0");
  return `${digits.slice(0, 8)}_${digits.slice(8)}`;
}

/** An exclusive end of 2^64 (a range that reaches the top) is written as its last byte + 1. */
export function formatEnd(end: bigint): string {
  return end >= 1n << 64n ? "1_00000000_00000000" : formatVa(end);
}

export function formatPa(pa: number): string {
  return pa.toString(16).padStart(9, "0");
}

const UNITS: readonly [bigint, string][] = [
  [1n << 40n, "TiB"],
  [1n << 30n, "GiB"],
  [1n << 20n, "MiB"],
  [1n << 10n, "KiB"],
];

/** `4 KiB`, `608 KiB`, `2 MiB`, `512 GiB`: the largest unit that divides the size exactly. */
export function formatSize(bytes: bigint | number): string {
  const b = BigInt(bytes);
  for (const [unit, name] of UNITS) {
    if (b >= unit && b % unit === 0n) return `${formatCount(Number(b / unit))} ${name}`;
  }
  return `${formatCount(Number(b))} B`;
}

/** The same in words, for a tooltip and assistive technology. */
export function permissionWords(p: {
  user: boolean;
  write: boolean;
  exec: boolean;
  reserved?: boolean;
}): string {
  if (p.reserved) return "reserved bits set: every access faults";
  return `${p.user ? "user" : "supervisor only"}, ${p.write ? "writable" : "read-only"}, ${
    p.exec ? "executable" : "no-exec"
  }`;
}

/** The VA as the address bar reads it (the walk's input). */
export function vaInput(va: VirtAddr | bigint): string {
  return `0x${formatVa(va)}`;
}
