/**
 * Edge labels that never run together ("PML4[510]PML4[1]" on the Linux tables): each label is given
 * an estimated box (monospace text: characters × advance), and a label whose box meets one already
 * placed, or a node, moves up or down by a line at a time until it is free. Pure: tested with the
 * boxes it returns.
 */

/** A label to place: its wanted anchor point and the text, drawn with `textAnchor`. */
export interface LabelRequest {
  readonly x: number;
  /** Baseline of the text. */
  readonly y: number;
  readonly text: string;
  readonly anchor: "start" | "middle" | "end";
}

/** A rectangle with its top-left corner (not the graph's centred-y boxes). */
export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Edge labels are 12 px monospace: about 0.6 em per character, a line of 14 px. */
export const LABEL_FONT_SIZE = 12;
const CHAR_ADVANCE = 0.62 * LABEL_FONT_SIZE;
const LINE = 14;
/** Space kept between two labels. */
const GAP = 2;

/** The box a label's text covers when its baseline is at `y`. */
export function labelRect(x: number, y: number, text: string, anchor: LabelRequest["anchor"]): Rect {
  const width = text.length * CHAR_ADVANCE;
  const left = anchor === "start" ? x : anchor === "end" ? x - width : x - width / 2;
  return { left, top: y - LABEL_FONT_SIZE, width, height: LINE };
}

export function rectsOverlap(a: Rect, b: Rect, gap = 0): boolean {
  return (
    a.left < b.left + b.width + gap &&
    b.left < a.left + a.width + gap &&
    a.top < b.top + b.height + gap &&
    b.top < a.top + a.height + gap
  );
}

/**
 * The baseline y of each label, in order, so that no two label boxes overlap and no label covers an
 * obstacle (a node box): the nearest free line above or below the wanted one, alternating. Labels are
 * bucketed by 256 px cells so the Linux tables' few hundred labels stay cheap.
 */
export function placeLabels(requests: readonly LabelRequest[], obstacles: readonly Rect[] = []): number[] {
  const CELL = 256;
  const grid = new Map<string, Rect[]>();
  const cellsOf = (r: Rect): string[] => {
    const keys: string[] = [];
    for (let cx = Math.floor(r.left / CELL); cx <= Math.floor((r.left + r.width) / CELL); cx++)
      for (let cy = Math.floor(r.top / CELL); cy <= Math.floor((r.top + r.height) / CELL); cy++)
        keys.push(`${cx},${cy}`);
    return keys;
  };
  const add = (r: Rect): void => {
    for (const key of cellsOf(r)) {
      const list = grid.get(key);
      if (list) list.push(r);
      else grid.set(key, [r]);
    }
  };
  const free = (r: Rect): boolean =>
    cellsOf(r).every((key) => (grid.get(key) ?? []).every((o) => !rectsOverlap(r, o, GAP)));
  for (const o of obstacles) add(o);
  return requests.map((req) => {
    // 0, -1, +1, -2, +2 … lines: every placed box blocks finitely many lines, so this ends.
    for (let step = 0; ; step++) {
      const offset = (step % 2 === 0 ? step / 2 : -(step + 1) / 2) * (LINE + GAP);
      const y = req.y - offset;
      const rect = labelRect(req.x, y, req.text, req.anchor);
      if (free(rect)) {
        add(rect);
        return y;
      }
    }
  });
}

/**
 * Whether `placeLabels` could place any label otherwise once the `changed` obstacles were added,
 * removed or moved (give each in its old and its new place). `placedY` is what it gave before.
 * Its search tries lines ever further from the wanted one, alternating sides, so every box it tried
 * for a label lies within the placed line's distance of the wanted line. An obstacle outside all
 * those bands answered none of its questions: every answer, and every place, stays the same.
 */
export function placementMayChange(
  requests: readonly LabelRequest[],
  placedY: readonly number[],
  changed: readonly Rect[],
): boolean {
  return requests.some((req, i) => {
    const reach = Math.abs((placedY[i] ?? req.y) - req.y);
    const r = labelRect(req.x, req.y, req.text, req.anchor);
    const band = { left: r.left, top: r.top - reach, width: r.width, height: r.height + 2 * reach };
    return changed.some((c) => rectsOverlap(band, c, GAP));
  });
}
