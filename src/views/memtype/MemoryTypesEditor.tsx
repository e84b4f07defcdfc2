import { useId, useState, type FormEvent } from "react";
import {
  DEFAULT_MEMORY_TYPE_SETTINGS,
  mtrrsToJson,
  parseMtrrText,
  parsePat,
  patTypes,
  type Mtrrs,
} from "../../core/memtype";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { TermLink } from "../glossary/TermLink";
import { CODE_FIELD } from "../codeField";

/** An example to start from: RAM WB below 2 GiB, everything else UC. */
const MTRR_EXAMPLE = JSON.stringify(
  { enabled: true, default: "UC", variable: [{ base: "0x0", size: "0x80000000", type: "WB" }] },
  null,
  1,
);

/**
 * IA32_PAT and the MTRRs (SDM vol. 3A §11.12, §11.11), under the registers: what turns a leaf's
 * PWT/PCD/PAT bits into a memory type. Each change is one undoable step; a value the CPU would
 * refuse stays in its field with the reason, and nothing changes.
 */
export function MemoryTypesEditor() {
  return (
    <div className="memory-types">
      <h3>
        Memory types <TermLink term="memory-type" help />
      </h3>
      <PatEditor />
      <MtrrEditor />
    </div>
  );
}

function PatEditor() {
  const pat = usePagewalk((s) => (s.machine.memoryTypes ?? DEFAULT_MEMORY_TYPE_SETTINGS).pat);
  return <PatEditorInner key={pat.toString()} pat={pat} />;
}

function PatEditorInner({ pat }: { pat: bigint }) {
  const id = useId();
  const errorId = useId();
  const [text, setText] = useState("0x" + pat.toString(16).padStart(16, "0"));
  const [error, setError] = useState<string | null>(null);
  const mtrrs = usePagewalk((s) => s.machine.memoryTypes?.mtrrs ?? null);
  const types = patTypes(pat);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const parsed = parsePat(text);
    if (!parsed.ok) return setError(parsed.error.message);
    if (parsed.value === pat) return setError(null);
    const r = actions.setMemoryTypes({ pat: parsed.value, mtrrs });
    setError(r.ok ? null : r.error.message);
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor={id}>IA32_PAT</label> <TermLink term="ia32-pat" help />
      <input
        id={id}
        className="mono"
        value={text}
        {...CODE_FIELD}
        autoComplete="off"
        aria-invalid={error !== null}
        aria-describedby={error !== null ? errorId : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => submit()}
      />
      {types.ok ? (
        <span className="muted small-text mono pat-entries">
          {types.value.map((t, i) => `PA${i} ${t}`).join(" · ")}
        </span>
      ) : null}
      {error !== null ? (
        <p id={errorId} className="error" role="alert">
          {error} IA32_PAT stays {"0x" + pat.toString(16).padStart(16, "0")}.
        </p>
      ) : null}
    </form>
  );
}

function describeMtrrs(m: Mtrrs | null): string {
  if (m === null) return "MTRRs not modelled: the PAT type is the memory type.";
  if (!m.enabled) return "MTRRs disabled (E = 0): all memory is UC.";
  const fixed = m.fixed === null ? "fixed ranges off" : `${m.fixed.length} fixed-range stretches`;
  return `MTRRs: default ${m.defaultType}, ${fixed}, ${m.variable.length} variable range${m.variable.length === 1 ? "" : "s"}.`;
}

function MtrrEditor() {
  const settings = usePagewalk((s) => s.machine.memoryTypes ?? DEFAULT_MEMORY_TYPE_SETTINGS);
  return (
    <MtrrEditorInner key={settings.mtrrs === null ? "none" : JSON.stringify(mtrrsToJson(settings.mtrrs))} />
  );
}

function MtrrEditorInner() {
  const settings = usePagewalk((s) => s.machine.memoryTypes ?? DEFAULT_MEMORY_TYPE_SETTINGS);
  const id = useId();
  const errorId = useId();
  const [text, setText] = useState(() =>
    settings.mtrrs === null ? MTRR_EXAMPLE : JSON.stringify(mtrrsToJson(settings.mtrrs), null, 1),
  );
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    const parsed = parseMtrrText(text);
    if (!parsed.ok) return setError(parsed.error.message);
    const r = actions.setMemoryTypes({ pat: settings.pat, mtrrs: parsed.value });
    setError(r.ok ? null : r.error.message);
  };
  return (
    <div className="mtrr-editor">
      <p className="muted small-text">{describeMtrrs(settings.mtrrs)}</p>
      <label htmlFor={id}>MTRRs (JSON)</label> <TermLink term="mtrr" help />
      <textarea
        id={id}
        className="mono"
        rows={5}
        value={text}
        {...CODE_FIELD}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? errorId : undefined}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="button-row">
        <button type="button" onClick={apply}>
          Apply MTRRs
        </button>
        <button
          type="button"
          disabled={settings.mtrrs === null}
          onClick={() => {
            setError(null);
            actions.setMemoryTypes({ pat: settings.pat, mtrrs: null });
          }}
        >
          No MTRRs
        </button>
      </div>
      {error !== null ? (
        <p id={errorId} className="error" role="alert">
          {error} Nothing changed.
        </p>
      ) : null}
    </div>
  );
}
