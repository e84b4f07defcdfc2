/**
 * Reading a scenario back: from JSON text (size and nesting checked before `JSON.parse`), from a
 * parsed document, and the semantic checks every reader shares (`checkScenario`, also used by the
 * link decoder). Every refusal is a `Result` error whose message names the field path, e.g.
 * `frames["0x1001"]: not 4 KiB aligned`.
 */
import {
  MAX_MAXPHYADDR,
  validateRegisters,
  type Access,
  type Level,
  type PhysAddr,
  type VirtAddr,
  type Registers,
} from "../arch";
import { err, jsonSyntaxDetail, ok, type CoreError, type Result } from "../common";
import { parseTrace } from "../tlb";
import { liveTableAmongFreeFrames } from "./allocator-check";
import { DEFAULT_PAT, parseMtrrJson, patTypes, type MemoryTypeSettings } from "../memtype";
import { checkLessonState, lessonFieldsFrom } from "./lesson-json";
import { bookmarkRegisters } from "./scenario-machine";
import { textProblem } from "./text-limit";
import {
  accessOfKindName,
  hex,
  LIMITS,
  REGISTER_NAMES,
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  type Bookmark,
  type RegisterOverrides,
  type ScenarioFrame,
  type ScenarioLabel,
  type ScenarioProcess,
  type ScenarioSelection,
  type ScenarioState,
} from "./scenario-state";

export type ScenarioErrorKind =
  "too-large" | "too-deep" | "not-json" | "not-a-scenario" | "newer-version" | "invalid";
export interface ScenarioError extends CoreError {
  readonly kind: ScenarioErrorKind;
}

/** Thrown inside the readers only; every public function turns it into a Result. */
class Invalid extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly errorKind: ScenarioErrorKind = "invalid",
  ) {
    super(path ? `${path}: ${reason}` : reason);
  }
}

export function fail(path: string, reason: string, kind: ScenarioErrorKind = "invalid"): never {
  throw new Invalid(path, reason, kind);
}

/**
 * Parses a scenario from JSON text or from an already parsed value. Text longer than
 * `LIMITS.fileBytes` or nested deeper than `LIMITS.jsonDepth` is refused before `JSON.parse` runs.
 */
export function parseScenario(input: unknown): Result<ScenarioState, ScenarioError> {
  try {
    const doc = typeof input === "string" ? parseJsonText(input) : input;
    return ok(scenarioFromDocument(doc));
  } catch (e) {
    if (e instanceof Invalid) return err(e.errorKind, e.message);
    throw e;
  }
}

