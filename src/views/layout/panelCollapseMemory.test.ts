import { describe, expect, it } from "vitest";
import { parseCollapsedPanels } from "./panelCollapseMemory";

describe("parseCollapsedPanels", () => {
  it("reads the stored list of panel names", () => {
    expect([...parseCollapsedPanels('["Registers","Walk"]')]).toEqual(["Registers", "Walk"]);
  });

  it("treats nothing stored, broken JSON or another shape as no panel collapsed", () => {
    for (const text of [null, "", "{", '"Walk"', '{"Walk":true}', "42"]) {
      expect(parseCollapsedPanels(text).size, String(text)).toBe(0);
    }
  });

  it("keeps only the names in a list that holds other values too", () => {
    expect([...parseCollapsedPanels('["Entry", 3, null, "Table"]')]).toEqual(["Entry", "Table"]);
  });
});
