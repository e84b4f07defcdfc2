import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { PRESETS } from "../../core/scenario";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { openPreset } from "./scenarioIo";
import { useShiftInsideWindow } from "../layout/useShiftInsideWindow";

/**
 * The "Examples" menu button (WAI-ARIA menu button pattern): Enter, Space or Down opens it on the
 * first example, Up on the last; arrows, Home and End move; Enter or Space chooses; Escape and Tab
 * close it. Each example shows its one- or two-sentence explanation.
 */
export function ExamplesMenu() {
  const open = usePagewalk((s) => s.examplesOpen);
  const busy = usePagewalk((s) => s.busy);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const focusOnOpen = useRef<"first" | "last">("first");
  // Roving tabindex: the focused item is the menu's one tab stop (it is also scrollable).
  const [active, setActive] = useState(0);
  const id = useId();

  // The open menu moves left when its button sits near the window's right edge.
  const shiftLeft = useShiftInsideWindow(open, buttonRef, menuRef);

  const items = (): HTMLElement[] =>
    Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    const list = items();
    (focusOnOpen.current === "last" ? list[list.length - 1] : list[0])?.focus();
    focusOnOpen.current = "first";
    const onPointerDown = (e: PointerEvent): void => {
      const target = e.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target))
        actions.setExamplesOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const close = (refocus: boolean): void => {
    actions.setExamplesOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const choose = (presetId: string): void => {
    close(true);
    void openPreset(presetId);
  };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      focusOnOpen.current = e.key === "ArrowUp" ? "last" : "first";
      actions.setExamplesOpen(true);
    }
  };

  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>): void => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number): void => {
      e.preventDefault();
      list[(to + list.length) % list.length]?.focus();
    };
    switch (e.key) {
      case "ArrowDown":
        return move(at + 1);
      case "ArrowUp":
        return move(at - 1);
      case "Home":
        return move(0);
      case "End":
        return move(list.length - 1);
      case "Escape":
        e.preventDefault();
        return close(true);
      case "Tab":
        return close(false);
      default:
        if (e.key.length === 1 && /\S/.test(e.key)) {
          // Type-ahead: the next example whose title starts with the letter.
          const letter = e.key.toLowerCase();
          const order = [...list.slice(at + 1), ...list.slice(0, at + 1)];
          order.find((item) => item.dataset["title"]?.toLowerCase().startsWith(letter))?.focus();
        }
    }
  };

  return (
    <div className="examples-menu">
      <button
        ref={buttonRef}
        type="button"
        id={`${id}-button`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-busy={busy !== null}
        onClick={() => actions.setExamplesOpen(!open)}
        onKeyDown={onButtonKey}
      >
        Examples <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul
          ref={menuRef}
          id={`${id}-menu`}
          role="menu"
          aria-labelledby={`${id}-button`}
          className="examples-list"
          style={shiftLeft > 0 ? { left: -shiftLeft } : undefined}
          onKeyDown={onMenuKey}
        >
          {PRESETS.map((preset, k) => (
            <li
              key={preset.id}
              role="menuitem"
              tabIndex={k === active ? 0 : -1}
              onFocus={() => setActive(k)}
              data-title={preset.meta.title}
              aria-labelledby={`${id}-${preset.id}-t`}
              aria-describedby={`${id}-${preset.id}-d`}
              onClick={() => choose(preset.id)}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  choose(preset.id);
                }
              }}
            >
              <span className="example-title" id={`${id}-${preset.id}-t`}>
                {preset.meta.title}
              </span>
              <span className="example-description" id={`${id}-${preset.id}-d`}>
                {preset.meta.description}
                {preset.file ? " (Downloaded when chosen.)" : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
