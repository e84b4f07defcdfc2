/**
 * A small, strict XML reader for tests: elements, attributes, text, CDATA, the five predefined
 * entities and numeric references. Anything not well-formed throws (a stray `<` or `&`, a tag
 * closed by another name, text after the root), which is what a Moodle import would refuse.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (entities decoded, CDATA included), children's text left out. */
  readonly text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  return raw.replace(/&([^;]*);|&/g, (whole, name: string | undefined) => {
    if (name === undefined) throw new Error(`bare & near offset ${at}`);
    if (name in ENTITIES) return ENTITIES[name] as string;
    const m = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(name);
    if (!m) throw new Error(`unknown entity ${whole} near offset ${at}`);
    const code = (m[1] as string).startsWith("x") ? parseInt((m[1] as string).slice(1), 16) : Number(m[1]);
    return String.fromCodePoint(code);
  });
}

export function parseXml(source: string): XmlElement {
  let pos = 0;
  const skipProlog = (): void => {
    const m = /^\s*(<\?xml[^?]*\?>)?\s*/.exec(source.slice(pos));
    pos += m ? m[0].length : 0;
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*"[^"<]*")*)\s*(\/?)>/.exec(
      source.slice(pos),
    );
    if (!open) throw new Error(`expected a start tag at offset ${pos}: ${source.slice(pos, pos + 30)}`);
    pos += open[0].length;
    const attributes: Record<string, string> = {};
    for (const a of (open[2] as string).matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g))
      attributes[a[1] as string] = decode(a[2] as string, pos);
    const name = open[1] as string;
    if (open[3] === "/") return { name, attributes, children: [], text: "" };
    const children: XmlElement[] = [];
    let text = "";
    for (;;) {
      if (pos >= source.length) throw new Error(`<${name}> is never closed`);
      if (source.startsWith("<![CDATA[", pos)) {
        const end = source.indexOf("]]>", pos);
        if (end < 0) throw new Error("unterminated CDATA");
        text += source.slice(pos + 9, end);
        pos = end + 3;
      } else if (source.startsWith("</", pos)) {
        const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(source.slice(pos));
        if (!close || close[1] !== name)
          throw new Error(`<${name}> closed by ${source.slice(pos, pos + 20)}`);
        pos += close[0].length;
        return { name, attributes, children, text };
      } else if (source[pos] === "<") {
        children.push(element());
      } else {
        const next = source.indexOf("<", pos);
        const raw = source.slice(pos, next < 0 ? source.length : next);
        if (raw.includes(">") && raw.includes("]]>")) throw new Error("]]> in text");
        text += decode(raw, pos);
        pos += raw.length;
      }
    }
  };
  skipProlog();
  const root = element();
  if (source.slice(pos).trim() !== "") throw new Error(`text after the root element at offset ${pos}`);
  return root;
}

export const child = (e: XmlElement, name: string): XmlElement | undefined =>
  e.children.find((c) => c.name === name);
