/**
 * Scenario files: `.json` (the documented format) or `.pwscn` (the same JSON, raw-deflated, used
 * for the shipped Linux preset). Both are read with the same limits.
 */
import type { Result } from "../common";
import { deflateRaw, formatBytes, inflateRawBounded } from "./deflate";
import { LIMITS, type ScenarioState } from "./scenario-state";
import { serializeScenario } from "./serialize";
import { parseScenario, type ScenarioError } from "./validate";

/** Reads a scenario file's bytes: JSON text, or deflate-compressed JSON. */
export async function parseScenarioBytes(bytes: Uint8Array): Promise<Result<ScenarioState, ScenarioError>> {
  if (bytes.length > LIMITS.fileBytes) {
    return {
      ok: false,
      error: {
        kind: "too-large",
        message: `The file is too large (${formatBytes(bytes.length)}; the limit is ${formatBytes(LIMITS.fileBytes)}).`,
      },
    };
  }
  let text: Uint8Array = bytes;
  if (!looksLikeJson(bytes)) {
    const inflated = await inflateRawBounded(bytes, LIMITS.fileBytes);
    if (!inflated.ok) {
      const message =
        inflated.error.kind === "too-large"
          ? `The file is refused: ${inflated.error.message}.`
          : "The file is neither a scenario (JSON) nor a compressed scenario.";
      return {
        ok: false,
        error: { kind: inflated.error.kind === "too-large" ? "too-large" : "not-a-scenario", message },
      };
    }
    text = inflated.value;
  }
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(text);
  } catch {
    return { ok: false, error: { kind: "not-json", message: "The file is not UTF-8 text." } };
  }
  return parseScenario(decoded);
}

/** `{` after optional BOM and whitespace: a JSON scenario rather than the compressed form. */
export function looksLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  return bytes[i] === 0x7b;
}

/** The compressed file form (`.pwscn`): compact JSON, raw-deflated. */
export async function compressScenario(state: ScenarioState): Promise<Uint8Array> {
  return deflateRaw(new TextEncoder().encode(serializeScenario(state, { compact: true })));
}
