import { useEffect } from "react";
import { actions, appStore } from "../../store/usePagewalk";
import { stopPlayback, togglePlayback } from "./playback";

/**
 * Elements that use these keys themselves: text fields, selects and editable text (every key),
 * radio groups, grids, menus and lists (arrows, Home, End), and buttons, links and checkboxes
 * (Space activates them).
 */
// Besides the widgets whose keys these are, a focused scroll area (a region or table made focusable
// so that the keyboard can scroll it) keeps its arrows and Home / End, a separator its arrows, and a
// button that opens a menu its arrows (↓ opens it).
const OWN_ARROWS =
  'input, textarea, select, [contenteditable]:not([contenteditable="false"]), [role="grid"], [role="menu"], [role="menubar"], [role="listbox"], [role="tablist"], [role="radiogroup"], [role="slider"], [role="spinbutton"], [role="tree"], [role="separator"], [aria-haspopup]:not([aria-haspopup="false"]), [role="region"][tabindex], [role="table"][tabindex]';
const OWN_SPACE = `${OWN_ARROWS}, button, a[href], summary, [role="button"], [role="checkbox"], [role="switch"], [role="menuitem"], [role="option"], [role="tab"]`;

function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  return target.closest(key === " " ? OWN_SPACE : OWN_ARROWS) !== null;
}

/**
 * The stepper's keys, anywhere on the page outside the elements that own them: ← / → previous and
 * next step (→ also starts stepping), Home / End the first and last step, Space play / pause. With
 * Ctrl, Alt, ⌘ or Shift the key is left alone (Ctrl+Z stays undo, Alt+← the browser's back).
 */
export function useStepperKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      if (!["ArrowLeft", "ArrowRight", "Home", "End", " "].includes(e.key) || ownsKey(e.target, e.key))
        return;
      const stepping = appStore.getState().selection.step !== null;
      if (!stepping && e.key !== "ArrowRight") return;
      e.preventDefault();
      if (e.key === " ") {
        togglePlayback();
        return;
      }
      stopPlayback();
      if (e.key === "ArrowRight") actions.stepBy(1);
      else if (e.key === "ArrowLeft") actions.stepBy(-1);
      else if (e.key === "Home") actions.firstStep();
      else actions.lastStep();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
