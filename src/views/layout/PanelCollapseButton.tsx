import { useState } from "react";
import { isPanelCollapsed, rememberPanelCollapsed } from "./panelCollapseMemory";
import "./panelCollapse.css";

/**
 * The disclosure button at the end of a panel's head: "Collapse Registers" / "Expand Registers".
 * It only says whether the panel is open (aria-expanded); panelCollapse.css hides the rest of the
 * panel when it is not, so a panel needs nothing but this button in its `.panel-head`. The walk's
 * status line stays in view when the Walk panel is collapsed. Remembered per browser.
 */
export function PanelCollapseButton({ panel }: { readonly panel: string }) {
  const [collapsed, setCollapsed] = useState(() => isPanelCollapsed(panel));
  const toggle = (): void => {
    rememberPanelCollapsed(panel, !collapsed);
    setCollapsed(!collapsed);
  };
  const name = `${collapsed ? "Expand" : "Collapse"} ${panel}`;
  return (
    <button
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
}
