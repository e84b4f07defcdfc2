import {
  memo,
  useId,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
} from "react";
import {
  LEVEL_ENTRY_NAMES,
  LEVEL_TABLE_NAMES,
  entryFields,
  isLeafEntry,
  reservedBitReasons,
  EFER,
  type Level,
  type PhysAddr,
  type EntryField,
} from "../core/arch";
import { formatHex } from "../core/common";
import { readEntryOrNull, selectSelectedEntryAddr } from "../store/selectors";
import { actions, usePagewalk } from "../store/usePagewalk";
import { BitButton } from "./BitButton";
import { bitBoxes, bitKeyTarget, bitOf, bitOnNextLine, isWrapped } from "./bitKeys";
import { EntryValueEditors } from "./EntryValueEditors";
import { FollowState } from "./FollowState";
import { TermLink } from "./glossary/TermLink";
import { FIELD_TERMS, type TermId } from "./glossary/terms";
import { levelColor } from "./levelColors";
import { EntryMemoryType } from "./memtype/EntryMemoryType";
import { PanelCollapseButton } from "./layout/PanelCollapseButton";

/**
 * The selected entry (the one that decided the walk, unless the user pinned another): 64 bit
 * toggles grouped by field, editable raw value and address, field meanings.
 */
export function EntryInspector() {
  const table = usePagewalk((s) => s.selection.table);
  const index = usePagewalk((s) => s.selection.entryIndex);
  const entryAddr = usePagewalk(selectSelectedEntryAddr);
  const raw = usePagewalk((s) => readEntryOrNull(s, selectSelectedEntryAddr(s)));
  const maxPhyAddr = usePagewalk((s) => s.machine.regs.maxPhyAddr);
  const nxe = usePagewalk((s) => (s.machine.regs.efer & EFER.NXE) !== 0);

  if (table === null || index === null || entryAddr === null) {
    return (
      <section className="panel inspector" aria-labelledby="inspector-h">
        <div className="panel-head">
          <h2 id="inspector-h">Entry</h2>
          <FollowState />
          <PanelCollapseButton panel="Entry" />
        </div>
        <p className="muted">Select a step of the walk or an entry of a table to see its 64 bits.</p>
      </section>
    );
  }
  return (
    <section className="panel inspector" aria-labelledby="inspector-h">
      <div className="panel-head">
        <h2 id="inspector-h">
          <span style={{ color: levelColor(table.level) }}>
            {LEVEL_TABLE_NAMES[table.level]}[{index}]
          </span>{" "}
          <span className="muted small-text">
            {LEVEL_ENTRY_NAMES[table.level]} at <span className="mono">{formatHex(entryAddr)}</span> in the
            table at <span className="mono">{formatHex(table.addr)}</span>
          </span>
        </h2>
        <FollowState />
        <PanelCollapseButton panel="Entry" />
      </div>
      {raw === null ? (
        <p className="error">
          This entry lies outside RAM: the table address {formatHex(table.addr)} is past the end of memory.
        </p>
      ) : (
        <>
          <EntryBits level={table.level} entryAddr={entryAddr} raw={raw} maxPhyAddr={maxPhyAddr} nxe={nxe} />
          <EntryMemoryType raw={raw} level={table.level} />
        </>
      )}
    </section>
  );
}

interface BitsProps {
  readonly level: Level;
  readonly entryAddr: PhysAddr;
  readonly raw: bigint;
  readonly maxPhyAddr: number;
  readonly nxe: boolean;
}

