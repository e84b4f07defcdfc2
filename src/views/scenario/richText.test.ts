import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRichText, safeHref, type Inline, type Paragraph } from "./richText";

/** The text a reader sees, without the markup. */
function plainText(paragraphs: readonly Paragraph[]): string {
  const inline = (parts: readonly Inline[]): string =>
    parts.map((p) => (p.kind === "bold" ? inline(p.children) : p.text)).join("");
  return paragraphs.map(inline).join("\n\n");
}

describe("the safe text subset", () => {
  it("splits paragraphs at blank lines and reads `code`, **bold** and http(s) links", () => {
    expect(parseRichText("A **bold** `0x1000`.\n\nSee [the SDM](https://www.intel.com/sdm) now.")).toEqual([
      [
        { kind: "text", text: "A " },
        { kind: "bold", children: [{ kind: "text", text: "bold" }] },
        { kind: "text", text: " " },
        { kind: "code", text: "0x1000" },
        { kind: "text", text: "." },
      ],
      [
        { kind: "text", text: "See " },
        { kind: "link", href: "https://www.intel.com/sdm", text: "the SDM" },
        { kind: "text", text: " now." },
      ],
    ]);
  });

  it("keeps markup it does not know, HTML and other link schemes as plain text", () => {
    const source =
      "<img src=x onerror=alert(1)> [x](javascript:alert(1)) [y](data:text/html,hi) **open `tick";
    expect(parseRichText(source)).toEqual([[{ kind: "text", text: source }]]);
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("//evil.example")).toBeNull();
    expect(safeHref("HTTPS://example.com/a")).toBe("https://example.com/a");
  });

  it("code inside bold stays code; bold does not nest", () => {
    expect(parseRichText("**clear `U/S`**")).toEqual([
      [
        {
          kind: "bold",
          children: [
            { kind: "text", text: "clear " },
            { kind: "code", text: "U/S" },
          ],
        },
      ],
    ]);
  });

  it("never loses or invents text outside the markup, whatever the input (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", " ", "*", "`", "[", "]", "(", ")", "h", "\n", "<") }),
        (s) => {
          const paragraphs = parseRichText(s);
          const seen = plainText(paragraphs).replace(/\s/g, "");
          // Every character a reader sees was in the source, in order, apart from the markup removed.
          const stripped = s.replace(/\s/g, "");
          let k = 0;
          for (const ch of seen) {
            k = stripped.indexOf(ch, k);
            expect(k).toBeGreaterThanOrEqual(0);
            k++;
          }
        },
      ),
    );
  });
});