/** JSON.parse behind a size check and a nesting pre-scan (a cheap linear pass, no recursion). */
function parseJsonText(text: string): unknown {
  if (text.length > LIMITS.fileBytes) {
    fail(
      "",
      `The scenario is too large (${text.length} characters; the limit is ${LIMITS.fileBytes / 1048576} MiB).`,
      "too-large",
    );
  }
  const depth = maxNesting(text, LIMITS.jsonDepth);
  if (depth > LIMITS.jsonDepth) {
    fail(
      "",
      `The scenario's JSON is nested deeper than ${LIMITS.jsonDepth} levels; a scenario needs 4.`,
      "too-deep",
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    return fail("", `The scenario is not valid JSON (${jsonSyntaxDetail(e)}).`, "not-json");
  }
}

/** Bracket nesting depth outside strings, stopping as soon as it exceeds `limit`. */
function maxNesting(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

// ------------------------------------------------------------------------------ primitives ---

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function record(v: unknown, path: string): Record<string, unknown> {
  if (!isRecord(v)) fail(path, `must be an object, got ${describe(v)}`);
  return v;
}

export function array(v: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(v)) fail(path, `must be an array, got ${describe(v)}`);
  if (v.length > max) fail(path, `has ${v.length} items; at most ${max} are allowed`);
  return v;
}

export function onlyKeys(obj: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(path, `unknown field ${JSON.stringify(key.slice(0, 40))}`);
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 24 ? v.slice(0, 24) + "…" : v)}`;
  if (typeof v === "number") return `the number ${String(v).slice(0, 24)}`;
  if (v === undefined) return "nothing (the field is missing)";
  if (typeof v === "boolean") return `the boolean ${String(v)}`;
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

const HEX_RE = /^0x[0-9a-fA-F]{1,16}$/;

/** A `0x…` string of at most 16 hex digits (so always below 2^64). */
export function hexU64(v: unknown, path: string): bigint {
  if (typeof v !== "string") fail(path, `must be a hex string like "0x1000", got ${describe(v)}`);
  if (!HEX_RE.test(v)) {
    if (/^0x[0-9a-fA-F]+$/.test(v)) fail(path, `${clip(v)} does not fit in 64 bits`);
    fail(path, `${clip(v)} is not a hex string like "0x1000"`);
  }
  return BigInt(v);
}

/**
 * The optional `"pat"` (IA32_PAT, hex) and `"mtrr"` (the MTRR file's object) fields: absent both,
 * the power-on PAT and no MTRRs (what every scenario before them meant).
 */
function memoryTypesField(pat: unknown, mtrr: unknown): { memoryTypes?: MemoryTypeSettings } {
  if (pat === undefined && mtrr === undefined) return {};
  const patValue = pat === undefined ? DEFAULT_PAT : hexU64(pat, "pat");
  const types = patTypes(patValue);
  if (!types.ok) fail("pat", types.error.message.replace(/^IA32_PAT /, "").replace(/\.$/, ""));
  let mtrrs: MemoryTypeSettings["mtrrs"] = null;
  if (mtrr !== undefined) {
    const parsed = parseMtrrJson(mtrr, "mtrr");
    if (!parsed.ok) fail("", parsed.error.message.replace(/\.$/, ""));
    mtrrs = parsed.value;
  }
  return { memoryTypes: { pat: patValue, mtrrs } };
}

/**
 * The memory types of a `{"pat": …, "mtrr": …}` object, read as the file's fields are (a share link
 * carries them in this form): undefined when it has neither, else the settings or why not.
 */
export function memoryTypesOfFields(v: unknown): Result<MemoryTypeSettings | undefined, ScenarioError> {
  try {
    const obj = record(v, "memory types");
    return ok(memoryTypesField(obj.pat, obj.mtrr).memoryTypes);
  } catch (e) {
    if (e instanceof Invalid) return err(e.errorKind, e.message);
    throw e;
  }
}

/** A hex string that must be below 2^bits (bits ≤ 53, so the result is an exact number). */
export function hexNumber(v: unknown, path: string, bits: number): number {
  const value = hexU64(v, path);
  if (value >= 1n << BigInt(bits)) fail(path, `${clip(v as string)} is wider than ${bits} bits`);
  return Number(value);
}

const clip = (s: string): string => JSON.stringify(s.length > 40 ? s.slice(0, 40) + "…" : s);

export function text(v: unknown, path: string, max: number): string {
  if (typeof v !== "string") fail(path, `must be a string, got ${describe(v)}`);
  checkText(v, path, max);
  return v;
}

export function checkText(s: string, path: string, max: number): void {
  const problem = textProblem(s, max);
  if (problem) fail(path, problem.reason);
}

export function accessName(v: unknown, path: string): Access {
  if (typeof v !== "string") fail(path, `must be an access kind like "supRead", got ${describe(v)}`);
  const access = accessOfKindName(v);
  if (!access)
    fail(path, `${clip(v)} is not one of supRead, supWrite, supExec, userRead, userWrite, userExec`);
  return access;
}

export function level(v: unknown, path: string): Level {
  if (v !== 1 && v !== 2 && v !== 3 && v !== 4 && v !== 5)
    fail(path, `must be a paging level 1–5, got ${describe(v)}`);
  return v;
}

// ------------------------------------------------------------------------------- document ---

const TOP_KEYS = [
  "format",
  "version",
  "title",
  "description",
  "registers",
  "ramBytes",
  "frames",
  "allocator",
  "va",
  "access",
  "selection",
  "step",
  "trace",
  "walkSetsAccessedDirty",
  "pat",
  "mtrr",
  "labels",
  "bookmarks",
  "processes",
  "lesson",
  "lessonStep",
];

function scenarioFromDocument(input: unknown): ScenarioState {
  if (!isRecord(input))
    fail(
      "",
      `This is JSON, but not a Pagewalk scenario: a scenario is a JSON object, and this is ${describe(input)}.`,
      "not-a-scenario",
    );
  const doc = input;
  if (doc.format !== SCENARIO_FORMAT) {
    fail(
      "",
      `This is not a Pagewalk scenario (its "format" field is not "${SCENARIO_FORMAT}").`,
      "not-a-scenario",
    );
  }
  checkVersion(doc.version);
  onlyKeys(doc, "scenario", TOP_KEYS);

  const registers = registersFrom(doc.registers, "registers", false) as Registers;
  const ramBytesBig = hexU64(doc.ramBytes, "ramBytes");
  if (ramBytesBig > BigInt(LIMITS.maxRamBytes))
    fail("ramBytes", `${hex(ramBytesBig)} is more than the 16 GiB limit`);
  const ramBytes = Number(ramBytesBig);
  if (ramBytes % 4096 !== 0) fail("ramBytes", "must be a multiple of 4 KiB");
  if (ramBytes < LIMITS.minRamBytes) fail("ramBytes", "must be at least 4 KiB");
  const frames = framesFrom(doc.frames, ramBytes);
  const allocator = allocatorFrom(doc.allocator);
  const state: ScenarioState = {
    ...(doc.title === undefined ? {} : { title: text(doc.title, "title", LIMITS.titleLength) }),
    ...(doc.description === undefined
      ? {}
      : { description: text(doc.description, "description", LIMITS.descriptionLength) }),
    registers,
    ramBytes,
    frames,
    allocator,
    va: hexU64(doc.va, "va") as VirtAddr,
    access: accessName(doc.access, "access"),
    selection: doc.selection === undefined ? null : selectionFrom(doc.selection, "selection"),
    ...(doc.step === undefined ? {} : { step: stepFrom(doc.step) }),
    // Only read as text here: checkState parses it (once) with the rest of the state.
    ...(doc.trace === undefined ? {} : { trace: text(doc.trace, "trace", LIMITS.traceLength) }),
    setAccessedDirty: booleanField(doc.walkSetsAccessedDirty, "walkSetsAccessedDirty"),
    ...memoryTypesField(doc.pat, doc.mtrr),
    labels:
      doc.labels === undefined
        ? []
        : array(doc.labels, "labels", LIMITS.labels).map((l, i) => labelFrom(l, `labels[${i}]`)),
    bookmarks:
      doc.bookmarks === undefined
        ? []
        : array(doc.bookmarks, "bookmarks", LIMITS.bookmarks).map((b, i) =>
            bookmarkFrom(b, `bookmarks[${i}]`),
          ),
    processes:
      doc.processes === undefined
        ? []
        : array(doc.processes, "processes", LIMITS.processes).map((p, i) =>
            processFrom(p, `processes[${i}]`),
          ),
    ...lessonFieldsFrom(doc),
  };
  checkState(state);
  return state;
}

function checkVersion(version: unknown): void {
  if (typeof version === "number" && Number.isSafeInteger(version) && version > SCENARIO_VERSION) {
    fail(
      "",
      `This scenario was made by a newer Pagewalk (format version ${version}); this version reads version ${SCENARIO_VERSION}.`,
      "newer-version",
    );
  }
  if (version !== SCENARIO_VERSION) fail("version", `must be ${SCENARIO_VERSION}, got ${describe(version)}`);
}

function booleanField(v: unknown, path: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== "boolean") fail(path, `must be true or false, got ${describe(v)}`);
  return v;
}

/** Registers: hex strings, maxPhyAddr a number. Partial for bookmark overrides. */
export function registersFrom(v: unknown, path: string, partial: boolean): RegisterOverrides {
  const obj = record(v, path);
  onlyKeys(obj, path, REGISTER_NAMES);
  const out: { -readonly [K in keyof Registers]?: number } = {};
  for (const name of REGISTER_NAMES) {
    const value = obj[name];
    if (value === undefined) {
      if (partial) continue;
      if (name === "pkru" || name === "rflags") {
        out[name] = 0; // optional in hand-written files
        continue;
      }
      fail(`${path}.${name}`, "is missing");
    }
    if (name === "maxPhyAddr") {
      if (typeof value !== "number" || !Number.isInteger(value))
        fail(`${path}.${name}`, `must be a whole number, got ${describe(value)}`);
      out[name] = value;
    } else {
      out[name] = hexNumber(value, `${path}.${name}`, name === "cr3" ? MAX_MAXPHYADDR : 32);
    }
  }
  return out;
}

const INDEX_RE = /^(0|[1-9][0-9]{0,2})$/;

function framesFrom(v: unknown, ramBytes: number): ScenarioFrame[] {
  const obj = record(v, "frames");
  const keys = Object.keys(obj);
  if (keys.length > LIMITS.frames)
    fail("frames", `has ${keys.length} frames; at most ${LIMITS.frames} are allowed`);
  const frames: ScenarioFrame[] = [];
  let total = 0;
  const seen = new Set<number>();
  for (const key of keys) {
    const path = `frames[${clip(key)}]`;
    const addr = Number(hexU64(key, path));
    if (addr % 4096 !== 0) fail(path, "not 4 KiB aligned");
    if (addr >= ramBytes) fail(path, `outside RAM (RAM ends at ${hex(ramBytes)})`);
    if (seen.has(addr)) fail(path, "the same frame is given twice");
    seen.add(addr);
    const entriesObj = record(obj[key], path);
    const indexKeys = Object.keys(entriesObj);
    if (indexKeys.length > 512) fail(path, `has ${indexKeys.length} entries; a frame has 512`);
    const entries: (readonly [number, bigint])[] = [];
    for (const indexKey of indexKeys) {
      const entryPath = `${path}[${clip(indexKey)}]`;
      if (!INDEX_RE.test(indexKey) || Number(indexKey) > 511)
        fail(entryPath, "entry index must be a decimal number 0–511");
      const value = hexU64(entriesObj[indexKey], entryPath);
      if (value !== 0n) entries.push([Number(indexKey), value]);
    }
    total += entries.length;
    if (total > LIMITS.entries) fail("frames", `more than ${LIMITS.entries} non-zero entries in all`);
    entries.sort((a, b) => a[0] - b[0]);
    if (entries.length) frames.push({ addr: addr as PhysAddr, entries });
  }
  frames.sort((a, b) => a.addr - b.addr);
  return frames;
}

function allocatorFrom(v: unknown): ScenarioState["allocator"] {
  const obj = record(v, "allocator");
  onlyKeys(obj, "allocator", ["first", "end", "next", "free"]);
  const pfn = (value: unknown, path: string): number => {
    const addr = hexNumber(value, path, 52);
    if (addr % 4096 !== 0) fail(path, "not 4 KiB aligned");
    return addr / 4096;
  };
  const free =
    obj.free === undefined
      ? []
      : array(obj.free, "allocator.free", LIMITS.freeFrames).map((f, i) => pfn(f, `allocator.free[${i}]`));
  return {
    firstPfn: pfn(obj.first, "allocator.first"),
    endPfn: pfn(obj.end, "allocator.end"),
    nextPfn: pfn(obj.next, "allocator.next"),
    freePfns: free,
  };
}

/** A selection (`{table, level, entry?}`) at `path`: the document's own, or a lesson step's. */
export function selectionFrom(v: unknown, path: string): ScenarioSelection {
  const obj = record(v, path);
  onlyKeys(obj, path, ["table", "level", "entry"]);
  const addr = hexNumber(obj.table, `${path}.table`, 52);
  let entryIndex: number | null = null;
  if (obj.entry !== undefined) {
    if (typeof obj.entry !== "number" || !Number.isInteger(obj.entry))
      fail(`${path}.entry`, `must be an entry index 0–511, got ${describe(obj.entry)}`);
    entryIndex = obj.entry;
  }
  return { table: { addr: addr as PhysAddr, level: level(obj.level, `${path}.level`) }, entryIndex };
}

export function stepFrom(v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > LIMITS.maxStep)
    fail(
      "step",
      `must be a whole number 1–${LIMITS.maxStep} (the walk's step, 1 = the first), got ${describe(v)}`,
    );
  return v;
}

