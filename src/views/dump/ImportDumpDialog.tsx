import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from "react";
import { describeBytes, type RegisterChoices } from "../../core/dump";
import { formatCount, formatHex, parseU64 } from "../../core/common";
import { DEFAULT_REGISTERS, MAX_MAXPHYADDR, MIN_MAXPHYADDR } from "../../core/arch";
import { serializeScenario, checkScenario } from "../../core/scenario";
import { openFile } from "../scenario/scenarioIo";
import { useReturnFocus } from "../useReturnFocus";
import { useDumpImport, type DumpImportState } from "./useDumpImport";
import "./ImportDumpDialog.css";
import { CODE_FIELD } from "../codeField";

interface Props {
  readonly file: File;
  readonly onClose: () => void;
  /** Where the focus goes when the dialog closes (the "Import dump…" button). */
  readonly returnFocusTo: RefObject<HTMLButtonElement | null>;
}

type Field = "cr3" | "cr0" | "cr4" | "efer" | "maxPhyAddr";
const HEX_FIELDS: ReadonlyArray<{ name: Exclude<Field, "maxPhyAddr">; label: string; bits: number }> = [
  { name: "cr3", label: "CR3", bits: 52 },
  { name: "cr0", label: "CR0", bits: 32 },
  { name: "cr4", label: "CR4", bits: 32 },
  { name: "efer", label: "EFER", bits: 32 },
];

/**
 * Importing a memory dump: the detected format, the registers (from the ELF core's QEMU note, or
 * typed: CR3 is required for a raw dump), a progress bar while the worker reads the tables, Cancel,
 * and on success a summary with "Export as scenario". Errors leave the current machine as it was.
 * A modal dialog: Esc or Cancel closes it.
 */
export function ImportDumpDialog({ file, onClose, returnFocusTo }: Props) {
  const { state, start, cancel } = useDumpImport(file);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  // Not to the element focused when it opened: a file chooser's input, or nothing for a dropped file.
  useReturnFocus(returnFocusTo);
  // Modal like every dialog of the page (Export code, the glossary): a backdrop, the page behind
  // inert, focus kept inside.
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  // The form's button goes when the import starts, and the progress when it ends: a focus left on
  // either would fall to the page, so it goes to the dialog's own button (Cancel import, Close).
  const rowButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.contains(document.activeElement)) rowButton.current?.focus();
  }, [state.phase]);

  const importing = state.phase === "importing";
  const close = () => {
    if (importing) cancel();
    onClose();
  };

  return (
    <dialog
      ref={dialog}
      className="dump-dialog panel"
      aria-labelledby={titleId}
      onCancel={(e) => {
        // Esc: close through our state (cancelling a running import), not only the element.
        e.preventDefault();
        close();
      }}
    >
      <h2 id={titleId}>Import memory dump</h2>
      <p className="mono dump-file">
        {file.name} <span className="muted">({describeBytes(file.size)})</span>
      </p>
      <Body
        state={state}
        file={file}
        onStart={start}
        onOpenScenario={() => {
          onClose();
          void openFile(file);
        }}
      />
      <div className="button-row">
        {importing ? (
          <button type="button" ref={rowButton} onClick={cancel}>
            Cancel import
          </button>
        ) : (
          <button type="button" ref={rowButton} onClick={close}>
            {state.phase === "done" ? "Close" : "Cancel"}
          </button>
        )}
      </div>
    </dialog>
  );
}

function Body({
  state,
  file,
  onStart,
  onOpenScenario,
}: {
  state: DumpImportState;
  file: File;
  onStart: (r: RegisterChoices) => void;
  onOpenScenario: () => void;
}) {
  switch (state.phase) {
    case "scenario-file":
      return (
        <>
          <p role="alert" className="error">
            This is a scenario file, not a memory dump: use Open… to open it. Nothing was changed.
          </p>
          <button type="button" onClick={onOpenScenario}>
            Open it as a scenario
          </button>
        </>
      );
    case "opening":
      return <p className="muted">Reading the dump's headers…</p>;
    case "failed":
      return (
        <p role="alert" className="error">
          {state.error.message} Nothing was changed.
        </p>
      );
    case "ready":
    case "importing":
      return (
        <>
          <Detected state={state} />
          <RegisterForm state={state} onStart={onStart} />
          {state.phase === "importing" ? <Progress state={state} /> : null}
        </>
      );
    case "done":
      return <Done state={state} file={file} />;
  }
}

