/** A fast fling up a windowed list (the Mappings panel's rows, the table view's entries), frame by frame. */
import type { Locator } from "@playwright/test";

/** What the list drew after one scroll: its scrollTop, and each row of its last row group. */
export interface FlingFrame {
  readonly top: number;
  readonly rows: readonly {
    /** The row's aria-rowindex (the header row is 1). */
    readonly rowIndex: number;
    /** Its button's text and accessible name. */
    readonly buttonText: string;
    readonly buttonName: string;
    /** Its top from the top of its row group, and its height (px). */
    readonly y: number;
    readonly height: number;
  }[];
}

/**
 * Scrolls `scroller` up by `step` px, `times` times; after each scroll waits until the list has drawn
 * a row across the middle of its view (two frames at least, more on a loaded machine: React draws a
 * scroll in a task after the frame), then reads the rows.
 */
export function flingUp(scroller: Locator, step: number, times: number): Promise<FlingFrame[]> {
  return scroller.evaluate(
    async (el, { step, times }) => {
      const rowsOf = () => [
        ...el.querySelectorAll<HTMLElement>('[role="rowgroup"]:last-child > [role="row"]'),
      ];
      const drawnAtMiddle = () => {
        const view = el.getBoundingClientRect();
        const middle = (view.top + view.bottom) / 2;
        return rowsOf().some((row) => {
          const box = row.getBoundingClientRect();
          return box.top <= middle && box.bottom >= middle;
        });
      };
      const frames: FlingFrame[] = [];
      for (let i = 0; i < times; i++) {
        el.scrollTop -= step;
        for (let f = 0; f < 2 || (f < 120 && !drawnAtMiddle()); f++)
          await new Promise((r) => requestAnimationFrame(r));
        const rows = rowsOf();
        const groupTop = rows[0]?.parentElement?.getBoundingClientRect().top ?? 0;
        frames.push({
          top: el.scrollTop,
          rows: rows.map((row) => {
            const box = row.getBoundingClientRect();
            const button = row.querySelector("button");
            return {
              rowIndex: Number(row.getAttribute("aria-rowindex")),
              buttonText: button?.textContent ?? "",
              buttonName: button?.getAttribute("aria-label") ?? "",
              y: box.top - groupTop,
              height: box.height,
            };
          }),
        });
      }
      return frames;
    },
    { step, times },
  );
}
