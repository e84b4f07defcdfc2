/**
 * What `pagewalk` prints: walks and mappings as text a person reads, and as the documented JSON.
 * The words come from the core (`checkAccess` reasons, level names), so the CLI says what the UI says.
 */
import {
  LEVEL_ENTRY_NAMES,
  LEVEL_TABLE_NAMES,
  ENTRY_PS,
  decodeEntry,
  pageSizeName,
  SIZE_NAMES,
  splitIndices,
  ACCESS_KINDS,
  accessOfKind,
  describeErrorCode,
  type Level,
  type VirtAddr,
  type AccessKind,
  type PagingMode,
  type DecodedEntry,
} from "../core/arch";
import { formatHex } from "../core/common";
import { permissionLetters, tlbLetters, type AddressRange, type LeafMapping } from "../core/inspect";
import {
  checkAccess,
  translateTraced,
  type AccessVerdict,
  type Translation,
  type WalkStep,
} from "../core/walk";
import type { PhysicalMemory } from "../core/memory";
import {
  describeMemoryType,
  memoryTypeOfWalk,
  type MemoryType,
  type MemoryTypeResolver,
  type MemoryTypeVerdict,
} from "../core/memtype";

export type JsonAccess = { ok: true } | { ok: false; exception: "#PF" | "#GP"; errorCode: string };

export interface TranslateJson {
  va: string;
  canonical: boolean;
  pa: string | null;
  pageSize: number | null;
  fault: null | "non-canonical" | "not-present" | "reserved-bit" | "table-outside-memory";
  /** The page's effective memory type (SDM §11.12, §11.11), null when the VA does not translate. */
  memoryType: MemoryType | null;
  access: Record<AccessKind, JsonAccess>;
}

export interface MappingJson {
  va: string;
  pa: string;
  pageSize: number;
  level: 1 | 2 | 3;
  flags: string;
  user: boolean;
  write: boolean;
  exec: boolean;
  reserved: boolean;
  memoryType: MemoryType;
}

export interface RangeJson {
  start: string;
  end: string;
  user: boolean;
  write: boolean;
  exec: boolean;
  reserved: boolean;
  pages: number;
  memoryType?: MemoryType;
}

/** One VA walked once, with the verdict of each of the six accesses. */
export interface TranslatedVa {
  readonly va: VirtAddr;
  readonly steps: readonly WalkStep[];
  readonly translation: Translation;
  readonly verdicts: Readonly<Record<AccessKind, AccessVerdict>>;
  /** How the page's memory type came about (null without a resolver, or when the VA does not translate). */
  readonly memoryType: MemoryTypeVerdict | null;
}

export function translateVa(
  memory: PhysicalMemory,
  mode: PagingMode,
  va: VirtAddr,
  memoryTypes?: MemoryTypeResolver,
): TranslatedVa {
  const { steps, translation } = translateTraced(memory, mode, va);
  const verdicts = {} as Record<AccessKind, AccessVerdict>;
  for (const kind of ACCESS_KINDS) verdicts[kind] = checkAccess(translation, mode, va, accessOfKind(kind));
  const memoryType = memoryTypes ? memoryTypeOfWalk(memoryTypes, { translation, steps }) : null;
  return { va, steps, translation, verdicts, memoryType };
}

const hex = (v: bigint | number): string => formatHex(v);

export function translateJson(t: TranslatedVa): TranslateJson {
  const tr = t.translation;
  const access = {} as Record<AccessKind, JsonAccess>;
  for (const kind of ACCESS_KINDS) {
    const v = t.verdicts[kind];
    access[kind] = v.ok ? { ok: true } : { ok: false, exception: v.exception, errorCode: hex(v.errorCode) };
  }
  return {
    va: hex(t.va),
    canonical: tr.kind !== "non-canonical",
    pa: tr.kind === "mapped" ? hex(tr.pa) : null,
    pageSize: tr.kind === "mapped" ? tr.pageSize : null,
    fault:
      tr.kind === "mapped"
        ? null
        : tr.kind === "outside-memory"
          ? "table-outside-memory"
          : tr.kind === "paging-off"
            ? "not-present" // unreachable: the CLI refuses registers without 4/5-level paging
            : tr.kind,
    memoryType: t.memoryType?.type ?? null,
    access,
  };
}

