/**
 * Importing a physical memory dump as a machine: find every page-table frame reachable from CR3 and
 * read only those (a booted Linux has ~100 of them, so a 256 MiB or 16 GiB dump costs a few hundred
 * KiB of reads), then build a `Ram` that holds just these frames.
 *
 * Which frames: breadth-first from CR3's table, level by level, every present entry that is not a
 * leaf is followed to a table one level down — the same entries `forEachLeaf` follows (a PML4E with
 * PS = 1 and entries with reserved address bits included, as QEMU's `info tlb` does), a superset of
 * what any walk reads (SDM vol. 3A §4.5). So every walk and every enumeration over the imported RAM
 * reads exactly the bytes it would read in the dump. Cycle-safe and bounded: a frame is expanded at
 * most once per level and levels strictly decrease, and at most `maxFrames` frames are read. The
 * non-zero entries of the frames read are counted as they arrive, and past `maxEntries` (what a
 * scenario holds) the discovery stops with a refusal: after 2,049 frames when every entry is
 * present, instead of reading 65,536 full frames that the machine and the scenario built from them
 * would then expand entry by entry. What it keeps is frames as words, and per level one array of
 * frame numbers to read next.
 *
 * The reading is a generator that yields the frames each level needs and receives their words, so
 * one discovery serves the CLI (synchronous `ByteSource` over a file descriptor) and the browser
 * worker (asynchronous reads of a `File`, with progress and cancellation between requests).
 *
 * The machine (see `machineFromDiscovery`): RAM as large as the dump (`ramBytes`) with the table
 * frames in it, plus a small scratch window of `scratchFrames` zero frames just above the dump for
 * the frame allocator, so that map operations can create new tables without overwriting frames
 * whose contents the import never read. When the window would cross 16 GiB or when a table pointer
 * of the dump leads into it (the window would then change what a walk sees), the allocator is
 * empty instead and RAM is exactly the dump's size.
 */
import {
  ENTRY_P,
  LEVEL_TABLE_NAMES,
  DEFAULT_REGISTERS,
  isLeafAt,
  nextTablePfn,
  pagingMode,
  validateRegisters,
  type Level,
  type PagingLevels,
  type PhysAddr,
  type Registers,
} from "../arch";
import { FrameAllocator, MAX_RAM_BYTES, Ram } from "../memory";
import { openDump, type ByteSource, type DumpCpuState, type DumpSegment } from "./dump";
import { frameWords, planFrameReads, scatterBatch, type ReadBatch } from "./read-plan";
import { err, formatCount, ok, type Result } from "../common";

const FRAME = 4096;

