/**
 * The text sizes the A− / A+ buttons step through, as a factor of the page's own sizes. Every
 * panel is scaled as a whole (CSS zoom, present.css), so text, boxes and gaps grow together and
 * nothing written for 13 px text overflows at 20 px.
 */
export const TEXT_SCALES = [0.85, 1, 1.15, 1.3, 1.5, 1.75, 2] as const;
export const DEFAULT_TEXT_SCALE = 1;

/** The size one step smaller (-1) or larger (+1) than `scale`, or `scale` itself at either end. */
export function nextTextScale(scale: number, direction: -1 | 1): number {
  const index = TEXT_SCALES.findIndex((s) => s === scale);
  // A size that is not one of ours (an old stored value): start from the default.
  if (index === -1) return DEFAULT_TEXT_SCALE;
  const next = TEXT_SCALES[Math.min(TEXT_SCALES.length - 1, Math.max(0, index + direction))];
  return next ?? scale;
}

/** `value` as a text size if it is one of ours (stored text is untrusted), else the default. */
export function textScaleOf(value: string | null): number {
  const n = Number(value);
  return TEXT_SCALES.find((s) => s === n) ?? DEFAULT_TEXT_SCALE;
}

/** "115 %" */
export const textScaleLabel = (scale: number): string => `${Math.round(scale * 100)} %`;
