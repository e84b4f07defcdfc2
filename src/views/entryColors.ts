/**
 * Colours for entry kinds and leaf sizes (the table grid, the graph's run boxes, the memory map),
 * beside the per-level colours of `levelColors.ts`. Like those, the colours themselves are CSS custom
 * properties in app.css, written once for both themes; this file names them:
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

const VARIABLE = {
  leaf4k: "--leaf-4k",
  leaf2m: "--leaf-2m",
  leaf1g: "--leaf-1g",
  garbage: "--entry-garbage",
  reserved: "--entry-reserved",
  empty: "--entry-empty",
  highlight: "--graph-highlight",
  outside: "--graph-outside",
} as const;

/** `var(--leaf-4k)` etc., usable in `style` and SVG `fill`/`stroke`. */
export function entryColorVar(name: keyof typeof VARIABLE): string {
  // No theme sets "empty": it follows the text colour, so it is faint on light and dark alike.
  return name === "empty"
    ? `var(${VARIABLE.empty}, color-mix(in srgb, currentColor 10%, transparent))`
    : `var(${VARIABLE[name]})`;
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
