/**
 * The page's display flags as URL query parameters, beside the share link's `#s1.…` fragment
 * (which they never touch): `?present=1` opens in presentation mode, `?embed=1` renders the
 * compact embed, `?embed=1&readonly=1` a read-only one. Pure: the caller passes the URL.
 */

export interface DisplayMode {
  readonly presenting: boolean;
  readonly embed: boolean;
  readonly readOnly: boolean;
}

export const PRESENT_PARAM = "present";
export const EMBED_PARAM = "embed";
export const READ_ONLY_PARAM = "readonly";

const ON_VALUES = ["", "1", "true", "yes"];
const OFF_VALUES = ["0", "false", "no"];

/** "1", "true", "yes" or an empty value (`?embed`) turn a flag on; anything else, or no parameter, off. */
function flag(params: URLSearchParams, name: string): boolean {
  const value = params.get(name);
  return value !== null && ON_VALUES.includes(value.toLowerCase());
}

/** What each flag does, for a note about a value that was not understood. */
const FLAG_MEANINGS: Readonly<Record<string, string>> = {
  [PRESENT_PARAM]: "presentation mode",
  [EMBED_PARAM]: "the compact embed",
  [READ_ONLY_PARAM]: "read-only (in an embed)",
};

/**
 * What the page's address asks that it does not do, in one sentence (null: nothing): a flag with a
 * value that is neither on nor off (`?present=maybe`, read as off), or `readonly` without `embed`
 * (read-only belongs to the embed: a full page stays editable). The page opens all the same.
 */
export function displayModeNote(search: string): string | null {
  const params = new URLSearchParams(search);
  for (const name of [PRESENT_PARAM, EMBED_PARAM, READ_ONLY_PARAM]) {
    const value = params.get(name);
    if (value === null) continue;
    const lower = value.toLowerCase();
    if (ON_VALUES.includes(lower) || OFF_VALUES.includes(lower)) continue;
    const shown = value.length > 24 ? `${value.slice(0, 24)}…` : value;
    return `The address's "${name}=${shown}" is not understood, so ${FLAG_MEANINGS[name]} is off: ${name}=1 turns it on.`;
  }
  const mode = displayModeOf(search);
  if (mode.readOnly && !mode.embed)
    return `The address's "${READ_ONLY_PARAM}" applies only to an embed (with ${EMBED_PARAM}=1): this page can be edited.`;
  return null;
}

/** The display flags of a URL's query string (`location.search`, with or without its "?"). */
export function displayModeOf(search: string): DisplayMode {
  const params = new URLSearchParams(search);
  return {
    presenting: flag(params, PRESENT_PARAM),
    embed: flag(params, EMBED_PARAM),
    readOnly: flag(params, READ_ONLY_PARAM),
  };
}

/**
 * `url` with the presentation flag set or removed, everything else (path, other parameters, the
 * fragment) as it was. `url` is a full URL; the result keeps its origin.
 */
export function withPresentParam(url: string, presenting: boolean): string {
  const parsed = new URL(url);
  if (presenting) parsed.searchParams.set(PRESENT_PARAM, "1");
  else parsed.searchParams.delete(PRESENT_PARAM);
  return parsed.href;
}

/**
 * The URL that opens the same page as a full Pagewalk: `url` without the embed, read-only and
 * presentation flags, and with `fragment` (the current state's share link) instead of its own.
 */
export function fullPagewalkUrl(url: string, fragment: string): string {
  const parsed = new URL(url);
  for (const name of [EMBED_PARAM, READ_ONLY_PARAM, PRESENT_PARAM]) parsed.searchParams.delete(name);
  parsed.hash = fragment;
  return parsed.href;
}