/** An access trace: text in the trace format (core/tlb), every line of which must parse. */
function traceFrom(v: unknown): string {
  const trace = text(v, "trace", LIMITS.traceLength);
  const parsed = parseTrace(trace);
  if (!parsed.ok) fail("trace", `line ${parsed.error.line}: ${parsed.error.message}`);
  return trace;
}

function labelFrom(v: unknown, path: string): ScenarioLabel {
  const obj = record(v, path);
  const name = text(obj.name, `${path}.name`, LIMITS.nameLength);
  if (obj.frame !== undefined) {
    onlyKeys(obj, path, ["frame", "name"]);
    return { kind: "frame", addr: hexNumber(obj.frame, `${path}.frame`, 52) as PhysAddr, name };
  }
  if (obj.vaStart === undefined) fail(path, 'needs either "frame" or "vaStart" and "vaLast"');
  onlyKeys(obj, path, ["vaStart", "vaLast", "name"]);
  return {
    kind: "va-range",
    start: hexU64(obj.vaStart, `${path}.vaStart`) as VirtAddr,
    last: hexU64(obj.vaLast, `${path}.vaLast`) as VirtAddr,
    name,
  };
}

function bookmarkFrom(v: unknown, path: string): Bookmark {
  const obj = record(v, path);
  onlyKeys(obj, path, ["va", "access", "note", "registers"]);
  return {
    va: hexU64(obj.va, `${path}.va`) as VirtAddr,
    access: accessName(obj.access, `${path}.access`),
    ...(obj.note === undefined ? {} : { note: text(obj.note, `${path}.note`, LIMITS.noteLength) }),
    ...(obj.registers === undefined
      ? {}
      : { registers: registersFrom(obj.registers, `${path}.registers`, true) }),
  };
}

