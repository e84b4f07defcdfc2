import { memo } from "react";
import { describeAccessOutcome, describeOperation, formatTraceOp, type ReplayStep } from "../../core/tlb";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { CODE_FIELD } from "../codeField";

function outcomeText(step: ReplayStep): string {
  if (step.kind === "access") return describeAccessOutcome(step.outcome);
  if (step.op.kind === "write-entry") return "stored (no invalidation)";
  if (step.op.kind === "cpu") return `now on CPU ${step.op.cpu}`;
  return describeOperation(step.outcome);
}

/** The replay's lines, drawn again only when the replay changes (not at each keystroke in the box). */
const TraceOutcomes = memo(function TraceOutcomes({ steps }: { readonly steps: readonly ReplayStep[] }) {
  return (
    <ol className="trace-outcomes mono" aria-label="Trace outcomes">
      {steps.map((step, i) => (
        <li key={i} className={step.kind === "access" && step.outcome.stale ? "stale" : ""}>
          <span className="trace-line">
            line {step.op.line} · CPU {step.cpu} · {formatTraceOp(step.op)}
          </span>
          <span className="trace-outcome">{outcomeText(step)}</span>
        </li>
      ))}
    </ol>
  );
});

/**
 * The "Access trace" panel: the trace as text (the `pagewalk tlb` format), replayed from empty
 * TLBs over the current machine, all at once or a line at a time, each line with its outcome.
 */
export function TracePanel() {
  const trace = usePagewalk((s) => s.tlbUi.trace);
  const traceError = usePagewalk((s) => s.tlbUi.traceError);
  const replay = usePagewalk((s) =>
    s.tlbUi.replay && s.tlbUi.replay.base === s.machine ? s.tlbUi.replay : null,
  );
  return (
    <section className="panel trace-panel" aria-labelledby="trace-h">
      <div className="panel-head">
        <h2 id="trace-h">Access trace</h2>
        <span className="muted">one operation a line; # starts a comment</span>
      </div>
      <textarea
        aria-label="Access trace"
        className="mono trace-editor"
        rows={8}
        {...CODE_FIELD}
        value={trace}
        placeholder={"read user 0x400000\nwrite-entry 0x4000 0x12007\ninvlpg 0x400000"}
        onChange={(e) => actions.setTrace(e.target.value)}
      />
      <p className="muted trace-help">
        read|write|fetch user|sup VA · write-entry PA VALUE · invlpg VA · mov-cr3 VALUE · mov-cr4 VALUE ·
        invpcid TYPE PCID VA · cpu N · shootdown VA. Stores go to a copy of memory.
      </p>
      <div className="trace-buttons">
        <button type="button" onClick={actions.replayTrace}>
          Replay
        </button>
        <button
          type="button"
          onClick={actions.stepTrace}
          disabled={replay !== null && replay.steps.length >= replay.total}
        >
          Step
        </button>
        <button type="button" onClick={actions.resetTrace}>
          Reset
        </button>
        {replay ? (
          <span className="muted">
            {replay.steps.length} of {replay.total} operations
          </span>
        ) : null}
      </div>
      {traceError || replay?.error ? (
        <p role="alert" className="trace-error">
          {traceError ?? replay?.error}
        </p>
      ) : null}
      {replay ? <TraceOutcomes steps={replay.steps} /> : null}
    </section>
  );
}
