/**
 * `pagewalk`: the command-line face of the core (DESIGN §1). `main(argv, io)` is the whole program
 * minus process plumbing, so tests run it in-process. Every failure is one line on stderr and a
 * non-zero exit code: 2 for a mistyped command, 1 for bad input data, 70 for a bug.
 */
import { parseVirtAddr, type VirtAddr } from "../core/address";
import { openDump, type Dump } from "../core/dump";
import {
  DEFAULT_MAX_ENTRIES,
  DEFAULT_MAX_LEAVES,
  foldRanges,
  forEachLeaf,
  LeafMapping,
} from "../core/enumerate";
import { parseU64 } from "../core/hex";
import { DEFAULT_REGISTERS, pagingMode, validateRegisters, type Registers } from "../core/registers";
import { InputError, parseArgs, UsageError, type ParsedArgs } from "./args";
import { openFileSource } from "./file-source";
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
} from "./format";

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

const REGISTER_OPTIONS = ["memory", "cr3", "cr0", "cr4", "efer", "pkru", "maxphyaddr"] as const;

const USAGE = `pagewalk — x86-64 page walks over a physical memory dump

Usage:
  pagewalk translate --memory IMAGE [--cr3 HEX] [register options] [--json] VA...
  pagewalk mappings  --memory IMAGE [--cr3 HEX] [register options] [--folded] [--json]
  pagewalk help [COMMAND]

IMAGE is a raw physical memory dump (file offset = physical address, e.g. QEMU pmemsave) or an
ELF core from QEMU dump-guest-memory (detected by its magic; CR0/CR3/CR4 come from its QEMU note).
Run "pagewalk COMMAND --help" for the options of a command.`;

const REGISTER_HELP = `Register options (hex, 0x optional; defaults in brackets):
  --memory IMAGE     raw dump or ELF core (required)
  --cr3 HEX          top-level table address with PWT/PCD/PCID bits (required for a raw dump;
                     an ELF core's QEMU note supplies it)
  --cr0 HEX          [0x80010001: PG, WP, PE; ELF: from the note]
  --cr4 HEX          [0x20: PAE; ELF: from the note] (LA57 = 0x1000 selects 5-level paging)
  --efer HEX         [0xd00: LME, LMA, NXE]
  --pkru HEX         [0]
  --maxphyaddr N     physical-address width in bits, decimal, 36-52 [52]
RFLAGS.AC is 0 (SMAP applies to every supervisor data access).`;

const TRANSLATE_HELP = `Usage: pagewalk translate --memory IMAGE [--cr3 HEX] [options] [--json] VA...

Walks each virtual address (hex, _ separators allowed) from CR3 and prints every level's entry,
the outcome, and the verdict of six accesses (supervisor/user read, write, exec) with the #PF
error code. Nothing in the image is changed (no A/D bits are set).

${REGISTER_HELP}
  --json             one JSON object per VA, in an array:
                     {"va", "canonical", "pa" | null, "pageSize" | null,
                      "fault": null | "non-canonical" | "not-present" | "reserved-bit"
                               | "table-outside-memory",
                      "access": {"supRead": {"ok": true} |
                                 {"ok": false, "exception": "#PF" | "#GP", "errorCode": "0x…"}, …}}`;

const MAPPINGS_HELP = `Usage: pagewalk mappings --memory IMAGE [--cr3 HEX] [options] [--folded] [--json]

Lists every present leaf mapping reachable from CR3 in VA order, like QEMU "info tlb", with the
effective permissions (U/S and R/W ANDed over the walk, XD ORed when EFER.NXE = 1). Recursive
entries produce mappings, as on the CPU. Leaves behind reserved bits are listed and marked RSVD.

${REGISTER_HELP}
  --folded           fold consecutive leaves with equal effective permissions into ranges,
                     like QEMU "info mem" but with exec
  --json             JSON array: {"va", "pa", "pageSize", "level", "flags", "user", "write", "exec",
                     "reserved"} per leaf ("flags" = the raw leaf with its address bits cleared);
                     with --folded {"start", "end" (exclusive), "user", "write", "exec", "reserved",
                     "pages"} per range`;

interface Machine {
  readonly dump: Dump;
  readonly regs: Registers;
  close(): void;
}

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
      default:
        throw new UsageError(`unknown command "${command}" (commands: translate, mappings, help)`);
    }
  } catch (e) {
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
  if (command === undefined) return USAGE;
  throw new UsageError(`unknown command "${command}" (commands: translate, mappings, help)`);
}

function translate(argv: readonly string[], io: CliIO): number {
  const args = parseArgs("translate", argv, { values: REGISTER_OPTIONS, flags: ["json"] });
  if (args.flags.has("help")) {
    io.stdout(TRANSLATE_HELP + "\n");
    return 0;
  }
  if (args.positionals.length === 0)
    throw new UsageError("no virtual address given (usage: pagewalk translate --memory IMAGE VA...)");
  const vas: VirtAddr[] = args.positionals.map((text) => {
    const parsed = parseVirtAddr(text);
    if (!parsed.ok) throw new UsageError(parsed.error.message.replace(/\.$/, ""));
    return parsed.value;
  });
  const machine = openMachine(args);
  try {
    const mode = pagingMode(machine.regs);
    const results = vas.map((va) => translateVa(machine.dump.memory, mode, va));
    if (args.flags.has("json")) io.stdout(JSON.stringify(results.map(translateJson), null, 2) + "\n");
    else io.stdout(results.map((r) => translateText(r, mode, machine.regs.cr3)).join("\n\n") + "\n");
    return 0;
  } finally {
    machine.close();
  }
}

