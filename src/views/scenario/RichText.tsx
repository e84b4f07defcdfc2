import { useMemo, type ReactNode } from "react";
import { parseRichText, type Inline } from "./richText";

function renderInline(parts: readonly Inline[]): ReactNode[] {
  return parts.map((p, k) => {
    switch (p.kind) {
      case "text":
        return p.text;
      case "code":
        return <code key={k}>{p.text}</code>;
      case "bold":
        return <strong key={k}>{renderInline(p.children)}</strong>;
      case "link":
        return (
          <a key={k} href={p.href} target="_blank" rel="noopener noreferrer nofollow">
            {p.text}
          </a>
        );
    }
  });
}

/**
 * Text from a scenario (description, lesson step) in the safe subset (richText.ts): paragraphs,
 * `code`, **bold**, http(s) links. React elements only; nothing is ever set as HTML.
 */
export function RichText({ text, className }: { readonly text: string; readonly className?: string }) {
  const paragraphs = useMemo(() => parseRichText(text), [text]);
  return (
    <div className={className ? `rich-text ${className}` : "rich-text"}>
      {paragraphs.map((p, k) => (
        <p key={k}>{renderInline(p)}</p>
      ))}
    </div>
  );
}
