/**
 * One colour per paging level, shared by every view (address bits, walk cards, the table graph, the
 * memory map) so PML4 is the same blue everywhere. The colours themselves are CSS custom properties
 * in app.css (`--level-4` …), which switch with the theme.
 */
import type { Level } from "../core/arch";

/** The theme-aware accent of a level: `var(--level-4)` etc., usable in `style` and SVG `fill`/`stroke`. */
export function levelColor(level: Level): string {
  return `var(--level-${level})`;
}

/** A faint background tint of the level's colour, for filled boxes that carry text. */
export function levelTint(level: Level): string {
  return `var(--level-${level}-tint)`;
}

export const OFFSET_COLOR_VAR = "var(--level-offset)";
export const OFFSET_TINT_VAR = "var(--level-offset-tint)";