function mappings(argv: readonly string[], io: CliIO): number {
  const args = parseArgs("mappings", argv, { values: REGISTER_OPTIONS, flags: ["json", "folded"] });
  if (args.flags.has("help")) {
    io.stdout(MAPPINGS_HELP + "\n");
    return 0;
  }
  if (args.positionals.length > 0)
    throw new UsageError(`unexpected argument "${args.positionals[0]}" (mappings takes no VA)`);
  const machine = openMachine(args);
  try {
    const { regs } = machine;
    const json = args.flags.has("json");
    let truncated: boolean;
    const out: string[] = [];
    if (args.flags.has("folded")) {
      const folded = foldRanges(machine.dump.memory, regs);
      truncated = folded.truncated;
      if (json) out.push(jsonLines(folded.ranges.toArray().map(rangeJson)));
      else {
        out.push(RANGES_HEADER);
        for (const r of folded.ranges) out.push(rangeText(r));
      }
    } else {
      const leaves: LeafMapping[] = [];
      truncated = forEachLeaf(
        machine.dump.memory,
        regs,
        (c) => void leaves.push(LeafMapping.from(c)),
      ).truncated;
      if (json) {
        out.push(jsonLines(leaves.map((leaf) => mappingJson(leaf, regs.maxPhyAddr))));
      } else {
        out.push(MAPPINGS_HEADER);
        for (const leaf of leaves) out.push(mappingText(leaf));
      }
    }
    io.stdout(out.join("\n") + "\n");
    if (truncated) {
      io.stderr(
        `pagewalk: warning: listing cut short: the tables map more than ${DEFAULT_MAX_LEAVES.toLocaleString("en")} leaves or need more than ${DEFAULT_MAX_ENTRIES.toLocaleString("en")} entry reads\n`,
      );
    }
    return 0;
  } finally {
    machine.close();
  }
}

/** A JSON array with one element per line: 70,000 mappings stay greppable and diffable. */
function jsonLines(items: readonly unknown[]): string {
  return items.length === 0 ? "[]" : `[\n${items.map((item) => JSON.stringify(item)).join(",\n")}\n]`;
}

function parseRegister(args: ParsedArgs, name: string, bits: 32 | 52): number | undefined {
  const text = args.values.get(name);
  if (text === undefined) return undefined;
  const parsed = parseU64(text, `--${name}`);
  if (!parsed.ok) throw new UsageError(parsed.error.message.replace(/\.$/, ""));
  if (parsed.value >= 1n << BigInt(bits))
    throw new UsageError(`--${name} ${text} does not fit in ${bits} bits`);
  return Number(parsed.value);
}

function openMachine(args: ParsedArgs): Machine {
  const path = args.values.get("memory");
  if (path === undefined)
    throw new UsageError("--memory IMAGE is required (a raw memory dump or an ELF core)");
  const cr0 = parseRegister(args, "cr0", 32);
  const cr3 = parseRegister(args, "cr3", 52);
  const cr4 = parseRegister(args, "cr4", 32);
  const efer = parseRegister(args, "efer", 32);
  const pkru = parseRegister(args, "pkru", 32);
  let maxPhyAddr = DEFAULT_REGISTERS.maxPhyAddr;
  const maxText = args.values.get("maxphyaddr");
  if (maxText !== undefined) {
    if (!/^\d+$/.test(maxText.trim()))
      throw new UsageError(`--maxphyaddr "${maxText}" is not a decimal number of bits`);
    maxPhyAddr = Number(maxText.trim());
  }
  const source = openFileSource(path);
  try {
    const opened = openDump(source);
    if (!opened.ok) throw new InputError(`${path}: ${lowerFirst(opened.error.message)}`);
    const dump = opened.value;
    const fromNote = dump.cpu;
    const root = cr3 ?? fromNote?.cr3;
    if (root === undefined) {
      throw new UsageError(
        dump.format === "raw"
          ? "--cr3 is required for a raw memory image"
          : "--cr3 is required: the ELF core has no QEMU CPU note",
      );
    }
    const regs: Registers = {
      ...DEFAULT_REGISTERS,
      cr0: cr0 ?? fromNote?.cr0 ?? DEFAULT_REGISTERS.cr0,
      cr3: root,
      cr4: cr4 ?? fromNote?.cr4 ?? DEFAULT_REGISTERS.cr4,
      efer: efer ?? DEFAULT_REGISTERS.efer,
      pkru: pkru ?? DEFAULT_REGISTERS.pkru,
      maxPhyAddr,
    };
    const problems = validateRegisters(regs);
    if (problems.length > 0) throw new UsageError(lowerFirst(problems[0] as string).replace(/\.$/, ""));
    const mode = pagingMode(regs);
    if (mode.unsupported) throw new InputError(lowerFirst(mode.unsupported).replace(/\.$/, ""));
    if (dump.memory.readFrame(mode.root / 4096) === null) {
      throw new InputError(
        `CR3 0x${regs.cr3.toString(16)} points outside the memory image (${path} covers ${describeSize(dump.memory.sizeBytes)})`,
      );
    }
    return { dump, regs, close: () => source.close() };
  } catch (e) {
    source.close();
    throw e;
  }
}

/** "The file…" → "the file…" inside a sentence; acronyms ("MAXPHYADDR…", "CR3…") stay. */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

function describeSize(bytes: number): string {
  if (bytes >= 1 << 30 && bytes % (1 << 30) === 0) return `${bytes / (1 << 30)} GiB`;
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  return `${bytes} bytes`;
}