function EntryBits({ level, entryAddr, raw, maxPhyAddr, nxe }: BitsProps) {
  const leaf = isLeafEntry(raw, level);
  // The layout depends on the value only through PS (leaf or not): recompute it only then.
  const fields = useMemo(
    () => entryFields(level, leaf ? (level === 1 ? 0n : 0x80n) : 0n, maxPhyAddr).sort((a, b) => b.lo - a.lo),
    [level, leaf, maxPhyAddr],
  );
  // Split at bit 12: the flags (bits 11:0) are drawn as one unit (below).
  const [high, low] = useMemo(
    () => [fields.filter((f) => f.hi >= 12), fields.filter((f) => f.hi < 12)],
    [fields],
  );
  const reasons = reservedBitReasons(raw, level, { maxPhyAddr, nxe });
  const reserved = reasons.reduce((all, r) => all | r.mask, 0n);
  const present = (raw & 1n) === 1n;
  const toolbar = useRef<HTMLDivElement>(null);
  const afterBits = useId();
  // The toolbar's one tab stop: the bit last moved to or clicked (bit 0, P, at first).
  const [focusBit, setFocusBit] = useState(0);
  const group = (f: EntryField) => (
    <FieldGroup
      key={`${f.id}-${f.hi}`}
      field={f}
      raw={raw}
      reserved={reserved}
      present={present}
      focusBit={focusBit}
    />
  );
  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    const bit = bitOf(event.target);
    if (bit === null) return;
    setFocusBit(bit);
    actions.toggleEntryBit(entryAddr, bit);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const bit = bitOf(event.target);
    if (bit === null) return;
    const vertical = event.key === "ArrowDown" ? "down" : event.key === "ArrowUp" ? "up" : null;
    const boxes = vertical === null ? [] : bitBoxes(toolbar.current);
    // ↑/↓ on a wrapped row go to the bit drawn above or below (none past the first or last line);
    // on one line they step along it, as ←/→ do.
    const next =
      vertical !== null && isWrapped(boxes)
        ? (bitOnNextLine(boxes, bit, vertical) ?? bit)
        : bitKeyTarget(event.key, bit);
    if (next === null) return;
    event.preventDefault();
    setFocusBit(next);
    toolbar.current?.querySelector<HTMLElement>(`[data-bit="${next}"]`)?.focus();
  };

  return (
    <>
      <EntryValueEditors entryAddr={entryAddr} raw={raw} level={level} maxPhyAddr={maxPhyAddr} />
      {/* The fragment is the share link's: move the focus here rather than follow the href. */}
      <a
        className="skip-link"
        href={`#${afterBits}`}
        onClick={(event) => {
          event.preventDefault();
          document.getElementById(afterBits)?.focus();
        }}
      >
        Skip past the 64 bits
      </a>
      {/* One composite widget: one Tab stop, arrows move between the bits, Space/Enter toggles. */}
      <div
        ref={toolbar}
        className="bit-row"
        role="toolbar"
        aria-label="Entry bits, 63 to 0"
        onClick={onClick}
        onKeyDown={onKeyDown}
      >
        {/* Keyed by field name and top bit (unique within an entry, and the same for ADDR at every
            level), so moving to another level's entry keeps the groups and the bits they share (P,
            R/W, … and most of ADDR) instead of building them again. */}
        {high.map(group)}
        {/* The flags (bits 11:0, AVL to P) as one unit: where the row wraps, they share a line
            together rather than leave P alone on the last one (app.css, .bit-low). */}
        <div className="bit-low">{low.map(group)}</div>
      </div>
      <span id={afterBits} tabIndex={-1} className="skip-target" />
      {!present ? (
        <p className="note">
          P = 0: hardware ignores every other bit of this entry (software may keep anything there).
        </p>
      ) : null}
      {reasons.length > 0 ? (
        <ul className="reserved-list" aria-label="Reserved bits set">
          {reasons.map((r) => (
            <li key={r.description}>
              Reserved: {r.description} — a walk through this entry faults with RSVD.
            </li>
          ))}
        </ul>
      ) : null}
      {raw === 0n && level > 1 ? (
        <button
          type="button"
          className="small"
          onClick={() => actions.allocateTable({ entryAddr, level })}
          title="Take a zeroed frame from the allocator and point this entry at it with P, R/W, U/S"
        >
          Allocate a {LEVEL_TABLE_NAMES[(level - 1) as Level]} here
        </button>
      ) : null}
      <FieldTable fields={fields} raw={raw} reserved={reserved} />
    </>
  );
}

interface GroupProps {
  readonly field: EntryField;
  readonly raw: bigint;
  readonly reserved: bigint;
  readonly present: boolean;
  readonly focusBit: number;
}

