/**
 * Physical memory dumps as `PhysicalMemory`: a raw image (QEMU `pmemsave`, byte N = PA N) or an
 * ELF64 core from QEMU `dump-guest-memory` (PT_LOAD segments placed by `p_paddr`, vCPU state in a
 * "QEMU" note).
 *
 * Pure parsing over a `ByteSource`, so the CLI can read lazily from a file (`fs.readSync` at an
 * offset) and the browser from a `File` (in a worker, with `FileReaderSync`) or an `ArrayBuffer`.
 * Only the headers are read up front; a frame is read when a walk asks for it, then cached. A dump
 * of any size costs only the frames the walks touch.
 */
import type { PhysicalMemory } from "../memory";
import {
  FILE_HEAD_BYTES,
  describeFileKind,
  err,
  fileKindOf,
  formatCount,
  looksLikeText,
  ok,
  type Result,
} from "../common";

/** Random access to the bytes of a dump. */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `offset` (fewer only past the end of the source). */
  read(offset: number, length: number): Uint8Array;
}

/** A `ByteSource` over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

/** One run of physical memory stored in the dump file. */
export interface DumpSegment {
  readonly pa: number;
  /** Bytes of physical memory the segment covers (beyond `fileSize`, memory reads as zeros). */
  readonly memSize: number;
  readonly fileOffset: number;
  readonly fileSize: number;
}

/** CPU state recovered from the dump (ELF "QEMU" note); EFER, PKRU and MAXPHYADDR are not in it. */
export interface DumpCpuState {
  readonly cr0: number;
  readonly cr3: number;
  readonly cr4: number;
  readonly rflags: number;
}

export interface Dump {
  readonly format: "raw" | "elf";
  readonly memory: DumpMemory;
  readonly segments: readonly DumpSegment[];
  /** Null for a raw dump, or an ELF core without a QEMU note. */
  readonly cpu: DumpCpuState | null;
}

const FRAME = 4096;
const MAX_PA = 2 ** 52;
/** Frames kept decoded; a walk needs at most 5, an enumeration a few hundred. */
const CACHE_FRAMES = 16384;

/**
 * Physical memory backed by dump segments, read frame by frame on demand. A frame in no segment (a
 * hole such as the PCI window) is outside memory: `readFrame` returns null, as past the end.
 */
export class DumpMemory implements PhysicalMemory {
  readonly sizeBytes: number;
  /** Frames read from the source so far (cache misses): what a walk really cost. */
  framesRead = 0;
  private readonly cache = new Map<number, Uint32Array | null>();

  constructor(
    private readonly source: ByteSource,
    /** Sorted by PA, non-overlapping. */
    private readonly segments: readonly DumpSegment[],
  ) {
    const last = segments[segments.length - 1];
    this.sizeBytes = last ? Math.ceil((last.pa + last.memSize) / FRAME) * FRAME : 0;
  }

  readFrame(pfn: number): Uint32Array | null {
    const cached = this.cache.get(pfn);
    if (cached !== undefined) return cached;
    const frame = this.load(pfn);
    if (this.cache.size >= CACHE_FRAMES) this.cache.clear();
    this.cache.set(pfn, frame);
    return frame;
  }

  private load(pfn: number): Uint32Array | null {
    if (!Number.isSafeInteger(pfn) || pfn < 0) return null;
    const start = pfn * FRAME;
    if (start >= this.sizeBytes) return null;
    const end = start + FRAME;
    const bytes = new Uint8Array(FRAME);
    let covered = false;
    // Segments are sorted: binary search the last one starting below the frame's end.
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.segments[mid] as DumpSegment).pa < end) lo = mid;
      else hi = mid - 1;
    }
    for (let k = lo; k >= 0; k--) {
      const s = this.segments[k] as DumpSegment;
      if (s.pa + s.memSize <= start) break;
      if (s.pa >= end) continue;
      covered = true;
      const from = Math.max(start, s.pa);
      const to = Math.min(end, s.pa + Math.min(s.fileSize, s.memSize));
      if (to > from) {
        this.framesRead++;
        bytes.set(this.source.read(s.fileOffset + (from - s.pa), to - from), from - start);
      }
    }
    if (!covered) return null;
    const view = new DataView(bytes.buffer);
    const words = new Uint32Array(FRAME / 4);
    for (let i = 0; i < words.length; i++) words[i] = view.getUint32(i * 4, true);
    return words;
  }
}

/** Opens a dump, telling ELF cores (by their magic) from raw images. */
export function openDump(source: ByteSource): Result<Dump> {
  const head = source.read(0, Math.min(FILE_HEAD_BYTES, source.size));
  const kind = fileKindOf(head);
  if (kind === "elf") return openElfDump(source);
  // A raw image is any bytes, but a whole number of frames: a file that is not, and is recognisably
  // something else, is called what it is rather than a truncated image.
  if (source.size % FRAME !== 0) {
    if (kind !== null) return err("not-a-dump", describeFileKind(kind, "a memory image"));
    if (looksLikeText(head))
      return err(
        "not-a-dump",
        "This is a text file, not a memory image (a raw dump is binary: physical memory from address 0).",
      );
  }
  return openRawDump(source);
}

