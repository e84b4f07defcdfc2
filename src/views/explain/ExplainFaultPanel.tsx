import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent, type ClipboardEvent } from "react";
import { formatVirtAddr } from "../../core/arch";
import { formatCount, joinWords } from "../../core/common";
import { describeBytes } from "../../core/dump";
import {
  countLogLines,
  explainFault,
  LOG_CUT_COMMAND,
  loggedDifferences,
  parseFaultLog,
  type FaultExplanation,
} from "../../core/explain";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { LARGE_LOG_CHARS, logPreview, MAX_LOG_FILE_BYTES } from "./logPreview";
import "./explain.css";
import { CODE_FIELD } from "../codeField";

type Outcome = { kind: "explained"; explanation: FaultExplanation } | { kind: "refused"; message: string };

/**
 * "Explain a fault…": paste a fault log (QEMU -d int or info registers, a Linux oops, the x86_64
 * crate's PageFaultErrorCode); the core replays it over this machine's tables and registers and
 * names the root cause, and the page opens at that walk (its VA and access). A log the parser
 * refuses changes nothing and says why. A long log pasted is held aside, not put in the field
 * (logPreview.ts): the browser's own field would take seconds for it, and as long for each key.
 */
export function ExplainFaultPanel({ onClose }: { readonly onClose: () => void }) {
  const machine = usePagewalk((s) => s.machine);
  const [text, setText] = useState("");
  // A log past LARGE_LOG_CHARS (pasted, or a file's), held for Explain; the field then shows its
  // start and end.
  const [held, setHeld] = useState<{
    readonly log: string;
    /** The file it came from, or null for a paste. */
    readonly file: string | null;
  } | null>(null);
  // What the field and the note show of it, worked out once per log (the panel re-renders on edits).
  const shown = useMemo(
    () => (held === null ? null : { lines: countLogLines(held.log), preview: logPreview(held.log) }),
    [held],
  );
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const id = useId();
  // Opened, the panel takes the focus in its log field: that scrolls it into view (on a phone it
  // opens below the fold) and is where the log is pasted.
  const logRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => logRef.current?.focus(), []);

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>): void => {
    const pasted = e.clipboardData.getData("text/plain");
    if (pasted.length < LARGE_LOG_CHARS) return;
    e.preventDefault();
    // The log as the paste would have made it, kept aside: the field's text around the selection.
    const field = e.currentTarget;
    const log = text.slice(0, field.selectionStart) + pasted + text.slice(field.selectionEnd);
    take(log, null);
  };
  /** A log into the field, or held aside when long. */
  const take = (log: string, file: string | null): void => {
    const long = log.length >= LARGE_LOG_CHARS;
    setHeld(long ? { log, file } : null);
    if (!long) setText(log);
    setOutcome(null);
  };
  // A log file (a QEMU -D log, a serial console's capture): into the field, or held when long.
  const fileRef = useRef<HTMLInputElement>(null);
  const [reading, setReading] = useState(false);
  const onFile = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.target.files?.[0];
    e.target.value = ""; // the same file chosen again is read again
    if (!file) return;
    if (file.size > MAX_LOG_FILE_BYTES) {
      setOutcome({
        kind: "refused",
        message: `"${file.name}" is ${describeBytes(file.size)}: a log file is read up to ${describeBytes(MAX_LOG_FILE_BYTES)}. Give the part around the fault (e.g. ${LOG_CUT_COMMAND} on it). Nothing changed.`,
      });
      return;
    }
    setReading(true);
    try {
      take(await file.text(), file.name);
    } catch {
      setOutcome({ kind: "refused", message: `"${file.name}" could not be read. Nothing changed.` });
    } finally {
      setReading(false);
    }
  };
  const clear = (): void => {
    setHeld(null);
    setText("");
    setOutcome(null);
    logRef.current?.focus();
  };

  const explain = (): void => {
    const parsed = parseFaultLog(held?.log ?? text);
    if (!parsed.ok) {
      setOutcome({ kind: "refused", message: parsed.error.message });
      return;
    }
    // This machine's registers: the walk explained is the one the page then shows.
    const explanation = explainFault(parsed.value, { memory: machine.ram, regs: machine.regs });
    const differ = loggedDifferences(parsed.value.registers, machine.regs);
    const full =
      differ.length === 0
        ? explanation
        : {
            ...explanation,
            details: [
              ...explanation.details,
              `The log's ${joinWords(differ, "and")} ${differ.length === 1 ? "differs" : "differ"} from this machine's; the walk uses this machine's registers.`,
            ],
          };
    setOutcome({ kind: "explained", explanation: full });
    actions.setVaText(formatVirtAddr(parsed.value.va, true));
    actions.setAccess(explanation.access);
  };

  return (
    <section className="panel pw-explain" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>Explain a fault</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <label htmlFor={`${id}-log`}>Fault log</label>
      <p className="muted small-text" id={`${id}-hint`}>
        QEMU -d int or info registers, a Linux oops, or the x86_64 crate&apos;s PageFaultErrorCode(…) with
        CR2.
      </p>
      <textarea
        ref={logRef}
        id={`${id}-log`}
        aria-describedby={held === null ? `${id}-hint` : `${id}-hint ${id}-held`}
        rows={8}
        {...CODE_FIELD}
        readOnly={held !== null}
        value={shown === null ? text : shown.preview}
        onChange={(e) => setText(e.target.value)}
        onPaste={onPaste}
      />
      {held !== null && shown !== null ? (
        <p className="muted small-text pw-explain-held" id={`${id}-held`}>
          A long log{held.file === null ? "" : ` from ${held.file}`} ({formatCount(held.log.length)}{" "}
          characters, {formatCount(shown.lines)} lines) is held for Explain: the field shows its first and
          last lines, and cannot be edited.{" "}
          <button type="button" className="small-button" onClick={clear}>
            Clear the log
          </button>
        </p>
      ) : null}
      <div className="pw-explain-actions">
        <button type="button" onClick={explain} disabled={held === null && text.trim() === ""}>
          Explain
        </button>
        <button type="button" onClick={() => fileRef.current?.click()} aria-busy={reading}>
          Open a log file…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".log,.txt,text/plain"
          hidden
          aria-label="Log file"
          onChange={(e) => void onFile(e)}
        />
      </div>
      {outcome?.kind === "refused" ? (
        <p role="alert" className="pw-explain-error">
          {outcome.message}
        </p>
      ) : null}
      {outcome?.kind === "explained" ? <ExplanationView explanation={outcome.explanation} /> : null}
    </section>
  );
}

function ExplanationView({ explanation: e }: { readonly explanation: FaultExplanation }) {
  return (
    <div className="pw-explain-result" role="status" aria-label="Explanation">
      <p className="pw-explain-headline">
        <strong>{e.headline}</strong>
      </p>
      <p className="muted small-text">
        {e.kind === "replayed"
          ? "Replayed over this machine's tables; the page now shows this walk."
          : e.kind === "disagrees"
            ? "The log and this machine's tables disagree; the page now shows the walk as the tables give it."
            : "Decoded from the log alone."}
      </p>
      <ul className="pw-explain-details">
        {e.details.map((line, i) => (
          <li key={i}>{line.trim()}</li>
        ))}
      </ul>
    </div>
  );
}
