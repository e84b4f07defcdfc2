/** Text that folds onto more lines than it should, shared by the layout and presentation specs. */
import type { Locator } from "@playwright/test";

/**
 * Of the shown elements, those whose text folds onto 1.5 lines or more (`tag "text"`); with
 * `maxChars`, only those whose text is that short (a long title may wrap).
 */
export async function foldedOntoLines(elements: Locator, maxChars = Infinity): Promise<string[]> {
  return elements.evaluateAll(
    (list, max) =>
      list
        .filter((e) => e.getClientRects().length > 0 && (e.textContent ?? "").length <= max)
        .filter((e) => {
          const style = getComputedStyle(e);
          const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
          const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
          return (e.getBoundingClientRect().height - padding) / line >= 1.5;
        })
        .map((e) => `${e.tagName.toLowerCase()} "${e.textContent}"`),
    maxChars,
  );
}

/**
 * Words of the shown elements' text that break across lines (`"acces|s"`): a column too narrow for
 * its words, made to fit by `overflow-wrap: anywhere`. A hyphen or a slash ends a word
 * ("protection-|key", "user/|supervisor" may break there). Text not shown (a closed `<details>`)
 * and code (`<pre>`, `<code>`: JSON, exported source) are not read.
 */
export async function wordsBrokenAcrossLines(elements: Locator): Promise<string[]> {
  return elements.evaluateAll((list) =>
    list.flatMap((e) => {
      const broken: string[] = [];
      const texts = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
      for (let node = texts.nextNode(); node !== null; node = texts.nextNode()) {
        const parent = node.parentElement;
        if (!parent?.checkVisibility({ contentVisibilityAuto: true }) || parent.closest("pre, code"))
          continue;
        for (const word of (node.textContent ?? "").matchAll(/[^\s/-]+[/-]?/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(word[0]);
        }
      }
      return broken;
    }),
  );
}

/**
 * Words of letters ("supervisor,", "(faults)") in the shown elements that break across lines: a box
 * too narrow for its words. Numbers and addresses, which may break anywhere, are left out.
 */
export async function wordsOfLettersBroken(elements: Locator): Promise<string[]> {
  const broken = await wordsBrokenAcrossLines(elements);
  return broken.filter((word) => /^[("']?[A-Za-z]+[,.;:)"']*$/.test(word));
}
