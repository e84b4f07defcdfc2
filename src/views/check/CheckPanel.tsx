import { useMemo, useState } from "react";
import { formatVirtAddr } from "../../core/arch";
import { formatCount } from "../../core/common";
import { findingPlace, lintAddressSpace, type LintFinding } from "../../core/lint";
import { actions, usePagewalk } from "../../store/usePagewalk";
import "./check.css";

/**
 * "Check": the core's lint of the address space under CR3 — each finding with its severity, VA
 * range, entry and one-line why; a finding's VA walks it. Closed until opened (the lint reads
 * every table), then kept in step with every edit.
 */
export function CheckPanel() {
  const [open, setOpen] = useState(false);
  return (
    <section className="panel pw-check" aria-labelledby="check-h">
      <div className="panel-head">
        <h2 id="check-h">
          <button
            type="button"
            className="panel-disclosure"
            aria-expanded={open}
            aria-controls="check-body"
            onClick={() => setOpen(!open)}
          >
            <span aria-hidden="true">{open ? "▾" : "▸"}</span> Check
          </button>
        </h2>
        <span className="muted small-text">
          mistakes in these page tables, as a kernel&apos;s CI would lint them
        </span>
      </div>
      {open ? <CheckBody /> : null}
    </section>
  );
}

function CheckBody() {
  const machine = usePagewalk((s) => s.machine);
  const report = useMemo(() => {
    try {
      return lintAddressSpace(machine.ram, machine.regs);
    } catch (e) {
      return e instanceof Error ? e.message : String(e); // paging off: said instead of a list
    }
  }, [machine.ram, machine.regs]);
  if (typeof report === "string")
    return (
      <div id="check-body">
        <p>{report}</p>
      </div>
    );
  const s = report.summary;
  const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;
  return (
    <div id="check-body" className="pw-check-body">
      <p role="status">
        {plural(s.errors, "error")}, {plural(s.warnings, "warning")} in {plural(s.tables, "table")} and{" "}
        {s.leaves === 1 ? "1 leaf" : `${formatCount(s.leaves)} leaves`}
        {s.truncated ? " (the tables are too large to check whole: part of them was checked)" : ""}.
      </p>
      {report.findings.length > 0 ? (
        <ul className="pw-check-list" aria-label="Findings">
          {report.findings.map((f, i) => (
            <FindingRow key={i} finding={f} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function FindingRow({ finding: f }: { readonly finding: LintFinding }) {
  const start = formatVirtAddr(f.va.start);
  return (
    <li className={`pw-check-finding ${f.severity}`}>
      <span className="pw-check-severity">{f.severity}</span> <span className="pw-check-kind">{f.kind}</span>{" "}
      {f.va.start === f.va.end ? null : (
        <>
          <button
            type="button"
            className="pw-check-va"
            aria-label={`Walk ${start}`}
            onClick={() => actions.setVaText(formatVirtAddr(f.va.start, true))}
          >
            {/* The last byte, as every range on the page ends (the finding's end is exclusive: 2^64 for the top). */}
            {start}–{formatVirtAddr(f.va.end - 1n)}
          </button>{" "}
        </>
      )}
      <span className="muted">{findingPlace(f)}</span>
      <div className="pw-check-message">{f.message}</div>
    </li>
  );
}
