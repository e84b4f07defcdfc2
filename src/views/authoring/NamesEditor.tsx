import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { parsePhysAddr, parseVirtAddr } from "../../core/arch";
import { formatHex } from "../../core/common";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { InlineRename } from "./InlineRename";
import { CODE_FIELD } from "../codeField";

type Kind = "frame" | "va-range";

/**
 * The scenario's names: each frame (a table is named by its frame) or VA range with its name,
 * renamed or deleted in place, and a form to name another. The frame starts as the table shown,
 * the range as the page of the VA under study, so naming what you look at takes one field.
 */
export function NamesEditor({ editing }: { readonly editing: boolean }) {
  const id = useId();
  const labels = usePagewalk((s) => s.meta?.labels ?? []);
  const table = usePagewalk((s) => s.selection.table?.addr ?? null);
  const va = usePagewalk((s) => s.selection.va);
  const [kind, setKind] = useState<Kind>("frame");
  const [frameText, setFrameText] = useState<string | null>(null);
  const [startText, setStartText] = useState<string | null>(null);
  const [lastText, setLastText] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  // Deleting a name removes the button the focus was on: it goes to the Delete button of the row now
  // in its place (or the last row), or to the name field when no name is left.
  const listRef = useRef<HTMLUListElement>(null);
  const nameField = useRef<HTMLInputElement>(null);
  const focusRowAfterDelete = useRef<number | null>(null);
  useEffect(() => {
    const k = focusRowAfterDelete.current;
    if (k === null) return;
    focusRowAfterDelete.current = null;
    const deletes = listRef.current?.querySelectorAll<HTMLButtonElement>(
      'button[aria-label^="Delete name "]',
    );
    const next = deletes?.[Math.min(k, deletes.length - 1)];
    (next ?? nameField.current)?.focus();
  });

  const page = va & ~0xfffn;
  const frameValue = frameText ?? (table === null ? "" : formatHex(table));
  const startValue = startText ?? formatHex(page, { separators: true });
  const lastValue = lastText ?? formatHex(page + 0xfffn, { separators: true });

  const add = (e: FormEvent): void => {
    e.preventDefault();
    let result;
    if (kind === "frame") {
      const addr = parsePhysAddr(frameValue);
      if (!addr.ok) return setMessage({ text: addr.error.message, error: true });
      result = actions.addLabel({ kind: "frame", addr: addr.value, name });
    } else {
      const start = parseVirtAddr(startValue);
      if (!start.ok) return setMessage({ text: start.error.message, error: true });
      const last = parseVirtAddr(lastValue);
      if (!last.ok) return setMessage({ text: last.error.message, error: true });
      result = actions.addLabel({ kind: "va-range", start: start.value, last: last.value, name });
    }
    if (!result.ok) return setMessage({ text: result.error.message, error: true });
    setMessage({ text: `Named “${name.trim()}”.`, error: false });
    setName("");
  };

  if (!editing && labels.length === 0) return null;
  return (
    // Open while authoring; a learner opens the list when they want it.
    <details className="scenario-labels" open={editing || undefined}>
      <summary>Names ({labels.length})</summary>
      {labels.length > 0 && (
        <ul aria-label="Names" ref={listRef}>
          {labels.map((l, k) => {
            const what =
              l.kind === "frame"
                ? formatHex(l.addr)
                : `${formatHex(l.start, { separators: true })}–${formatHex(l.last, { separators: true })}`;
            return (
              // Keyed by place, not name: a rename keeps the row (and its Rename button's focus).
              <li key={k}>
                {editing ? (
                  <InlineRename
                    value={l.name}
                    what={`name ${l.name}`}
                    onRename={(text) => actions.renameLabel(k, text)}
                    lead={<span className="mono">{what}</span>}
                    trailing={
                      <button
                        type="button"
                        className="small-button"
                        aria-label={`Delete name ${l.name}`}
                        onClick={() => {
                          focusRowAfterDelete.current = k;
                          actions.deleteLabel(k);
                        }}
                      >
                        Delete
                      </button>
                    }
                  />
                ) : (
                  <>
                    <span className="mono">{what}</span> {l.name}
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {editing && (
        <form className="name-form" onSubmit={add} aria-label="Name a frame or a VA range">
          <label htmlFor={`${id}-kind`}>Name a</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="frame">table or frame</option>
            <option value="va-range">VA range</option>
          </select>
          {kind === "frame" ? (
            <>
              <label htmlFor={`${id}-frame`}>at physical address</label>
              <input
                id={`${id}-frame`}
                className="mono"
                size={12}
                {...CODE_FIELD}
                value={frameValue}
                onChange={(e) => setFrameText(e.target.value)}
              />
            </>
          ) : (
            <>
              <label htmlFor={`${id}-start`}>from VA</label>
              <input
                id={`${id}-start`}
                className="mono"
                size={22}
                {...CODE_FIELD}
                value={startValue}
                onChange={(e) => setStartText(e.target.value)}
              />
              <label htmlFor={`${id}-last`}>to VA (inclusive)</label>
              <input
                id={`${id}-last`}
                className="mono"
                size={22}
                {...CODE_FIELD}
                value={lastValue}
                onChange={(e) => setLastText(e.target.value)}
              />
            </>
          )}
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            ref={nameField}
            value={name}
            size={18}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit">Add name</button>
          {message && (
            <p role={message.error ? "alert" : "status"} className={message.error ? "form-error" : "muted"}>
              {message.text}
            </p>
          )}
        </form>
      )}
    </details>
  );
}
