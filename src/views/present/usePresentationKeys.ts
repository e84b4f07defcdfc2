import { useEffect } from "react";
import { actions, appStore } from "../../store/usePagewalk";

/** The key that turns presentation mode on and off (shown in the button's title and aria-keyshortcuts). */
export const PRESENT_KEY = "p";

/**
 * Text fields, selects and editable text keep every key; dialogs, menus and popovers keep Escape,
 * and P too (a menu jumps to the item starting with it; a mode change behind a dialog goes unseen).
 */
const TYPING = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';
const OWNS_KEYS = `${TYPING}, dialog, [role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"], [popover]`;

function owns(target: EventTarget | null, selector: string): boolean {
  return target instanceof Element && target.closest(selector) !== null;
}

/**
 * P (no modifier, outside text fields, dialogs and menus) turns presentation mode on or off; Escape leaves it, unless
 * an open dialog, menu or popover is what Escape closes first. The stepper's keys (←, →, Home,
 * End, Space) and undo's Ctrl+Z are other keys, so nothing is shared.
 */
export function usePresentationKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const presenting = appStore.getState().presenting;
      if (
        e.key.toLowerCase() === PRESENT_KEY &&
        !e.shiftKey &&
        !owns(e.target, OWNS_KEYS) &&
        !document.querySelector("dialog[open]")
      ) {
        e.preventDefault();
        actions.setPresenting(!presenting);
      } else if (e.key === "Escape" && presenting && !owns(e.target, OWNS_KEYS)) {
        if (document.querySelector("dialog[open]")) return;
        e.preventDefault();
        actions.setPresenting(false);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
