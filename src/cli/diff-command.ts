/**
 * `pagewalk diff A B`: what changed between two address spaces — two CR3 values of one image or
 * scenario, or two files (dumps or scenarios), each with its registers. Mappings only in B are
 * added, only in A removed, in both with another PA, rights, page size or memory type changed;
 * each as a folded VA range, in VA order, with counts.
 */
import { parseU64, formatHex } from "../core/common";
import { DEFAULT_MAX_ENTRIES, DEFAULT_MAX_LEAVES } from "../core/inspect";
import {
  CHANGED_FIELD_NAMES,
  changeBounds,
  describeChange,
  describeSummary,
  diffRuns,
  mappingRuns,
  type DiffChange,
  type DiffSide,
  type MappingDiff,
} from "../core/diff";
import { parseArgs, UsageError, type ParsedArgs } from "./args";
import { ChunkedOutput, type CliIO } from "./io";
import { MEMTYPE_HELP, MEMTYPE_OPTIONS, memoryTypeOptions, memoryTypesOver } from "./memtype-options";
import { openWalkTarget, REGISTER_OPTIONS, type WalkTarget } from "./walk-target";

export const DIFF_HELP = `Usage: pagewalk diff --memory IMAGE [options] [--json] CR3_A CR3_B
       pagewalk diff --scenario FILE [options] [--json] CR3_A CR3_B
       pagewalk diff [options] [--json] A[@CR3] B[@CR3]

Compares the mappings of two address spaces: two CR3 values (hex) in one image or scenario, or
two files, each a memory image (raw dump or ELF core) or a scenario (.json or .pwscn), optionally
with @CR3 to pick its address space. A mapping only in B is "added", only in A "removed", in both
with another PA, rights (user/write/exec/reserved), page size or memory type "changed". Changes
are folded into VA ranges where each side maps consecutive frames alike, in VA order, then counted.
Exit status 0 whether or not the spaces differ; 1 for bad input, 2 for a mistyped command.

Register options are those of "pagewalk translate --help"; they apply to both sides (over a
scenario's own registers or an ELF core's note; --cr3 is the default CR3 of a side without @CR3).
Sides that need other registers each: make a scenario of each ("pagewalk scenario") and diff those.
${MEMTYPE_HELP}
  --json             {"a": {"source", "cr3"}, "b": {…}, "summary": {"added", "removed",
                     "changed", "addedPages", "removedPages", "changedPages"}, "changes": [{"kind":
                     "added" | "removed" | "changed", "start", "end" (exclusive), "changed": […],
                     "before": null | {"pa", "pageSize", "user", "write", "exec", "reserved",
                     "memoryType"}, "after": …}], "truncated": false}`;

interface Side {
  readonly label: string;
  readonly target: WalkTarget;
}

export function diffCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs("diff", argv, {
    values: [...REGISTER_OPTIONS, ...MEMTYPE_OPTIONS],
    flags: ["json"],
  });
  if (args.flags.has("help")) {
    io.stdout(DIFF_HELP + "\n");
    return 0;
  }
  if (args.positionals.length !== 2) {
    throw new UsageError(
      `diff takes two address spaces, got ${args.positionals.length} (usage: pagewalk diff --memory IMAGE CR3_A CR3_B, or pagewalk diff A B)`,
    );
  }
  const sides = openSides(args);
  try {
    const [a, b] = sides;
    // --pat and --mtrr are read once; each side lays them over its own (a scenario's) settings.
    const options = memoryTypeOptions(args);
    const enumerate = (side: Side) =>
      mappingRuns(side.target.memory, side.target.regs, memoryTypesOver(options, side.target.memoryTypes));
    const runsA = enumerate(a);
    const runsB = enumerate(b);
    const diff = diffRuns(runsA.runs, runsB.runs);
    const truncated = runsA.truncated || runsB.truncated;
    if (args.flags.has("json")) writeJson(io, a, b, diff, truncated);
    else writeText(io, a, b, diff);
    if (truncated) {
      io.stderr(
        `pagewalk: warning: comparison cut short: a side maps more than ${DEFAULT_MAX_LEAVES.toLocaleString("en")} leaves or needs more than ${DEFAULT_MAX_ENTRIES.toLocaleString("en")} entry reads\n`,
      );
    }
    return 0;
  } finally {
    for (const side of sides) side.target.close();
  }
}

