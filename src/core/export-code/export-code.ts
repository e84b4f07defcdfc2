/**
 * Exports the current page tables as code a hobby OS developer can paste: C (page-aligned
 * `uint64_t` arrays with designated initializers) or NASM (`align 4096` + `dq`).
 *
 * Entries hold physical addresses, so the code only works if each table ends up at the physical
 * address it had here, or if the loader patches the address fields; the header says so and lists
 * every table with its address, and CR3.
 */
import {
  LEVEL_TABLE_NAMES,
  entryAddress,
  isLeafEntry,
  pageSizeName,
  pageSizeOfLevel,
  cr3Root,
  pagingMode,
  type Level,
  type PagingLevels,
  type Registers,
} from "../arch";
import { entryOfFrame, FRAME_SIZE, type PhysicalMemory } from "../memory";

export interface ExportedTable {
  readonly addr: number;
  readonly level: Level;
  /** Identifier used in the code: `pml4_0x1000`. */
  readonly name: string;
  /** The 512 entries. */
  readonly entries: readonly bigint[];
  /** Other levels this frame also serves as (recursive or cross-level sharing). */
  readonly alsoAs: readonly Level[];
}

/** Most tables exported (a full 4-level space is 512³ tables: refuse to print those). */
const MAX_EXPORTED_TABLES = 4096;

/**
 * The tables reachable from CR3, top level first, then by address; bounded and cycle-safe. A
 * frame reached at several levels is listed once, under the first level found.
 */
export function tablesForExport(
  memory: PhysicalMemory,
  regs: Registers,
  maxTables = MAX_EXPORTED_TABLES,
): { tables: ExportedTable[]; truncated: boolean } {
  const levels: PagingLevels = pagingMode(regs).levels;
  const found = new Map<number, { level: Level; alsoAs: Set<Level> }>();
  let frontier: number[] = [cr3Root(regs.cr3)];
  let truncated = false;
  const root = cr3Root(regs.cr3);
  if (memory.readFrame(root / FRAME_SIZE) === null) return { tables: [], truncated: false };
  found.set(root, { level: levels, alsoAs: new Set() });
  // Visit (frame, level) pairs so that a frame used at several levels (recursive slots) is
  // followed at each of them; each pair once, so cycles end.
  const visited = new Set<string>([`${root}:${levels}`]);
  for (let level = levels as number; level > 1 && frontier.length; level--) {
    const next: number[] = [];
    for (const addr of frontier) {
      const frame = memory.readFrame(addr / FRAME_SIZE);
      if (!frame) continue;
      for (let i = 0; i < 512; i++) {
        const raw = entryOfFrame(frame, i);
        if ((raw & 1n) === 0n || isLeafEntry(raw, level as Level)) continue;
        const target = entryAddress(raw, level as Level);
        const below = (level - 1) as Level;
        if (memory.readFrame(target / FRAME_SIZE) === null || visited.has(`${target}:${below}`)) continue;
        const seen = found.get(target);
        if (seen) seen.alsoAs.add(below);
        else if (found.size >= maxTables) {
          truncated = true;
          continue;
        } else found.set(target, { level: below, alsoAs: new Set() });
        visited.add(`${target}:${below}`);
        next.push(target);
      }
    }
    frontier = next;
  }
  const tables = [...found.entries()]
    .map(([addr, { level, alsoAs }]) => {
      const frame = memory.readFrame(addr / FRAME_SIZE) as Uint32Array;
      return {
        addr,
        level,
        name: `${LEVEL_TABLE_NAMES[level].toLowerCase()}_0x${addr.toString(16)}`,
        entries: Array.from({ length: 512 }, (_, i) => entryOfFrame(frame, i)),
        alsoAs: [...alsoAs].sort((a, b) => b - a),
      };
    })
    .sort((a, b) => b.level - a.level || a.addr - b.addr);
  return { tables, truncated };
}

const hex16 = (v: bigint): string => "0x" + v.toString(16).padStart(16, "0");

