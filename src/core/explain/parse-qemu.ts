/**
 * QEMU's two ways of printing a fault: `-d int`, one line per exception (`v=0e e=0002 i=0 cpl=0
 * IP=0008:… pc=… SP=0010:… CR2=…`) followed by the CPU's register block, and the monitor's
 * `info registers`, the same register block alone (QEMU 7.2 `x86_cpu_dump_state`).
 */
import { err, ok, quotable, U64_MAX, type Result } from "../common";
import { virtAddr, type VirtAddr } from "../arch";
import type { FaultLog, LoggedRegisters } from "./fault-log";
import { hexField, lineNumberOf, type LogLine } from "./log-lines";

/** The exception line of `-d int` (seg_helper.c `do_interrupt_all`). */
const INT_LINE =
  /\bv=([0-9a-f]{2}) e=([0-9a-f]{4,8}) i=(\d) cpl=(\d) IP=([0-9a-f]{4}):([0-9a-f]{1,16})(?: pc=[0-9a-f]+)?(?: SP=[0-9a-f]{4}:[0-9a-f]+)?(?: CR2=([0-9a-f]+))?/i;
/** A `-d int` page fault's exception line: where its report starts (its register block follows). */
export const QEMU_PAGE_FAULT_START = /\bv=0e\s+e=/i;
/** Anything that starts like an exception line, to tell a garbled one from other text. */
const INT_LINE_START = /\bv=[0-9a-z]{1,2}\s+e=/i;

const PAGE_FAULT = 0x0e;

/** Exception vectors a triple-fault log shows, for the note about what followed the #PF. */
const VECTOR_NAMES: Readonly<Record<number, string>> = {
  0x06: "#UD",
  0x08: "#DF",
  0x0d: "#GP",
  0x0e: "#PF",
};

export function looksLikeQemuInt(lines: readonly LogLine[]): boolean {
  return lines.some((l) => INT_LINE_START.test(l.text));
}

export function looksLikeQemuRegisters(lines: readonly LogLine[]): boolean {
  return lines.some((l) => /\bCR0=[0-9a-f]+\s+CR2=[0-9a-f]+\s+CR3=/i.test(l.text));
}

/** The first #PF of a `-d int` log, with the register block printed after it. */
export function parseQemuInt(lines: readonly LogLine[]): Result<FaultLog> {
  const exceptions: { at: number; vector: number; match: RegExpExecArray }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = (lines[i] as LogLine).text;
    if (!INT_LINE_START.test(text)) continue;
    const match = INT_LINE.exec(text);
    if (match === null) {
      return err(
        "garbled",
        `${lineNumberOf(lines[i])}: "${text.trim().slice(0, 80)}" starts like a QEMU -d int exception line (v=… e=… i=… cpl=… IP=…) but cannot be read.`,
      );
    }
    exceptions.push({ at: i, vector: parseInt(match[1] as string, 16), match });
  }
  const first = exceptions.findIndex((e) => e.vector === PAGE_FAULT);
  if (first < 0) {
    const seen = [...new Set(exceptions.map((e) => vectorName(e.vector)))].join(", ");
    return err("no-page-fault", `The QEMU log has no page fault (v=0e); it shows ${seen}.`);
  }
  const pf = exceptions[first] as (typeof exceptions)[number];
  const end = exceptions[first + 1]?.at ?? lines.length;
  const block = lines.slice(pf.at + 1, end);
  const registers = registerBlock(block);
  const cr2Text = pf.match[7];
  const cr2 = cr2Text !== undefined ? BigInt("0x" + cr2Text) : registers.cr2;
  if (cr2 === undefined) {
    return err(
      "truncated",
      `${lineNumberOf(lines[pf.at])}: the #PF line has no CR2= and no register block follows it: the log is cut short.`,
    );
  }
  if (cr2 > U64_MAX) return tooWide(cr2);
  const notes: string[] = [];
  if (registers.registers.cr3 === undefined) {
    notes.push(
      "No register block (CR0=… CR3=… CR4=…) follows the #PF line, so the log does not say which tables were in use.",
    );
  }
  const later = exceptions.slice(first + 1).map((e) => vectorName(e.vector));
  if (later.length > 0)
    notes.push(`After this #PF the log shows ${later.join(" → ")}; the first #PF is explained.`);
  if (first > 0) notes.push(`The log has ${first} earlier exception(s) before the first #PF.`);
  const cpl = Number(pf.match[4]);
  return ok({
    format: "qemu-int",
    va: toVirt(cr2),
    errorCode: parseInt(pf.match[2] as string, 16),
    cpl: cpl === 3 ? 3 : cpl === 0 ? 0 : null,
    registers: registers.registers,
    rip: BigInt("0x" + (pf.match[6] as string)),
    oopsEntries: [],
    notes,
  });
}

/** `info registers`: no exception line, so no error code; CR2 holds the last #PF's address. */
export function parseQemuRegisters(lines: readonly LogLine[]): Result<FaultLog> {
  const block = registerBlock(lines);
  if (block.cr2 === undefined || block.registers.cr3 === undefined) {
    return err("truncated", "The QEMU register dump has no CR2= or CR3= value: it is cut short.");
  }
  if (block.cr2 > U64_MAX) return tooWide(block.cr2);
  return ok({
    format: "qemu-registers",
    va: toVirt(block.cr2),
    errorCode: null,
    cpl: block.cpl,
    registers: block.registers,
    rip: block.rip,
    oopsEntries: [],
    notes: ["QEMU's info registers has no error code: CR2 holds the address of the last page fault."],
  });
}

interface RegisterBlock {
  registers: LoggedRegisters;
  cr2: bigint | undefined;
  cpl: 0 | 3 | null;
  rip: bigint | null;
}

function registerBlock(lines: readonly LogLine[]): RegisterBlock {
  const text = lines.map((l) => l.text).join("\n");
  const cr0 = hexField(text, /\bCR0=([0-9a-f]+)/i);
  const cr3 = hexField(text, /\bCR3=([0-9a-f]+)/i);
  const cr4 = hexField(text, /\bCR4=([0-9a-f]+)/i);
  const efer = hexField(text, /\bEFER=([0-9a-f]+)/i);
  const registers: { -readonly [K in keyof LoggedRegisters]: LoggedRegisters[K] } = {};
  if (cr0 !== undefined) registers.cr0 = Number(cr0 & 0xffffffffn);
  if (cr3 !== undefined) registers.cr3 = Number(cr3 & 0x000f_ffff_ffff_ffffn);
  if (cr4 !== undefined) registers.cr4 = Number(cr4 & 0xffffffffn);
  if (efer !== undefined) registers.efer = Number(efer & 0xffffffffn);
  const cplText = /\bCPL=(\d)/.exec(text)?.[1];
  return {
    registers,
    cr2: hexField(text, /\bCR2=([0-9a-f]+)/i),
    cpl: cplText === "3" ? 3 : cplText === "0" ? 0 : null,
    rip: hexField(text, /\bRIP=([0-9a-f]+)/i) ?? null,
  };
}

function vectorName(vector: number): string {
  return VECTOR_NAMES[vector] ?? `vector 0x${vector.toString(16).padStart(2, "0")}`;
}

/** CR2 is 64 bits: a logged value wider than that is refused, never cut to fit. */
function tooWide(cr2: bigint): Result<FaultLog> {
  return err("garbled", `CR2 0x${quotable(cr2.toString(16))} does not fit in 64 bits.`);
}

function toVirt(value: bigint): VirtAddr {
  return virtAddr(value);
}
