import { memo } from "react";
import { LEVEL_ENTRY_NAMES, LEVEL_TABLE_NAMES, decodeEntry, pageSizeName } from "../core/arch";
import { formatHex } from "../core/common";
import type { WalkStep } from "../core/walk";
import { actions } from "../store/usePagewalk";
import { EntryFlagChips } from "./EntryFlagChips";
import { TermLink } from "./glossary/TermLink";
import { LEVEL_ENTRY_TERMS } from "./glossary/terms";
import { levelColor } from "./levelColors";
import type { StepState } from "./stepper/stepMarks";

interface Props {
  readonly step: WalkStep;
  /** The fault mark's text when the walk faulted at this entry ("fault: U/S = 0"), else null. */
  readonly fault: string | null;
  readonly faultReason: string | null;
  readonly isLeaf: boolean;
  readonly selected: boolean;
  /** While stepping through the walk: whether this read is done, the current step's, or still ahead. */
  readonly stepState: StepState | null;
  /** The scenario's name for the table read here ("level 1 table (32 KiB)"), or null. */
  readonly tableName: string | null;
}

/** Whether two reads draw the same: every walk hands over new step objects, mostly with the same contents. */
function sameStep(a: WalkStep, b: WalkStep): boolean {
  return (
    a === b ||
    (a.level === b.level &&
      a.tableAddr === b.tableAddr &&
      a.index === b.index &&
      a.entryAddr === b.entryAddr &&
      a.raw === b.raw &&
      a.reserved.length === b.reserved.length &&
      a.reserved.every((r, i) => r.description === b.reserved[i]?.description))
  );
}

const sameProps = (a: Props, b: Props): boolean =>
  sameStep(a.step, b.step) &&
  a.fault === b.fault &&
  a.faultReason === b.faultReason &&
  a.isLeaf === b.isLeaf &&
  a.selected === b.selected &&
  a.stepState === b.stepState &&
  a.tableName === b.tableName;

/**
 * One level of the walk: table, index, entry address, raw value, flags (each a toggle), and the
 * fault mark when the walk faulted here. Click the card to inspect the entry.
 */
export const WalkStepCard = memo(function WalkStepCard({
  step,
  fault,
  faultReason,
  isLeaf,
  selected,
  stepState,
  tableName,
}: Props) {
  const table = LEVEL_TABLE_NAMES[step.level];
  const faulted = fault !== null;
  const select = () => actions.selectEntryOf({ addr: step.tableAddr, level: step.level }, step.index);
  const e = decodeEntry(step.raw, step.level);
  const kind = !e.present
    ? "not present"
    : isLeaf && e.pageSize !== null
      ? `${pageSizeName(e.pageSize)} page at ${formatHex(e.address)}`
      : `→ ${LEVEL_TABLE_NAMES[(step.level - 1) as 1 | 2 | 3 | 4]} at ${formatHex(e.address)}`;
  return (
    <li
      className={`walk-step${faulted ? " faulted" : ""}${selected ? " selected" : ""}${stepState ? ` step-${stepState}` : ""}`}
      style={{ borderLeftColor: levelColor(step.level) }}
      aria-current={stepState === "current" ? "step" : undefined}
      data-step={stepState ?? undefined}
      onClick={select}
    >
      <div className="walk-step-head">
        <button
          type="button"
          className="step-select"
          aria-pressed={selected}
          aria-label={`Inspect ${table}[${step.index}]`}
          onClick={(ev) => {
            ev.stopPropagation();
            select();
          }}
        >
          <span className="tag" style={{ color: levelColor(step.level) }}>
            {table}[{step.index}]
          </span>
        </button>
        {stepState === "current" ? <span className="step-tag now">▶ this step</span> : null}
        {stepState === "later" ? <span className="step-tag">not yet</span> : null}
        {fault !== null ? (
          <span className="fault-tag">
            <span aria-hidden="true">⚠</span> {fault}
          </span>
        ) : null}
        <span className="muted small-text">
          <TermLink term={LEVEL_ENTRY_TERMS[step.level]}>{LEVEL_ENTRY_NAMES[step.level]}</TermLink> at{" "}
          <span className="mono">{formatHex(step.entryAddr)}</span>
        </span>
      </div>
      <dl className="kv">
        <dt>table</dt>
        <dd className="mono">
          {formatHex(step.tableAddr)}
          {tableName !== null && <span className="frame-name"> “{tableName}”</span>}
        </dd>
        <dt>index</dt>
        <dd className="mono">
          {step.index} · {formatHex(step.index, { digits: 3 })}
        </dd>
        <dt>raw</dt>
        <dd className="mono">{formatHex(step.raw, { digits: 16, separators: true })}</dd>
        <dt>means</dt>
        <dd className="mono">{kind}</dd>
      </dl>
      <EntryFlagChips entry={e} entryName={`${table}[${step.index}]`} entryAddr={step.entryAddr} />
      {step.reserved.length > 0 ? (
        <ul className="reserved-list">
          {step.reserved.map((r) => (
            <li key={r.description}>Reserved: {r.description}</li>
          ))}
        </ul>
      ) : null}
      {faultReason !== null ? (
        <p className="fault-reason">
          <strong>Fault here.</strong> {faultReason}
        </p>
      ) : null}
    </li>
  );
}, sameProps);
