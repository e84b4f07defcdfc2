/**
 * Scenario files: `.json` (the documented format) or `.pwscn` (the same JSON, raw-deflated, used
 * for the shipped Linux preset). Both are read with the same limits and refused with the same
 * messages everywhere: the browser inflates with the platform's stream (`parseScenarioBytes`), the
 * command line with Node's zlib (`parseScenarioBytesSync`, given its inflater).
 */
import { FILE_HEAD_BYTES, describeFileKind, err, fileKindOf, ok, type Result } from "../common";
import { deflateRaw, formatBytes, inflateRawBounded, type InflateError } from "./deflate";
import { LIMITS, SCENARIO_FORMAT, type ScenarioState } from "./scenario-state";
import { serializeScenario } from "./serialize";
import { parseScenario, type ScenarioError } from "./validate";

/**
 * The size check every reader makes before reading a file: null when `size` bytes may be a
 * scenario, else the refusal. Call it with the file's size before reading it (a 2 GiB file is
 * refused without reading a byte).
 */
export function scenarioFileSizeError(size: number): ScenarioError | null {
  if (size <= LIMITS.fileBytes) return null;
  return {
    kind: "too-large",
    message: `The file is too large (${formatBytes(size)}; the limit is ${formatBytes(LIMITS.fileBytes)}).`,
  };
}

/** Reads a scenario file's bytes: JSON text, or deflate-compressed JSON. */
export async function parseScenarioBytes(bytes: Uint8Array): Promise<Result<ScenarioState, ScenarioError>> {
  const tooLarge = scenarioFileSizeError(bytes.length);
  if (tooLarge) return { ok: false, error: tooLarge };
  if (looksLikeJson(bytes) || isJsonScalar(bytes)) return parseUtf8(bytes);
  return fromInflated(await inflateRawBounded(bytes, LIMITS.fileBytes), bytes);
}

/**
 * `parseScenarioBytes` with a synchronous inflater (Node's zlib in the CLI). `inflate` must stop at
 * `limit` bytes of output ("too-large") and refuse damaged data and data after the end of the
 * deflate stream ("corrupt"), as `inflateRawBounded` does.
 */
export function parseScenarioBytesSync(
  bytes: Uint8Array,
  inflate: (bytes: Uint8Array, limit: number) => Result<Uint8Array, InflateError>,
): Result<ScenarioState, ScenarioError> {
  const tooLarge = scenarioFileSizeError(bytes.length);
  if (tooLarge) return { ok: false, error: tooLarge };
  if (looksLikeJson(bytes) || isJsonScalar(bytes)) return parseUtf8(bytes);
  return fromInflated(inflate(bytes, LIMITS.fileBytes), bytes);
}

function fromInflated(
  inflated: Result<Uint8Array, InflateError>,
  bytes: Uint8Array,
): Result<ScenarioState, ScenarioError> {
  if (inflated.ok) return parseUtf8(inflated.value);
  return inflated.error.kind === "too-large"
    ? err("too-large", `The file is refused: it unpacks to more than ${formatBytes(LIMITS.fileBytes)}.`)
    : notAScenario(bytes);
}

const OPEN_A_DUMP = "open it with Import dump… (on the command line, --memory)";

/** The refusal of a file that is not a scenario, saying what it is when its first bytes tell. */
function notAScenario(bytes: Uint8Array): Result<never, ScenarioError> {
  const kind = fileKindOf(bytes.subarray(0, FILE_HEAD_BYTES));
  if (kind === "elf")
    return err(
      "not-a-scenario",
      `This is an ELF file, not a scenario: if it is a memory dump, ${OPEN_A_DUMP}.`,
    );
  if (kind !== null) return err("not-a-scenario", describeFileKind(kind, "a scenario"));
  // Raw dumps are a whole number of 4 KiB frames.
  const frames = bytes.length >= 4096 && bytes.length % 4096 === 0;
  return err(
    "not-a-scenario",
    `The file is neither a scenario (JSON) nor a compressed scenario.${frames ? ` If it is a raw memory dump, ${OPEN_A_DUMP}.` : ""}`,
  );
}

function parseUtf8(bytes: Uint8Array): Result<ScenarioState, ScenarioError> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return err("not-json", "The file is not UTF-8 text.");
  }
  const parsed = parseScenario(text);
  return parsed.ok ? ok(parsed.value) : parsed;
}

/**
 * `{` or `[` after optional BOM and whitespace: JSON (a scenario, or JSON that is not one) rather
 * than the compressed form. That starts with a compressed `{`, whose first byte is neither (deflated
 * UTF-8 text never starts with `[`: that byte would begin a code for bytes 0xa0–0xaf).
 */
export function looksLikeJson(bytes: Uint8Array): boolean {
  const first = firstTextByte(bytes);
  return first === 0x7b || first === 0x5b;
}

/** The first byte after an optional UTF-8 BOM and JSON whitespace (undefined: there is none). */
function firstTextByte(bytes: Uint8Array): number | undefined {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  return bytes[i];
}

/**
 * A file that is one JSON number, string, boolean or null (`42`, `"hello"`): JSON, though not a
 * scenario, and told so (not "neither JSON nor compressed"). Compressed data is never such text.
 */
function isJsonScalar(bytes: Uint8Array): boolean {
  // Only text that starts like one is decoded and parsed (not every compressed file, whole).
  const first = firstTextByte(bytes);
  if (first === undefined || !/["\-0-9tfn]/.test(String.fromCharCode(first))) return false;
  try {
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return value === null || typeof value !== "object";
  } catch {
    return false;
  }
}

/** How far into a file `looksLikeScenarioFile` looks: the format tag is the first key Pagewalk writes. */
export const SCENARIO_SNIFF_BYTES = 4096;

/**
 * Whether a file handed to something else (the memory-dump import) is a Pagewalk scenario, from
 * its name and its first bytes (`SCENARIO_SNIFF_BYTES` are enough): a `.pwscn` name, or a JSON
 * object that names the scenario format near its start, as every saved scenario does. A dump
 * never starts with "{" and the format tag, so nothing that is a dump is taken for one.
 */
export function looksLikeScenarioFile(name: string, head: Uint8Array): boolean {
  if (/\.pwscn$/i.test(name)) return true;
  if (!looksLikeJson(head)) return false;
  const text = new TextDecoder("utf-8").decode(head.subarray(0, SCENARIO_SNIFF_BYTES));
  return /^\s*(\ufeff)?\s*\{/.test(text) && new RegExp(`"format"\\s*:\\s*"${SCENARIO_FORMAT}"`).test(text);
}

/** The compressed file form (`.pwscn`): compact JSON, raw-deflated. */
export async function compressScenario(state: ScenarioState): Promise<Uint8Array> {
  return deflateRaw(new TextEncoder().encode(serializeScenario(state, { compact: true })));
}
