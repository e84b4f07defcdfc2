import { memo } from "react";
import { formatPhysAddr } from "../../core/arch";
import { ENTRY_CLASS_NAMES } from "../entryColors";
import type { TableEntryInfo } from "../tableEntries";

interface EntryRowProps {
  readonly info: TableEntryInfo;
  readonly tableName: string;
  readonly color: string;
  readonly selected: boolean;
  readonly highlighted: boolean;
  /** The fault mark's text when the walk faulted at this entry, else null. */
  readonly fault: string | null;
}

/** One present entry in the list: its pick button (index), raw value, kind, target and flags. */
export const EntryRow = memo(function EntryRow({
  info,
  tableName,
  color,
  selected,
  highlighted,
  fault,
}: EntryRowProps) {
  return (
    <div
      role="row"
      className="pw-entry-row"
      data-index={info.index}
      data-selected={selected || undefined}
      data-walk={highlighted || undefined}
      data-fault={fault === null ? undefined : true}
    >
      <div role="cell">
        <button
          type="button"
          className="pw-entry-pick"
          aria-pressed={selected}
          aria-label={`Select ${tableName} entry ${info.index}`}
        >
          {info.index}
        </button>
      </div>
      <div role="cell" className="pw-mono">
        {info.raw}
      </div>
      <div role="cell">
        <span className="pw-swatch" style={{ background: color }} aria-hidden="true" />
        {ENTRY_CLASS_NAMES[info.entryClass]}
        {fault === null ? null : (
          <span className="pw-fault-tag pw-fault-line">
            {" "}
            <span aria-hidden="true">⚠</span> {fault}
          </span>
        )}
      </div>
      <div role="cell" className="pw-mono">
        {info.target === null ? "" : formatPhysAddr(info.target)}
      </div>
      <div role="cell" className="pw-mono">
        {info.flags}
      </div>
    </div>
  );
});
