import { memo, useLayoutEffect, useRef } from "react";
import { useRememberedCollapse } from "./useRememberedCollapse";
import "./panelCollapse.css";

/**
 * The disclosure button at the end of a panel's head: "Collapse Registers" / "Expand Registers".
 * It marks its panel `data-collapsed` (and, for a panel that gives its column away, the layout
 * `data-collapsed-<name>`); panelCollapse.css hides the rest of the panel, so a panel needs nothing
 * but this button in its `.panel-head`. The walk's status line stays in view when the Walk panel is
 * collapsed. Remembered per browser.
 *
 * Why attributes set here rather than a `:has()` rule on the panel: a `:has()` selector over the
 * page's panels made every update restyle the whole layout (5 ms a step of the walk on Linux).
 * Memoised: its panel re-renders on every edit, the button only when it is pressed.
 */
export const PanelCollapseButton = memo(function PanelCollapseButton({
  panel,
  layoutFlag,
}: {
  readonly panel: string;
  /** Also mark the page's `.layout` with `data-collapsed-<layoutFlag>` (its grid changes). */
  readonly layoutFlag?: string;
}) {
  const [collapsed, toggle] = useRememberedCollapse(panel);
  const button = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    const section = button.current?.closest(".panel");
    section?.toggleAttribute("data-collapsed", collapsed);
    if (layoutFlag) section?.closest(".layout")?.toggleAttribute(`data-collapsed-${layoutFlag}`, collapsed);
  }, [collapsed, layoutFlag]);
  const name = `${collapsed ? "Expand" : "Collapse"} ${panel}`;
  return (
    <button
      ref={button}
      type="button"
      className="collapse-button"
      aria-expanded={!collapsed}
      title={name}
      onClick={toggle}
    >
      <span aria-hidden="true">{collapsed ? "▸" : "▾"}</span>
      <span className="visually-hidden">{name}</span>
    </button>
  );
});
