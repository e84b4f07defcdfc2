/**
 * `pagewalk`: the command-line face of the core (DESIGN §1). `main(argv, io)` is the whole program
 * minus process plumbing, so tests run it in-process. Every failure is one line on stderr and a
 * non-zero exit code: 2 for a mistyped command, 1 for bad input data, 70 for a bug.
 */
import { parseVirtAddr, pagingMode, type VirtAddr } from "../core/arch";
import {
  DEFAULT_MAX_ENTRIES,
  DEFAULT_MAX_LEAVES,
  forEachLeaf,
  forEachRange,
  LeafMapping,
  type SkippedSubtree,
} from "../core/inspect";
import { readAddressList } from "./address-list";
import { InputError, parseArgs, UsageError } from "./args";
import {
  MAPPINGS_HEADER,
  mappingJson,
  mappingText,
  RANGES_HEADER,
  rangeJson,
  rangeText,
  translateJson,
  translateText,
  translateVa,
} from "./output";
import { openWalkTarget, REGISTER_OPTIONS } from "./walk-target";
import { ChunkedOutput, JsonLines, OutputClosed, type CliIO } from "./io";
import { SCENARIO_HELP, scenarioCommand } from "./scenario-command";
import { REVERSE_HELP, reverseCommand } from "./reverse-command";
import { MEMTYPE_HELP, MEMTYPE_OPTIONS, memoryTypesFromArgs } from "./memtype-options";
import { DIFF_HELP, diffCommand } from "./diff-command";
import { EXERCISE_HELP, exerciseCommand } from "./exercise-command";
import { EXPLAIN_HELP, explainCommand } from "./explain-command";
import { LINT_HELP, lintCommand } from "./lint-command";
import { skippedSubtreeWarning } from "./skipped-subtree";
import { TLB_HELP, tlbCommand } from "./tlb-command";

const USAGE = `pagewalk — x86-64 page walks over a physical memory dump

Usage:
  pagewalk translate --memory IMAGE [--cr3 HEX] [register options] [--pat HEX] [--mtrr FILE] [--json] VA... | --vas FILE
  pagewalk translate --scenario FILE [register options] [--pat HEX] [--mtrr FILE] [--json] VA... | --vas FILE
  pagewalk mappings  --memory IMAGE [--cr3 HEX] [register options] [--pat HEX] [--mtrr FILE] [--folded] [--json]
  pagewalk mappings  --scenario FILE [register options] [--pat HEX] [--mtrr FILE] [--folded] [--json]
  pagewalk reverse   --memory IMAGE [--cr3 HEX] [register options] [--json] PA... | --pas FILE
  pagewalk reverse   --scenario FILE [register options] [--json] PA... | --pas FILE
  pagewalk scenario  --memory IMAGE [--cr3 HEX] [register options] [--title TEXT] [--out FILE]
  pagewalk diff      (--memory IMAGE | --scenario FILE) [options] [--json] CR3_A CR3_B
  pagewalk diff      [options] [--json] A[@CR3] B[@CR3]
  pagewalk exercise  --family NAME --seed N [--count K] [--difficulty easy|normal|hard]
                     [--format text|markdown|json|moodle-xml|gift] [--answers]
  pagewalk explain   [--memory IMAGE | --scenario FILE] [register options] [--json] [LOGFILE|-]
  pagewalk lint      (--memory IMAGE [register options] | --scenario FILE) [--json]
  pagewalk tlb       (--memory IMAGE | --scenario FILE) [register options] --trace FILE [--json]
  pagewalk help [COMMAND]

IMAGE is a raw physical memory dump (file offset = physical address, e.g. QEMU pmemsave) or an
ELF core from QEMU dump-guest-memory (detected by its magic; CR0/CR3/CR4 come from its QEMU note).
FILE is a Pagewalk scenario (.json, or .pwscn compressed); its registers apply unless options
override them.
Run "pagewalk COMMAND --help" for the options of a command.`;

const REGISTER_HELP = `Register options (hex, 0x optional; defaults in brackets):
  --memory IMAGE     raw dump or ELF core (this or --scenario is required)
  --scenario FILE    a Pagewalk scenario instead of a dump: its RAM and registers (the options
                     below override the registers; their defaults do not apply)
  --cr3 HEX          top-level table address with PWT/PCD/PCID bits (required for a raw dump;
                     an ELF core's QEMU note supplies it)
  --cr0 HEX          [0x80010001: PG, WP, PE; ELF: from the note]
  --cr4 HEX          [0x20: PAE; ELF: from the note] (LA57 = 0x1000 selects 5-level paging)
  --efer HEX         [0xd00: LME, LMA, NXE]
  --pkru HEX         [0]
  --maxphyaddr N     physical-address width in bits, decimal, 36-52 [52]
RFLAGS.AC is 0 (SMAP applies to every supervisor data access).`;

