import { memo } from "react";
import type { DecodedEntry, PhysAddr } from "../core/arch";
import { actions, usePagewalk } from "../store/usePagewalk";

interface Chip {
  readonly label: string;
  /** The entry bit the chip toggles. */
  readonly bit: number;
  readonly on: boolean;
  readonly meaning: string;
}

/**
 * The decoded flags of an entry as a row of toggle chips (set flags bold, clear ones faint and
 * struck through): one click flips that bit of that entry, one undoable step, from the walk
 * straight to the change. Each is named after the entry ("PT[127] U/S"), unlike the inspector's
 * "bit 2 U/S". A protection key (four bits) is shown as text.
 */
export function EntryFlagChips({
  entry,
  entryName,
  entryAddr,
}: {
  readonly entry: DecodedEntry;
  /** "PT[127]" */
  readonly entryName: string;
  readonly entryAddr: PhysAddr;
}) {
  // A read-only embed shows the flags but offers no toggle (the store refuses one anyway).
  const readOnly = usePagewalk((s) => s.readOnly);
  const leaf = entry.kind === "leaf" || (entry.level === 1 && !entry.present);
  const chips: Chip[] = [
    { label: "P", bit: 0, on: entry.present, meaning: "present" },
    { label: "R/W", bit: 1, on: entry.writable, meaning: entry.writable ? "writable" : "read-only" },
    { label: "U/S", bit: 2, on: entry.user, meaning: entry.user ? "user" : "supervisor only" },
    { label: "PWT", bit: 3, on: entry.writeThrough, meaning: "write-through" },
    { label: "PCD", bit: 4, on: entry.cacheDisable, meaning: "cache disabled" },
    { label: "A", bit: 5, on: entry.accessed, meaning: "accessed" },
  ];
  if (leaf) chips.push({ label: "D", bit: 6, on: entry.dirty, meaning: "dirty" });
  if (entry.level === 2 || entry.level === 3)
    chips.push({ label: "PS", bit: 7, on: entry.pageSizeBit, meaning: "page size (leaf)" });
  if (leaf) chips.push({ label: "G", bit: 8, on: entry.global, meaning: "global" });
  chips.push({ label: "XD", bit: 63, on: entry.executeDisable, meaning: "execute-disable" });
  return (
    // One handler for the row (the chips re-render only when their own flag changes).
    <ul
      className="chips"
      aria-label={`Flags of ${entryName}`}
      onClick={(ev) => {
        const bit = (ev.target as Element).closest<HTMLElement>("button[data-bit]")?.dataset["bit"];
        if (bit === undefined) return;
        // The card around the chip selects its entry on click; a toggle is not a selection.
        ev.stopPropagation();
        actions.toggleEntryBit(entryAddr, Number(bit));
      }}
    >
      {chips.map((c) => (
        <ChipButton
          key={c.label}
          chip={c.label}
          bit={c.bit}
          on={c.on}
          meaning={c.meaning}
          entryName={entryName}
          readOnly={readOnly}
        />
      ))}
      {leaf && entry.protectionKey !== 0 ? (
        <li className="chip-text" title={`protection key ${entry.protectionKey} (bits 62:59)`}>
          PK{entry.protectionKey}
        </li>
      ) : null}
    </ul>
  );
}

const ChipButton = memo(function ChipButton({
  chip,
  bit,
  on,
  meaning,
  entryName,
  readOnly,
}: {
  chip: string;
  bit: number;
  on: boolean;
  meaning: string;
  entryName: string;
  readOnly: boolean;
}) {
  return (
    <li>
      <button
        type="button"
        className={on ? "chip on" : "chip off"}
        data-bit={bit}
        aria-pressed={on}
        aria-label={`${entryName} ${chip}`}
        title={`${chip} (bit ${bit}): ${meaning}.${readOnly ? " Read-only." : ` Click to ${on ? "clear" : "set"} it.`}`}
        disabled={readOnly}
      >
        {chip}
      </button>
    </li>
  );
});