/** Random access to a dump whose reads complete later (a browser `File`). */
export interface AsyncByteSource {
  readonly size: number;
  /** `length` bytes from `offset` (fewer only past the end of the source). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** What the headers say, before any table is read. */
export interface ProbedDump {
  readonly format: "raw" | "elf";
  readonly segments: readonly DumpSegment[];
  /** CR0/CR3/CR4/RFLAGS from an ELF core's QEMU note; null for raw dumps and cores without it. */
  readonly cpu: DumpCpuState | null;
  /** Physical memory the dump covers: its size (raw) or the highest segment end (ELF). */
  readonly ramBytes: number;
  readonly fileBytes: number;
}

export type DumpImportErrorKind =
  "not-a-dump" | "too-large" | "needs-cr3" | "bad-registers" | "cr3-outside" | "cancelled" | "read-failed";

export interface DumpImportError {
  readonly kind: DumpImportErrorKind;
  readonly message: string;
}

/** Reads a dump's headers (format, segments, QEMU CPU note) from a synchronous source. */
export function probeDump(source: ByteSource): Result<ProbedDump, DumpImportError> {
  const opened = openDump(source);
  if (!opened.ok) return err("not-a-dump", opened.error.message);
  const { format, segments, cpu, memory } = opened.value;
  if (memory.sizeBytes > MAX_RAM_BYTES) {
    return err(
      "too-large",
      `The dump covers ${describeBytes(memory.sizeBytes)} of physical memory; Pagewalk simulates at most ${describeBytes(MAX_RAM_BYTES)}.`,
    );
  }
  return ok({ format, segments, cpu, ramBytes: memory.sizeBytes, fileBytes: source.size });
}

/** Thrown by the caching source below when `openDump` asks for bytes not fetched yet. */
class NeedBytes extends Error {
  constructor(
    readonly offset: number,
    readonly length: number,
  ) {
    super(`needs bytes ${offset}+${length}`);
  }
}

/**
 * `probeDump` over an asynchronous source: `openDump` runs against a cache of fetched ranges and
 * asks (by throwing) for what it lacks; a few rounds cover the ELF header, program headers and notes.
 */
export async function probeDumpAsync(source: AsyncByteSource): Promise<Result<ProbedDump, DumpImportError>> {
  const ranges: { offset: number; bytes: Uint8Array }[] = [];
  const fetch = async (offset: number, length: number): Promise<void> => {
    ranges.push({
      offset,
      bytes: await source.read(offset, Math.min(length, Math.max(0, source.size - offset))),
    });
  };
  const cached: ByteSource = {
    size: source.size,
    read(offset, length) {
      const end = Math.min(source.size, offset + length);
      for (const r of ranges) {
        if (r.offset <= offset && r.offset + r.bytes.length >= end)
          return r.bytes.subarray(offset - r.offset, end - r.offset);
      }
      throw new NeedBytes(offset, end - offset);
    },
  };
  try {
    await fetch(0, 64 * 1024);
    for (let round = 0; round < 16; round++) {
      try {
        return probeDump(cached);
      } catch (e) {
        if (!(e instanceof NeedBytes)) throw e;
        await fetch(e.offset, Math.max(e.length, 64 * 1024));
      }
    }
    return err("not-a-dump", "The dump's headers point all over the file: not a dump-guest-memory core.");
  } catch (e) {
    return err("read-failed", `The file could not be read (${describeError(e)}).`);
  }
}

/** Register values chosen by the user (CLI flags, dialog fields); unset ones come from the dump or the defaults. */
export type RegisterChoices = { readonly [K in keyof Registers]?: number | undefined };

/**
 * The registers to import with: the user's choices, else the QEMU note's CR0/CR3/CR4, else the
 * CLI defaults (EFER = LME|LMA|NXE, MAXPHYADDR 52). RFLAGS stays 0 unless chosen, as in the CLI,
 * so a scenario made from a dump walks exactly as `pagewalk translate --memory` does. Checks that
 * the registers select 4- or 5-level paging and that CR3's table lies inside the dump.
 */
export function importRegisters(
  dump: ProbedDump,
  choices: RegisterChoices,
): Result<Registers, DumpImportError> {
  const pick = (name: keyof Registers, fromNote: number | undefined): number =>
    choices[name] ?? fromNote ?? DEFAULT_REGISTERS[name];
  const cr3 = choices.cr3 ?? dump.cpu?.cr3;
  if (cr3 === undefined) {
    return err(
      "needs-cr3",
      dump.format === "raw"
        ? "A raw dump does not record CR3: enter the address of the top-level table."
        : "This ELF core has no QEMU CPU note: enter CR3.",
    );
  }
  const regs: Registers = {
    cr0: pick("cr0", dump.cpu?.cr0),
    cr3,
    cr4: pick("cr4", dump.cpu?.cr4),
    efer: pick("efer", undefined),
    pkru: pick("pkru", undefined),
    rflags: pick("rflags", undefined),
    maxPhyAddr: pick("maxPhyAddr", undefined),
  };
  const problems = validateRegisters(regs);
  if (problems.length > 0) return err("bad-registers", problems[0] as string);
  const mode = pagingMode(regs);
  if (mode.unsupported) return err("bad-registers", mode.unsupported);
  if (!frameInDump(dump.segments, mode.root / FRAME)) {
    return err(
      "cr3-outside",
      `CR3 0x${cr3.toString(16)} points outside the dump (it covers ${describeCoverage(dump)}).`,
    );
  }
  return ok(regs);
}

/**
 * Parses CR3 as typed in a form: hex (0x optional, `_` allowed), bits 11:0 kept as the flag/PCID
 * bits they are, the table (bits 51:12) inside the dump.
 */
export function parseCr3(text: string, dump: ProbedDump): Result<number, DumpImportError> {
  const clean = text.trim().replace(/_/g, "").replace(/^0x/i, "");
  if (!/^[0-9a-f]{1,13}$/i.test(clean)) {
    return err("bad-registers", `CR3 "${text.trim()}" is not a hex number of at most 52 bits.`);
  }
  const value = parseInt(clean, 16);
  if (value >= 2 ** 52) return err("bad-registers", `CR3 "${text.trim()}" does not fit in 52 bits.`);
  const root = value - (value % FRAME);
  if (!frameInDump(dump.segments, root / FRAME)) {
    return err(
      "cr3-outside",
      `CR3 0x${value.toString(16)} points outside the dump (it covers ${describeCoverage(dump)}).`,
    );
  }
  return ok(value);
}

export interface DiscoveryProgress {
  /** Table frames read so far (frames outside the dump are not read). */
  readonly framesRead: number;
  readonly bytesRead: number;
  /** Read requests made (neighbouring frames share one). */
  readonly requests: number;
  /** Level whose tables are being read (5 or 4 … 1). */
  readonly level: Level;
}

export interface DiscoveryStats extends DiscoveryProgress {
  /** Table frames found, by the level they were first reached at (index 1–5). */
  readonly tablesByLevel: readonly number[];
}

export interface Discovery {
  readonly format: "raw" | "elf";
  readonly regs: Registers;
  readonly ramBytes: number;
  /** Every table frame reachable from CR3 that lies in the dump, by frame number. */
  readonly frames: ReadonlyMap<number, Uint32Array>;
  /** Frame numbers that table pointers reach outside the dump (not fatal: walks there fault). */
  readonly outsidePfns: readonly number[];
  readonly truncated: boolean;
  readonly stats: DiscoveryStats;
  /** Sentences for the user: tables outside the dump, cycles, truncation. */
  readonly warnings: readonly string[];
}

export interface DiscoveryOptions {
  /** Read at most this many table frames (default 65,536, the most a scenario holds: `LIMITS.frames`). */
  readonly maxFrames?: number;
  /**
   * Refuse tables holding more non-zero entries than this (default 1,048,576, the most a scenario
   * holds: `LIMITS.entries`), counted as frames are read.
   */
  readonly maxEntries?: number;
}

export const DEFAULT_MAX_TABLE_FRAMES = 65_536;
export const DEFAULT_MAX_TABLE_ENTRIES = 1 << 20;
/**
 * Frames asked for at a time (1 MiB): the entries are counted after each reply, so the work past
 * the entry limit is at most one request's frames.
 */
const FRAMES_PER_REQUEST = 256;

/** Frames of one level to read; the reply maps each to its words, or null outside the dump. */
type FrameRequest = readonly number[];
type FrameReply = ReadonlyMap<number, Uint32Array | null>;

/**
 * The tables of one level to read and expand, as parallel arrays (no object per pointer): each
 * frame once, with the entry that first pointed to it (`fromPfn` -1: CR3).
 */
interface Wave {
  readonly level: Level;
  readonly pfns: number[];
  readonly fromPfn: number[];
  readonly fromIndex: number[];
}

type Found = Omit<Discovery, "stats"> & { tablesByLevel: number[] };

/** The breadth-first search itself, independent of how frames are read. */
function* discover(
  dump: ProbedDump,
  regs: Registers,
  options: DiscoveryOptions,
): Generator<{ level: Level; pfns: FrameRequest }, Result<Found, DumpImportError>, FrameReply> {
  const maxFrames = options.maxFrames ?? DEFAULT_MAX_TABLE_FRAMES;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_TABLE_ENTRIES;
  const mode = pagingMode(regs);
  const levels: PagingLevels = mode.levels;
  const frames = new Map<number, Uint32Array>();
  const outside = new Set<number>();
  const levelsSeen = new Map<number, number>(); // pfn → bit mask of levels it is reached at
  const tablesByLevel = [0, 0, 0, 0, 0, 0];
  const examples = { outside: [] as string[], multiLevel: [] as string[] };
  let entries = 0;
  let outsidePointers = 0;
  let holePointers = 0;
  let multiLevel = 0;
  let truncated = false;
  let wave: Wave = { level: levels, pfns: [mode.root / FRAME], fromPfn: [-1], fromIndex: [0] };
  levelsSeen.set(mode.root / FRAME, 1 << (levels - 1));
  tablesByLevel[levels] = 1;

  while (wave.pfns.length > 0) {
    const level = wave.level;
    // A wave holds each frame once; frames already read at another level are not read again.
    const wanted = wave.pfns.filter((pfn) => !frames.has(pfn) && !outside.has(pfn));
    for (let start = 0; start < wanted.length; start += FRAMES_PER_REQUEST) {
      const pfns = wanted.slice(start, start + FRAMES_PER_REQUEST);
      const reply = yield { level, pfns };
      for (const pfn of pfns) {
        const words = reply.get(pfn) ?? null;
        if (words === null) {
          outside.add(pfn);
          continue;
        }
        frames.set(pfn, words);
        entries += nonZeroEntries(words);
        if (entries > maxEntries) return err("too-large", tooManyEntries(entries, frames.size, maxEntries));
      }
    }
    const next: Wave = { level: (level - 1) as Level, pfns: [], fromPfn: [], fromIndex: [] };
    for (let k = 0; k < wave.pfns.length; k++) {
      const pfn = wave.pfns[k] as number;
      const frame = frames.get(pfn);
      if (frame === undefined) {
        const pa = pfn * FRAME;
        if (pa < dump.ramBytes) holePointers++;
        else outsidePointers++;
        if (examples.outside.length < 3) {
          const from = describeEntry(wave.fromPfn[k] as number, level + 1, wave.fromIndex[k] as number);
          examples.outside.push(`${from} → 0x${pa.toString(16)}`);
        }
        continue;
      }
      if (level === 1) continue;
      for (let i = 0; i < 512; i++) {
        const lo = frame[2 * i] as number;
        if ((lo & ENTRY_P) === 0 || isLeafAt(lo, level)) continue;
        const child = nextTablePfn(lo, frame[2 * i + 1] as number);
        const bit = 1 << (next.level - 1);
        const mask = levelsSeen.get(child) ?? 0;
        if ((mask & bit) !== 0) continue;
        if (mask === 0 && levelsSeen.size >= maxFrames) {
          truncated = true;
          continue;
        }
        if (mask !== 0) {
          multiLevel++;
          if (examples.multiLevel.length < 3)
            examples.multiLevel.push(`${describeEntry(pfn, level, i)} → 0x${(child * FRAME).toString(16)}`);
        } else tablesByLevel[next.level] = (tablesByLevel[next.level] as number) + 1;
        levelsSeen.set(child, mask | bit);
        next.pfns.push(child);
        next.fromPfn.push(pfn);
        next.fromIndex.push(i);
      }
    }
    wave = next;
  }

  const warnings: string[] = [];
  if (outsidePointers > 0) {
    warnings.push(
      `${outsidePointers} table pointer${plural(outsidePointers)} lead${outsidePointers === 1 ? "s" : ""} outside the dump (e.g. ${examples.outside.join(", ")}); walks through ${outsidePointers === 1 ? "it" : "them"} stop with "table outside memory".`,
    );
  }
  if (holePointers > 0) {
    warnings.push(
      `${holePointers} table pointer${plural(holePointers)} lead${holePointers === 1 ? "s" : ""} into a hole between the dump's segments; the imported RAM reads such frames as zeros.`,
    );
  }
  if (multiLevel > 0) {
    warnings.push(
      `${multiLevel} table frame${plural(multiLevel)} ${multiLevel === 1 ? "is" : "are"} also reached at another level (a recursive entry or a cycle, e.g. ${examples.multiLevel.join(", ")}); every walk still ends after ${levels} levels.`,
    );
  }
  if (truncated) {
    warnings.push(
      `The tables reach more than ${maxFrames.toLocaleString("en")} frames; only the first ${maxFrames.toLocaleString("en")} (breadth-first) were read.`,
    );
  }
  return ok({
    format: dump.format,
    regs,
    ramBytes: dump.ramBytes,
    frames,
    outsidePfns: [...outside].sort((a, b) => a - b),
    truncated,
    warnings,
    tablesByLevel,
  });
}

/** Entry `index` of the table at `pfn` read as a `level` table ("CR3" when `pfn` is -1). */
function describeEntry(pfn: number, level: number, index: number): string {
  if (pfn < 0) return "CR3";
  return `${LEVEL_TABLE_NAMES[level as Level]}[${index}] of 0x${(pfn * FRAME).toString(16)}`;
}

function nonZeroEntries(words: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < words.length; i += 2) if (((words[i] as number) | (words[i + 1] as number)) !== 0) n++;
  return n;
}