const TRANSLATE_HELP = `Usage: pagewalk translate --memory IMAGE [--cr3 HEX] [options] [--json] VA... | --vas FILE
       pagewalk translate --scenario FILE [options] [--json] VA... | --vas FILE

Walks each virtual address (hex, _ separators allowed) from CR3 and prints every level's entry,
the outcome, and the verdict of six accesses (supervisor/user read, write, exec) with the #PF
error code. Nothing in the image is changed (no A/D bits are set).

${REGISTER_HELP}
${MEMTYPE_HELP}
  --vas FILE         the VAs of a list (after any on the command line), "-" for stdin: hex
                     numbers separated by white space or commas, "#" comments
  --json             one JSON object per VA, in an array:
                     {"va", "canonical", "pa" | null, "pageSize" | null,
                      "fault": null | "non-canonical" | "not-present" | "reserved-bit"
                               | "table-outside-memory",
                      "memoryType": "WB" | "WT" | "UC-" | "UC" | "WC" | "WP" | null,
                      "access": {"supRead": {"ok": true} |
                                 {"ok": false, "exception": "#PF" | "#GP", "errorCode": "0x…"}, …}}`;

const MAPPINGS_HELP = `Usage: pagewalk mappings --memory IMAGE [--cr3 HEX] [options] [--folded] [--json]
       pagewalk mappings --scenario FILE [options] [--folded] [--json]

Lists every present leaf mapping reachable from CR3 in VA order, like QEMU "info tlb", with the
effective permissions (U/S and R/W ANDed over the walk, XD ORed when EFER.NXE = 1). Recursive
entries produce mappings, as on the CPU. Leaves behind reserved bits are listed and marked RSVD.

${REGISTER_HELP}
${MEMTYPE_HELP}
  --folded           fold consecutive leaves with equal effective permissions and memory type
                     into ranges, like QEMU "info mem" but with exec
  --json             JSON array: {"va", "pa", "pageSize", "level", "flags", "user", "write", "exec",
                     "reserved", "memoryType"} per leaf ("flags" = the raw leaf with its address
                     bits cleared); with --folded {"start", "end" (exclusive), "user", "write",
                     "exec", "reserved", "pages", "memoryType"} per range`;

export function main(argv: readonly string[], io: CliIO): number {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case undefined:
        throw new UsageError("no command given (try: pagewalk --help)");
      case "--help":
      case "-h":
      case "help":
        io.stdout(helpFor(rest[0]) + "\n");
        return 0;
      case "translate":
        return translate(rest, io);
      case "mappings":
        return mappings(rest, io);
      case "scenario":
        return scenarioCommand(rest, io);
      case "reverse":
        return reverseCommand(rest, io);
      case "diff":
        return diffCommand(rest, io);
      case "exercise":
        return exerciseCommand(rest, io);
      case "explain":
        return explainCommand(rest, io);
      case "lint":
        return lintCommand(rest, io);
      case "tlb":
        return tlbCommand(rest, io);
      default:
        throw new UsageError(unknownCommand(command));
    }
  } catch (e) {
    if (e instanceof OutputClosed) return 0; // nobody reads on: stop quietly, as `head` expects
    if (e instanceof UsageError || e instanceof InputError) {
      io.stderr(`pagewalk: ${e.message}\n`);
      return e instanceof UsageError ? 2 : 1;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`pagewalk: internal error: ${message.split("\n")[0]}\n`);
    return 70;
  }
}

function helpFor(command: string | undefined): string {
  if (command === "translate") return TRANSLATE_HELP;
  if (command === "mappings") return MAPPINGS_HELP;
  if (command === "scenario") return SCENARIO_HELP;
  if (command === "reverse") return REVERSE_HELP;
  if (command === "diff") return DIFF_HELP;
  if (command === "exercise") return EXERCISE_HELP;
  if (command === "explain") return EXPLAIN_HELP;
  if (command === "lint") return LINT_HELP;
  if (command === "tlb") return TLB_HELP;
  if (command === undefined) return USAGE;
  throw new UsageError(unknownCommand(command));
}

