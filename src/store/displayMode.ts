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

/** "1", "true", "yes" or an empty value (`?embed`) turn a flag on; anything else, or no parameter, off. */
function flag(params: URLSearchParams, name: string): boolean {
  const value = params.get(name);
  return value !== null && ["", "1", "true", "yes"].includes(value.toLowerCase());
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