/** A raw physical memory image: file offset = physical address. */
export function openRawDump(source: ByteSource): Result<Dump> {
  if (source.size === 0) return err("empty", "The memory image is empty.");
  if (source.size % FRAME !== 0) {
    return err(
      "truncated",
      `The raw memory image is ${formatCount(source.size)} byte${source.size === 1 ? "" : "s"}, not a whole number of 4 KiB frames (truncated?).`,
    );
  }
  if (source.size > MAX_PA) return err("too-large", "The raw memory image is larger than 2^52 bytes.");
  const segments = [{ pa: 0, memSize: source.size, fileOffset: 0, fileSize: source.size }];
  return ok({ format: "raw", memory: new DumpMemory(source, segments), segments, cpu: null });
}

const EM_X86_64 = 62;
const PT_LOAD = 1;
const PT_NOTE = 4;
const PN_XNUM = 0xffff;
const PHDR_SIZE = 56;
const ET_CORE = 4;
/** e_type's names, for a file that is not a core. */
const ELF_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: "of no type (ET_NONE)",
  1: "a relocatable object (ET_REL)",
  2: "an executable (ET_EXEC)",
  3: "a shared object or a position-independent executable (ET_DYN)",
};
/** Bounds on what a hostile header can make us allocate (QEMU writes one segment per RAM block). */
const MAX_SEGMENTS = 1_000_000;
/** Notes searched for the QEMU CPU state: the first MiB of the note segment (QEMU puts it early). */
const MAX_NOTES_BYTES = 1 << 20;
/** Longest note name accepted ("CORE", "QEMU", "VMCOREINFO": real names are a few bytes). */
const MAX_NOTE_NAME = 4096;

/**
 * An ELF64 little-endian x86-64 core as QEMU's `dump-guest-memory` writes it (paging=false): every
 * PT_LOAD is guest-physical memory at `p_paddr`; the first "QEMU" note gives CR0/CR3/CR4.
 */
export function openElfDump(source: ByteSource): Result<Dump> {
  if (source.size < 64)
    return err("truncated", `The file is ${source.size} bytes: too short for an ELF64 header.`);
  const header = view(source, 0, 64);
  if (header.getUint32(0, false) !== 0x7f454c46)
    return err("not-elf", "The file is not an ELF file (bad magic).");
  if (header.getUint8(4) !== 2)
    return err("not-elf64", "The ELF file is 32-bit; only ELF64 cores are supported.");
  if (header.getUint8(5) !== 1)
    return err("not-little-endian", "The ELF file is big-endian; x86-64 cores are little-endian.");
  const machine = header.getUint16(18, true);
  if (machine !== EM_X86_64)
    return err("not-x86-64", `The ELF file is for machine ${machine}, not x86-64 (62).`);
  // Only a core holds memory at its segments' p_paddr: a program's segments are its code and data.
  const type = header.getUint16(16, true);
  if (type !== ET_CORE)
    return err(
      "not-core",
      `The ELF file is ${ELF_TYPE_NAMES[type] ?? `of type ${type}`}, not a core dump (QEMU dump-guest-memory writes one).`,
    );
  const phoff = u64(header, 32);
  const shoff = u64(header, 40);
  const phentsize = header.getUint16(54, true);
  let phnum = header.getUint16(56, true);
  if (phnum === PN_XNUM) {
    // More than 65,534 segments: the real count is in section header 0's sh_info.
    if (shoff === null || shoff + 64 > source.size) {
      return err(
        "truncated",
        "The ELF file's section header 0 (segment count) lies past the end of the file.",
      );
    }
    phnum = view(source, shoff, 64).getUint32(44, true);
    if (phnum === 0)
      return err(
        "bad-elf",
        "The ELF header says its program header count is in section header 0 (e_phnum is 0xffff), but that gives 0.",
      );
  }
  if (phnum === 0) return err("no-segments", "The ELF file has no program headers, so no memory segments.");
  if (phnum > MAX_SEGMENTS)
    return err("bad-elf", `The ELF file claims ${phnum} program headers (more than ${MAX_SEGMENTS}).`);
  if (phentsize !== PHDR_SIZE) return err("bad-elf", `The ELF program header size is ${phentsize}, not 56.`);
  if (phoff === null || phoff + phnum * PHDR_SIZE > source.size) {
    return err("truncated", "The ELF program headers lie past the end of the file (truncated?).");
  }
  const table = view(source, phoff, phnum * PHDR_SIZE);
  const segments: DumpSegment[] = [];
  let cpu: DumpCpuState | null = null;
  for (let k = 0; k < phnum; k++) {
    const at = k * PHDR_SIZE;
    const type = table.getUint32(at, true);
    if (type !== PT_LOAD && type !== PT_NOTE) continue;
    const offset = u64(table, at + 8);
    const paddr = u64(table, at + 24);
    const fileSize = u64(table, at + 32);
    const memSize = u64(table, at + 40);
    if (offset === null || paddr === null || fileSize === null || memSize === null) {
      return err("bad-elf", `ELF segment ${k} has a field beyond 2^53.`);
    }
    if (offset + fileSize > source.size) {
      return err(
        "truncated",
        `ELF segment ${k} (PA 0x${paddr.toString(16)}, ${fileSize} bytes) extends past the end of the file (truncated?).`,
      );
    }
    if (type === PT_NOTE) {
      if (cpu === null) {
        const found = qemuCpuState(view(source, offset, Math.min(fileSize, MAX_NOTES_BYTES)), fileSize);
        if (!found.ok)
          return err("bad-elf", `The ELF core's note segment (segment ${k}) is malformed: ${found.error}.`);
        cpu = found.value;
      }
      continue;
    }
    if (memSize === 0) continue;
    if (paddr + memSize > MAX_PA) {
      return err(
        "bad-elf",
        `ELF segment ${k} (PA 0x${paddr.toString(16)}) reaches beyond 52-bit physical addresses.`,
      );
    }
    segments.push({ pa: paddr, memSize, fileOffset: offset, fileSize: Math.min(fileSize, memSize) });
  }
  if (segments.length === 0)
    return err("no-memory", "The ELF file has no PT_LOAD segment: it holds no memory.");
  segments.sort((a, b) => a.pa - b.pa);
  for (let k = 1; k < segments.length; k++) {
    const prev = segments[k - 1] as DumpSegment;
    const next = segments[k] as DumpSegment;
    if (next.pa < prev.pa + prev.memSize) {
      return err(
        "bad-elf",
        `ELF segments overlap in physical memory at 0x${next.pa.toString(16)}: not a dump-guest-memory core.`,
      );
    }
  }
  return ok({ format: "elf", memory: new DumpMemory(source, segments), segments, cpu });
}