const COMMANDS = [
  "translate",
  "mappings",
  "reverse",
  "scenario",
  "diff",
  "exercise",
  "explain",
  "lint",
  "tlb",
  "help",
];

function unknownCommand(command: string): string {
  return `unknown command "${command}" (commands: ${COMMANDS.join(", ")})`;
}

function translate(argv: readonly string[], io: CliIO): number {
  const args = parseArgs("translate", argv, {
    values: [...REGISTER_OPTIONS, ...MEMTYPE_OPTIONS, "vas"],
    flags: ["json"],
  });
  if (args.flags.has("help")) {
    io.stdout(TRANSLATE_HELP + "\n");
    return 0;
  }
  const listed = args.values.get("vas");
  if (args.positionals.length === 0 && listed === undefined)
    throw new UsageError(
      "no virtual address given (usage: pagewalk translate --memory IMAGE VA... or --vas FILE)",
    );
  const texts = [
    ...args.positionals,
    ...(listed === undefined ? [] : readAddressList("vas", listed, io, parseVirtAddr)),
  ];
  const vas: VirtAddr[] = texts.map((text) => {
    const parsed = parseVirtAddr(text);
    if (!parsed.ok) throw new UsageError(parsed.error.message.replace(/\.$/, ""));
    return parsed.value;
  });
  const target = openWalkTarget(args);
  try {
    const mode = pagingMode(target.regs);
    const memoryTypes = memoryTypesFromArgs(args, target.memoryTypes);
    const results = vas.map((va) => translateVa(target.memory, mode, va, memoryTypes));
    if (args.flags.has("json")) io.stdout(JSON.stringify(results.map(translateJson), null, 2) + "\n");
    else io.stdout(results.map((r) => translateText(r, mode, target.regs.cr3)).join("\n\n") + "\n");
    return 0;
  } finally {
    target.close();
  }
}

function mappings(argv: readonly string[], io: CliIO): number {
  const args = parseArgs("mappings", argv, {
    values: [...REGISTER_OPTIONS, ...MEMTYPE_OPTIONS],
    flags: ["json", "folded"],
  });
  if (args.flags.has("help")) {
    io.stdout(MAPPINGS_HELP + "\n");
    return 0;
  }
  if (args.positionals.length > 0)
    throw new UsageError(`unexpected argument "${args.positionals[0]}" (mappings takes no VA)`);
  const target = openWalkTarget(args);
  try {
    const { regs } = target;
    const memoryTypes = memoryTypesFromArgs(args, target.memoryTypes);
    const json = args.flags.has("json");
    const folded = args.flags.has("folded");
    // Written as it is produced, in chunks: memory stays flat however long the listing is.
    const out = new ChunkedOutput(io.stdout);
    const items = json ? new JsonLines(out) : null;
    if (!items) out.add((folded ? RANGES_HEADER : MAPPINGS_HEADER) + "\n");
    let stats: ReturnType<typeof forEachLeaf>;
    // Subtrees skipped because their entry's table is outside memory (reserved address bits, most
    // often): said on stderr after the listing, as text or, with --json, as one JSON object a line.
    const skipped: string[] = [];
    const onSkipped = (s: SkippedSubtree): void => {
      skipped.push(skippedSubtreeWarning(s, regs, json));
    };
    if (folded) {
      stats = forEachRange(
        target.memory,
        regs,
        (range) => (items ? items.add(JSON.stringify(rangeJson(range))) : out.add(rangeText(range) + "\n")),
        { memoryTypes, onSkipped },
      );
    } else {
      stats = forEachLeaf(
        target.memory,
        regs,
        (cursor) => {
          const leaf = LeafMapping.from(cursor);
          const type = memoryTypes.typeOf(leaf.entryLo, leaf.level, leaf.pa, leaf.pageSize);
          if (items) items.add(JSON.stringify(mappingJson(leaf, regs.maxPhyAddr, type)));
          else out.add(mappingText(leaf, type) + "\n");
        },
        { onSkipped },
      );
    }
    items?.end();
    out.flush();
    for (const line of skipped) io.stderr(line + "\n");
    if (stats.truncated) {
      io.stderr(
        `pagewalk: warning: listing cut short: the tables map more than ${DEFAULT_MAX_LEAVES.toLocaleString("en")} leaves or need more than ${DEFAULT_MAX_ENTRIES.toLocaleString("en")} entry reads\n`,
      );
    }
    return 0;
  } finally {
    target.close();
  }
}
