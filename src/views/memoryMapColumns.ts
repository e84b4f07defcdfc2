import type { RefObject } from "react";
import { useFromWidth } from "./layout/useFromWidth";

/**
 * How many cells a row of the memory map holds: as many as fit the map's width, from 64 down to 8,
 * in powers of two so that each row still starts at a round address (a row is `columns` cells of
 * the same power-of-two number of frames). 64 cells are 647 px wide: beside the Map form on a
 * 1024 px screen, in a tablet's column or on a phone they ran under the form or out of the panel;
 * 16 (167 px) still ran out of a 360 px phone's panel at the largest text size.
 */
export const MAX_COLUMNS = 64;
const MIN_COLUMNS = 8;
/** A cell is 9 px and a 1 px gap (MemoryMap.css); the grid adds 3 px padding and a 1 px border a side. */
const CELL_PITCH = 10;
const GRID_EDGES = 8;

export function gridColumnsFor(width: number): number {
  let columns = MAX_COLUMNS;
  while (columns > MIN_COLUMNS && columns * CELL_PITCH - 1 + GRID_EDGES > width) columns /= 2;
  return columns;
}

/** The columns for the element's width, followed as it changes (64 before it is measured). */
export const useGridColumns = (element: RefObject<HTMLElement | null>): number =>
  useFromWidth(element, gridColumnsFor, MAX_COLUMNS);
