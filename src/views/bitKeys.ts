/**
 * Where a key moves the focus in the bit toolbar, whose buttons run from bit 63 on the left to bit 0
 * on the right: the bit to focus, or null for a key the toolbar leaves alone.
 */
export function bitKeyTarget(key: string, bit: number): number | null {
  switch (key) {
    case "ArrowLeft":
    case "ArrowUp":
      return Math.min(63, bit + 1);
    case "ArrowRight":
    case "ArrowDown":
      return Math.max(0, bit - 1);
    case "Home":
      return 63;
    case "End":
      return 0;
    default:
      return null;
  }
}

/** The bit number of a bit button an event came from (its `data-bit`), or null. */
export function bitOf(target: EventTarget | null): number | null {
  const el = (target as Element | null)?.closest?.("[data-bit]");
  const bit = el ? Number((el as HTMLElement).dataset["bit"]) : NaN;
  return Number.isInteger(bit) ? bit : null;
}

/** Where a bit button is drawn (client pixels), for moving the focus between wrapped lines. */
export interface BitBox {
  readonly bit: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/**
 * The bit drawn on the line above or below `from`'s that is nearest it across (by centres; a tie goes
 * to the higher bit, drawn to the left), or null when no line lies that way. Where the toolbar wraps
 * (a phone, a projector at 200 %), ↓ then reaches the bit drawn under the focused one rather than
 * the next bit along, which may sit at the far end of the line.
 */
export function bitOnNextLine(
  boxes: readonly BitBox[],
  from: number,
  direction: "up" | "down",
): number | null {
  const start = boxes.find((b) => b.bit === from);
  if (start === undefined) return null;
  const middle = (b: BitBox): number => (b.top + b.bottom) / 2;
  // A box is on another line when its middle is past the start's edge (lines never overlap, and
  // the boxes of one line may differ by a pixel or so in height).
  const beyond = boxes.filter((b) =>
    direction === "down" ? middle(b) > start.bottom : middle(b) < start.top,
  );
  if (beyond.length === 0) return null;
  const nearestLine = beyond.reduce((a, b) =>
    direction === "down" ? (middle(b) < middle(a) ? b : a) : middle(b) > middle(a) ? b : a,
  );
  const line = beyond.filter((b) => b.top <= middle(nearestLine) && b.bottom >= middle(nearestLine));
  const across = (b: BitBox): number => Math.abs((b.left + b.right) / 2 - (start.left + start.right) / 2);
  return line.reduce((a, b) => (across(b) < across(a) || (across(b) === across(a) && b.bit > a.bit) ? b : a))
    .bit;
}

/** Whether the bits are drawn on more than one line (some box lies wholly below the first). */
export function isWrapped(boxes: readonly BitBox[]): boolean {
  const first = boxes[0];
  return first !== undefined && boxes.some((b) => b.top >= first.bottom);
}

/** Where each bit button inside `toolbar` is drawn now. */
export function bitBoxes(toolbar: Element | null): BitBox[] {
  if (toolbar === null) return [];
  return [...toolbar.querySelectorAll<HTMLElement>("[data-bit]")].map((el) => {
    const { left, right, top, bottom } = el.getBoundingClientRect();
    return { bit: Number(el.dataset["bit"]), left, right, top, bottom };
  });
}