function tooManyEntries(entries: number, frames: number, maxEntries: number): string {
  const n = (x: number): string => x.toLocaleString("en");
  return `The page tables reachable from CR3 hold more than ${n(maxEntries)} non-zero entries (${n(entries)} in the first ${n(frames)} table frames read); a scenario holds at most ${n(maxEntries)}, so the import stops here.`;
}

/**
 * Discovers the tables reading synchronously (the CLI's file source). Errors of the source
 * propagate as exceptions, as everywhere in the CLI; tables past the entry limit are a refusal.
 */
export function discoverTablesSync(
  source: ByteSource,
  dump: ProbedDump,
  regs: Registers,
  options: DiscoveryOptions = {},
): Result<Discovery, DumpImportError> {
  const counters = { framesRead: 0, bytesRead: 0, requests: 0, level: 4 as Level };
  const run = discover(dump, regs, options);
  let step = run.next(new Map());
  while (!step.done) {
    const { level, pfns } = step.value;
    counters.level = level;
    const plan = planFrameReads(dump.segments, pfns);
    const bytes = new Map<number, Uint8Array>();
    for (const batch of plan.batches) {
      scatterBatch(batch, source.read(batch.offset, batch.length), bytes);
      counters.requests++;
      counters.bytesRead += batch.length;
    }
    counters.framesRead += plan.covered.length;
    step = run.next(framesReply(plan.covered, plan.uncovered, bytes));
  }
  return step.value.ok ? ok(finish(step.value.value, counters)) : step.value;
}

