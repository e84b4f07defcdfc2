import { useId, useState, type FormEvent, type ReactNode } from "react";
import { formatHex, parseU64 } from "../core/common";
import { CR0, CR4, cr3Pcid, cr3Root, EFER, MAX_MAXPHYADDR, MIN_MAXPHYADDR, RFLAGS_AC } from "../core/arch";
import type { FlagRegister } from "../store/store";
import { TermLink } from "./glossary/TermLink";
import type { TermId } from "./glossary/terms";
import { actions, usePagewalk } from "../store/usePagewalk";
import { PanelCollapseButton } from "./layout/PanelCollapseButton";
import { MemoryTypesEditor } from "./memtype/MemoryTypesEditor";
import { CODE_FIELD } from "./codeField";

interface Toggle {
  readonly reg: FlagRegister;
  readonly mask: number;
  readonly name: string;
  readonly help: string;
  readonly term: TermId;
}

const TOGGLES: readonly Toggle[] = [
  {
    reg: "cr0",
    mask: CR0.WP,
    name: "CR0.WP",
    help: "write protect: supervisor writes to read-only pages fault",
    term: "cr0-wp",
  },
  {
    reg: "cr4",
    mask: CR4.LA57,
    name: "CR4.LA57",
    help: "5-level paging: 57-bit addresses, a PML5 at CR3",
    term: "cr4-la57",
  },
  {
    reg: "cr4",
    mask: CR4.PCIDE,
    name: "CR4.PCIDE",
    help: "CR3 bits 11:0 are a PCID instead of PWT/PCD",
    term: "cr4-pcide",
  },
  {
    reg: "cr4",
    mask: CR4.SMEP,
    name: "CR4.SMEP",
    help: "supervisor fetches from user pages fault",
    term: "cr4-smep",
  },
  {
    reg: "cr4",
    mask: CR4.SMAP,
    name: "CR4.SMAP",
    help: "supervisor data accesses to user pages fault unless AC",
    term: "cr4-smap",
  },
  {
    reg: "cr4",
    mask: CR4.PKE,
    name: "CR4.PKE",
    help: "protection keys for user pages (PKRU)",
    term: "cr4-pke",
  },
  {
    reg: "efer",
    mask: EFER.NXE,
    name: "EFER.NXE",
    help: "bit 63 is XD (execute-disable); reserved otherwise",
    term: "efer-nxe",
  },
  {
    reg: "rflags",
    mask: RFLAGS_AC,
    name: "RFLAGS.AC",
    help: "alignment check: lifts SMAP for explicit accesses",
    term: "rflags-ac",
  },
];

/** CR3, the control bits that change the walk, PKRU, MAXPHYADDR and the A/D setting. */
export function RegistersPanel() {
  return (
    <section className="panel registers" aria-labelledby="regs-h">
      <div className="panel-head">
        <h2 id="regs-h">Registers</h2>
        <PanelCollapseButton panel="Registers" layoutFlag="registers" />
      </div>
      <Cr3Editor />
      <ul className="toggles">
        {TOGGLES.map((t) => (
          <RegisterToggle key={t.name} toggle={t} />
        ))}
      </ul>
      <PkruEditor />
      <MaxPhyAddrEditor />
      <AccessedDirtySetting />
      <MemoryTypesEditor />
    </section>
  );
}

/**
 * One control bit. A flip the CPU would refuse (CR4.PCIDE on over CR3 bits 11:0 ≠ 0) stays off
 * with the store's reason under it, until the registers change (the reason may no longer hold).
 */
function RegisterToggle({ toggle }: { toggle: Toggle }) {
  const on = usePagewalk((s) => (s.machine.regs[toggle.reg] & toggle.mask) !== 0);
  const regs = usePagewalk((s) => s.machine.regs);
  const [refusal, setRefusal] = useState<{ message: string; regs: typeof regs } | null>(null);
  const id = useId();
  const errorId = useId();
  const shown = refusal !== null && refusal.regs === regs ? refusal.message : null;
  return (
    <li>
      <input
        id={id}
        type="checkbox"
        checked={on}
        aria-invalid={shown !== null}
        aria-describedby={shown !== null ? errorId : undefined}
        onChange={() => {
          const result = actions.toggleRegisterBits(toggle.reg, toggle.mask);
          setRefusal(result.ok ? null : { message: result.error.message, regs });
        }}
      />
      <label htmlFor={id} title={toggle.help}>
        <span className="mono">{toggle.name}</span> <span className="muted small-text">{toggle.help}</span>
      </label>{" "}
      <TermLink term={toggle.term} help />
      {shown !== null ? (
        <p id={errorId} className="error" role="alert">
          {shown}
        </p>
      ) : null}
    </li>
  );
}

