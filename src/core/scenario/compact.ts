/**
 * The compact binary form of a scenario that share links carry (before deflate and base64url).
 *
 * Sized for links: numbers are LEB128 varints, registers equal to the defaults are left out, frames
 * are written as gaps between frame numbers, entries as gaps between indices, and an entry's
 * address field as the difference from a prediction (the previous entry's target + 1 page, or the
 * frame's own number + 1 for the first entry): tables handed out one after another and runs of
 * consecutive pages both come out as zero bytes, which deflate then squeezes. The text parts can be
 * replaced by the id of the preset they came from.
 *
 * The reader trusts nothing: every count is checked against the bytes left and the limits before
 * anything is allocated, and the result still goes through `checkScenario`.
 */
import {
  ACCESS_KINDS,
  accessOfKind,
  kindOfAccess,
  DEFAULT_REGISTERS,
  type Access,
  type Level,
  type PhysAddr,
  type VirtAddr,
  type Registers,
} from "../arch";
import { err, ok, type Result } from "../common";
import { mtrrsToJson, type MemoryTypeSettings } from "../memtype";
import {
  LIMITS,
  REGISTER_NAMES,
  SCENARIO_VERSION,
  type Bookmark,
  type RegisterOverrides,
  type ScenarioFrame,
  type ScenarioLabel,
  type ScenarioMeta,
  type ScenarioProcess,
  type ScenarioSelection,
  type ScenarioState,
} from "./scenario-state";
import { readLessonSection, writeLessonSection } from "./lesson-compact";
import { memoryTypesOfFields } from "./validate";

const FLAG_ACCESSED_DIRTY = 1;
const FLAG_SELECTION = 2;
const FLAG_PRESET_META = 4;
const FLAG_TITLE = 8;
const FLAG_DESCRIPTION = 16;
const FLAG_STEP = 32;
/** IA32_PAT and the MTRRs, as the scenario file's `"pat"`/`"mtrr"` JSON in one string. */
const FLAG_MEMORY_TYPES = 64;
/** A second flags byte follows the first (the first byte's bits are all taken). */
const FLAG_MORE = 128;
const KNOWN_FLAGS = 255;
/** The memory types' JSON: 255 variable ranges of ~70 bytes, and the fixed ranges. */
const MEMORY_TYPES_MAX_LENGTH = 32 * 1024;
/** Second byte: an access trace (issue 14) follows the memory types. */
const MORE_TRACE = 1;
/** Second byte: a lesson section follows the frames (lesson-compact.ts). */
const MORE_LESSON = 2;
const KNOWN_MORE = MORE_TRACE | MORE_LESSON;

/** How the compact form names the text parts of a preset, both ways. */
export interface PresetMetaLookup {
  idOf(meta: ScenarioMeta): string | null;
  metaOf(id: string): ScenarioMeta | null;
}

export class Writer {
  private bytes = new Uint8Array(256);
  private length = 0;

  byte(b: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = b;
  }

  /** Unsigned varint of a safe integer (arithmetic, not bitwise: values go past 2^32). */
  uint(n: number): void {
    while (n >= 128) {
      this.byte((n % 128) + 128);
      n = Math.floor(n / 128);
    }
    this.byte(n);
  }

  sint(n: number): void {
    this.uint(n >= 0 ? 2 * n : -2 * n - 1);
  }

  big(n: bigint): void {
    while (n >= 128n) {
      this.byte(Number(n & 127n) | 128);
      n >>= 7n;
    }
    this.byte(Number(n));
  }

  text(s: string): void {
    const encoded = new TextEncoder().encode(s);
    this.uint(encoded.length);
    for (const b of encoded) this.byte(b);
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

export class Truncated extends Error {}

export class Reader {
  private pos = 0;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });
  constructor(private readonly bytes: Uint8Array) {}

  get left(): number {
    return this.bytes.length - this.pos;
  }

