/**
 * `pagewalk reverse`: for each physical address, every VA that reaches it (its frame's aliases, the
 * recursive slot that shows a table as a page, the kernel's direct map), with each walk's effective
 * permissions. One pass over the leaves for all the PAs, bounded like `mappings`.
 */
import { LEVEL_TABLE_NAMES, SIZE_NAMES, parsePhysAddr, type PhysAddr } from "../core/arch";
import { formatCount, formatHex } from "../core/common";
import {
  DEFAULT_MAX_ENTRIES,
  DEFAULT_MAX_LEAVES,
  DEFAULT_MAX_REVERSE_RESULTS,
  permissionLetters,
  reverseLookupMany,
  type ReverseLookup,
} from "../core/inspect";
import { readAddressList } from "./address-list";
import { parseArgs, UsageError } from "./args";
import { ChunkedOutput, JsonLines, type CliIO } from "./io";
import { openWalkTarget, REGISTER_OPTIONS } from "./walk-target";

export const REVERSE_HELP = `Usage: pagewalk reverse --memory IMAGE [--cr3 HEX] [options] [--json] PA... | --pas FILE
       pagewalk reverse --scenario FILE [options] [--json] PA... | --pas FILE

For each physical address (hex, _ separators allowed, below 2^MAXPHYADDR), lists every VA that
reaches it, in VA order: every alias of its frame through any page size, the VAs of a recursive
slot (a table frame seen as a page), the kernel's direct map. Each VA comes with its page size,
the level of its leaf (1 PTE, 2 PDE, 3 PDPTE) and the walk's effective permissions. Leaves behind
reserved bits map nothing and are left out. At most ${formatCount(DEFAULT_MAX_REVERSE_RESULTS)} VAs per PA; the
search stops after ${formatCount(DEFAULT_MAX_LEAVES)} leaves or ${formatCount(DEFAULT_MAX_ENTRIES)} entry reads (a warning on stderr says so).

Register options are those of "pagewalk translate --help".
  --pas FILE         the PAs of a list (after any on the command line), "-" for stdin: hex
                     numbers separated by white space or commas, "#" comments
  --json             one object per PA, in an array:
                     {"pa", "vas": [{"va", "pageSize", "level", "user", "write", "exec"}]}`;

export interface ReverseJson {
  readonly pa: string;
  readonly vas: readonly {
    readonly va: string;
    readonly pageSize: number;
    readonly level: number;
    readonly user: boolean;
    readonly write: boolean;
    readonly exec: boolean;
  }[];
}

export function reverseJson(result: ReverseLookup): ReverseJson {
  return {
    pa: formatHex(result.pa),
    vas: result.matches.map((m) => ({
      va: formatHex(m.va),
      pageSize: m.leaf.pageSize,
      level: m.leaf.level,
      user: m.leaf.user,
      write: m.leaf.write,
      exec: m.leaf.exec,
    })),
  };
}

/** `PA 0x9010: 2 VAs`, then one line per VA: `  ffff888000009010 4K  PT   -rw-`. */
export function reverseText(result: ReverseLookup): string {
  const n = result.matches.length;
  const lines = [
    `PA ${formatHex(result.pa)}: ${n === 0 ? "no VA maps it" : `${formatCount(n)} VA${n === 1 ? "" : "s"}`}`,
  ];
  for (const { va, leaf } of result.matches) {
    lines.push(
      `  ${va.toString(16).padStart(16, "0")} ${(SIZE_NAMES[leaf.pageSize] ?? "?").padEnd(3)} ${LEVEL_TABLE_NAMES[leaf.level].padEnd(4)} ${permissionLetters(leaf)}`,
    );
  }
  return lines.join("\n");
}

export function reverseCommand(argv: readonly string[], io: CliIO): number {
  const args = parseArgs("reverse", argv, { values: [...REGISTER_OPTIONS, "pas"], flags: ["json"] });
  if (args.flags.has("help")) {
    io.stdout(REVERSE_HELP + "\n");
    return 0;
  }
  const listed = args.values.get("pas");
  if (args.positionals.length === 0 && listed === undefined)
    throw new UsageError(
      "no physical address given (usage: pagewalk reverse --memory IMAGE PA... or --pas FILE)",
    );
  // The syntax first, before the file is opened; the width once the registers are known.
  for (const text of args.positionals) parsePa(text, 52);
  const texts = [
    ...args.positionals,
    ...(listed === undefined ? [] : readAddressList("pas", listed, io, (text) => parsePhysAddr(text, 52))),
  ];
  const target = openWalkTarget(args);
  try {
    const pas = texts.map((text) => parsePa(text, target.regs.maxPhyAddr));
    const results = reverseLookupMany(target.memory, target.regs, pas);
    const out = new ChunkedOutput(io.stdout);
    if (args.flags.has("json")) {
      // One PA per line: 65,536 aliases of one frame stay one (long) greppable line.
      const array = new JsonLines(out);
      for (const r of results) array.add(JSON.stringify(reverseJson(r)));
      array.end();
    } else {
      results.forEach((r, i) => out.add((i > 0 ? "\n" : "") + reverseText(r) + "\n"));
    }
    out.flush();
    for (const r of results) {
      if (r.resultsTruncated)
        io.stderr(
          `pagewalk: warning: more than ${formatCount(DEFAULT_MAX_REVERSE_RESULTS)} VAs map PA ${formatHex(r.pa)}: only the first are listed\n`,
        );
    }
    if (results.some((r) => r.truncated && !r.resultsTruncated)) {
      io.stderr(
        `pagewalk: warning: search cut short: the tables map more than ${formatCount(DEFAULT_MAX_LEAVES)} leaves or need more than ${formatCount(DEFAULT_MAX_ENTRIES)} entry reads\n`,
      );
    }
    return 0;
  } finally {
    target.close();
  }
}

function parsePa(text: string, maxPhyAddr: number): PhysAddr {
  const parsed = parsePhysAddr(text, maxPhyAddr);
  if (!parsed.ok) throw new UsageError(parsed.error.message.replace(/\.$/, ""));
  return parsed.value;
}