export interface AsyncDiscoveryOptions extends DiscoveryOptions {
  readonly signal?: AbortSignal;
  /** Called after every read request. */
  readonly onProgress?: (progress: DiscoveryProgress) => void;
}

/** Discovers the tables reading asynchronously (a `File` in a worker), with progress and cancellation. */
export async function discoverTables(
  source: AsyncByteSource,
  dump: ProbedDump,
  regs: Registers,
  options: AsyncDiscoveryOptions = {},
): Promise<Result<Discovery, DumpImportError>> {
  const counters = { framesRead: 0, bytesRead: 0, requests: 0, level: 4 as Level };
  const read = new Set<number>();
  const cancelled = () => err("cancelled", "The import was cancelled; nothing was changed.");
  const run = discover(dump, regs, options);
  let step = run.next(new Map());
  while (!step.done) {
    const { level, pfns } = step.value;
    counters.level = level;
    const plan = planFrameReads(dump.segments, pfns);
    const bytes = new Map<number, Uint8Array>();
    for (const batch of plan.batches) {
      if (options.signal?.aborted) return cancelled();
      let data: Uint8Array;
      try {
        data = await source.read(batch.offset, batch.length);
      } catch (e) {
        return err(
          "read-failed",
          `Reading the dump failed at offset 0x${batch.offset.toString(16)} (${describeError(e)}).`,
        );
      }
      if (data.length < batch.length) return err("read-failed", shortRead(batch));
      scatterBatch(batch, data, bytes);
      counters.requests++;
      counters.bytesRead += batch.length;
      for (const part of batch.parts) read.add(part.pfn);
      counters.framesRead = read.size;
      options.onProgress?.({ ...counters });
    }
    for (const pfn of plan.covered) read.add(pfn);
    counters.framesRead = read.size;
    if (options.signal?.aborted) return cancelled();
    step = run.next(framesReply(plan.covered, plan.uncovered, bytes));
  }
  options.onProgress?.({ ...counters });
  return step.value.ok ? ok(finish(step.value.value, counters)) : step.value;
}