  byte(): number {
    if (this.pos >= this.bytes.length) throw new Truncated("the data ends too early");
    return this.bytes[this.pos++] as number;
  }

  uint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      value += (b & 127) * scale;
      if (b < 128) return value;
      scale *= 128;
    }
    throw new Truncated("a number is too long");
  }

  sint(): number {
    const n = this.uint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  big(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      value |= BigInt(b & 127) << shift;
      if (b < 128) {
        if (value >= 1n << 64n) throw new Truncated("a 64-bit value is too large");
        return value;
      }
    }
    throw new Truncated("a 64-bit value is too long");
  }

  /** A count that must be at most `max`, and for which at least `minBytesEach` bytes remain. */
  count(max: number, minBytesEach: number, what: string): number {
    const n = this.uint();
    if (n > max) throw new Truncated(`too many ${what} (${n}; at most ${max})`);
    if (n * minBytesEach > this.left) throw new Truncated(`the data ends before its ${n} ${what}`);
    return n;
  }

  text(max: number, what: string): string {
    // `max` characters are code points (text-limit.ts), each at most 4 bytes of UTF-8.
    const n = this.count(max * 4, 1, `bytes of ${what}`);
    const slice = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    try {
      return this.decoder.decode(slice);
    } catch {
      throw new Truncated(`the ${what} is not valid UTF-8 text`);
    }
  }

  access(): Access {
    const k = this.byte();
    const kind = ACCESS_KINDS[k];
    if (kind === undefined) throw new Truncated(`unknown access kind ${k}`);
    return accessOfKind(kind);
  }
}

export const accessCode = (access: Access): number => ACCESS_KINDS.indexOf(kindOfAccess(access));

export function writeRegisterMask(w: Writer, regs: RegisterOverrides, base: RegisterOverrides): void {
  let mask = 0;
  REGISTER_NAMES.forEach((name, k) => {
    if (regs[name] !== undefined && regs[name] !== base[name]) mask |= 1 << k;
  });
  w.byte(mask);
  REGISTER_NAMES.forEach((name, k) => {
    if (mask & (1 << k)) w.uint(regs[name] as number);
  });
}

export function readRegisterMask(r: Reader): RegisterOverrides {
  const mask = r.byte();
  if (mask >= 1 << REGISTER_NAMES.length) throw new Truncated(`unknown register mask ${mask}`);
  const out: { -readonly [K in keyof Registers]?: number } = {};
  REGISTER_NAMES.forEach((name, k) => {
    if (mask & (1 << k)) out[name] = r.uint();
  });
  return out;
}

/** A selection (the state's own, or a lesson step's): its table's level and frame number, then entry + 1 (0: none). */
export function writeSelection(w: Writer, selection: ScenarioSelection): void {
  w.byte(selection.table.level);
  w.uint(selection.table.addr / 4096);
  w.uint(selection.entryIndex === null ? 0 : selection.entryIndex + 1);
}

/** Reads what `writeSelection` wrote; `badLevel` words the refusal of a level outside 1–5. */
export function readSelection(r: Reader, badLevel: (level: number) => string): ScenarioSelection {
  const level = r.byte();
  if (level < 1 || level > 5) throw new Truncated(badLevel(level));
  const addr = r.uint() * 4096;
  const entry = r.uint();
  return {
    table: { addr: addr as PhysAddr, level: level as Level },
    entryIndex: entry === 0 ? null : entry - 1,
  };
}