/** The two sides: two CR3 values of one --memory/--scenario, or two files with optional @CR3. */
function openSides(args: ParsedArgs): [Side, Side] {
  const [first, second] = args.positionals as [string, string];
  const oneSource = args.values.get("memory") ?? args.values.get("scenario");
  if (oneSource !== undefined) {
    const open = (text: string): Side => {
      const cr3 = cr3Text(text);
      return { label: `${oneSource} CR3 ${cr3}`, target: openWalkTarget(withValues(args, { cr3 })) };
    };
    const a = open(first);
    try {
      return [a, open(second)];
    } catch (e) {
      a.target.close();
      throw e;
    }
  }
  const open = (spec: string): Side => {
    const at = /^(.*)@((?:0x)?[0-9a-f_]+)$/i.exec(spec);
    const path = at ? (at[1] as string) : spec;
    if (path === "") throw new UsageError(`"${spec}" names no file`);
    const kind = /\.(json|pwscn)$/i.test(path) ? "scenario" : "memory";
    const values: Record<string, string> = { [kind]: path };
    if (at) values.cr3 = cr3Text(at[2] as string);
    const target = openWalkTarget(withValues(args, values));
    return { label: `${path} CR3 ${formatHex(target.regs.cr3)}`, target };
  };
  const a = open(first);
  try {
    return [a, open(second)];
  } catch (e) {
    a.target.close();
    throw e;
  }
}

/** A CR3 value as typed, checked to be hex (the register options check its width). */
function cr3Text(text: string): string {
  const parsed = parseU64(text, "CR3");
  if (!parsed.ok) throw new UsageError(parsed.error.message.replace(/\.$/, ""));
  return formatHex(parsed.value);
}

function withValues(args: ParsedArgs, values: Record<string, string>): ParsedArgs {
  const merged = new Map(args.values);
  for (const [k, v] of Object.entries(values)) merged.set(k, v);
  return { ...args, values: merged };
}

const SIZE_WIDTH = 16;

function writeText(io: CliIO, a: Side, b: Side, diff: MappingDiff): void {
  const out = new ChunkedOutput(io.stdout);
  out.add(`A: ${a.label}\nB: ${b.label}\n`);
  out.add(`KIND     START            END              PAGES    CHANGE\n`);
  for (const c of diff.changes) {
    const { start, end } = changeBounds(c);
    const endText = end >= 1n << 64n ? "10000000000000000" : end.toString(16).padStart(SIZE_WIDTH, "0");
    const what = c.kind === "changed" ? ` (${c.changed.map((f) => CHANGED_FIELD_NAMES[f]).join(", ")})` : "";
    out.add(
      `${c.kind.padEnd(8)} ${start.toString(16).padStart(SIZE_WIDTH, "0")} ${endText.padEnd(SIZE_WIDTH)} ${String(
        c.endVpn - c.startVpn,
      ).padEnd(8)} ${describeChange(c)}${what}\n`,
    );
  }
  const n = diff.changes.length;
  out.add(`${n} range${n === 1 ? "" : "s"}: ${describeSummary(diff.summary)}\n`);
  out.flush();
}

function sideJson(side: DiffSide | null): Record<string, unknown> | null {
  if (side === null) return null;
  return {
    pa: formatHex(side.pfn * 4096),
    pageSize: side.pageSize,
    user: side.user,
    write: side.write,
    exec: side.exec,
    reserved: side.reserved,
    memoryType: side.memoryType,
  };
}

export function changeJson(c: DiffChange): Record<string, unknown> {
  const { start, end } = changeBounds(c);
  return {
    kind: c.kind,
    start: formatHex(start),
    end: formatHex(end),
    changed: c.changed,
    before: sideJson(c.before),
    after: sideJson(c.after),
  };
}

function writeJson(io: CliIO, a: Side, b: Side, diff: MappingDiff, truncated: boolean): void {
  const out = new ChunkedOutput(io.stdout);
  const source = (s: Side) =>
    JSON.stringify({ source: s.label.replace(/ CR3 .*$/, ""), cr3: formatHex(s.target.regs.cr3) });
  out.add(
    `{\n"a": ${source(a)},\n"b": ${source(b)},\n"summary": ${JSON.stringify(diff.summary)},\n"changes": [`,
  );
  diff.changes.forEach((c, i) => out.add(`${i === 0 ? "\n" : ",\n"}${JSON.stringify(changeJson(c))}`));
  out.add(`${diff.changes.length === 0 ? "" : "\n"}],\n"truncated": ${truncated}\n}\n`);
  out.flush();
}