function shortRead(batch: ReadBatch): string {
  return `The dump file ended early: ${batch.length} bytes at offset 0x${batch.offset.toString(16)} could not be read (was it truncated while importing?).`;
}

function framesReply(
  covered: readonly number[],
  uncovered: readonly number[],
  bytes: ReadonlyMap<number, Uint8Array>,
): FrameReply {
  const reply = new Map<number, Uint32Array | null>();
  for (const pfn of covered) {
    const frame = bytes.get(pfn);
    reply.set(pfn, frame === undefined ? new Uint32Array(FRAME / 4) : frameWords(frame));
  }
  for (const pfn of uncovered) reply.set(pfn, null);
  return reply;
}

function finish(found: Found, counters: DiscoveryProgress): Discovery {
  const { tablesByLevel, ...rest } = found;
  return { ...rest, stats: { ...counters, tablesByLevel } };
}

/** Default size of the allocator's scratch window above the dump: 256 frames (1 MiB). */
const DEFAULT_SCRATCH_FRAMES = 256;

export interface ImportedMachine {
  readonly ram: Ram;
  readonly alloc: FrameAllocator;
  readonly regs: Registers;
  readonly setAccessedDirty: boolean;
}

/**
 * RAM holding the discovered table frames (every other frame reads as zeros, at no cost) and an
 * allocator over a scratch window just above the dump, or an empty allocator (see the file comment).
 */