/** Packs a scenario (assumed valid) into the compact form. */
export function packScenario(state: ScenarioState, presets?: PresetMetaLookup): Uint8Array {
  const w = new Writer();
  const presetId = presets?.idOf(state) ?? null;
  let flags = 0;
  if (state.setAccessedDirty) flags |= FLAG_ACCESSED_DIRTY;
  if (state.selection) flags |= FLAG_SELECTION;
  if (presetId !== null) flags |= FLAG_PRESET_META;
  else {
    if (state.title !== undefined) flags |= FLAG_TITLE;
    if (state.description !== undefined) flags |= FLAG_DESCRIPTION;
  }
  if (state.step !== undefined) flags |= FLAG_STEP;
  if (state.memoryTypes !== undefined) flags |= FLAG_MEMORY_TYPES;
  let more = 0;
  if (state.trace !== undefined) more |= MORE_TRACE;
  if (state.lesson !== undefined) more |= MORE_LESSON;
  if (more !== 0) flags |= FLAG_MORE;
  w.byte(SCENARIO_VERSION);
  w.byte(flags);
  if (more !== 0) w.byte(more);
  writeRegisterMask(w, state.registers, DEFAULT_REGISTERS);
  const ramFrames = state.ramBytes / 4096;
  w.uint(ramFrames);
  const a = state.allocator;
  w.uint(a.firstPfn);
  w.uint(ramFrames - a.endPfn);
  w.uint(a.nextPfn - a.firstPfn);
  w.uint(a.freePfns.length);
  for (const pfn of a.freePfns) w.uint(pfn - a.firstPfn);
  w.big(state.va);
  w.byte(accessCode(state.access));
  if (state.selection) writeSelection(w, state.selection);
  if (state.step !== undefined) w.uint(state.step);
  if (state.memoryTypes !== undefined) w.text(memoryTypesJson(state.memoryTypes));
  if (state.trace !== undefined) w.text(state.trace);
  if (presetId !== null) w.text(presetId);
  else {
    if (state.title !== undefined) w.text(state.title);
    if (state.description !== undefined) w.text(state.description);
    w.uint(state.labels.length);
    for (const l of state.labels) {
      if (l.kind === "frame") {
        w.byte(0);
        w.uint(l.addr / 4096);
      } else {
        w.byte(1);
        w.big(l.start);
        w.big(l.last - l.start);
      }
      w.text(l.name);
    }
    w.uint(state.bookmarks.length);
    for (const b of state.bookmarks) {
      w.big(b.va);
      w.byte(accessCode(b.access) | (b.note === undefined ? 0 : 8) | (b.registers === undefined ? 0 : 16));
      if (b.note !== undefined) w.text(b.note);
      if (b.registers !== undefined) writeRegisterMask(w, b.registers, {});
    }
    w.uint(state.processes.length);
    for (const p of state.processes) {
      w.text(p.name);
      w.uint(p.cr3);
    }
  }
  w.uint(state.frames.length);
  let previousPfn = -1;
  for (const frame of state.frames) {
    const pfn = frame.addr / 4096;
    w.uint(pfn - previousPfn - 1);
    previousPfn = pfn;
    w.uint(frame.entries.length - 1);
    let previousIndex = -1;
    let predicted = pfn + 1;
    for (const [index, value] of frame.entries) {
      w.uint(index - previousIndex - 1);
      previousIndex = index;
      const low = Number(value & 0xfffn);
      const high = Number(value >> 52n);
      const target = Number((value >> 12n) & 0xff_ffff_ffffn);
      w.uint(low + (high === 0 ? 0 : 4096));
      if (high !== 0) w.uint(high);
      w.sint(target - predicted);
      predicted = target + 1;
    }
  }
  if (state.lesson !== undefined) writeLessonSection(w, state, presetId !== null);
  return w.result();
}

/** Unpacks the compact form; structural problems come back as a message (semantics: `checkScenario`). */
export function unpackScenario(
  bytes: Uint8Array,
  presets?: PresetMetaLookup,
  maxEntries: number = LIMITS.entries,
): Result<ScenarioState> {
  try {
    return ok(read(new Reader(bytes), presets, maxEntries));
  } catch (e) {
    if (e instanceof Truncated) return err("invalid", `The link's data is damaged: ${e.message}.`);
    throw e;
  }
}

