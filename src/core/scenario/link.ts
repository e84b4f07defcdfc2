/**
 * Share links: the URL fragment carries the whole scenario, so opening a link needs no server.
 *
 * `#s1.<base64url>`: `s1` names the link format version, then the compact binary form
 * (compact.ts) followed by its CRC-32 (4 bytes, little-endian), deflated (raw deflate via
 * `CompressionStream`) and base64url-encoded without padding. The checksum makes a changed or cut
 * link fail loudly instead of opening as some other valid state. Decoding never throws and never hangs: the fragment length, the inflated size, the
 * binary structure and the scenario's semantics are each checked, and every failure is a
 * specific message. Text from a link (titles, notes, labels) is data: show it as text only.
 */
import { err, ok, quotable, type Result } from "../common";
import { packScenario, unpackScenario, type PresetMetaLookup } from "./compact";
import { crc32 } from "./crc32";
import { formatBytes, inflateRawBounded, deflateRaw } from "./deflate";
import type { ScenarioState } from "./scenario-state";
import { checkScenario, type ScenarioError } from "./validate";
import { presetMetaLookup } from "./presets/presets";

/** Longest fragment accepted or produced (characters, including the leading `#`). */
export const MAX_LINK_LENGTH = 64 * 1024;
/** Largest compact form a link may inflate to. */
const MAX_LINK_INFLATED_BYTES = 8 * 1024 * 1024;
/** Most non-zero entries a link may carry (files may carry more). */
const MAX_LINK_ENTRIES = 1 << 18;
const LINK_VERSION = 1;
const PREFIX = `s${LINK_VERSION}.`;

export type LinkErrorKind = ScenarioError["kind"] | "not-a-link" | "bad-encoding" | "corrupt";
export interface LinkError {
  readonly kind: LinkErrorKind;
  readonly message: string;
}

/**
 * The fragment (starting with `#`) that carries this scenario. The state must be valid (states
 * from the store and from `parseScenario` are); an invalid one is a programmer error and throws.
 */
export async function encodeScenarioLink(
  state: ScenarioState,
  presets: PresetMetaLookup = presetMetaLookup,
): Promise<string> {
  const problem = checkScenario(state);
  if (problem) throw new RangeError(`cannot link an invalid scenario: ${problem.message}`);
  const packed = packScenario(state, presets);
  const checked = new Uint8Array(packed.length + 4);
  checked.set(packed);
  new DataView(checked.buffer).setUint32(packed.length, crc32(packed), true);
  return `#${PREFIX}${toBase64Url(await deflateRaw(checked))}`;
}

/** How long the link for this state is, and whether it fits `MAX_LINK_LENGTH` (else offer a file). */
export async function scenarioLinkSize(state: ScenarioState): Promise<{ length: number; fits: boolean }> {
  const link = await encodeScenarioLink(state);
  return { length: link.length, fits: link.length <= MAX_LINK_LENGTH };
}

/** Whether a state is too large to share as a link (then the UI offers the file instead). */
export async function isTooLargeForLink(state: ScenarioState): Promise<boolean> {
  return !(await scenarioLinkSize(state)).fits;
}

/** A link whose compressed data cannot be unpacked: nearly always one copied or pasted only in part. */
export const CUT_OR_DAMAGED =
  "This link is damaged: part of it is missing or was changed (was it cut short when copied?). Copy the whole link again.";

const fail = (kind: LinkErrorKind, message: string): { ok: false; error: LinkError } => err(kind, message);

/** Reads a fragment (with or without the leading `#`) back into a scenario. */
export async function decodeScenarioLink(
  fragment: string,
  presets: PresetMetaLookup = presetMetaLookup,
): Promise<Result<ScenarioState, LinkError>> {
  if (typeof fragment !== "string")
    return fail("not-a-link", "This link does not carry a Pagewalk scenario.");
  if (fragment.length > MAX_LINK_LENGTH) {
    return fail(
      "too-large",
      `This link is too long (${fragment.length} characters; the limit is ${MAX_LINK_LENGTH}).`,
    );
  }
  const body = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  if (body === "")
    return fail("not-a-link", "This link does not carry a Pagewalk scenario (its fragment is empty).");
  const version = /^s(\d{1,6})\./.exec(body);
  if (!version)
    return fail("not-a-link", "This link does not carry a Pagewalk scenario (it does not start with #s1.).");
  if (Number(version[1]) > LINK_VERSION) {
    return fail(
      "newer-version",
      `This link was made by a newer Pagewalk (link format version ${Number(version[1])}); this version reads version ${LINK_VERSION}.`,
    );
  }
  if (body.slice(0, PREFIX.length) !== PREFIX) {
    return fail("not-a-link", `This link's format version ${version[1]} is not one Pagewalk ever made.`);
  }
  const flags = /\?(?:embed|readonly|present)=/.exec(body);
  if (flags)
    return fail(
      "bad-encoding",
      `This link has its flags after the # (${quotable(body.slice(flags.index))}): flags such as ?present=1 go before the #, as in …/?present=1#s1.… .`,
    );
  // Neither "s1." nor "#" nor "://" can occur in base64url data: a second link pasted onto the first.
  if (body.includes(PREFIX, PREFIX.length) || /#|:\/\//.test(body))
    return fail(
      "bad-encoding",
      "This link has a second link pasted onto its end (was it pasted twice?): copy the link once, on its own.",
    );
  const bytes = fromBase64Url(body.slice(PREFIX.length));
  if (bytes === null)
    return fail(
      "bad-encoding",
      "This link is damaged: it is not valid base64url text (was it cut or changed?).",
    );
  if (bytes.length === 0) return fail("bad-encoding", "This link is damaged: it carries no data.");
  const inflated = await inflateRawBounded(bytes, MAX_LINK_INFLATED_BYTES);
  if (!inflated.ok) {
    return inflated.error.kind === "too-large"
      ? fail(
          "too-large",
          `This link is refused: ${inflated.error.message} (limit ${formatBytes(MAX_LINK_INFLATED_BYTES)}).`,
        )
      : fail("corrupt", CUT_OR_DAMAGED);
  }
  const data = inflated.value;
  if (data.length < 5) return fail("corrupt", "This link is damaged: it is too short to hold a scenario.");
  const packed = data.subarray(0, data.length - 4);
  const expected = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(packed.length, true);
  if (crc32(packed) !== expected) {
    return fail("corrupt", "This link is damaged: its checksum does not match (was it cut or changed?).");
  }
  const unpacked = unpackScenario(packed, presets, MAX_LINK_ENTRIES);
  if (!unpacked.ok) return fail("corrupt", unpacked.error.message);
  const problem = checkScenario(unpacked.value);
  if (problem) return fail(problem.kind, `This link's scenario is invalid: ${problem.message}`);
  return ok(unpacked.value);
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** RFC 4648 §5 base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] as number;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += ALPHABET[b0 >> 2];
    out += ALPHABET[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)];
    if (b1 !== undefined) out += ALPHABET[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)];
    if (b2 !== undefined) out += ALPHABET[b2 & 63];
  }
  return out;
}

/** Decodes base64url (padding tolerated); null for any character outside the alphabet or a bad length. */
export function fromBase64Url(text: string): Uint8Array | null {
  const body = text.replace(/={1,2}$/, "");
  if (body.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    const v = c < 128 ? (DECODE[c] as number) : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
    acc &= 0xff;
  }
  return out;
}
