/**
 * A page-fault handler written with the Rust `x86_64` crate prints its error code with `{:?}`:
 * `PageFaultErrorCode(CAUSED_BY_WRITE | USER_MODE)` (bitflags 2, x86_64 ≥ 0.15; `0x0` when empty)
 * or the bare names `CAUSED_BY_WRITE | USER_MODE` after "Error Code:" (bitflags 1, as in *Writing
 * an OS in Rust*), and the address from `Cr2::read()`: `Accessed Address: VirtAddr(0xdeadbeaf)`.
 */
import { err, ok, quotable, U64_MAX, type Result } from "../common";
import { virtAddr } from "../arch";
import type { FaultLog } from "./fault-log";
import { hexField, lineNumberOf, type LogLine } from "./log-lines";

/** The crate's flag names and their bits (x86_64 `structures::idt::PageFaultErrorCode`). */
const FLAG_BITS: Readonly<Record<string, number>> = {
  PROTECTION_VIOLATION: 1 << 0,
  CAUSED_BY_WRITE: 1 << 1,
  USER_MODE: 1 << 2,
  MALFORMED_TABLE: 1 << 3,
  INSTRUCTION_FETCH: 1 << 4,
  PROTECTION_KEY: 1 << 5,
  SHADOW_STACK: 1 << 6,
  SGX: 1 << 15,
  RMP: 2 ** 31,
};

export const WRAPPED = /PageFaultErrorCode\(([^)]*)\)/;
export const BARE = /Error Code:\s*([A-Z_]+(?:\s*\|\s*[A-Z_0-9x]+)*|\(empty\))\s*$/;

export function looksLikeX86_64Crate(lines: readonly LogLine[]): boolean {
  return lines.some((l) => WRAPPED.test(l.text) || BARE.test(l.text));
}

export function parseX86_64Crate(lines: readonly LogLine[]): Result<FaultLog> {
  const codeLine = lines.find((l) => WRAPPED.test(l.text) || BARE.test(l.text)) as LogLine;
  const flagsText = (WRAPPED.exec(codeLine.text) ?? BARE.exec(codeLine.text))?.[1]?.trim() ?? "";
  let errorCode = 0;
  if (flagsText !== "" && flagsText !== "(empty)") {
    for (const part of flagsText.split("|").map((p) => p.trim())) {
      const bit = FLAG_BITS[part];
      if (bit !== undefined) errorCode |= bit;
      else if (/^0x[0-9a-f]+$/i.test(part)) errorCode |= Number(BigInt(part) & 0xffffffffn);
      else
        return err(
          "garbled",
          `${lineNumberOf(codeLine)}: "${quotable(part)}" is not a PageFaultErrorCode flag (${Object.keys(FLAG_BITS).join(", ")}).`,
        );
    }
  }
  errorCode >>>= 0;
  const text = lines.map((l) => l.text).join("\n");
  const cr2 =
    hexField(text, /Accessed Address:\s*VirtAddr\(0x([0-9a-f]+)\)/i) ??
    hexField(text, /\bCR2\s*[:=]\s*(?:VirtAddr\()?(?:0x)?([0-9a-f]+)/i) ??
    hexField(text, /\baddress\s*[:=]\s*(?:VirtAddr\()?0x([0-9a-f]+)/i);
  if (cr2 === undefined) {
    return err(
      "truncated",
      `${lineNumberOf(codeLine)}: the error code is there but not the faulting address: add CR2 (e.g. "Accessed Address: VirtAddr(0x…)" or "CR2: 0x…").`,
    );
  }
  if (cr2 > U64_MAX)
    return err("garbled", `The faulting address 0x${quotable(cr2.toString(16))} does not fit in 64 bits.`);
  const rip = hexField(text, /instruction_pointer:\s*VirtAddr\(0x([0-9a-f]+)\)/i) ?? null;
  return ok({
    format: "x86_64-crate",
    va: virtAddr(cr2),
    errorCode,
    cpl: (errorCode & 4) !== 0 ? 3 : 0,
    registers: {},
    rip,
    oopsEntries: [],
    notes: [],
  });
}