function read(r: Reader, presets: PresetMetaLookup | undefined, maxEntries: number): ScenarioState {
  const version = r.byte();
  if (version !== SCENARIO_VERSION)
    throw new Truncated(`it says format version ${version}, expected ${SCENARIO_VERSION}`);
  const flags = r.byte();
  if (flags & ~KNOWN_FLAGS) throw new Truncated(`unknown flags 0x${flags.toString(16)}`);
  const more = flags & FLAG_MORE ? r.byte() : 0;
  if (more & ~KNOWN_MORE || (flags & FLAG_MORE && more === 0))
    throw new Truncated(`unknown flags 0x${flags.toString(16)}${more.toString(16).padStart(2, "0")}`);
  const registers = { ...DEFAULT_REGISTERS, ...readRegisterMask(r) };
  const ramFrames = r.uint();
  if (ramFrames < 1 || ramFrames > LIMITS.maxRamBytes / 4096)
    throw new Truncated(`RAM of ${ramFrames} frames is out of range`);
  const firstPfn = r.uint();
  const endPfn = ramFrames - r.uint();
  const nextPfn = firstPfn + r.uint();
  const freeCount = r.count(LIMITS.freeFrames, 1, "free frames");
  const freePfns: number[] = [];
  for (let i = 0; i < freeCount; i++) freePfns.push(firstPfn + r.uint());
  const va = r.big() as VirtAddr;
  const access = r.access();
  const selection =
    flags & FLAG_SELECTION ? readSelection(r, (level) => `selected level ${level} is not 1–5`) : null;
  let step: number | undefined;
  if (flags & FLAG_STEP) {
    step = r.uint();
    if (step < 1 || step > LIMITS.maxStep) throw new Truncated(`step ${step} is not 1–${LIMITS.maxStep}`);
  }
  const memoryTypes =
    flags & FLAG_MEMORY_TYPES ? readMemoryTypes(r.text(MEMORY_TYPES_MAX_LENGTH, "memory types")) : undefined;
  const trace = more & MORE_TRACE ? r.text(LIMITS.traceLength, "trace") : undefined;
  let meta: ScenarioMeta;
  if (flags & FLAG_PRESET_META) {
    const id = r.text(64, "preset name");
    const found = presets?.metaOf(id) ?? null;
    if (!found)
      throw new Truncated(`it refers to an example "${id.slice(0, 40)}" this version does not have`);
    meta = found;
  } else {
    const title = flags & FLAG_TITLE ? r.text(LIMITS.titleLength, "title") : undefined;
    const description =
      flags & FLAG_DESCRIPTION ? r.text(LIMITS.descriptionLength, "description") : undefined;
    const labels: ScenarioLabel[] = [];
    const labelCount = r.count(LIMITS.labels, 3, "labels");
    for (let i = 0; i < labelCount; i++) {
      const kind = r.byte();
      if (kind === 0) {
        const addr = (r.uint() * 4096) as PhysAddr;
        labels.push({ kind: "frame", addr, name: r.text(LIMITS.nameLength, "label") });
      } else if (kind === 1) {
        const start = r.big();
        const last = start + r.big();
        labels.push({
          kind: "va-range",
          start: start as VirtAddr,
          last: last as VirtAddr,
          name: r.text(LIMITS.nameLength, "label"),
        });
      } else throw new Truncated(`unknown label kind ${kind}`);
    }
    const bookmarks: Bookmark[] = [];
    const bookmarkCount = r.count(LIMITS.bookmarks, 2, "bookmarks");
    for (let i = 0; i < bookmarkCount; i++) {
      const va = r.big() as VirtAddr;
      const code = r.byte();
      if (code & ~31 || (code & 7) >= ACCESS_KINDS.length) throw new Truncated(`bookmark ${i} is malformed`);
      const access = accessOfKind(ACCESS_KINDS[code & 7] as (typeof ACCESS_KINDS)[number]);
      const note = code & 8 ? r.text(LIMITS.noteLength, "note") : undefined;
      const regs = code & 16 ? readRegisterMask(r) : undefined;
      bookmarks.push({
        va,
        access,
        ...(note === undefined ? {} : { note }),
        ...(regs === undefined ? {} : { registers: regs }),
      });
    }
    const processes: ScenarioProcess[] = [];
    const processCount = r.count(LIMITS.processes, 2, "processes");
    for (let i = 0; i < processCount; i++)
      processes.push({ name: r.text(LIMITS.nameLength, "process name"), cr3: r.uint() });
    meta = {
      ...(title === undefined ? {} : { title }),
      ...(description === undefined ? {} : { description }),
      labels,
      bookmarks,
      processes,
    };
  }
  const frameCount = r.count(Math.min(LIMITS.frames, ramFrames), 4, "frames");
  const frames: ScenarioFrame[] = [];
  let previousPfn = -1;
  let total = 0;
  for (let f = 0; f < frameCount; f++) {
    const pfn = previousPfn + 1 + r.uint();
    if (pfn >= ramFrames) throw new Truncated(`frame 0x${(pfn * 4096).toString(16)} is outside RAM`);
    previousPfn = pfn;
    const entryCount = r.uint() + 1;
    if (entryCount > 512)
      throw new Truncated(`frame 0x${(pfn * 4096).toString(16)} has ${entryCount} entries`);
    total += entryCount;
    if (total > maxEntries) throw new Truncated(`more than ${maxEntries} entries`);
    if (entryCount * 3 > r.left) throw new Truncated("the data ends inside a frame");
    const entries: (readonly [number, bigint])[] = [];
    let index = -1;
    let predicted = pfn + 1;
    for (let e = 0; e < entryCount; e++) {
      index += r.uint() + 1;
      if (index > 511) throw new Truncated(`an entry index past 511 in frame 0x${(pfn * 4096).toString(16)}`);
      const head = r.uint();
      if (head >= 8192) throw new Truncated("an entry is malformed");
      const high = head >= 4096 ? r.uint() : 0;
      if (high >= 4096) throw new Truncated("an entry is malformed");
      const target = predicted + r.sint();
      if (target < 0 || target >= 2 ** 40) throw new Truncated("an entry's address is out of range");
      predicted = target + 1;
      const value = (BigInt(high) << 52n) | (BigInt(target) << 12n) | BigInt(head % 4096);
      if (value === 0n) throw new Truncated("a zero entry is stored");
      entries.push([index, value]);
    }
    frames.push({ addr: (pfn * 4096) as PhysAddr, entries });
  }
  const lesson =
    more & MORE_LESSON ? readLessonSection(r, flags & FLAG_PRESET_META ? meta.lesson : null) : {};
  if (r.left !== 0) throw new Truncated(`${r.left} unexpected bytes at the end`);
  return {
    ...meta,
    registers: registers,
    ramBytes: ramFrames * 4096,
    frames,
    allocator: { firstPfn, endPfn, nextPfn, freePfns },
    va,
    access,
    selection,
    ...(step === undefined ? {} : { step }),
    ...(trace === undefined ? {} : { trace }),
    setAccessedDirty: (flags & FLAG_ACCESSED_DIRTY) !== 0,
    ...(memoryTypes === undefined ? {} : { memoryTypes }),
    ...lesson,
  };
}

/** `{"pat": "0x…", "mtrr": {…}}`: the memory types as the scenario file writes them. */
function memoryTypesJson(m: MemoryTypeSettings): string {
  return JSON.stringify({
    pat: "0x" + m.pat.toString(16),
    ...(m.mtrrs === null ? {} : { mtrr: mtrrsToJson(m.mtrrs) }),
  });
}

function readMemoryTypes(text: string): MemoryTypeSettings {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Truncated("its memory types are not JSON");
  }
  // The scenario file's reader, field for field; the writer above always writes "pat".
  const types = memoryTypesOfFields(doc);
  if (!types.ok) throw new Truncated(`its memory types are malformed (${types.error.message})`);
  if (types.value === undefined) throw new Truncated("its IA32_PAT is missing");
  return types.value;
}