function processFrom(v: unknown, path: string): ScenarioProcess {
  const obj = record(v, path);
  onlyKeys(obj, path, ["name", "cr3"]);
  return {
    name: text(obj.name, `${path}.name`, LIMITS.nameLength),
    cr3: hexNumber(obj.cr3, `${path}.cr3`, MAX_MAXPHYADDR),
  };
}

// ---------------------------------------------------------------------------- semantics ---

/**
 * The checks that do not depend on how the state was written down: registers a CPU accepts, RAM
 * size, frames inside RAM, a consistent allocator that offers no table in use as a free frame,
 * selection, labels, bookmarks, text lengths. Returns null when the state is fine, else an error
 * naming the field.
 */
export function checkScenario(state: ScenarioState): ScenarioError | null {
  try {
    checkState(state);
    return null;
  } catch (e) {
    if (e instanceof Invalid) return { kind: e.errorKind, message: e.message };
    throw e;
  }
}

function checkState(s: ScenarioState): void {
  const regProblems = validateRegisters(s.registers);
  if (regProblems.length) fail("registers", regProblems.join(" "));
  if (
    !Number.isSafeInteger(s.ramBytes) ||
    s.ramBytes < LIMITS.minRamBytes ||
    s.ramBytes > LIMITS.maxRamBytes
  ) {
    fail("ramBytes", `must be between 4 KiB and 16 GiB, got ${s.ramBytes}`);
  }
  if (s.ramBytes % 4096 !== 0) fail("ramBytes", "must be a multiple of 4 KiB");
  const ramFrames = s.ramBytes / 4096;

  if (s.frames.length > LIMITS.frames) fail("frames", `at most ${LIMITS.frames} frames are allowed`);
  let previous = -1;
  let total = 0;
  for (const frame of s.frames) {
    const path = `frames["${hex(frame.addr)}"]`;
    if (!Number.isSafeInteger(frame.addr) || frame.addr % 4096 !== 0) fail(path, "not 4 KiB aligned");
    if (frame.addr >= s.ramBytes) fail(path, `outside RAM (RAM ends at ${hex(s.ramBytes)})`);
    if (frame.addr <= previous) fail(path, "frames must be in ascending order, each once");
    previous = frame.addr;
    if (frame.entries.length === 0 || frame.entries.length > 512)
      fail(path, "must hold 1–512 non-zero entries");
    let previousIndex = -1;
    for (const [index, value] of frame.entries) {
      if (!Number.isInteger(index) || index <= previousIndex || index > 511)
        fail(`${path}[${index}]`, "entry indices must be 0–511, ascending");
      if (typeof value !== "bigint" || value <= 0n || value >= 1n << 64n)
        fail(`${path}[${index}]`, "must be a non-zero 64-bit value");
      previousIndex = index;
    }
    total += frame.entries.length;
  }
  if (total > LIMITS.entries) fail("frames", `more than ${LIMITS.entries} non-zero entries in all`);

  const a = s.allocator;
  if (!(a.firstPfn >= 0 && a.firstPfn <= a.nextPfn && a.nextPfn <= a.endPfn)) {
    fail(
      "allocator",
      `needs first ≤ next ≤ end, got first ${hex(a.firstPfn * 4096)}, next ${hex(a.nextPfn * 4096)}, end ${hex(a.endPfn * 4096)}`,
    );
  }
  if (a.endPfn > ramFrames)
    fail("allocator.end", `${hex(a.endPfn * 4096)} is past the end of RAM (${hex(s.ramBytes)})`);
  if (a.firstPfn === 0) fail("allocator.first", "frame 0 cannot be handed out (0 means no table)");
  if (a.freePfns.length > LIMITS.freeFrames)
    fail("allocator.free", `at most ${LIMITS.freeFrames} frames are allowed`);
  const freeSeen = new Set<number>();
  a.freePfns.forEach((pfn, i) => {
    if (!(Number.isInteger(pfn) && pfn >= a.firstPfn && pfn < a.nextPfn)) {
      fail(`allocator.free[${i}]`, `${hex(pfn * 4096)} was never handed out (must be in first … next)`);
    }
    if (freeSeen.has(pfn)) fail(`allocator.free[${i}]`, `${hex(pfn * 4096)} is listed twice`);
    freeSeen.add(pfn);
  });

  checkU64(s.va, "va");
  if (s.title !== undefined) checkText(s.title, "title", LIMITS.titleLength);
  if (s.description !== undefined) checkText(s.description, "description", LIMITS.descriptionLength);
  if (s.selection) checkSelection(s.selection, "selection");
  if (s.step !== undefined) stepFrom(s.step);
  if (s.memoryTypes !== undefined) {
    const types = patTypes(s.memoryTypes.pat);
    if (!types.ok) fail("pat", types.error.message.replace(/^IA32_PAT /, "").replace(/\.$/, ""));
  }
  if (s.trace !== undefined) traceFrom(s.trace);
  if (s.labels.length > LIMITS.labels) fail("labels", `at most ${LIMITS.labels} labels are allowed`);
  s.labels.forEach((l, i) => {
    const path = `labels[${i}]`;
    checkText(l.name, `${path}.name`, LIMITS.nameLength);
    if (l.kind === "frame") {
      if (!Number.isSafeInteger(l.addr) || l.addr < 0 || l.addr % 4096 !== 0 || l.addr >= 2 ** 52)
        fail(`${path}.frame`, "not 4 KiB aligned");
    } else {
      checkU64(l.start, `${path}.vaStart`);
      checkU64(l.last, `${path}.vaLast`);
      if (l.last < l.start) fail(path, "vaLast is below vaStart");
    }
  });
  if (s.bookmarks.length > LIMITS.bookmarks)
    fail("bookmarks", `at most ${LIMITS.bookmarks} bookmarks are allowed`);
  s.bookmarks.forEach((b, i) => {
    const path = `bookmarks[${i}]`;
    checkU64(b.va, `${path}.va`);
    if (b.note !== undefined) checkText(b.note, `${path}.note`, LIMITS.noteLength);
    if (b.registers !== undefined) checkOverrides(s.registers, b.registers, `${path}.registers`);
  });
  if (s.processes.length > LIMITS.processes)
    fail("processes", `at most ${LIMITS.processes} processes are allowed`);
  s.processes.forEach((p, i) => {
    checkText(p.name, `processes[${i}].name`, LIMITS.nameLength);
    const problems = validateRegisters({ ...s.registers, cr3: p.cr3 });
    if (problems.length) fail(`processes[${i}].cr3`, problems.join(" "));
  });
  checkLessonState(s);
  // Last: it walks the tables from every root, so everything it reads is checked by now.
  const live = liveTableAmongFreeFrames(s);
  if (live) fail(live.path, live.reason);
}

/** A selection a reader built (or a caller handed in): a 4 KiB aligned table, an entry 0–511 or none. */
export function checkSelection(selection: ScenarioSelection, path: string): void {
  const t = selection.table;
  if (!Number.isSafeInteger(t.addr) || t.addr < 0 || t.addr % 4096 !== 0 || t.addr >= 2 ** 52) {
    fail(`${path}.table`, "must be a 4 KiB aligned physical address");
  }
  const e = selection.entryIndex;
  if (e !== null && !(Number.isInteger(e) && e >= 0 && e <= 511))
    fail(`${path}.entry`, `must be an entry index 0–511, got ${e}`);
}

/** Register overrides (a bookmark's, a lesson step's) must give registers a CPU accepts on `base`. */
export function checkOverrides(base: Registers, overrides: RegisterOverrides, path: string): void {
  const problems = validateRegisters(bookmarkRegisters(base, overrides));
  if (problems.length) fail(path, problems.join(" "));
}

export function checkU64(v: bigint, path: string): void {
  if (typeof v !== "bigint" || v < 0n || v >= 1n << 64n) fail(path, "must be a 64-bit value");
}
