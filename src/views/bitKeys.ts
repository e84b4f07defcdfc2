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