function Detected({ state }: { state: Extract<DumpImportState, { phase: "ready" | "importing" }> }) {
  const { dump } = state;
  return (
    <p>
      Format:{" "}
      <strong>
        {dump.format === "raw" ? "raw physical memory image (pmemsave)" : "ELF core (QEMU dump-guest-memory)"}
      </strong>
      {dump.format === "elf"
        ? `, ${dump.segmentCount} memory segment${dump.segmentCount === 1 ? "" : "s"}`
        : ""}
      , RAM up to <span className="mono">{formatHex(dump.ramBytes)}</span> ({describeBytes(dump.ramBytes)}).{" "}
      {dump.cpu
        ? "CR0, CR3 and CR4 come from the core's QEMU CPU note."
        : dump.format === "raw"
          ? "A raw dump does not record the registers: enter CR3 (the top-level table's address)."
          : "This core has no QEMU CPU note: enter CR3."}
    </p>
  );
}

function RegisterForm({
  state,
  onStart,
}: {
  state: Extract<DumpImportState, { phase: "ready" | "importing" }>;
  onStart: (r: RegisterChoices) => void;
}) {
  const cpu = state.dump.cpu;
  const [text, setText] = useState<Record<Field, string>>(() => ({
    cr3: cpu ? formatHex(cpu.cr3) : "",
    cr0: formatHex(cpu?.cr0 ?? DEFAULT_REGISTERS.cr0),
    cr4: formatHex(cpu?.cr4 ?? DEFAULT_REGISTERS.cr4),
    efer: formatHex(DEFAULT_REGISTERS.efer),
    maxPhyAddr: String(DEFAULT_REGISTERS.maxPhyAddr),
  }));
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  // The worker's error is about the registers of the last import started: once the user edits CR3,
  // or submits values the form itself refuses, it no longer describes what the form shows.
  const [dismissed, setDismissed] = useState<object | null>(null);
  const lastError = state.phase === "ready" ? state.error : null;
  const workerError = lastError !== dismissed ? lastError : null;
  const cr3Problem =
    problems.cr3 ??
    (workerError && (workerError.kind === "cr3-outside" || workerError.kind === "needs-cr3")
      ? workerError.message
      : undefined);
  const otherError =
    workerError && !(workerError.kind === "cr3-outside" || workerError.kind === "needs-cr3")
      ? workerError
      : null;
  const disabled = state.phase === "importing";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    const choices: { -readonly [K in keyof RegisterChoices]: number } = {};
    for (const { name, label, bits } of HEX_FIELDS) {
      if (name === "cr3" && text.cr3.trim() === "") {
        found.cr3 = "Enter CR3: the physical address of the top-level table (hex, flag bits 11:0 allowed).";
        continue;
      }
      const parsed = parseU64(text[name], label);
      if (!parsed.ok) found[name] = parsed.error.message;
      else if (parsed.value >= 1n << BigInt(bits)) found[name] = `${label} does not fit in ${bits} bits.`;
      else choices[name] = Number(parsed.value);
    }
    const bitsText = text.maxPhyAddr.trim();
    const maxPhyAddr = Number(bitsText);
    if (!/^\d+$/.test(bitsText) || maxPhyAddr < MIN_MAXPHYADDR || maxPhyAddr > MAX_MAXPHYADDR) {
      found.maxPhyAddr = `MAXPHYADDR is a number of bits from ${MIN_MAXPHYADDR} to ${MAX_MAXPHYADDR}.`;
    } else choices.maxPhyAddr = maxPhyAddr;
    setProblems(found);
    if (Object.keys(found).length === 0) onStart(choices);
    else setDismissed(lastError);
  };

  return (
    <form className="dump-registers" onSubmit={submit} noValidate>
      {HEX_FIELDS.map(({ name, label }) => (
        <RegisterField
          key={name}
          label={label}
          value={text[name]}
          problem={name === "cr3" ? cr3Problem : problems[name]}
          disabled={disabled}
          onChange={(v) => {
            setText((t) => ({ ...t, [name]: v }));
            if (name === "cr3") setDismissed(lastError);
          }}
          autoFocus={name === "cr3" && !cpu}
        />
      ))}
      <RegisterField
        label="MAXPHYADDR"
        value={text.maxPhyAddr}
        problem={problems.maxPhyAddr}
        disabled={disabled}
        onChange={(v) => setText((t) => ({ ...t, maxPhyAddr: v }))}
      />
      {otherError ? (
        <p role="alert" className="error dump-wide">
          {otherError.kind === "cancelled"
            ? otherError.message
            : `${otherError.message} Nothing was changed.`}
        </p>
      ) : null}
      <div className="dump-wide">
        <button type="submit" disabled={disabled}>
          Import tables
        </button>
      </div>
    </form>
  );
}

