/**
 * One colour per paging level, shared by every view (address bits, walk cards, the table graph, the
 * memory map) so PML4 is the same blue everywhere. Views use the CSS custom properties, which switch
 * with the theme; the hex values are here for code that cannot use CSS (canvas, exports).
 */
import type { Level } from "../core/arch";

export interface LevelColor {
  /** Accent on a light background. */
  readonly light: string;
  /** Accent on a dark background. */
  readonly dark: string;
}

export const LEVEL_COLORS: Readonly<Record<Level, LevelColor>> = {
  5: { light: "#7c3aed", dark: "#a78bfa" },
  4: { light: "#2563eb", dark: "#60a5fa" },
  3: { light: "#0f766e", dark: "#2dd4bf" },
  2: { light: "#b45309", dark: "#fbbf24" },
  1: { light: "#be185d", dark: "#f472b6" },
};

/** Colour of the page offset and of data pages (not a table level). */
export const OFFSET_COLOR: LevelColor = { light: "#475569", dark: "#94a3b8" };

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
