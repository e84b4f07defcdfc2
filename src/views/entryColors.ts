/**
 * Colours for entry kinds and leaf sizes (the table grid, the graph's run boxes, the memory map),
 * beside the per-level colours of `levelColors.ts`.
 *
 * Every colour is a CSS custom property with the light-theme value as fallback, so the views work
 * before a theme defines them; a dark theme sets the `dark` values below. Variables:
 *
 * | variable             | meaning                                        |
 * |----------------------|------------------------------------------------|
 * | `--leaf-4k`          | 4 KiB leaf (PTE)                               |
 * | `--leaf-2m`          | 2 MiB leaf (PDE with PS = 1)                   |
 * | `--leaf-1g`          | 1 GiB leaf (PDPTE with PS = 1)                 |
 * | `--entry-garbage`    | P = 0 but other bits set (ignored by hardware) |
 * | `--entry-reserved`   | present with reserved bits set (walk faults)   |
 * | `--entry-empty`      | all-zero entry / free frame                    |
 * | `--graph-highlight`  | the current walk's path                        |
 * | `--graph-outside`    | a pointer beyond RAM                           |
 *
 * Pointers use the colour of the level they point to (`levelColor(level - 1)`).
 */
import type { CSSProperties } from "react";
import type { Level } from "../core/arch";
import type { EntryClass } from "../core/inspect";
import { levelColor } from "./levelColors";

const ENTRY_COLORS = {
  leaf4k: { light: "#15803d", dark: "#4ade80" },
  leaf2m: { light: "#4d7c0f", dark: "#a3e635" },
  leaf1g: { light: "#854d0e", dark: "#facc15" },
  garbage: { light: "#a8a29e", dark: "#78716c" },
  reserved: { light: "#dc2626", dark: "#f87171" },
  empty: { light: "#e2e8f0", dark: "#1e293b" },
  highlight: { light: "#ea580c", dark: "#fb923c" },
  outside: { light: "#b91c1c", dark: "#fca5a5" },
} as const satisfies Record<string, { readonly light: string; readonly dark: string }>;

const VARIABLE: Record<keyof typeof ENTRY_COLORS, string> = {
  leaf4k: "--leaf-4k",
  leaf2m: "--leaf-2m",
  leaf1g: "--leaf-1g",
  garbage: "--entry-garbage",
  reserved: "--entry-reserved",
  empty: "--entry-empty",
  highlight: "--graph-highlight",
  outside: "--graph-outside",
};

/** `var(--leaf-4k, #15803d)` etc. */
export function entryColorVar(name: keyof typeof ENTRY_COLORS): string {
  // "Empty" follows the text colour when no theme sets it, so it is faint on light and dark alike.
  const fallback =
    name === "empty" ? "color-mix(in srgb, currentColor 10%, transparent)" : ENTRY_COLORS[name].light;
  return `var(${VARIABLE[name]}, ${fallback})`;
}

/**
 * The fill a grid cell or list swatch of this kind carries inline, in a table of `level`: a pointer's
 * is the colour of the table it points to; every other kind's (null here) is a rule by kind in
 * TableView.css, the same for every table, so moving to another table restyles only the cells that
 * change kind or point elsewhere.
 */
export function inlineFill(entryClass: EntryClass, level: Level): string | null {
  return entryClass === "table" ? levelColor((level > 1 ? level - 1 : 1) as Level) : null;
}

/** The style for an inline fill, or none. */
export const fillStyle = (fill: string | null): CSSProperties | undefined =>
  fill === null ? undefined : { background: fill };

export const ENTRY_CLASS_NAMES: Readonly<Record<EntryClass, string>> = {
  empty: "empty",
  garbage: "not present, non-zero (ignored)",
  table: "pointer to a table",
  leaf4k: "4 KiB page",
  leaf2m: "2 MiB page",
  leaf1g: "1 GiB page",
  reserved: "reserved bits set (faults)",
};

/** Colour of a leaf run by page size. */
export function pageSizeColor(pageSize: number): string {
  return entryColorVar(pageSize === 4096 ? "leaf4k" : pageSize === 2097152 ? "leaf2m" : "leaf1g");
}
