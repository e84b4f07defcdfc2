import { useId, useState, type FormEvent } from "react";
import {
  PAGE_1G,
  PAGE_2M,
  PAGE_4K,
  parsePhysAddr,
  parseVirtAddr,
  type PageSize,
  type EntryFlags,
} from "../core/arch";
import { actions, usePagewalk } from "../store/usePagewalk";

const SIZES: readonly { value: PageSize; label: string }[] = [
  { value: PAGE_4K, label: "4 KiB" },
  { value: PAGE_2M, label: "2 MiB" },
  { value: PAGE_1G, label: "1 GiB" },
];

type FlagKey = "writable" | "user" | "executeDisable" | "global";
const FLAGS: readonly { key: FlagKey; label: string }[] = [
  { key: "writable", label: "R/W" },
  { key: "user", label: "U/S" },
  { key: "executeDisable", label: "XD" },
  { key: "global", label: "G" },
];

/** Map or unmap one page through the core's address space rooted at CR3. */
export function MapForm() {
  const id = useId();
  const maxPhyAddr = usePagewalk((s) => s.machine.regs.maxPhyAddr);
  const [vaText, setVaText] = useState("0x4000_0000");
  const [paText, setPaText] = useState("0x8000");
  const [size, setSize] = useState<PageSize>(PAGE_4K);
  const [flags, setFlags] = useState<Record<FlagKey, boolean>>({
    writable: true,
    user: true,
    executeDisable: false,
    global: false,
  });
  const [split, setSplit] = useState(false);
  /** The last result, and for an unmap the empty tables it kept because something still uses them. */
  const [message, setMessage] = useState<{ ok: boolean; text: string; kept?: readonly string[] } | null>(
    null,
  );

  const run = (op: "map" | "unmap") => (e?: FormEvent) => {
    e?.preventDefault();
    const va = parseVirtAddr(vaText);
    if (!va.ok) return setMessage({ ok: false, text: va.error.message });
    if (op === "unmap") {
      const r = actions.unmap(va.value, size, { split });
      return setMessage(
        r.ok
          ? { ok: true, text: `Unmapped ${vaText.trim()}.`, kept: r.value.kept.map((k) => k.message) }
          : { ok: false, text: r.error.message },
      );
    }
    const pa = parsePhysAddr(paText, maxPhyAddr);
    if (!pa.ok) return setMessage({ ok: false, text: pa.error.message });
    const leafFlags: EntryFlags = { ...flags };
    const r = actions.map({ va: va.value, pa: pa.value, size, leafFlags });
    setMessage(
      r.ok
        ? { ok: true, text: `Mapped ${vaText.trim()} → ${paText.trim()}.` }
        : { ok: false, text: r.error.message },
    );
  };

  return (
    <form className="map-form" onSubmit={run("map")} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Map or unmap a page</h3>
      <div className="map-grid">
        <label htmlFor={`${id}-va`}>VA</label>
        <input
          id={`${id}-va`}
          className="mono"
          value={vaText}
          spellCheck={false}
          onChange={(e) => setVaText(e.target.value)}
        />
        <label htmlFor={`${id}-pa`}>PA</label>
        <input
          id={`${id}-pa`}
          className="mono"
          value={paText}
          spellCheck={false}
          onChange={(e) => setPaText(e.target.value)}
        />
      </div>
      <fieldset className="segmented">
        <legend>Page size</legend>
        {SIZES.map((s) => (
          <label key={s.value}>
            <input
              type="radio"
              name={`${id}-size`}
              checked={size === s.value}
              onChange={() => setSize(s.value)}
            />
            <span>{s.label}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="flag-set">
        <legend>Leaf flags</legend>
        {FLAGS.map((f) => (
          <label key={f.key}>
            <input
              type="checkbox"
              checked={flags[f.key]}
              onChange={() => setFlags({ ...flags, [f.key]: !flags[f.key] })}
            />{" "}
            <span className="mono">{f.label}</span>
          </label>
        ))}
        <label title="Unmap: split a bigger page around the VA first">
          <input type="checkbox" checked={split} onChange={() => setSplit(!split)} /> split huge
        </label>
      </fieldset>
      <div className="button-row">
        <button type="submit">Map</button>
        <button type="button" onClick={run("unmap")}>
          Unmap
        </button>
      </div>
      <div aria-live="polite">
        <p className={message?.ok === false ? "error" : "muted"}>{message?.text ?? ""}</p>
        {message?.kept?.map((text) => (
          <p key={text} className="warning">
            {text}
          </p>
        ))}
      </div>
    </form>
  );
}
