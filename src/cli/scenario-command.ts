/**
 * `pagewalk scenario`: a dump plus registers → a scenario file holding only the page-table frames
 * reachable from CR3 (the core's dump import, reading just those frames from the file).
 */
import { statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { discoverTablesSync, type ProbedDump } from "../core/dump";
import { scenarioFromDiscovery } from "../core/scenario";
import { MAX_RAM_BYTES } from "../core/memory";
import { LIMITS, serializeScenario, checkScenario, textProblem } from "../core/scenario";
import { InputError, parseArgs, UsageError } from "./args";
import { MEMTYPE_OPTIONS, memoryTypesFromArgs } from "./memtype-options";
import { describeFsError } from "./file-source";
import type { CliIO } from "./io";
import { lowerFirst } from "../core/common";
import { describeSize, openWalkTarget } from "./walk-target";

export const SCENARIO_HELP = `Usage: pagewalk scenario --memory IMAGE [--cr3 HEX] [register options] [--title TEXT] [--out FILE]

Finds every page table reachable from CR3 in the dump (breadth-first, reading only those frames)
and writes a Pagewalk scenario (JSON, see src/core/scenario/FORMAT.md) with those frames, the
registers, RAM as large as the dump plus a 1 MiB frame-allocator window above it, the first
mapping as the VA under study and CR3's table selected. Open it in the app, or walk it with
"pagewalk translate --scenario FILE". Warnings (tables outside the dump, cycles) go to stderr.

Register options are those of "pagewalk translate --help".
  --pat HEX          IA32_PAT to store in the scenario (its "pat" field)
  --mtrr FILE        MTRRs to store in the scenario (its "mtrr" field; format in README)
  --title TEXT       the scenario's title [Imported dump]
  --out FILE         write the scenario there instead of stdout`;

export function scenarioCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs("scenario", argv, {
    values: ["memory", "cr3", "cr0", "cr4", "efer", "pkru", "maxphyaddr", "title", "out", ...MEMTYPE_OPTIONS],
    flags: [],
  });
  if (args.flags.has("help")) {
    io.stdout(SCENARIO_HELP + "\n");
    return 0;
  }
  if (args.positionals.length > 0)
    throw new UsageError(`unexpected argument "${args.positionals[0]}" (scenario takes no VA)`);
  const title = args.values.get("title");
  const titleProblem = title === undefined ? null : textProblem(title, LIMITS.titleLength);
  if (titleProblem) throw new UsageError(`--title ${titleProblem.reason}`);
  const path = args.values.get("memory");
  if (path === undefined)
    throw new UsageError("--memory IMAGE is required (a raw memory dump or an ELF core)");
  const out = args.values.get("out");
  if (out !== undefined) refuseOverwritingInput(out, [path, args.values.get("mtrr")]);
  const target = openWalkTarget(args);
  let text: string;
  try {
    const { dump, source } = target.dump as NonNullable<typeof target.dump>;
    if (dump.memory.sizeBytes > MAX_RAM_BYTES) {
      throw new InputError(
        `${path} covers ${describeSize(dump.memory.sizeBytes)} of physical memory; a scenario holds at most ${describeSize(MAX_RAM_BYTES)}`,
      );
    }
    const probed: ProbedDump = {
      format: dump.format,
      segments: dump.segments,
      cpu: dump.cpu,
      ramBytes: dump.memory.sizeBytes,
      fileBytes: source.size,
    };
    const discovered = discoverTablesSync(source, probed, target.regs);
    if (!discovered.ok) throw new InputError(lowerFirst(discovered.error.message).replace(/\.$/, ""));
    const found = discovered.value;
    for (const warning of found.warnings) io.stderr(`pagewalk: warning: ${lowerFirst(warning)}\n`);
    const imported = scenarioFromDiscovery(found, {
      source: basename(path),
      ...(title === undefined ? {} : { title }),
    });
    // IA32_PAT and the MTRRs are not in a dump: stored only when given.
    const scenario =
      args.values.has("pat") || args.values.has("mtrr")
        ? { ...imported, memoryTypes: memoryTypesFromArgs(args).settings }
        : imported;
    const problem = checkScenario(scenario);
    if (problem) throw new InputError(`the tables do not fit in a scenario: ${lowerFirst(problem.message)}`);
    text = serializeScenario(scenario) + "\n";
  } finally {
    target.close();
  }
  if (out === undefined) io.stdout(text);
  else {
    try {
      writeFileSync(out, text);
    } catch (e) {
      throw new InputError(`cannot write ${out}: ${describeFsError(e)}`);
    }
  }
  return 0;
}

/** `--out` naming an input (the same file by any path) would replace the dump with its scenario. */
function refuseOverwritingInput(out: string, inputs: readonly (string | undefined)[]): void {
  const outStat = statSync(out, { throwIfNoEntry: false });
  if (outStat === undefined) return;
  for (const input of inputs) {
    if (input === undefined) continue;
    const inStat = statSync(input, { throwIfNoEntry: false });
    if (inStat !== undefined && inStat.dev === outStat.dev && inStat.ino === outStat.ino)
      throw new UsageError(
        `--out ${out} is the input file ${input}: it would be overwritten; choose another file`,
      );
  }
}
