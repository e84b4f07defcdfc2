import { DEFAULT_MAX_REVERSE_RESULTS, permissionLetters } from "../../core/inspect";
import { useId, useState, type FormEvent } from "react";
import { LEVEL_TABLE_NAMES, parsePhysAddr, type PhysAddr } from "../../core/arch";
import { formatCount, formatHex } from "../../core/common";
import { selectReverseLookup } from "../../store/mappingsSelectors";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { formatSize, formatVa, permissionWords, vaInput } from "./mappingText";
import { VirtualRows } from "./VirtualRows";
import { CODE_FIELD } from "../codeField";

/**
 * Reverse lookup: which VAs reach a physical address (aliases, a recursive slot, the direct map).
 * Asked from the field here or from a frame of the memory map; each VA walks when clicked.
 */
export function ReverseLookupView() {
  const id = useId();
  const maxPhyAddr = usePagewalk((s) => s.machine.regs.maxPhyAddr);
  const pa = usePagewalk((s) => s.mappingsUi.reversePa);
  const result = usePagewalk(selectReverseLookup);
  const [text, setText] = useState(pa === null ? "" : formatHex(pa));
  const [error, setError] = useState<string | null>(null);
  // A PA asked from elsewhere (the memory map) shows in the field ("storing information from
  // previous renders": no effect needed).
  const [shownPa, setShownPa] = useState<PhysAddr | null>(pa);
  if (pa !== shownPa) {
    setShownPa(pa);
    if (pa !== null) setText(formatHex(pa));
    setError(null);
  }

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    const parsed = parsePhysAddr(text, maxPhyAddr);
    if (!parsed.ok) return setError(parsed.error.message);
    setError(null);
    actions.lookUpPa(parsed.value);
  };

  const matches = result?.matches ?? [];
  let heading = "";
  if (result !== null) {
    const n = matches.length;
    heading =
      n === 0
        ? `No VA maps ${formatHex(result.pa)}.`
        : `${formatCount(n)} ${n === 1 ? "VA maps" : "VAs map"} ${formatHex(result.pa)}${
            result.resultsTruncated ? ` (the first ${formatCount(DEFAULT_MAX_REVERSE_RESULTS)} shown)` : ""
          }.`;
    if (result.truncated && !result.resultsTruncated)
      heading += " The search stopped early: the tables map too many leaves.";
  }

  return (
    <section className="pw-reverse" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Reverse lookup: the VAs of a physical address</h3>
      <form className="pw-mappings-search" onSubmit={onSubmit}>
        <label htmlFor={`${id}-pa`}>PA to look up</label>
        <input
          id={`${id}-pa`}
          className="mono"
          value={text}
          {...CODE_FIELD}
          placeholder="0x4856000"
          aria-invalid={error !== null}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit">Find VAs</button>
      </form>
      <div aria-live="polite">
        {error !== null ? <p className="error">{error}</p> : null}
        {heading ? <p className="pw-reverse-result">{heading}</p> : null}
      </div>
      {matches.length > 0 ? (
        <VirtualRows
          label={`VAs of ${formatHex(result?.pa ?? 0)}`}
          className="pw-reverse-rows"
          count={matches.length}
          header={
            <>
              <span role="columnheader" className="pw-c-va">
                VA
              </span>
              <span role="columnheader" className="pw-c-size">
                Page
              </span>
              <span role="columnheader" className="pw-c-level">
                Leaf in
              </span>
              <span role="columnheader" className="pw-c-access">
                Access
              </span>
            </>
          }
          renderRow={(i) => {
            const m = matches[i];
            if (!m) return null;
            return (
              <>
                <span role="cell" className="pw-c-va">
                  <button
                    type="button"
                    className="pw-walk-va mono"
                    title={`Walk ${vaInput(m.va)}`}
                    onClick={() => actions.setVaText(vaInput(m.va))}
                  >
                    {formatVa(m.va)}
                  </button>
                </span>
                <span role="cell" className="pw-c-size">
                  {formatSize(m.leaf.pageSize)}
                </span>
                <span role="cell" className="pw-c-level">
                  {LEVEL_TABLE_NAMES[m.leaf.level]}
                </span>
                <span role="cell" className="pw-c-access mono" title={permissionWords(m.leaf)}>
                  {permissionLetters(m.leaf)}
                </span>
              </>
            );
          }}
        />
      ) : null}
    </section>
  );
}
