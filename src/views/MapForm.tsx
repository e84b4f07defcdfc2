import { useId, useMemo, useRef, useState, type FormEvent } from "react";
import {
  PAGE_1G,
  PAGE_2M,
  PAGE_4K,
  alignDownVirt,
  formatPhysAddr,
  formatVirtAddr,
  parsePhysAddr,
  parseVirtAddr,
  type PageSize,
  type PhysAddr,
  type EntryFlags,
} from "../core/arch";
import {
  checkMapping,
  describeChange,
  intendedAccesses,
  suggestDataFrame,
  type MapCheck,
  type Machine,
} from "../core/machine";
import type { MapRequest } from "../core/space";
import { selectTableGraph } from "../store/selectors";
import { actions, appStore, usePagewalk } from "../store/usePagewalk";
import { MapWarning } from "./MapWarning";
import { CODE_FIELD } from "./codeField";

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

/** The result of the last map or unmap, shown while the machine is the one it produced. */
interface FormMessage {
  readonly ok: boolean;
  readonly text: string;
  /** Further lines: upper entries changed with the mapping, or empty tables an unmap kept. */
  readonly notes?: readonly string[];
  /** Kept tables are a warning; rights set with a mapping are plain information. */
  readonly notesAreWarnings?: boolean;
  /** The machine the message is about: once Undo (or any change) replaces it, the message goes. */
  readonly machine: Machine;
}

/**
 * Map or unmap one page through the core's address space rooted at CR3. The VA starts as the page
 * of the VA under study, the PA as a free frame (until you type others). Before mapping, the core
 * maps on a draft and walks the new VA with the accesses the leaf flags are for: when an upper level
 * would deny one, the form says so and offers to set the upper entries' rights in the same undoable
 * step; a mapping that is most likely a mistake (a frame outside RAM, a user-writable page table) is
 * held back with the same choice of mapping anyway. After mapping, the walk goes to the new page.
 */
