/* global document, window, MutationObserver -- these functions run in the page */
/**
 * The rendering floor of an update: what the browser alone spends to show the DOM changes one update
 * made, with no script of the app's. `recordUpdate` clicks a button once and records the DOM changes
 * that follow (text, attributes, added and removed nodes), with their values before and after;
 * `replayUpdate` undoes them, then on the next call makes them again, and so on; timed as an update
 * is timed, it gives the style, layout, paint and compositing work of exactly those changes.
 * `replayUpdate("restore")` leaves the DOM as the app drew it (the changes made), so the app goes on
 * from there.
 *
 * Each function is handed to `page.evaluate`, so each stands alone (no shared helpers in this module).
 */

/** Clicks `selector`, records what changed in the DOM until the update has settled; the count. */
export async function recordUpdate(selector) {
  const records = [];
  const observer = new MutationObserver((list) => records.push(...list));
  observer.observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
    attributeOldValue: true,
    characterDataOldValue: true,
  });
  document.querySelector(selector)?.click();
  await new Promise((resolve) => setTimeout(resolve, 200));
  observer.disconnect();
  const ops = records.map((m) =>
    m.type === "attributes"
      ? { kind: "attribute", node: m.target, name: m.attributeName, before: m.oldValue }
      : m.type === "characterData"
        ? { kind: "text", node: m.target, before: m.oldValue }
        : {
            kind: "children",
            parent: m.target,
            added: [...m.addedNodes],
            removed: [...m.removedNodes],
            next: m.nextSibling,
            previous: m.previousSibling,
          },
  );
  // A value after a change is the value before the next change of the same thing, or the value now.
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op.kind === "children") continue;
    const later = ops
      .slice(i + 1)
      .find((o) => o.kind === op.kind && o.node === op.node && o.name === op.name);
    op.after = later ? later.before : op.kind === "attribute" ? op.node.getAttribute(op.name) : op.node.data;
  }
  window.__pagewalkReplay = { ops, made: true };
  return ops.length;
}

/**
 * Undoes the recorded changes if they are made, else makes them again. With "restore", only makes
 * them if they are undone (the DOM as the app drew it), and forgets them.
 */
export function replayUpdate(mode) {
  const replay = window.__pagewalkReplay;
  const restore = mode === "restore";
  if (restore) delete window.__pagewalkReplay;
  if (restore && replay.made) return;
  const undo = replay.made;
  const place = (op) => {
    if (op.next?.parentNode === op.parent) return op.next;
    if (op.previous?.parentNode === op.parent) return op.previous.nextSibling;
    return null;
  };
  for (const op of undo ? [...replay.ops].reverse() : replay.ops) {
    if (op.kind === "attribute") {
      const value = undo ? op.before : op.after;
      if (value === null) op.node.removeAttribute(op.name);
      else op.node.setAttribute(op.name, value);
    } else if (op.kind === "text") op.node.data = undo ? op.before : op.after;
    else {
      for (const node of undo ? op.added : op.removed) node.remove();
      for (const node of undo ? op.removed : op.added) op.parent.insertBefore(node, place(op));
    }
  }
  replay.made = !undo;
}