function describeEntry(raw: bigint, level: Level): string {
  const addr = `0x${entryAddress(raw, level).toString(16)}`;
  if (isLeafEntry(raw, level)) return `${pageSizeName(pageSizeOfLevel(level as 1 | 2 | 3))} page at ${addr}`;
  return `${LEVEL_TABLE_NAMES[(level - 1) as Level]} at ${addr}`;
}

function headerLines(tables: readonly ExportedTable[], regs: Registers, truncated: boolean): string[] {
  const mode = pagingMode(regs);
  const root = tables[0];
  const lines = [
    `Page tables exported by Pagewalk (x86-64, ${mode.levels}-level paging${mode.levels === 5 ? ", CR4.LA57 = 1" : ""}).`,
    `CR3 = 0x${regs.cr3.toString(16)}${root ? ` (top-level table ${root.name})` : " (no table: CR3 points outside RAM)"}.`,
    "",
    "The entries hold PHYSICAL addresses. Place every table at the physical address in its name",
    "(e.g. with a linker script), or patch the address field (bits 51:12) of each entry that points",
    "to a table when the tables end up elsewhere. Addresses assumed:",
    ...tables.map(
      (t) =>
        `  ${t.name.padEnd(22)} ${LEVEL_TABLE_NAMES[t.level].padEnd(4)} at physical 0x${t.addr.toString(16)}` +
        (t.alsoAs.length ? ` (also used as ${t.alsoAs.map((l) => LEVEL_TABLE_NAMES[l]).join(", ")})` : ""),
    ),
  ];
  if (truncated) lines.push(`Only the first ${tables.length} tables are exported.`);
  return lines;
}

/** The tables as C: one `__attribute__((aligned(4096))) uint64_t name[512]` per table. */
export function exportTablesC(memory: PhysicalMemory, regs: Registers): string {
  const { tables, truncated } = tablesForExport(memory, regs);
  const out = [
    "/*",
    ...headerLines(tables, regs, truncated).map((l) => ` *${l ? " " + l : ""}`),
    " */",
    "#include <stdint.h>",
    "",
  ];
  for (const t of tables) {
    out.push(`/* ${LEVEL_TABLE_NAMES[t.level]} at physical 0x${t.addr.toString(16)} */`);
    const present = t.entries.map((raw, i) => [i, raw] as const).filter(([, raw]) => raw !== 0n);
    if (present.length === 0) {
      out.push(`__attribute__((aligned(4096))) uint64_t ${t.name}[512] = {0};`, "");
      continue;
    }
    out.push(`__attribute__((aligned(4096))) uint64_t ${t.name}[512] = {`);
    for (const [i, raw] of present) {
      const note = (raw & 1n) === 0n ? "not present" : describeEntry(raw, t.level);
      out.push(`    [${i}] = ${hex16(raw)}ULL, /* ${note} */`);
    }
    out.push("};", "");
  }
  return out.join("\n");
}

/** The tables as NASM: `align 4096, db 0`, a label, and 512 `dq` (runs of zeros as `times`). */
export function exportTablesNasm(memory: PhysicalMemory, regs: Registers): string {
  const { tables, truncated } = tablesForExport(memory, regs);
  const out = [...headerLines(tables, regs, truncated).map((l) => `;${l ? " " + l : ""}`), ""];
  for (const t of tables) {
    out.push(
      "align 4096, db 0",
      `${t.name}:${" ".repeat(Math.max(1, 24 - t.name.length))}; ${LEVEL_TABLE_NAMES[t.level]} at physical 0x${t.addr.toString(16)}`,
    );
    let zeros = 0;
    const flush = (): void => {
      if (zeros) out.push(`    times ${zeros} dq 0`);
      zeros = 0;
    };
    t.entries.forEach((raw, i) => {
      if (raw === 0n) {
        zeros++;
        return;
      }
      flush();
      const note = (raw & 1n) === 0n ? "not present" : describeEntry(raw, t.level);
      out.push(`    dq ${hex16(raw)}    ; [${i}] ${note}`);
    });
    flush();
    out.push("");
  }
  return out.join("\n");
}