const ACCESS_LABELS: Readonly<Record<AccessKind, string>> = {
  supRead: "supervisor read",
  supWrite: "supervisor write",
  supExec: "supervisor exec",
  userRead: "user read",
  userWrite: "user write",
  userExec: "user exec",
};

/** Short names of the flags set in an entry, as the walk lines show them. */
function entryFlagNames(e: DecodedEntry): string {
  const names: string[] = [];
  if (e.present) names.push("P");
  if (e.writable) names.push("RW");
  if (e.user) names.push("US");
  if (e.writeThrough) names.push("PWT");
  if (e.cacheDisable) names.push("PCD");
  if (e.accessed) names.push("A");
  const leaf = e.kind === "leaf" || (!e.present && e.pageSize !== null);
  if (leaf && e.dirty) names.push("D");
  if (e.level !== 1 && (e.raw & BigInt(ENTRY_PS)) !== 0n) names.push("PS"); // also in a PML4E, where it is reserved
  if (e.pat) names.push("PAT");
  if (leaf && e.global) names.push("G");
  if (leaf && e.protectionKey !== 0) names.push(`PK=${e.protectionKey}`);
  if (e.executeDisable) names.push("XD");
  return names.join(" ");
}

/** The walk of one VA as a person reads it. */
export function translateText(t: TranslatedVa, mode: PagingMode, cr3: number): string {
  const lines: string[] = [];
  // A 2 MiB or 1 GiB page ends the walk above the PT: its offset takes the bits of the indices not read.
  const tr = t.translation;
  const split = splitIndices(t.va, mode.levels, tr.kind === "mapped" ? tr.leafLevel : 1);
  const indices = split.indices.map(({ level, index }) => `${LEVEL_TABLE_NAMES[level]} ${index}`);
  lines.push(`VA ${hex(t.va)}  (${indices.join(", ")}, offset ${hex(split.offset)})`);
  lines.push(`  CR3 ${hex(cr3)} → ${LEVEL_TABLE_NAMES[mode.levels]} ${hex(mode.root)}`);
  const width = Math.max(0, ...t.steps.map((s) => `${LEVEL_TABLE_NAMES[s.level]}[${s.index}]`.length));
  for (const s of t.steps) {
    const where = `${LEVEL_TABLE_NAMES[s.level]}[${s.index}]`.padEnd(width);
    const e = decodeEntry(s.raw, s.level);
    let target: string;
    if (!e.present) target = "not present (P = 0: the other bits are ignored)";
    else if (s.reserved.length > 0)
      target = `reserved bits ${hex(s.reserved.reduce((a, r) => a | r.mask, 0n))}`;
    else if (e.kind === "leaf") target = `${pageSizeName(e.pageSize ?? 4096)} page ${hex(e.address)}`;
    else target = `${LEVEL_TABLE_NAMES[(s.level - 1) as Level]} ${hex(e.address)}`;
    const flags = e.present ? entryFlagNames(e) : "";
    lines.push(
      `  ${where} @${hex(s.entryAddr)} = ${formatHex(s.raw, { digits: 16 })} ${flags ? flags + " " : ""}→ ${target}`,
    );
  }
  switch (tr.kind) {
    case "mapped": {
      const p = tr.permissions;
      const perms = [
        p.user ? "user" : "supervisor-only",
        p.writable ? "writable" : "read-only",
        p.executeDisable ? "no-exec" : "executable",
      ];
      lines.push(`  = PA ${hex(tr.pa)} (${pageSizeName(tr.pageSize)} page; ${perms.join(", ")})`);
      if (t.memoryType) lines.push(`  memory type ${describeMemoryType(t.memoryType)}`);
      break;
    }
    case "non-canonical":
      lines.push(`  = not canonical: #GP before any table is read`);
      break;
    case "not-present":
      lines.push(`  = not present: the ${LEVEL_ENTRY_NAMES[tr.level]} has P = 0`);
      break;
    case "reserved-bit":
      lines.push(
        `  = reserved bits in the ${LEVEL_ENTRY_NAMES[tr.level]}: ${tr.reasons.map((r) => r.description).join("; ")}`,
      );
      break;
    case "outside-memory":
      lines.push(
        `  = the ${LEVEL_TABLE_NAMES[tr.level]} at ${hex(tr.tableAddr)} lies outside the memory image`,
      );
      break;
    case "paging-off":
      lines.push(`  = ${tr.message}`);
      break;
  }
  for (const kind of ACCESS_KINDS) {
    const v = t.verdicts[kind];
    const label = ACCESS_LABELS[kind].padEnd(17);
    if (v.ok) lines.push(`  ${label}ok`);
    else if (v.exception === "#GP") lines.push(`  ${label}#GP(0)`);
    else lines.push(`  ${label}#PF error ${describeErrorCode(v.errorCode)}: ${v.reason}`);
  }
  return lines.join("\n");
}

