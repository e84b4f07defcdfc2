/**
 * The small, safe text format of titles' descriptions, notes and lesson steps: paragraphs (split
 * at blank lines), `code`, **bold** and links [text](https://…). It is parsed into plain data that
 * RichText.tsx renders as React elements: nothing a user writes is ever HTML, and a link is a link
 * only when it is http or https (anything else, `javascript:` included, stays text as written).
 */

export type Inline =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "code"; readonly text: string }
  | { readonly kind: "bold"; readonly children: readonly Inline[] }
  | { readonly kind: "link"; readonly href: string; readonly text: string };

export type Paragraph = readonly Inline[];

/** Only absolute http(s) URLs become links. */
export function safeHref(url: string): string | null {
  if (!/^https?:\/\//i.test(url)) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Paragraphs of a text: runs of lines separated by one or more blank lines. */
export function parseRichText(source: string): Paragraph[] {
  return source
    .split(/\r?\n[ \t]*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((p) => parseInline(p, true));
}

/** One paragraph's inline parts; `bold` is false inside bold (no nesting of bold in bold). */
function parseInline(text: string, allowBold: boolean): Inline[] {
  const out: Inline[] = [];
  let plain = "";
  const flush = (): void => {
    if (plain) out.push({ kind: "text", text: plain });
    plain = "";
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "`") {
      const end = text.indexOf("`", i + 1);
      if (end > i + 1) {
        flush();
        out.push({ kind: "code", text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    } else if (allowBold && c === "*" && text[i + 1] === "*") {
      const end = text.indexOf("**", i + 2);
      if (end > i + 2) {
        flush();
        out.push({ kind: "bold", children: parseInline(text.slice(i + 2, end), false) });
        i = end + 2;
        continue;
      }
    } else if (c === "[") {
      const link = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(text.slice(i));
      const href = link ? safeHref(link[2] as string) : null;
      if (link && href !== null) {
        flush();
        out.push({ kind: "link", href, text: link[1] as string });
        i += link[0].length;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}
