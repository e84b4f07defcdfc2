/**
 * `pagewalk explain`: reads a fault log (QEMU `-d int` or `info registers`, a Linux oops, the
 * `x86_64` crate's `PageFaultErrorCode`) from a file or stdin and explains it — with a memory image
 * or scenario by replaying the walk (registers: the image's or scenario's, then the log's, then the
 * options), without by decoding the error code and registers (an oops' printed entries are walked).
 */
import { LEVEL_TABLE_NAMES, pagingMode, type Level, type Registers } from "../core/arch";
import { formatCount, formatHex, lowerFirst } from "../core/common";
import {
  LOG_CUT_COMMAND,
  LOG_FORMAT_NAMES,
  MAX_LOG_CHARS,
  explainFault,
  parseFaultLog,
  replayRegisters,
  type ExplainTables,
  type FaultExplanation,
} from "../core/explain";
import { InputError, parseArgs, UsageError } from "./args";
import { readBoundedText } from "./bounded-text";
import type { CliIO } from "./io";
import { translateText, translateVa } from "./output";
import { openWalkTarget, registerFlags, REGISTER_OPTIONS, type WalkTarget } from "./walk-target";

export const EXPLAIN_HELP = `Usage: pagewalk explain [--memory IMAGE | --scenario FILE] [register options] [--json] [LOGFILE|-]

Explains a page fault from its log (LOGFILE, or stdin when it is "-" or absent):
  QEMU -d int         v=0e e=0002 i=0 cpl=0 IP=… CR2=… and its register block (CR0= CR3= CR4= EFER=)
  QEMU info registers the register block alone (CR2 holds the last fault's address; no error code)
  a Linux oops        BUG: unable to handle page fault…, #PF: error_code(0x…), PGD … P4D … PUD … PMD … PTE …
  the x86_64 crate    PageFaultErrorCode(CAUSED_BY_WRITE | USER_MODE) with CR2 (Accessed Address: VirtAddr(0x…))

With --memory or --scenario the walk is replayed and the root cause named (level, entry, field);
the registers are the image's or scenario's, then the log's (CR0, CR3, CR4, EFER), then the options.
When the tables do not give the log's fault, it says "stale TLB or changed tables".
Without tables it decodes the error code and registers, and walks an oops' printed entries.

Register options are those of "pagewalk translate --help" (they need --memory or --scenario;
for a raw image the log's CR3 is used when --cr3 is not given).
  --json             {"format", "va", "errorCode", "access": {"op", "mode"}, "kind", "headline",
                      "rootCause": null | {"level", "table", "index", "entry", "value", "field"},
                      "walk": [{"level", "index", "entry", "value"}], "details": [...]}
                     ("kind": "replayed" | "reconstructed" | "disagrees" | "decoded")`;

export function explainCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs("explain", argv, { values: REGISTER_OPTIONS, flags: ["json"] });
  if (args.flags.has("help")) {
    io.stdout(EXPLAIN_HELP + "\n");
    return 0;
  }
  if (args.positionals.length > 1)
    throw new UsageError(`explain reads one log; unexpected "${args.positionals[1]}"`);
  const source = args.positionals[0] ?? "-";
  const name = source === "-" ? "stdin" : source;
  const text = readLog(source, name, io);
  const parsed = parseFaultLog(text);
  if (!parsed.ok) throw new InputError(`${name}: ${lowerFirst(parsed.error.message)}`);
  const log = parsed.value;
  const withTables = args.values.has("memory") || args.values.has("scenario");
  const registerOptions = REGISTER_OPTIONS.filter(
    (o) => o !== "memory" && o !== "scenario" && args.values.has(o),
  );
  if (!withTables && registerOptions.length > 0)
    throw new UsageError(
      `--${registerOptions[0]} needs --memory IMAGE or --scenario FILE to replay the walk`,
    );
  let target: WalkTarget | null = null;
  try {
    let tables: ExplainTables | null = null;
    const notes: string[] = [];
    if (withTables) {
      target = openWalkTarget(args, args.values.has("memory") ? log.registers.cr3 : undefined);
      const replay = replayRegisters(target.regs, log.registers, target.memory);
      const regs: Registers = { ...replay.regs, ...registerFlags(args) };
      const mode = pagingMode(regs);
      if (mode.unsupported) throw new InputError(lowerFirst(mode.unsupported).replace(/\.$/, ""));
      notes.push(...replay.notes);
      tables = { memory: target.memory, regs };
    }
    const explanation = explainFault(log, tables);
    const e = { ...explanation, details: [...explanation.details, ...notes] };
    io.stdout(
      (args.flags.has("json") ? JSON.stringify(explainJson(e), null, 2) : explainText(e, tables)) + "\n",
    );
    return 0;
  } finally {
    target?.close();
  }
}

