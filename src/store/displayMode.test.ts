import { describe, expect, it } from "vitest";
import { displayModeNote, displayModeOf, fullPagewalkUrl, withPresentParam } from "./displayMode";

describe("display flags in the URL", () => {
  it("reads ?present, ?embed and ?readonly, each on only when set to a yes", () => {
    expect(displayModeOf("")).toEqual({ presenting: false, embed: false, readOnly: false });
    expect(displayModeOf("?present=1")).toEqual({ presenting: true, embed: false, readOnly: false });
    expect(displayModeOf("embed=1&readonly=true")).toEqual({
      presenting: false,
      embed: true,
      readOnly: true,
    });
    expect(displayModeOf("?embed&readonly=0")).toEqual({ presenting: false, embed: true, readOnly: false });
    expect(displayModeOf("?present=no&embed=2")).toEqual({
      presenting: false,
      embed: false,
      readOnly: false,
    });
  });

  it("adds and removes ?present=1, leaving the path, other parameters and the share link alone", () => {
    const link = "http://host:4173/app/?lang=en#s1.AbC-_9";
    const on = withPresentParam(link, true);
    expect(on).toBe("http://host:4173/app/?lang=en&present=1#s1.AbC-_9");
    expect(displayModeOf(new URL(on).search).presenting).toBe(true);
    expect(withPresentParam(on, false)).toBe("http://host:4173/app/?lang=en#s1.AbC-_9");
    expect(withPresentParam("http://host/#s1.x", false)).toBe("http://host/#s1.x");
  });

  it("makes the full-page URL of an embed: no embed, read-only or presentation flags, the given link", () => {
    expect(fullPagewalkUrl("http://host/p/?embed=1&readonly=1&x=2#s1.old", "#s1.new")).toBe(
      "http://host/p/?x=2#s1.new",
    );
    expect(fullPagewalkUrl("http://host/?embed=1&present=1", "#s1.abc")).toBe("http://host/#s1.abc");
  });

  it("says, in one sentence, what the address asks that the page does not do", () => {
    for (const search of ["", "?present=1", "?embed=1&readonly=yes", "?present=0&embed=no", "?lang=en"])
      expect(displayModeNote(search), search).toBeNull();
    expect(displayModeNote("?present=maybe")).toBe(
      'The address\'s "present=maybe" is not understood, so presentation mode is off: present=1 turns it on.',
    );
    expect(displayModeNote("?embed=2")).toMatch(/"embed=2" is not understood, so the compact embed is off/);
    expect(displayModeNote(`?readonly=${"x".repeat(200)}`)).toMatch(/"readonly=x{24}…" is not understood/);
    expect(displayModeNote("?readonly=1")).toBe(
      'The address\'s "readonly" applies only to an embed (with embed=1): this page can be edited.',
    );
  });
});