interface HexFieldProps {
  readonly label: string;
  readonly value: number;
  /** The register's width: a wider value is refused here, saying so. */
  readonly bits: 32 | 52;
  /** Applies a new value; returns an error message or null. */
  readonly apply: (value: number) => string | null;
  readonly hint?: ReactNode;
  readonly term: TermId;
}

/** A hex input applied on Enter or blur; keyed by value so a change from elsewhere resets the draft. */
function HexField(props: HexFieldProps) {
  return <HexFieldInner key={props.value} {...props} />;
}

function HexFieldInner({ label, value, bits, apply, hint, term }: HexFieldProps) {
  const id = useId();
  const [text, setText] = useState(() => formatHex(value));
  const [error, setError] = useState<string | null>(null);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const parsed = parseU64(text, label);
    if (!parsed.ok) return setError(`${parsed.error.message} It stays ${formatHex(value)}.`);
    if (parsed.value >= 1n << BigInt(bits))
      return setError(
        `${label} ${formatHex(parsed.value)} does not fit in ${bits} bits. It stays ${formatHex(value)}.`,
      );
    if (Number(parsed.value) === value) return setError(null);
    setError(apply(Number(parsed.value)));
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor={id}>{label}</label> <TermLink term={term} help />
      <input
        id={id}
        className="mono"
        value={text}
        {...CODE_FIELD}
        autoComplete="off"
        onChange={(e) => setText(e.target.value)}
        onBlur={() => submit()}
      />
      {hint}
      {error !== null ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function Cr3Editor() {
  const cr3 = usePagewalk((s) => s.machine.regs.cr3);
  const pcide = usePagewalk((s) => (s.machine.regs.cr4 & CR4.PCIDE) !== 0);
  const pcid = cr3Pcid(cr3);
  return (
    <HexField
      label="CR3"
      term="cr3"
      bits={52}
      value={cr3}
      apply={(v) => {
        const r = actions.setCr3(v);
        return r.ok ? null : r.error.message;
      }}
      hint={
        <span className="muted small-text mono">
          root {formatHex(cr3Root(cr3))} ·{" "}
          {pcide
            ? `PCID ${pcid}`
            : `PWT ${(cr3 >> 3) & 1} PCD ${(cr3 >> 4) & 1}${pcid & ~0x18 ? " (other low bits ignored)" : ""}`}
        </span>
      }
    />
  );
}

function PkruEditor() {
  const pkru = usePagewalk((s) => s.machine.regs.pkru);
  return (
    <HexField
      label="PKRU"
      term="pkru"
      bits={32}
      value={pkru}
      apply={(v) => {
        actions.setRegister("pkru", v);
        return null;
      }}
    />
  );
}

/**
 * MAXPHYADDR as typed: a value in range applies at once (the spin buttons too); one out of range
 * is refused with the store's message and stays in the field, so the user sees what was refused
 * instead of the field jumping back to the old value. A change from elsewhere (undo, an example)
 * replaces what was typed.
 */
function MaxPhyAddrEditor() {
  const bits = usePagewalk((s) => s.machine.regs.maxPhyAddr);
  const id = useId();
  const errorId = useId();
  const [text, setText] = useState(String(bits));
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(bits);
  if (shown !== bits) {
    setShown(bits);
    if (Number(text) !== bits) {
      setText(String(bits));
      setError(null);
    }
  }
  const onChange = (value: string): void => {
    setText(value);
    // Digits only: a number field also takes "4e1" or "40.0", which are not how a width is written.
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (n === bits) return setError(null);
    const result = actions.setMaxPhyAddr(n);
    setError(result.ok ? null : `${result.error.message} It stays ${bits}.`);
  };
  return (
    <div className="inline-form">
      <label htmlFor={id}>MAXPHYADDR</label> <TermLink term="maxphyaddr" help />
      <input
        id={id}
        className="mono narrow"
        type="number"
        min={MIN_MAXPHYADDR}
        max={MAX_MAXPHYADDR}
        value={text}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className="muted small-text">
        {bits >= MAX_MAXPHYADDR
          ? "bits; no entry address bit is reserved"
          : bits === MAX_MAXPHYADDR - 1
            ? `bits; entry bit 51 is reserved`
            : `bits; entry bits 51:${bits} are reserved`}
      </span>
      {error !== null ? (
        <p id={errorId} className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function AccessedDirtySetting() {
  const on = usePagewalk((s) => s.machine.setAccessedDirty);
  const id = useId();
  return (
    <div className="toggle-line">
      <input id={id} type="checkbox" checked={on} onChange={() => actions.setAccessedDirty(!on)} />
      <label htmlFor={id}>
        Walk sets A/D{" "}
        <span className="muted small-text">performing an access writes the accessed/dirty bits</span>
      </label>
    </div>
  );
}