export function machineFromDiscovery(
  found: Pick<Discovery, "frames" | "outsidePfns" | "ramBytes" | "regs">,
  scratchFrames = DEFAULT_SCRATCH_FRAMES,
): ImportedMachine {
  const dumpFrames = found.ramBytes / FRAME;
  let windowEnd = Math.min(dumpFrames + scratchFrames, MAX_RAM_BYTES / FRAME);
  if (found.outsidePfns.some((pfn) => pfn >= dumpFrames && pfn < windowEnd)) windowEnd = dumpFrames;
  const ram = new Ram(Math.max(windowEnd, 1) * FRAME);
  for (const [pfn, words] of found.frames) ram.writeFrame(pfn, words);
  const alloc = new FrameAllocator({
    firstPfn: dumpFrames,
    endPfn: windowEnd,
    nextPfn: dumpFrames,
    freePfns: [],
  });
  return { ram, alloc, regs: found.regs, setAccessedDirty: false };
}

/** The discovered frames packed for `postMessage`: one buffer of frame words, one of frame numbers. */
export interface PackedFrames {
  readonly pfns: Float64Array<ArrayBuffer>;
  readonly words: Uint32Array<ArrayBuffer>;
}

export function packFrames(frames: ReadonlyMap<number, Uint32Array>): PackedFrames {
  const pfns = new Float64Array(frames.size);
  const words = new Uint32Array(frames.size * (FRAME / 4));
  let k = 0;
  for (const [pfn, frame] of frames) {
    pfns[k] = pfn;
    words.set(frame, k * (FRAME / 4));
    k++;
  }
  return { pfns, words };
}

export function unpackFrames(packed: PackedFrames): Map<number, Uint32Array> {
  const frames = new Map<number, Uint32Array>();
  for (let k = 0; k < packed.pfns.length; k++) {
    frames.set(packed.pfns[k] as number, packed.words.subarray(k * (FRAME / 4), (k + 1) * (FRAME / 4)));
  }
  return frames;
}

/** The CR3 table's address and level, for selecting it after an import. */
export function rootTable(regs: Registers): { addr: PhysAddr; level: Level } {
  const mode = pagingMode(regs);
  return { addr: mode.root, level: mode.levels };
}

function frameInDump(segments: readonly DumpSegment[], pfn: number): boolean {
  return planFrameReads(segments, [pfn]).covered.length === 1;
}

function describeCoverage(dump: ProbedDump): string {
  if (dump.segments.length === 1)
    return `physical addresses 0 to 0x${dump.ramBytes.toString(16)}, ${describeBytes(dump.ramBytes)}`;
  return `${dump.segments.length} segments up to 0x${dump.ramBytes.toString(16)}`;
}

export function describeBytes(bytes: number): string {
  const unit = BYTE_UNITS.find(([, size]) => bytes >= size);
  if (unit !== undefined) {
    const [name, size] = unit;
    if (bytes % size === 0) return `${formatCount(bytes / size)} ${name}`;
    // Under 10 KiB the bytes are said: "4.0 KiB" for 4,095 would hide what is wrong with the file.
    if (bytes >= 10 * 1024) return `${(bytes / size).toFixed(1)} ${name}`;
  }
  return `${formatCount(bytes)} byte${plural(bytes)}`;
}

const BYTE_UNITS: ReadonlyArray<readonly [string, number]> = [
  ["GiB", 2 ** 30],
  ["MiB", 2 ** 20],
  ["KiB", 1024],
];

function plural(n: number): string {
  return n === 1 ? "" : "s";
}

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
