/**
 * The scenario file's writer: the JSON document (version 1, see FORMAT.md) for a state, with hex
 * strings for every 64-bit or physical quantity. `parseScenario` (validate.ts) reads it back.
 */
import { kindOfAccess } from "../arch";
import { mtrrsToJson } from "../memtype";
import { lessonDocument } from "./lesson-json";
import {
  hex,
  REGISTER_NAMES,
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  type RegisterOverrides,
  type ScenarioSelection,
  type ScenarioState,
} from "./scenario-state";

/** The JSON document (version 1) for a state; see FORMAT.md. Optional parts are left out when empty. */
export function scenarioDocument(state: ScenarioState): Record<string, unknown> {
  const doc: Record<string, unknown> = { format: SCENARIO_FORMAT, version: SCENARIO_VERSION };
  if (state.title !== undefined) doc.title = state.title;
  if (state.description !== undefined) doc.description = state.description;
  doc.registers = registersDocument(state.registers);
  doc.ramBytes = hex(state.ramBytes);
  const frames: Record<string, Record<string, string>> = {};
  for (const frame of state.frames) {
    const entries: Record<string, string> = {};
    for (const [index, value] of frame.entries) entries[String(index)] = hex(value);
    frames[hex(frame.addr)] = entries;
  }
  doc.frames = frames;
  const a = state.allocator;
  doc.allocator = {
    first: hex(a.firstPfn * 4096),
    end: hex(a.endPfn * 4096),
    next: hex(a.nextPfn * 4096),
    free: a.freePfns.map((pfn) => hex(pfn * 4096)),
  };
  doc.va = hex(state.va);
  doc.access = kindOfAccess(state.access);
  if (state.selection) doc.selection = selectionDocument(state.selection);
  if (state.step !== undefined) doc.step = state.step;
  if (state.trace !== undefined) doc.trace = state.trace;
  if (state.setAccessedDirty) doc.walkSetsAccessedDirty = true;
  if (state.memoryTypes !== undefined) {
    doc.pat = formatPat(state.memoryTypes.pat);
    if (state.memoryTypes.mtrrs !== null) doc.mtrr = mtrrsToJson(state.memoryTypes.mtrrs);
  }
  if (state.labels.length) {
    doc.labels = state.labels.map((l) =>
      l.kind === "frame"
        ? { frame: hex(l.addr), name: l.name }
        : { vaStart: hex(l.start), vaLast: hex(l.last), name: l.name },
    );
  }
  if (state.bookmarks.length) {
    doc.bookmarks = state.bookmarks.map((b) => {
      const out: Record<string, unknown> = { va: hex(b.va), access: kindOfAccess(b.access) };
      if (b.note !== undefined) out.note = b.note;
      if (b.registers !== undefined) out.registers = registersDocument(b.registers);
      return out;
    });
  }
  if (state.processes.length) doc.processes = state.processes.map((p) => ({ name: p.name, cr3: hex(p.cr3) }));
  Object.assign(doc, lessonDocument(state));
  return doc;
}

/** A selection as JSON (the document's own, or a lesson step's): `{table, level, entry?}`. */
export function selectionDocument(s: ScenarioSelection): Record<string, string | number> {
  return {
    table: hex(s.table.addr),
    level: s.table.level,
    ...(s.entryIndex === null ? {} : { entry: s.entryIndex }),
  };
}

/** Registers as JSON, in REGISTER_NAMES order: hex strings, maxPhyAddr a number; absent ones left out. */
export function registersDocument(regs: RegisterOverrides): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const name of REGISTER_NAMES) {
    const v = regs[name];
    if (v !== undefined) out[name] = name === "maxPhyAddr" ? v : hex(v);
  }
  return out;
}

/** The scenario as JSON text (2-space indented unless `compact`). */
export function serializeScenario(state: ScenarioState, options: { compact?: boolean } = {}): string {
  return JSON.stringify(scenarioDocument(state), null, options.compact ? undefined : 1);
}

/** IA32_PAT as 16 hex digits, so its eight type bytes line up as in the SDM. */
function formatPat(pat: bigint): string {
  return "0x" + pat.toString(16).padStart(16, "0");
}
