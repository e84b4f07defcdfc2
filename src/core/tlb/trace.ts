/**
 * Access traces: one operation a line, `#` starts a comment (the `pagewalk tlb` file format, also
 * kept in scenarios). Numbers are hex like everywhere in Pagewalk (`0x` optional, `_` allowed);
 * TYPE and N are single digits.
 *
 *   read|write|fetch user|sup VA   an access through the TLB
 *   write-entry PA VALUE           a 64-bit store to physical memory (no invalidation)
 *   invlpg VA                      INVLPG on the current CPU
 *   mov-cr3 VALUE                  MOV to CR3, PCID bits and bit 63 (no flush) included
 *   mov-cr4 VALUE                  MOV to CR4 (#GP: PAE cleared or LA57 changed in IA-32e mode)
 *   mov-cr0 VALUE                  MOV to CR0 (clearing PG flushes everything)
 *   invpcid TYPE PCID VA           INVPCID of type 0–3
 *   cpu N                          switch to CPU 0 or 1
 *   shootdown VA                   INVLPG of VA on every CPU (what an OS does with IPIs)
 */
import { parseU64, quotable, type Result } from "../common";
import type { Access, AccessMode, VirtAddr } from "../arch";

export type TraceOp =
  | { readonly kind: "access"; readonly access: Access; readonly va: VirtAddr }
  | { readonly kind: "write-entry"; readonly pa: number; readonly value: bigint }
  | { readonly kind: "invlpg"; readonly va: VirtAddr }
  | { readonly kind: "mov-cr3"; readonly value: bigint }
  | { readonly kind: "mov-cr4"; readonly value: number }
  | { readonly kind: "mov-cr0"; readonly value: number }
  | { readonly kind: "invpcid"; readonly type: number; readonly pcid: number; readonly va: VirtAddr }
  | { readonly kind: "cpu"; readonly cpu: number }
  | { readonly kind: "shootdown"; readonly va: VirtAddr };

/** An operation with the line it came from (1-based), for messages and the trace panel. */
export type TraceLine = TraceOp & { readonly line: number };

export interface TraceError {
  readonly line: number;
  readonly message: string;
}

/** A trace longer than this is refused (a replay keeps every line's outcome). */
export const MAX_TRACE_OPERATIONS = 1_000_000;

const OPS = [
  "read",
  "write",
  "fetch",
  "write-entry",
  "invlpg",
  "mov-cr3",
  "mov-cr4",
  "mov-cr0",
  "invpcid",
  "cpu",
  "shootdown",
];

class LineError extends Error {}

/** Parses a whole trace; the first bad line is the error, named by its number. */
export function parseTrace(text: string): Result<TraceLine[], TraceError> {
  const ops: TraceLine[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const content = (lines[i] as string).replace(/#.*/, "").trim();
    if (content === "") continue;
    if (ops.length >= MAX_TRACE_OPERATIONS)
      return {
        ok: false,
        error: {
          line: i + 1,
          message: `a trace holds at most ${MAX_TRACE_OPERATIONS.toLocaleString("en")} operations`,
        },
      };
    try {
      ops.push({ ...parseOperation(content.split(/\s+/)), line: i + 1 });
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      return { ok: false, error: { line: i + 1, message: e.message } };
    }
  }
  return { ok: true, value: ops };
}

function parseOperation(words: readonly string[]): TraceOp {
  const [name = "", ...args] = words;
  const op = name.toLowerCase();
  const want = (n: number, usage: string) => {
    if (args.length !== n)
      throw new LineError(
        `"${op}" takes ${usage} (got ${args.length} argument${args.length === 1 ? "" : "s"})`,
      );
  };
  switch (op) {
    case "read":
    case "write":
    case "fetch": {
      want(2, "user|sup VA");
      const who = (args[0] as string).toLowerCase();
      if (who !== "user" && who !== "sup")
        throw new LineError(`"${op}" needs user or sup before the VA, not "${quotable(args[0] ?? "")}"`);
      const mode: AccessMode = who === "user" ? "user" : "supervisor";
      return {
        kind: "access",
        access: { op, mode },
        va: number(args[1] as string, "VA") as VirtAddr,
      };
    }
    case "write-entry": {
      want(2, "PA VALUE");
      const pa = number(args[0] as string, "PA");
      if (pa % 8n !== 0n) throw new LineError(`PA ${args[0]} is not 8-byte aligned`);
      if (pa >= 1n << 52n) throw new LineError(`PA ${args[0]} is wider than 52 bits`);
      return { kind: "write-entry", pa: Number(pa), value: number(args[1] as string, "VALUE") };
    }
    case "invlpg":
    case "shootdown":
      want(1, "VA");
      return { kind: op, va: number(args[0] as string, "VA") as VirtAddr };
    case "mov-cr3":
      want(1, "VALUE");
      return { kind: "mov-cr3", value: number(args[0] as string, "VALUE") };
    case "mov-cr4":
    case "mov-cr0": {
      want(1, "VALUE");
      const value = number(args[0] as string, "VALUE");
      if (value > 0xffffffffn)
        throw new LineError(`${op.slice(4).toUpperCase()} value ${args[0]} does not fit in 32 bits`);
      return { kind: op, value: Number(value) };
    }
    case "invpcid": {
      want(3, "TYPE PCID VA");
      const type = digit(args[0] as string, "TYPE", 3);
      const pcid = number(args[1] as string, "PCID");
      if (pcid > 0xfffn) throw new LineError(`PCID ${args[1]} is above 0xfff (PCIDs are 12 bits)`);
      return { kind: "invpcid", type, pcid: Number(pcid), va: number(args[2] as string, "VA") as VirtAddr };
    }
    case "cpu":
      want(1, "N");
      return { kind: "cpu", cpu: digit(args[0] as string, "N", 1) };
    default:
      throw new LineError(`unknown operation "${quotable(name)}" (one of: ${OPS.join(", ")})`);
  }
}

function number(text: string, what: string): bigint {
  const parsed = parseU64(text, what);
  if (!parsed.ok) throw new LineError(parsed.error.message.replace(/\.$/, ""));
  return parsed.value;
}

function digit(text: string, what: string, max: number): number {
  if (!/^[0-9]$/.test(text) || Number(text) > max)
    throw new LineError(`${what} must be 0–${max}, not "${quotable(text)}"`);
  return Number(text);
}

/** The line as the trace format writes it (the trace panel's editor and saved scenarios). */
export function formatTraceOp(op: TraceOp): string {
  const hex = (v: bigint | number) => "0x" + v.toString(16);
  switch (op.kind) {
    case "access":
      return `${op.access.op} ${op.access.mode === "user" ? "user" : "sup"} ${hex(op.va)}`;
    case "write-entry":
      return `write-entry ${hex(op.pa)} ${hex(op.value)}`;
    case "invlpg":
    case "shootdown":
      return `${op.kind} ${hex(op.va)}`;
    case "mov-cr3":
    case "mov-cr4":
    case "mov-cr0":
      return `${op.kind} ${hex(op.value)}`;
    case "invpcid":
      return `invpcid ${op.type} ${hex(op.pcid)} ${hex(op.va)}`;
    case "cpu":
      return `cpu ${op.cpu}`;
  }
}
