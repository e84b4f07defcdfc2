/**
 * The MTRR file (`pagewalk --mtrr FILE`, the scenario's `"mtrr"` field): the MTRRs as JSON, with
 * hex strings for addresses, every mistake refused with a message that names the field.
 *
 * ```json
 * {
 *   "enabled": true,
 *   "default": "UC",
 *   "fixed": [{ "start": "0x0", "end": "0xa0000", "type": "WB" }],
 *   "variable": [{ "base": "0x0", "size": "0x80000000", "type": "WB" }]
 * }
 * ```
 */
import { err, formatHex, jsonSyntaxDetail, ok, parseU64, type Result } from "../common";
import type { MtrrType } from "./combine";
import { memoryTypeFromName } from "./memory-type";
import {
  describeVariable,
  FIXED_RANGES_END,
  fixedGranularity,
  overlapProblem,
  type FixedMtrr,
  type Mtrrs,
  type VariableMtrr,
} from "./mtrr";

/** Largest MTRR file read (a real one is a few hundred bytes). */
export const MTRR_FILE_MAX_BYTES = 1 << 20;
/** IA32_MTRRCAP.VCNT is 8 bits: at most 255 variable ranges. */
export const MAX_VARIABLE_MTRRS = 255;
/** 11 fixed-range MSRs of 8 ranges each. */
const MAX_FIXED_STRETCHES = 88;
/** Physical addresses have at most 52 bits. */
const PA_LIMIT = 2 ** 52;

type Fail = { ok: false; error: { kind: string; message: string } };
const bad = (where: string, message: string): Fail => err("invalid-mtrr", `${where}: ${message}.`);