/**
 * The first "QEMU" note (type 0) of a note segment: QEMU's `QEMUCPUState` (target/i386/arch_dump.c):
 * u32 version, u32 size, 16 GPRs, rip, rflags (offset 144), 10 segments of 24 bytes, then cr[0..4]
 * at offset 392. Null when absent or too short. `notes` holds the segment's first bytes (at most
 * `MAX_NOTES_BYTES` of its `segmentBytes`): a note that runs past the segment, or whose name is
 * longer than any real one, makes the segment malformed (the reason is the error); a note cut off
 * by the read window ends the search.
 */
function qemuCpuState(notes: DataView, segmentBytes: number): Result<DumpCpuState | null, string> {
  let at = 0;
  for (let n = 1; at + 12 <= notes.byteLength; n++) {
    const namesz = notes.getUint32(at, true);
    const descsz = notes.getUint32(at + 4, true);
    const type = notes.getUint32(at + 8, true);
    if (namesz > MAX_NOTE_NAME)
      return { ok: false, error: `note ${n} claims a ${namesz}-byte name (at most ${MAX_NOTE_NAME})` };
    const nameAt = at + 12;
    const descAt = nameAt + align4(namesz);
    const next = descAt + align4(descsz);
    if (next > segmentBytes) {
      return {
        ok: false,
        error: `note ${n} (${namesz}-byte name, ${descsz}-byte data at offset ${at}) runs past the segment's ${segmentBytes} bytes`,
      };
    }
    if (next > notes.byteLength) return ok(null);
    if (isQemuName(notes, nameAt, namesz) && type === 0 && descsz >= 432) {
      const word = (offset: number): number =>
        Number(notes.getBigUint64(descAt + offset, true) & 0xfffffffffffffn);
      const low = (offset: number): number => notes.getUint32(descAt + offset, true);
      return ok({ rflags: low(144), cr0: low(392), cr3: word(416), cr4: low(424) });
    }
    at = next;
  }
  return ok(null);
}

/** The note's name is "QEMU" (namesz 5, with its NUL), compared byte by byte: no string is built. */
function isQemuName(notes: DataView, at: number, namesz: number): boolean {
  if (namesz !== 5) return false;
  return [0x51, 0x45, 0x4d, 0x55].every((byte, i) => notes.getUint8(at + i) === byte); // "QEMU"
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}

function view(source: ByteSource, offset: number, length: number): DataView {
  const bytes = source.read(offset, length);
  const copy = new Uint8Array(length);
  copy.set(bytes);
  return new DataView(copy.buffer);
}

function u64(v: DataView, at: number): number | null {
  const value = v.getBigUint64(at, true);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(value);
}
