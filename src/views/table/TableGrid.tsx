import { useRef, type KeyboardEvent, type MouseEvent } from "react";
import { entryIndexOf } from "./entryIndexOf";
import { GridRow } from "./GridRow";
import { GRID_COLUMNS, GRID_ROWS, gridKeyTarget, inRow, type GridCellData } from "./gridCells";

interface TableGridProps {
  /** The grid's accessible name ("PT at 0x4000: 512 entries"). */
  readonly label: string;
  readonly cells: readonly GridCellData[];
  readonly selectedIndex: number | null;
  readonly highlightIndex: number | null;
  /** The entry where the walk faulted, and its mark's text ("fault: U/S = 0"). */
  readonly fault: { readonly index: number; readonly label: string } | null;
  /** The entry that holds the grid's one tab stop (roving tabindex). */
  readonly tabIndex: number;
  readonly moveFocus: (index: number) => void;
  readonly select: (index: number) => void;
}

const ROW_NUMBERS: readonly number[] = Array.from({ length: GRID_ROWS }, (_, r) => r);

/**
 * A table's 512 entries as a 32×16 grid coloured by kind. Click or Enter/Space picks an entry;
 * arrows, Home/End (with Ctrl: the first/last entry) move the focus, which carries the tab stop.
 */
export function TableGrid({
  label,
  cells,
  selectedIndex,
  highlightIndex,
  fault,
  tabIndex,
  moveFocus,
  select,
}: TableGridProps) {
  const gridRef = useRef<HTMLDivElement>(null);
  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    const index = entryIndexOf(event.target);
    if (index !== null) select(index);
  };
  // The hover text ("PT[7] = 0x…, 4 KiB page → 0x5000 (P RW US)") is set when the pointer reaches
  // a cell rather than rendered on all 512: a step to another table then rewrites only the cells
  // that look different.
  const onMouseOver = (event: MouseEvent<HTMLDivElement>): void => {
    const index = entryIndexOf(event.target);
    const cell = index === null ? undefined : cells[index];
    if (index === null || cell === undefined) return;
    const tip = cell.tooltip();
    const text = index === fault?.index ? `${tip}\n${fault.label}` : tip;
    const el = (event.target as Element).closest<HTMLElement>("[data-index]");
    if (el && el.title !== text) el.title = text;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = entryIndexOf(event.target);
    if (index === null) return;
    const next = gridKeyTarget(event.key, index, event.ctrlKey);
    if (next === null) return;
    event.preventDefault();
    if (next === "select") {
      select(index);
      return;
    }
    moveFocus(next);
    gridRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
  };
  return (
    <div
      ref={gridRef}
      role="grid"
      aria-label={label}
      aria-rowcount={GRID_ROWS}
      aria-colcount={GRID_COLUMNS}
      className="pw-grid"
      onClick={onClick}
      onMouseOver={onMouseOver}
      onKeyDown={onKeyDown}
    >
      {ROW_NUMBERS.map((r) => (
        <GridRow
          key={r}
          cells={cells}
          start={r * GRID_COLUMNS}
          selected={inRow(r, selectedIndex)}
          highlighted={inRow(r, highlightIndex)}
          tabbable={inRow(r, tabIndex)}
          fault={inRow(r, fault?.index ?? null)}
          faultLabel={fault?.label ?? null}
        />
      ))}
    </div>
  );
}