/** The log, up to four bytes a character of the parser's limit (a longer one is refused unread). */
function readLog(source: string, name: string, io: CliIO): string {
  if (source === "-" && io.stdin) return io.stdin();
  return readBoundedText(
    source === "-" ? 0 : source,
    name,
    4 * MAX_LOG_CHARS,
    `the log is too long to explain: more than ${(4 * MAX_LOG_CHARS) / (1024 * 1024)} MiB (the limit is ${formatCount(MAX_LOG_CHARS)} characters); ${cutHint(source)}`,
  );
}

/** How to cut a long log to its fault, as a command to copy (LOG_CUT_COMMAND on this file). */
function cutHint(source: string): string {
  const file =
    source === "-" ? "LOG" : /^[\w./+-]+$/.test(source) ? source : `'${source.replace(/'/g, "'\\''")}'`;
  return `give the part around the fault, e.g. ${LOG_CUT_COMMAND} ${file} | pagewalk explain -`;
}

function explainText(e: FaultExplanation, tables: ExplainTables | null): string {
  const lines: string[] = [];
  const code = e.log.errorCode === null ? "no error code" : `error code ${formatHex(e.log.errorCode)}`;
  const cpl = e.log.cpl === null ? "" : `, CPL ${e.log.cpl}`;
  lines.push(
    `${LOG_FORMAT_NAMES[e.log.format]}: #PF at ${formatHex(e.log.va)}, ${code} (${e.access.mode} ${e.access.op}${cpl})`,
  );
  lines.push("");
  lines.push(e.headline);
  if (e.walk !== null && e.registers !== null) {
    const memoryWalked = tables?.memory;
    lines.push("");
    if (memoryWalked !== undefined) {
      const mode = pagingMode(e.registers);
      lines.push(translateText(translateVa(memoryWalked, mode, e.walk.va), mode, e.registers.cr3));
    } else {
      lines.push("The oops' entries, walked:");
      for (const s of e.walk.steps)
        lines.push(`  ${LEVEL_TABLE_NAMES[s.level]}[${s.index}] = ${formatHex(s.raw, { digits: 16 })}`);
    }
  }
  if (e.details.length > 0) {
    lines.push("");
    lines.push(...e.details);
  }
  return lines.join("\n");
}

export interface ExplainJson {
  format: string;
  va: string;
  errorCode: string | null;
  access: { op: string; mode: string };
  kind: string;
  headline: string;
  rootCause: null | {
    level: Level;
    table: string;
    index: number;
    entry: string;
    value: string;
    field: string;
  };
  walk: { level: Level; index: number; entry: string; value: string }[];
  details: string[];
}

function explainJson(e: FaultExplanation): ExplainJson {
  const r = e.rootCause;
  return {
    format: e.log.format,
    va: formatHex(e.log.va),
    errorCode: e.log.errorCode === null ? null : formatHex(e.log.errorCode),
    access: { op: e.access.op, mode: e.access.mode },
    kind: e.kind,
    headline: e.headline,
    rootCause:
      r === null
        ? null
        : {
            level: r.level,
            table: LEVEL_TABLE_NAMES[r.level],
            index: r.index,
            entry: formatHex(r.entryAddr),
            value: formatHex(r.raw),
            field: r.field,
          },
    walk: (e.walk?.steps ?? []).map((s) => ({
      level: s.level,
      index: s.index,
      entry: formatHex(s.entryAddr),
      value: formatHex(s.raw),
    })),
    details: [...e.details],
  };
}
