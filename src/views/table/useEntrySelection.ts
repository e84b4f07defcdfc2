import { useState } from "react";

/**
 * What the grid and the entry list share: which entry holds the grid's one tab stop (the entry the
 * user last moved to or picked, else the selected one, else the walk's, else entry 0), and picking
 * an entry, which also moves that tab stop to it.
 */
export function useEntrySelection(
  selectedIndex: number | null,
  highlightIndex: number | null,
  onSelectEntry: ((index: number) => void) | undefined,
): {
  readonly tabIndex: number;
  readonly moveFocus: (index: number) => void;
  readonly select: (index: number) => void;
} {
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const tabIndex = focusIndex ?? selectedIndex ?? highlightIndex ?? 0;
  const select = (index: number): void => {
    setFocusIndex(index);
    onSelectEntry?.(index);
  };
  return { tabIndex, moveFocus: setFocusIndex, select };
}