export function MapForm() {
  const id = useId();
  const maxPhyAddr = usePagewalk((s) => s.machine.regs.maxPhyAddr);
  const studiedVa = usePagewalk((s) => s.selection.va);
  const [size, setSize] = useState<PageSize>(PAGE_4K);
  /** What the user typed in the VA field; null while it follows the VA under study. */
  const [vaEdit, setVaEdit] = useState<string | null>(null);
  const vaText = vaEdit ?? formatVirtAddr(alignDownVirt(studiedVa, size), true);
  /** What the user typed in the PA field; null while it follows a free frame (frame-suggest.ts). */
  const [paEdit, setPaEdit] = useState<string | null>(null);
  // The allocator is a new object after every map, unmap or scenario (and never after a bit
  // toggle), so the free frame is worked out again when the frames in use may have changed.
  const alloc = usePagewalk((s) => s.machine.alloc);
  const suggestedPa = useMemo(() => {
    const state = appStore.getState();
    const input = { ram: state.machine.ram, alloc, graph: selectTableGraph(state) };
    return suggestDataFrame(input, size) ?? (size as PhysAddr);
  }, [alloc, size]);
  const paText = paEdit ?? formatPhysAddr(suggestedPa);
  const [flags, setFlags] = useState<Record<FlagKey, boolean>>({
    writable: true,
    user: true,
    executeDisable: false,
    global: false,
  });
  const [split, setSplit] = useState(false);
  const [message, setMessage] = useState<FormMessage | null>(null);
  /** A mapping held back by the warning, with the check it got (stale once the machine changes). */
  const [pending, setPending] = useState<{
    request: MapRequest;
    check: MapCheck;
    label: string;
    machine: Machine;
  } | null>(null);
  // Subscribed as two booleans rather than to the machine, so an edit elsewhere (every bit toggle)
  // does not render the form again.
  const messageCurrent = usePagewalk((s) => message !== null && message.machine === s.machine);
  const pendingCurrent = usePagewalk((s) => pending !== null && pending.machine === s.machine);
  // Once the machine moves on, the message and the held-back mapping are gone for good: Redo brings
  // back the machine object, but a refusal or a warning from before the Undo is not news any more.
  if (message !== null && !messageCurrent) setMessage(null);
  if (pending !== null && !pendingCurrent) setPending(null);
  const shownMessage = messageCurrent ? message : null;
  const shownPending = pendingCurrent ? pending : null;

  const say = (ok: boolean, text: string, notes: readonly string[] = [], notesAreWarnings = false): void =>
    setMessage({ ok, text, notes, notesAreWarnings, machine: appStore.getState().machine });

  const doMap = (request: MapRequest, label: string, grantUpperRights: boolean): void => {
    setPending(null);
    const r = actions.map(request, { grantUpperRights });
    if (!r.ok) return say(false, r.error.message);
    const notes = r.value.upperChanges.length
      ? [`Also set ${r.value.upperChanges.map(describeChange).join("; ")}.`]
      : [];
    say(true, `Mapped ${label}.`, notes);
    // Walk the new page with the access it is for (a user read for a user page).
    actions.setVaText(formatVirtAddr(request.va, true));
    actions.setAccess(intendedAccesses(request.leafFlags)[0] ?? { op: "read", mode: "supervisor" });
  };

  const mapButton = useRef<HTMLButtonElement>(null);
  /** A warning's choice: the warning goes with its buttons, so the focus goes back to Map. */
  const settle = (choice: () => void): void => {
    choice();
    mapButton.current?.focus();
  };

  const run = (op: "map" | "unmap") => (e?: FormEvent) => {
    e?.preventDefault();
    setPending(null);
    const va = parseVirtAddr(vaText);
    if (!va.ok) return say(false, va.error.message);
    if (op === "unmap") {
      const r = actions.unmap(va.value, size, { split });
      return r.ok
        ? say(
            true,
            `Unmapped ${vaText.trim()}.`,
            r.value.kept.map((k) => k.message),
            true,
          )
        : say(false, r.error.message);
    }
    const pa = parsePhysAddr(paText, maxPhyAddr);
    if (!pa.ok) return say(false, pa.error.message);
    const leafFlags: EntryFlags = { ...flags };
    const request: MapRequest = { va: va.value, pa: pa.value, size, leafFlags };
    const label = `${vaText.trim()} → ${paText.trim()}`;
    const machine = appStore.getState().machine;
    const check = checkMapping(machine, request);
    if (!check.ok) return say(false, check.error.message);
    if (check.value.denials.length > 0 || check.value.hazards.length > 0) {
      setMessage(null);
      setPending({ request, check: check.value, label, machine });
      return;
    }
    doMap(request, label, false);
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
          {...CODE_FIELD}
          onChange={(e) => setVaEdit(e.target.value)}
        />
        <label htmlFor={`${id}-pa`}>PA</label>
        <input
          id={`${id}-pa`}
          className="mono"
          value={paText}
          {...CODE_FIELD}
          onChange={(e) => setPaEdit(e.target.value)}
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
        <button type="submit" ref={mapButton}>
          Map
        </button>
        <button type="button" onClick={run("unmap")}>
          Unmap
        </button>
      </div>
      <div aria-live="polite">
        {shownPending ? (
          <MapWarning
            va={shownPending.request.va}
            check={shownPending.check}
            onFix={() => settle(() => doMap(shownPending.request, shownPending.label, true))}
            onMapAnyway={() => settle(() => doMap(shownPending.request, shownPending.label, false))}
            onCancel={() => settle(() => setPending(null))}
          />
        ) : null}
        <p className={shownMessage?.ok === false ? "error" : "muted"}>{shownMessage?.text ?? ""}</p>
        {shownMessage?.notes?.map((text) => (
          <p key={text} className={shownMessage.notesAreWarnings ? "warning" : "muted"}>
            {text}
          </p>
        ))}
      </div>
    </form>
  );
}
