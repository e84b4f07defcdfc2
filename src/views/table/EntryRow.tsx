import { memo } from "react";
import { formatPhysAddr } from "../../core/arch";
import { ENTRY_CLASS_NAMES, fillStyle } from "../entryColors";
import type { TableEntryInfo } from "../tableEntries";

interface EntryRowProps {
  readonly info: TableEntryInfo;
  /** The row's place in the whole list, header included (aria-rowindex): only some rows are rendered. */
  readonly position: number;
  readonly tableName: string;
  /** A pointer's fill (other kinds are coloured by TableView.css), else null. */
  readonly fill: string | null;
  readonly selected: boolean;
  readonly highlighted: boolean;
  /** The fault mark's text when the walk faulted at this entry, else null. */
  readonly fault: string | null;
  /** The scenario's name for the frame this entry points to, or null. */
  readonly targetName?: string | null;
}

/**
 * One present entry in the list: its pick button (index), raw value, kind, target and flags, each in
 * a fixed column that clips rather than spills into the next; the faulting entry has a second line
 * for its mark, across the row.
 */
export const EntryRow = memo(function EntryRow({
  info,
  position,
  tableName,
  fill,
  selected,
  highlighted,
  fault,
  targetName = null,
}: EntryRowProps) {
  const kind = ENTRY_CLASS_NAMES[info.entryClass];
  return (
    <div
      role="row"
      className="pw-entry-row"
      aria-rowindex={position}
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
      <div role="cell" title={kind}>
        <span className="pw-swatch" data-class={info.entryClass} style={fillStyle(fill)} aria-hidden="true" />
        {kind}
      </div>
      <div
        role="cell"
        className={targetName === null ? "pw-mono" : "pw-mono pw-target-named"}
        title={targetName ?? undefined}
      >
        {info.target === null ? "" : formatPhysAddr(info.target)}
        {targetName !== null && <span className="frame-name pw-name-line"> “{targetName}”</span>}
      </div>
      <div role="cell" className="pw-mono" title={info.flags}>
        {info.flags}
      </div>
      {fault === null ? null : (
        <div role="cell" className="pw-fault-tag pw-fault-line" title={fault}>
          <span aria-hidden="true">⚠</span> {fault}
        </div>
      )}
    </div>
  );
});
