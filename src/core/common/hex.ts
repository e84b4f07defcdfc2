import { err, ok, type Result } from "./result";
import { quotable } from "./sentence";

/** 2^64 - 1: every value the core handles as a 64-bit register or entry fits below it. */
export const U64_MAX = (1n << 64n) - 1n;

/**
 * Parses a non-negative integer typed by a person: hex with or without `0x`, `_` or `'` or
 * spaces as digit separators (`ffff_8000_0000_0000`), or decimal with a `0d` prefix.
 * Bare digits are read as hex because addresses and entries are always written in hex here.
 */
export function parseU64(text: string, what = "value"): Result<bigint> {
  const trimmed = text.trim();
  if (trimmed === "") return err("empty", `${capitalize(what)} is empty.`);
  // Spaces between digits are groups ("ffff 8880 0000 0000"); two prefixed numbers are two numbers.
  if (trimmed.split(/\s+/).filter((word) => /^0[xd]/i.test(word)).length > 1)
    return err("malformed", `${capitalize(what)} "${quotable(trimmed)}" is more than one number.`);
  const compact = trimmed.replace(/[_'\s]/g, "");
  let digits = compact;
  let radix = 16;
  if (/^0x/i.test(compact)) digits = compact.slice(2);
  else if (/^0d/i.test(compact)) {
    digits = compact.slice(2);
    radix = 10;
  }
  const shown = quotable(trimmed);
  if (digits === "") return err("malformed", `${capitalize(what)} "${shown}" has no digits.`);
  const valid = radix === 16 ? /^[0-9a-f]+$/i : /^[0-9]+$/;
  if (!valid.test(digits)) {
    const bad = [...digits].find((c) => !(radix === 16 ? /[0-9a-f]/i : /[0-9]/).test(c));
    return err(
      "malformed",
      `${capitalize(what)} "${shown}" is not a ${radix === 16 ? "hex" : "decimal"} number (unexpected "${quotable(bad ?? "?")}").`,
    );
  }
  const value = radix === 16 ? BigInt("0x" + digits) : BigInt(digits);
  if (value > U64_MAX) return err("too-large", `${capitalize(what)} "${shown}" does not fit in 64 bits.`);
  return ok(value);
}

export interface HexOptions {
  /** Pad to this many hex digits (default: no padding). */
  readonly digits?: number;
  /** Insert `_` every 4 digits from the right, as the SDM and kernel sources often print. */
  readonly separators?: boolean;
  /** Prefix with `0x` (default true). */
  readonly prefix?: boolean;
}

/** Formats a number or bigint as lower-case hex. */
export function formatHex(value: bigint | number, options: HexOptions = {}): string {
  let digits = (typeof value === "bigint" ? value : BigInt(value)).toString(16);
  if (options.digits !== undefined) digits = digits.padStart(options.digits, "0");
  if (options.separators) digits = digits.replace(/\B(?=([0-9a-f]{4})+$)/g, "_");
  return (options.prefix === false ? "" : "0x") + digits;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
