import { type CSSProperties, type RefObject, useEffect, useState } from "react";
import { appStore } from "../store/usePagewalk";
import { useMediaQuery } from "./layout/useMediaQuery";

/** A touch screen's pointer: where the header is a long way up from what a finger just edited. */
const COARSE = "(pointer: coarse)";

/**
 * Whether the header's Undo / Redo should float at the screen's bottom corner, and the size their
 * slot in the header keeps meanwhile. On a touch screen the header is 1,000 px and more above a
 * walk card's chips or the entry's bits: after an edit made with the header out of view, Undo and
 * Redo come to the finger (the same buttons: one name, one place in the Tab order), until the header
 * is back in view. With a mouse or in an embed (its bar is its header) they stay put.
 *
 * The slot's size comes from the IntersectionObserver's own record of it as it left the view (no
 * layout read on an edit, the hot path); kept, the header does not reflow under the page.
 */
export function useFloatingHistory(
  slot: RefObject<HTMLElement | null>,
  enabled: boolean,
): { readonly floating: boolean; readonly slotStyle: CSSProperties | undefined } {
  const coarse = useMediaQuery(COARSE);
  const [away, setAway] = useState<{ readonly width: number; readonly height: number } | null>(null);
  const [editedAway, setEditedAway] = useState(false);

  useEffect(() => {
    const el = slot.current;
    if (!enabled || !coarse || el === null) return;
    const observer = new IntersectionObserver(([entry]) => {
      if (entry === undefined) return;
      if (entry.isIntersecting) {
        setAway(null);
        setEditedAway(false);
      } else {
        const { width, height } = entry.boundingClientRect;
        setAway({ width, height });
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [slot, enabled, coarse]);

  // An edit (or an undo) made while the header is out of view.
  useEffect(() => {
    if (away === null) return;
    return appStore.subscribe((state, previous) => {
      if (state.past !== previous.past || state.future !== previous.future) setEditedAway(true);
    });
  }, [away]);

  const floating = away !== null && editedAway;
  return {
    floating,
    slotStyle: floating ? { width: away.width, height: away.height } : undefined,
  };
}