/** The leaf's non-address bits: the raw entry with its address field (bits MAXPHYADDR-1 … 12/21/30) cleared. */
export function leafFlags(leaf: LeafMapping, maxPhyAddr: number): bigint {
  const low = leaf.pageSize === 4096 ? 12 : leaf.pageSize === 2097152 ? 21 : 30;
  const addressMask = ((1n << BigInt(maxPhyAddr)) - 1n) & ~((1n << BigInt(low)) - 1n);
  return leaf.raw & ~addressMask;
}

export function mappingJson(leaf: LeafMapping, maxPhyAddr: number, memoryType: MemoryType): MappingJson {
  return {
    va: hex(leaf.va),
    pa: hex(leaf.pa),
    pageSize: leaf.pageSize,
    level: leaf.level,
    flags: hex(leafFlags(leaf, maxPhyAddr)),
    user: leaf.user,
    write: leaf.write,
    exec: leaf.exec,
    reserved: leaf.reserved,
    memoryType,
  };
}

export function rangeJson(range: AddressRange): RangeJson {
  return {
    start: hex(range.start),
    end: hex(range.end),
    user: range.user,
    write: range.write,
    exec: range.exec,
    reserved: range.reserved,
    pages: range.pages,
    ...(range.memoryType === null ? {} : { memoryType: range.memoryType }),
  };
}

export const MAPPINGS_HEADER = "VA               PA               SIZE FLAGS     EFFECTIVE TYPE";

/** One `mappings` line: `ffff888000000000 0000000000000000 4K   XG-DA---W -rw- WB` (+ ` RSVD`). */
export function mappingText(leaf: LeafMapping, memoryType?: MemoryType): string {
  return `${leaf.vaHi.toString(16).padStart(8, "0")}${leaf.vaLo.toString(16).padStart(8, "0")} ${leaf.pa
    .toString(16)
    .padStart(
      16,
      "0",
    )} ${(SIZE_NAMES[leaf.pageSize] ?? "?").padEnd(4)} ${tlbLetters(leaf)} ${permissionLetters(leaf)}${
    memoryType === undefined ? "" : ` ${memoryType}`
  }${leaf.reserved ? " RSVD" : ""}`;
}

export const RANGES_HEADER = "START            END              SIZE             PAGES   EFFECTIVE TYPE";

/** One `mappings --folded` line, like `info mem`: `start-end size pages perms`. */
export function rangeText(range: AddressRange): string {
  const end = range.end;
  const endText = end >= 1n << 64n ? "10000000000000000" : end.toString(16).padStart(16, "0");
  return `${range.start.toString(16).padStart(16, "0")} ${endText.padEnd(16)} ${range.size
    .toString(16)
    .padStart(16, "0")} ${String(range.pages).padEnd(7)} ${permissionLetters(range)}${
    range.memoryType === null ? "" : ` ${range.memoryType}`
  }${range.reserved ? " RSVD" : ""}`;
}