/** Reads an MTRR file's text. */
export function parseMtrrText(text: string): Result<Mtrrs> {
  if (text.length > MTRR_FILE_MAX_BYTES)
    return err("too-large", `The MTRR file is larger than ${MTRR_FILE_MAX_BYTES} bytes.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return err("not-json", `The MTRR file is not JSON (${jsonSyntaxDetail(e)}).`);
  }
  return parseMtrrJson(value, "mtrr");
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function mtrrType(v: unknown, where: string): MtrrType | Fail {
  const type = typeof v === "string" ? memoryTypeFromName(v) : null;
  if (type === null || type === "UC-")
    return bad(
      where,
      `${JSON.stringify(v)} is not an MTRR type (UC, WC, WT, WP or WB; UC- exists only in the PAT)`,
    );
  return type;
}

function address(v: unknown, where: string): number | Fail {
  if (typeof v !== "string") return bad(where, `must be a hex string such as "0x80000000"`);
  const parsed = parseU64(v, where);
  if (!parsed.ok) return err("invalid-mtrr", parsed.error.message);
  if (parsed.value > BigInt(PA_LIMIT)) return bad(where, `${v} is above the 52-bit physical address space`);
  return Number(parsed.value);
}

const failed = (v: unknown): v is Fail => isObject(v) && v.ok === false;

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): Fail | null {
  for (const key of Object.keys(obj))
    if (!allowed.includes(key)) return bad(where, `unknown field "${key}" (fields: ${allowed.join(", ")})`);
  return null;
}

/** Checks the MTRRs given as JSON (already parsed) and builds them; `where` prefixes messages. */
export function parseMtrrJson(value: unknown, where: string): Result<Mtrrs> {
  if (!isObject(value)) return bad(where, "must be an object with default, fixed and variable");
  const unknownKey = checkKeys(value, ["enabled", "default", "fixed", "variable"], where);
  if (unknownKey) return unknownKey;
  const enabled = value.enabled ?? true;
  if (typeof enabled !== "boolean") return bad(`${where}.enabled`, "must be true or false");
  const defaultType = mtrrType(value.default ?? "UC", `${where}.default`);
  if (failed(defaultType)) return defaultType;

  let fixed: FixedMtrr[] | null = null;
  if (value.fixed !== undefined && value.fixed !== null) {
    if (!Array.isArray(value.fixed) || value.fixed.length > MAX_FIXED_STRETCHES)
      return bad(`${where}.fixed`, `must be a list of at most ${MAX_FIXED_STRETCHES} {start, end, type}`);
    fixed = [];
    for (const [i, item] of (value.fixed as unknown[]).entries()) {
      const at = `${where}.fixed[${i}]`;
      const stretch = fixedStretch(item, at);
      if (failed(stretch)) return stretch;
      const clash = fixed.find((f) => stretch.start < f.end && f.start < stretch.end);
      if (clash) return bad(at, `overlaps the stretch ${formatHex(clash.start)}–${formatHex(clash.end)}`);
      fixed.push(stretch);
    }
    fixed.sort((a, b) => a.start - b.start);
  }

  const list = value.variable ?? [];
  if (!Array.isArray(list) || list.length > MAX_VARIABLE_MTRRS)
    return bad(`${where}.variable`, `must be a list of at most ${MAX_VARIABLE_MTRRS} {base, size, type}`);
  const variable: VariableMtrr[] = [];
  for (const [i, item] of (list as unknown[]).entries()) {
    const at = `${where}.variable[${i}]`;
    const range = variableRange(item, at);
    if (failed(range)) return range;
    for (const [j, other] of variable.entries()) {
      const overlaps = range.base < other.base + other.size && other.base < range.base + range.size;
      const problem = overlaps ? overlapProblem(range.type, other.type) : null;
      if (problem)
        return bad(
          at,
          `${describeVariable(range)} and variable[${j}] ${describeVariable(other)}: ${problem}`,
        );
    }
    variable.push(range);
  }
  return ok({ enabled, defaultType, fixed, variable });
}

function fixedStretch(item: unknown, at: string): FixedMtrr | Fail {
  if (!isObject(item)) return bad(at, "must be {start, end, type}");
  const unknownKey = checkKeys(item, ["start", "end", "type"], at);
  if (unknownKey) return unknownKey;
  const start = address(item.start, `${at}.start`);
  if (failed(start)) return start;
  const end = address(item.end, `${at}.end`);
  if (failed(end)) return end;
  const type = mtrrType(item.type, `${at}.type`);
  if (failed(type)) return type;
  if (end <= start || end > FIXED_RANGES_END)
    return bad(at, `the fixed ranges cover 0x0–0x100000: need start < end ≤ 0x100000`);
  if (start % fixedGranularity(start) !== 0 || end % fixedGranularity(end - 1) !== 0) {
    return bad(
      at,
      `${formatHex(start)}–${formatHex(end)} does not fall on the fixed ranges' boundaries (64 KiB below 0x80000, 16 KiB below 0xc0000, 4 KiB above)`,
    );
  }
  return { start, end, type };
}

function variableRange(item: unknown, at: string): VariableMtrr | Fail {
  if (!isObject(item)) return bad(at, "must be {base, size, type}");
  const unknownKey = checkKeys(item, ["base", "size", "type"], at);
  if (unknownKey) return unknownKey;
  const base = address(item.base, `${at}.base`);
  if (failed(base)) return base;
  const size = address(item.size, `${at}.size`);
  if (failed(size)) return size;
  const type = mtrrType(item.type, `${at}.type`);
  if (failed(type)) return type;
  if (size < 4096 || 2 ** Math.round(Math.log2(size)) !== size)
    return bad(
      `${at}.size`,
      `${formatHex(size)} is not a power of two of at least 4 KiB (a variable range's mask is contiguous)`,
    );
  if (base % size !== 0)
    return bad(`${at}.base`, `${formatHex(base)} is not a multiple of the size ${formatHex(size)}`);
  if (base + size > PA_LIMIT) return bad(at, `the range ends above the 52-bit physical address space`);
  return { base, size, type };
}

/** The MTRRs as the file (and the scenario's `"mtrr"` field) writes them. */
export function mtrrsToJson(m: Mtrrs): Record<string, unknown> {
  const json: Record<string, unknown> = { enabled: m.enabled, default: m.defaultType };
  if (m.fixed !== null)
    json.fixed = m.fixed.map((f) => ({ start: formatHex(f.start), end: formatHex(f.end), type: f.type }));
  json.variable = m.variable.map((v) => ({ base: formatHex(v.base), size: formatHex(v.size), type: v.type }));
  return json;
}