interface RegisterFieldProps {
  readonly label: string;
  readonly value: string;
  readonly problem: string | undefined;
  readonly disabled: boolean;
  readonly onChange: (value: string) => void;
  readonly autoFocus?: boolean;
}

function RegisterField({ label, value, problem, disabled, onChange, autoFocus }: RegisterFieldProps) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div>
        <input
          id={id}
          className="mono"
          value={value}
          {...CODE_FIELD}
          autoComplete="off"
          disabled={disabled}
          autoFocus={autoFocus}
          aria-invalid={problem ? "true" : "false"}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        {problem ? (
          <p id={`${id}-problem`} className="error small-text">
            {problem}
          </p>
        ) : null}
      </div>
    </>
  );
}

function Progress({ state }: { state: Extract<DumpImportState, { phase: "importing" }> }) {
  const p = state.progress;
  const levels = 4 + (p && p.level === 5 ? 1 : 0);
  // Breadth-first, level by level: the bar moves one step per level of tables read.
  const value = p ? (levels - p.level) / levels : 0;
  return (
    <div className="dump-progress">
      <progress aria-label="Import progress" max={1} value={value} />
      <p className="muted small-text" aria-live="polite">
        {p
          ? `${formatCount(p.framesRead)} table frame${p.framesRead === 1 ? "" : "s"} read (${describeBytes(p.bytesRead)} in ${p.requests} read${p.requests === 1 ? "" : "s"})…`
          : "Starting…"}
      </p>
    </div>
  );
}

function Done({ state, file }: { state: Extract<DumpImportState, { phase: "done" }>; file: File }) {
  const { result, scenario } = state;
  const [exportError, setExportError] = useState<string | null>(null);
  const s = result.stats;
  const exportScenario = () => {
    const problem = checkScenario(scenario);
    if (problem) {
      setExportError(`The tables do not fit in a scenario file: ${problem.message}`);
      return;
    }
    setExportError(null);
    const url = URL.createObjectURL(new Blob([serializeScenario(scenario)], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${file.name.replace(/\.[^.]*$/, "") || "dump"}.scenario.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <>
      <progress aria-label="Import progress" max={1} value={1} />
      <p role="status" className="dump-summary">
        {formatCount(s.framesRead)} table frame{s.framesRead === 1 ? "" : "s"} read (
        {describeBytes(s.bytesRead)} in {s.requests} read
        {s.requests === 1 ? "" : "s"}, {result.progressEvents} progress update
        {result.progressEvents === 1 ? "" : "s"}, {Math.round(result.elapsedMs)} ms): CR3{" "}
        <span className="mono">{formatHex(result.regs.cr3)}</span>, {result.pfns.length} tables loaded. Undo
        restores the previous machine.
      </p>
      {result.warnings.length > 0 ? (
        <ul className="warning dump-warnings">
          {result.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <button type="button" onClick={exportScenario}>
        Export as scenario
      </button>
      {exportError ? (
        <p role="alert" className="error">
          {exportError}
        </p>
      ) : null}
    </>
  );
}
