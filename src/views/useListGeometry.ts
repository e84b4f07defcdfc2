import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";

export interface MeasuredList {
  /** One row's height and the scrolling box's inner height, in CSS pixels. */
  readonly rowHeight: number;
  readonly viewportHeight: number;
}

// Before the first measurement (and where ResizeObserver is missing, as in server rendering):
// a row of 0.875rem text and the list's 320 px box.
const GUESS: MeasuredList = { rowHeight: 24, viewportHeight: 320 };

/**
 * The most of the list its scrolling box can show: its maximum height when it has one in pixels (a
 * short list makes the box shorter, and a window sized to that would leave out rows the next, longer
 * list needs, which the box then grows to show: a second render and layout after every switch
 * between a short and a long table), else its height.
 */
function viewportHeightOf(box: HTMLElement): number {
  const max = getComputedStyle(box).maxHeight;
  return max.endsWith("px") ? Math.max(box.clientHeight, parseFloat(max)) : box.clientHeight;
}

/**
 * A row's height in the units of the list's scrollTop and of the rows' style: CSS pixels before the
 * page's text-size zoom (which getBoundingClientRect includes), and exact, not offsetHeight's whole
 * pixels: an entry row is 1.9em (21.6 px at the default text size), and rows windowed at 22 px each
 * drift half a pixel a row from where they belong, 50 px by the end of a 128-entry list.
 */
function rowHeightOf(row: HTMLElement): number {
  const style = getComputedStyle(row);
  const height = parseFloat(style.height);
  if (!(height > 0)) return row.offsetHeight || GUESS.rowHeight;
  if (style.boxSizing === "border-box") return height;
  const sides = [style.paddingTop, style.paddingBottom, style.borderTopWidth, style.borderBottomWidth];
  return sides.reduce((sum, side) => sum + (parseFloat(side) || 0), height);
}

/**
 * The list's row height (read from its header row, which has the same fixed height as every row)
 * and its viewport height, measured when the list's box and header are first drawn and kept
 * current by a ResizeObserver: they change with the text size, the zoom and the layout (the
 * stylesheet may make the rows taller on a narrow screen), never with the list's contents, so an
 * update of the list costs no reads. Shared by the table view's entry list and the Mappings
 * panel's lists.
 */
export function useListGeometry(
  scroller: RefObject<HTMLElement | null>,
  headerRow: RefObject<HTMLElement | null>,
): MeasuredList {
  const [measured, setMeasured] = useState<MeasuredList>(GUESS);
  // The elements observed now. A list may first be drawn with no rows (the entry list of an empty
  // table says so in a paragraph) and get its box and header later without being mounted again: a
  // measurement made only at mount would leave it the guessed geometry, and a list windowed by a
  // wrong row height shows a blank band when scrolled. So each commit checks (two comparisons)
  // whether the elements are still the ones observed.
  const observed = useRef<{ box: HTMLElement; row: HTMLElement; observer: ResizeObserver } | null>(null);
  useLayoutEffect(() => {
    const box = scroller.current;
    const row = headerRow.current;
    const now = observed.current;
    if (now !== null && now.box === box && now.row === row) return;
    now?.observer.disconnect();
    observed.current = null;
    if (!box || !row || typeof ResizeObserver === "undefined") return;
    const measure = (): void => {
      const next = { rowHeight: rowHeightOf(row), viewportHeight: viewportHeightOf(box) };
      setMeasured((m) =>
        m.rowHeight === next.rowHeight && m.viewportHeight === next.viewportHeight ? m : next,
      );
    };
    // Before the first paint, so no frame shows rows of the guessed height.
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    observer.observe(row);
    observed.current = { box, row, observer };
  });
  useEffect(
    () => () => {
      observed.current?.observer.disconnect();
      observed.current = null;
    },
    [],
  );
  return measured;
}