const inField = (f: EntryField, word: bigint): bigint =>
  word & (((1n << BigInt(f.hi - f.lo + 1)) - 1n) << BigInt(f.lo));
const sameGroup = (a: GroupProps, b: GroupProps): boolean =>
  a.field === b.field &&
  a.present === b.present &&
  inField(a.field, a.raw) === inField(b.field, b.raw) &&
  inField(a.field, a.reserved) === inField(b.field, b.reserved) &&
  (a.focusBit === b.focusBit ||
    ((a.focusBit < a.field.lo || a.focusBit > a.field.hi) &&
      (b.focusBit < b.field.lo || b.focusBit > b.field.hi)));

/**
 * One field's bits. Memoised with a comparison that looks only at this field's bits of the value and
 * of the reserved mask, so a bit toggle re-renders the one group it touches.
 */
const FieldGroup = memo(function FieldGroup({ field, raw, reserved, present, focusBit }: GroupProps) {
  const bits: number[] = [];
  for (let b = field.hi; b >= field.lo; b--) bits.push(b);
  return (
    <div
      className={`field-group field-${field.id}`}
      style={
        {
          flexGrow: bits.length,
          // Its bit count, from which app.css caps its width and wraps the address field's bits.
          "--bits": bits.length,
        } as CSSProperties
      }
    >
      <div className="field-bits">
        {bits.map((b) => (
          <BitButton
            key={b}
            bit={b}
            on={((raw >> BigInt(b)) & 1n) === 1n}
            field={field.label}
            reserved={((reserved >> BigInt(b)) & 1n) === 1n}
            ignored={!field.used || (!present && b !== 0)}
            tabbable={b === focusBit}
          />
        ))}
      </div>
      <span className="field-label" aria-hidden="true">
        {field.label}
      </span>
    </div>
  );
}, sameGroup);

function fieldValue(raw: bigint, f: EntryField): bigint {
  return inField(f, raw) >> BigInt(f.lo);
}

/** One field's row: memoised on its text, so a bit toggle re-renders the one row whose value changed. */
const FieldRow = memo(function FieldRow({
  field: f,
  shown,
  flagged,
}: {
  field: EntryField;
  shown: string;
  flagged: boolean;
}) {
  return (
    <tr className={`${f.used ? "" : "ignored"}${flagged ? " flagged" : ""}`}>
      <th scope="row">
        {FIELD_TERMS[f.label] === undefined ? (
          f.label
        ) : (
          <TermLink term={FIELD_TERMS[f.label] as TermId}>{f.label}</TermLink>
        )}
      </th>
      <td className="mono" data-label={f.hi === f.lo ? "bit " : "bits "}>
        {f.hi === f.lo ? f.lo : `${f.hi}:${f.lo}`}
      </td>
      <td className="mono" data-label="= ">
        {shown}
      </td>
      <td>
        {flagged ? <strong>Reserved bit set. </strong> : null}
        {f.explanation}
      </td>
    </tr>
  );
});

function FieldTable({
  fields,
  raw,
  reserved,
}: {
  fields: readonly EntryField[];
  raw: bigint;
  reserved: bigint;
}) {
  return (
    <div className="field-table-wrap" tabIndex={0} role="region" aria-label="What each field means">
      <table className="field-table">
        <caption className="visually-hidden">What each field means at this level</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Bits</th>
            <th scope="col">Value</th>
            <th scope="col">Meaning here</th>
          </tr>
        </thead>
        <tbody>
          {[...fields].reverse().map((f) => {
            const width = f.hi - f.lo + 1;
            const value = fieldValue(raw, f);
            const shown =
              f.id === "ADDR"
                ? formatHex(value << BigInt(f.lo))
                : width === 1
                  ? String(value)
                  : formatHex(value);
            const flagged = inField(f, reserved) !== 0n;
            return <FieldRow key={`${f.id}-${f.hi}`} field={f} shown={shown} flagged={flagged} />;
          })}
        </tbody>
      </table>
    </div>
  );
}
