import { useId, useState, type FormEvent } from "react";
import { entryAddress, type Level, type PhysAddr } from "../core/arch";
import { formatHex, parseU64 } from "../core/common";
import { actions } from "../store/usePagewalk";
import { CODE_FIELD } from "./codeField";

interface Props {
  readonly entryAddr: PhysAddr;
  readonly raw: bigint;
  readonly level: Level;
  readonly maxPhyAddr: number;
}

/**
 * Raw value and address field as hex inputs, applied on Enter or when focus leaves. A change of the
 * entry from anywhere else (a bit toggle, undo) resets the drafts. That is done while rendering
 * ("adjusting state when a prop changes", React docs) rather than by remounting, so the inputs stay
 * in the page: recreating them on every toggle cost a forced layout.
 */
export function EntryValueEditors({ entryAddr, raw, level, maxPhyAddr }: Props) {
  const rawId = useId();
  const addrId = useId();
  const [rawText, setRawText] = useState(() => formatHex(raw, { digits: 16, separators: true }));
  const [addrText, setAddrText] = useState(() => formatHex(entryAddress(raw, level)));
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState({ raw, level, entryAddr });
  if (shown.raw !== raw || shown.level !== level || shown.entryAddr !== entryAddr) {
    setShown({ raw, level, entryAddr });
    setRawText(formatHex(raw, { digits: 16, separators: true }));
    setAddrText(formatHex(entryAddress(raw, level)));
    setError(null);
  }

  const applyRaw = (e?: FormEvent) => {
    e?.preventDefault();
    const parsed = parseU64(rawText, "entry value");
    if (!parsed.ok) return setError(parsed.error.message);
    if (parsed.value === raw) return setError(null);
    const r = actions.writeEntryRaw(entryAddr, parsed.value);
    setError(r.ok ? null : r.error.message);
  };
  const applyAddr = (e?: FormEvent) => {
    e?.preventDefault();
    const parsed = parseU64(addrText, "address");
    if (!parsed.ok) return setError(parsed.error.message);
    if (parsed.value >= 1n << BigInt(maxPhyAddr)) {
      return setError(`Address ${addrText.trim()} is wider than MAXPHYADDR (${maxPhyAddr} bits).`);
    }
    if (Number(parsed.value) === entryAddress(raw, level)) return setError(null);
    const r = actions.setEntryAddress(entryAddr, Number(parsed.value));
    setError(r.ok ? null : r.error.message);
  };

  return (
    <div className="entry-editors">
      <form onSubmit={applyRaw} className="inline-form">
        <label htmlFor={rawId}>Raw</label>
        <input
          id={rawId}
          className="mono wide"
          value={rawText}
          {...CODE_FIELD}
          autoComplete="off"
          onChange={(e) => setRawText(e.target.value)}
          onBlur={() => applyRaw()}
        />
      </form>
      <form onSubmit={applyAddr} className="inline-form">
        <label htmlFor={addrId}>Address field</label>
        <input
          id={addrId}
          className="mono"
          value={addrText}
          {...CODE_FIELD}
          autoComplete="off"
          onChange={(e) => setAddrText(e.target.value)}
          onBlur={() => applyAddr()}
        />
      </form>
      {error !== null ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
