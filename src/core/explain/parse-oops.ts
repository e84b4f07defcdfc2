/**
 * A Linux x86-64 page-fault oops (arch/x86/mm/fault.c `show_fault_oops` and `dump_pagetable`):
 *
 *   BUG: unable to handle page fault for address: ffffc90000a3f000
 *   #PF: supervisor write access in kernel mode
 *   #PF: error_code(0x0002) - not-present page
 *   PGD 100000067 P4D 100000067 PUD 1001b6067 PMD 1001c3067 PTE 0
 *   Oops: 0002 [#1] PREEMPT SMP NOPTI
 *   …
 *   CR2: ffffc90000a3f000 CR3: 000000000240a000 CR4: 0000000000350ef0
 */
import { err, ok, quotable, U64_MAX, type Result } from "../common";
import { virtAddr } from "../arch";
import type { FaultLog, LoggedRegisters, OopsEntry } from "./fault-log";
import { hexField, lineNumberOf, type LogLine } from "./log-lines";

export const ADDRESS_LINE =
  /(?:BUG: unable to handle page fault for address:|BUG: kernel NULL pointer dereference, address:|unable to handle kernel paging request at)\s*([0-9a-fx]+)/i;
export const ERROR_CODE_LINE = /#PF: error_code\((0x[0-9a-f]+)\)/i;
const ACCESS_LINE = /#PF: (supervisor|user) (read|write|instruction fetch) access in (kernel|user) mode/i;
const OOPS_LINE = /\bOops: ([0-9a-f]{4})\b/i;
const ENTRY_NAMES = ["PGD", "P4D", "PUD", "PMD", "PTE"] as const;

export function looksLikeOops(lines: readonly LogLine[]): boolean {
  return lines.some(
    (l) => ADDRESS_LINE.test(l.text) || ERROR_CODE_LINE.test(l.text) || OOPS_LINE.test(l.text),
  );
}

export function parseOops(lines: readonly LogLine[]): Result<FaultLog> {
  const text = lines.map((l) => l.text).join("\n");
  const addressLine = lines.find((l) => ADDRESS_LINE.test(l.text));
  const cr2 = hexField(text, /\bCR2: ([0-9a-f]+)/i);
  const addressText = addressLine ? (ADDRESS_LINE.exec(addressLine.text)?.[1] as string) : undefined;
  let va: bigint | undefined;
  if (addressText !== undefined) {
    if (!/^(0x)?[0-9a-f]+$/i.test(addressText))
      return err(
        "garbled",
        `${lineNumberOf(addressLine)}: the fault address "${quotable(addressText)}" is not hex.`,
      );
    va = BigInt(addressText.startsWith("0x") ? addressText : "0x" + addressText);
    if (va > U64_MAX)
      return err(
        "garbled",
        `${lineNumberOf(addressLine)}: the fault address "${quotable(addressText)}" does not fit in 64 bits.`,
      );
  } else va = cr2;
  if (va !== undefined && va > U64_MAX)
    return err("garbled", `CR2 0x${quotable(va.toString(16))} does not fit in 64 bits.`);
  if (va === undefined) {
    return err(
      "truncated",
      'The oops has no faulting address: neither a "BUG: unable to handle page fault for address: …" line nor "CR2: …". Paste the whole oops.',
    );
  }
  const code =
    hexField(text, /#PF: error_code\(0x([0-9a-f]+)\)/i) ?? hexField(text, /\bOops: ([0-9a-f]{4})\b/i);
  if (code === undefined) {
    return err(
      "truncated",
      'The oops has no error code: neither "#PF: error_code(0x…)" nor "Oops: NNNN". Paste the whole oops.',
    );
  }
  const errorCode = Number(code & 0xffffn);
  const notes: string[] = [];
  const access = lines.map((l) => ACCESS_LINE.exec(l.text)).find((m) => m !== null);
  if (access) {
    const user = access[3]?.toLowerCase() === "user";
    if (user !== ((errorCode & 4) !== 0))
      notes.push(
        `The oops says "${access[0].slice(5)}" but its error code 0x${errorCode.toString(16)} says otherwise.`,
      );
  }
  if (cr2 !== undefined && va !== cr2)
    notes.push(`The BUG line's address differs from CR2 0x${cr2.toString(16)}; the BUG line's is used.`);
  const entries = oopsEntries(lines);
  if (!entries.ok) return entries;
  const registers: { -readonly [K in keyof LoggedRegisters]: LoggedRegisters[K] } = {};
  const cr0 = hexField(text, /\bCR0: ([0-9a-f]+)/i);
  const cr3 = hexField(text, /\bCR3: ([0-9a-f]+)/i);
  const cr4 = hexField(text, /\bCR4: ([0-9a-f]+)/i);
  if (cr0 !== undefined) registers.cr0 = Number(cr0 & 0xffffffffn);
  if (cr3 !== undefined) registers.cr3 = Number(cr3 & 0x000f_ffff_ffff_ffffn);
  if (cr4 !== undefined) registers.cr4 = Number(cr4 & 0xffffffffn);
  const rip = hexField(text, /\bRIP: [0-9a-f]{4}:([0-9a-f]{16})\b/i) ?? null;
  return ok({
    format: "linux-oops",
    va: virtAddr(va & 0xffff_ffff_ffff_ffffn),
    errorCode,
    cpl: (errorCode & 4) !== 0 ? 3 : 0,
    registers,
    rip,
    oopsEntries: entries.value,
    notes,
  });
}

/** The `PGD … P4D … PUD … PMD … PTE …` line: names in order, each with a hex value. */
function oopsEntries(lines: readonly LogLine[]): Result<OopsEntry[]> {
  const line = lines.find((l) => /^\s*PGD [0-9a-z]+/i.test(l.text));
  if (line === undefined) return ok([]);
  const tokens = line.text.trim().split(/\s+/);
  const entries: OopsEntry[] = [];
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    const name = tokens[i] as string;
    const value = tokens[i + 1] as string;
    const expected = ENTRY_NAMES[entries.length];
    if (name !== expected) {
      if (entries.length > 0 && !ENTRY_NAMES.includes(name as OopsEntry["name"])) break; // text after the entries
      return err(
        "garbled",
        `${lineNumberOf(line)}: expected ${expected ?? "no more entries"} but found "${quotable(name)}".`,
      );
    }
    if (!/^[0-9a-f]+$/i.test(value))
      return err("garbled", `${lineNumberOf(line)}: the ${name} value "${quotable(value)}" is not hex.`);
    if (BigInt("0x" + value) > U64_MAX)
      return err(
        "garbled",
        `${lineNumberOf(line)}: the ${name} value "${quotable(value)}" does not fit in 64 bits.`,
      );
    entries.push({ name, raw: BigInt("0x" + value) });
  }
  if (entries.length === 0 || tokens.length % 2 === 1) {
    if (entries.length === 0 || ENTRY_NAMES.includes(tokens[tokens.length - 1] as OopsEntry["name"]))
      return err(
        "truncated",
        `${lineNumberOf(line)}: the page-table line stops after "${quotable(tokens.at(-1) ?? "")}".`,
      );
  }
  return ok(entries);
}
