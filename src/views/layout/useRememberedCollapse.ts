import { useState } from "react";
import { isPanelCollapsed, rememberPanelCollapsed } from "./panelCollapseMemory";

/**
 * Whether the part called `name` is collapsed (a panel, the stepper bar's lines, the lesson bar's
 * text), and the toggle that flips it; the choice is kept per browser (panelCollapseMemory.ts).
 */
export function useRememberedCollapse(name: string): readonly [boolean, () => void] {
  const [collapsed, setCollapsed] = useState(() => isPanelCollapsed(name));
  const toggle = (): void => {
    rememberPanelCollapsed(name, !collapsed);
    setCollapsed(!collapsed);
  };
  return [collapsed, toggle];
}
