import { useId } from "react";
import { canonicalize, formatVirtAddr, isCanonical, vaBits } from "../core/arch";
import { actions, usePagewalk } from "../store/usePagewalk";
import { selectPagingMode } from "../store/selectors";
import { AccessChoice } from "./AccessChoice";
import { TermLink } from "./glossary/TermLink";
import { VaBitFields } from "./VaBitFields";
import { selectSplitLeafLevel, selectStepMarks } from "./stepper/stepMarks";
import { CODE_FIELD } from "./codeField";

/** The VA under study: typed as hex (with `_`), checked as you type, and drawn as its bit fields. */
export function AddressBar() {
  const vaText = usePagewalk((s) => s.selection.vaText);
  const vaError = usePagewalk((s) => s.selection.vaError);
  const va = usePagewalk((s) => s.selection.va);
  const levels = usePagewalk((s) => selectPagingMode(s).levels);
  const stepBits = usePagewalk((s) => selectStepMarks(s)?.bits ?? null);
  const leafLevel = usePagewalk(selectSplitLeafLevel);
  const inputId = useId();
  const messageId = useId();
  const canonical = isCanonical(va, levels);
  const fixed = canonical ? null : canonicalize(va, levels);

  return (
    <section className="panel address-bar" aria-labelledby={`${inputId}-h`}>
      <h2 id={`${inputId}-h`} className="visually-hidden">
        Address and access
      </h2>
      <div className="address-row">
        <div className="va-input">
          <label htmlFor={inputId}>Virtual address</label>
          <input
            id={inputId}
            className="mono"
            type="text"
            {...CODE_FIELD}
            autoComplete="off"
            value={vaText}
            aria-invalid={vaError !== null}
            aria-describedby={messageId}
            onChange={(e) => actions.setVaText(e.target.value)}
          />
        </div>
        <AccessChoice />
      </div>
      <div id={messageId} className="va-message" aria-live="polite">
        {vaError !== null ? (
          <p className="error">{vaError} Showing the last valid address.</p>
        ) : fixed !== null ? (
          <p className="warning">
            Not <TermLink term="canonical">canonical</TermLink> for {levels}-level paging: bits 63:
            {vaBits(levels)} must all equal bit {vaBits(levels) - 1}, so an access raises #GP.{" "}
            <button
              type="button"
              className="link"
              onClick={() => actions.setVaText(formatVirtAddr(fixed, true))}
            >
              Use {formatVirtAddr(fixed, true)}
            </button>
          </p>
        ) : null}
      </div>
      <VaBitFields va={va} levels={levels} leafLevel={leafLevel} highlight={stepBits} />
    </section>
  );
}
