/**
 * The 512 entries of one table frame, decoded for display: class, raw hex, target and flags. Pure;
 * views compute it once per frame contents, keyed by the frame view and `frameVersionOf`.
 */
import {
  ENTRY_A,
  ENTRY_D,
  ENTRY_G,
  ENTRY_PAT_HUGE,
  ENTRY_PCD,
  ENTRY_PS,
  ENTRY_PWT,
  ENTRY_RW,
  ENTRY_US,
  ENTRY_XD_HI,
  LEVEL_TABLE_NAMES,
  formatPhysAddr,
  reservedHighMask,
  type Level,
} from "../core/arch";
import { ENTRIES_PER_TABLE, type PhysicalMemory } from "../core/memory";
import { classifyWords, entryTargetWords, type EntryClass } from "../core/inspect";

export interface TableEntryInfo {
  readonly index: number;
  readonly entryClass: EntryClass;
  /** "0x0000000000201007" */
  readonly raw: string;
  /** The address the entry holds (table, page, or the raw field of a reserved entry); null when not present. */
  readonly target: number | null;
  /** "RW U A NX" (present entries only). */
  readonly flags: string;
}

export interface TableEntries {
  readonly entries: readonly TableEntryInfo[];
  readonly counts: Readonly<Record<EntryClass, number>>;
  /** True when the frame is beyond RAM. */
  readonly outside: boolean;
  /** The 1,024 words decoded (a copy): the next decode of this table compares words, not strings. */
  readonly words?: Uint32Array;
}

const hex8 = (w: number): string => (w >>> 0).toString(16).padStart(8, "0");

function flagText(lo: number, hi: number, level: Level, entryClass: EntryClass): string {
  const leaf = entryClass === "leaf4k" || entryClass === "leaf2m" || entryClass === "leaf1g";
  const parts: string[] = [lo & ENTRY_RW ? "RW" : "RO", lo & ENTRY_US ? "U" : "S"];
  if (lo & ENTRY_PWT) parts.push("PWT");
  if (lo & ENTRY_PCD) parts.push("PCD");
  if (lo & ENTRY_A) parts.push("A");
  if (leaf && lo & ENTRY_D) parts.push("D");
  if (level === 1 && lo & ENTRY_PS)
    parts.push("PAT"); // bit 7 is PAT in a PTE, PS above
  else if (level !== 1 && lo & ENTRY_PS) parts.push("PS");
  if (leaf && level !== 1 && lo & ENTRY_PAT_HUGE) parts.push("PAT");
  if (leaf && lo & ENTRY_G) parts.push("G");
  const pk = (hi >>> 27) & 0xf;
  if (leaf && pk) parts.push(`PK${pk}`);
  if (hi & ENTRY_XD_HI) parts.push("XD");
  return parts.join(" ");
}

/** Decodes every entry of a frame (a few hundred microseconds for 512 entries). */
export function decodeTableFrame(
  frame: Uint32Array | null,
  level: Level,
  maxPhyAddr: number,
  nxe: boolean,
  /** The same table decoded before (same level and context): unchanged entries keep their objects. */
  previous: TableEntries | null = null,
): TableEntries {
  const counts: Record<EntryClass, number> = {
    empty: 0,
    garbage: 0,
    table: 0,
    leaf4k: 0,
    leaf2m: 0,
    leaf1g: 0,
    reserved: 0,
  };
  if (frame === null) return { entries: [], counts, outside: true };
  const rsvd = reservedHighMask(maxPhyAddr, nxe);
  const entries: TableEntryInfo[] = new Array<TableEntryInfo>(ENTRIES_PER_TABLE);
  // An edit changes one entry: the others are the same words, decoded the same way (same context).
  const old = previous?.words;
  for (let i = 0; i < ENTRIES_PER_TABLE; i++) {
    const lo = frame[2 * i] as number;
    const hi = frame[2 * i + 1] as number;
    const before = previous?.entries[i];
    if (before !== undefined && old !== undefined && old[2 * i] === lo && old[2 * i + 1] === hi) {
      counts[before.entryClass]++;
      entries[i] = before; // same object: the memoised cell and row skip rendering
      continue;
    }
    const entryClass = classifyWords(lo, hi, level, rsvd);
    counts[entryClass]++;
    const present = (lo & 1) !== 0;
    const raw = `0x${hex8(hi)}${hex8(lo)}`;
    entries[i] = {
      index: i,
      entryClass,
      raw,
      target: present ? entryTargetWords(lo, hi, entryClass) : null,
      flags: present ? flagText(lo, hi, level, entryClass) : "",
    };
  }
  return { entries, counts, outside: false, words: frame.slice(0, 2 * ENTRIES_PER_TABLE) };
}

/** What a cell's tooltip says: "PT[127] = 0x… — 4 KiB page → 0x…". */
export function entryTooltip(info: TableEntryInfo, level: Level, className: string): string {
  const target = info.target === null ? "" : ` → ${formatPhysAddr(info.target)}`;
  const flags = info.flags ? ` (${info.flags})` : "";
  return `${LEVEL_TABLE_NAMES[level]}[${info.index}] = ${info.raw}\n${className}${target}${flags}`;
}

/** Reads the frame of the table at `addr` (null when beyond RAM). */
export function tableFrame(memory: PhysicalMemory, addr: number): Uint32Array | null {
  return memory.readFrame(Math.floor(addr / 4096));
}

/**
 * A key that changes when the frame's contents change: `Ram.frameVersion` (its copy-on-write slot)
 * when the memory has one, otherwise 0 (then the frame view's identity is the only key).
 */
export function frameVersionOf(memory: PhysicalMemory, addr: number): number {
  return memory.frameVersion?.(Math.floor(addr / 4096)) ?? 0;
}
