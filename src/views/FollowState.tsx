import { memo } from "react";
import { decidingEntry } from "../store/followWalk";
import { selectWalk } from "../store/selectors";
import { actions, usePagewalk } from "../store/usePagewalk";
import { selectFaultMark } from "./faultMark";

/**
 * Whether the inspector follows the walk or shows an entry the user pinned, with the one button
 * that releases the pin ("Follow the walk" jumps back to the entry that decided the walk); and the
 * fault mark when the entry shown is the one the walk faulted at.
 */
export const FollowState = memo(function FollowState() {
  const pinned = usePagewalk((s) => s.selection.pinned);
  const step = usePagewalk((s) => s.selection.step);
  // No entry decides a #GP (a non-canonical address), a walk with paging off, or one whose CR3 lies
  // outside RAM: the entry shown is the last one followed, not the walk's, and the label says so.
  const undecided = usePagewalk((s) => decidingEntry(selectWalk(s)) === null);
  const fault = usePagewalk((s) => {
    const mark = selectFaultMark(s);
    const { table, entryIndex } = s.selection;
    return mark !== null &&
      table?.addr === mark.tableAddr &&
      table.level === mark.level &&
      entryIndex === mark.index
      ? mark.label
      : null;
  });
  return (
    <div className="follow-state">
      {fault !== null ? (
        <span className="fault-tag">
          <span aria-hidden="true">⚠</span> {fault}
        </span>
      ) : null}
      {pinned ? (
        <>
          <span className="pin-badge" title="You chose this entry: it stays when the walk changes">
            <svg className="pin-icon" viewBox="0 0 10 12" width="9" height="11" aria-hidden="true">
              <circle cx="5" cy="3.5" r="3" fill="currentColor" />
              <path d="M5 6.5V11.5" stroke="currentColor" strokeWidth="1.4" />
            </svg>{" "}
            Pinned
          </span>
          <button type="button" className="small-button" onClick={() => actions.followTheWalk()}>
            Follow the walk
          </button>
        </>
      ) : step === null && undecided ? (
        <span
          className="muted small-text"
          title="This walk reads no entry that decides it (a #GP for a non-canonical address, paging off, or CR3 outside RAM): the entry shown is the last one the walk decided; pick another entry to pin it"
        >
          No entry decides this walk
        </span>
      ) : (
        <span
          className="muted small-text"
          title={
            step === null
              ? "Shows the entry that decided the walk; pick another entry to pin it"
              : "Shows the entry of the walk stepper's current step; pick another entry to pin it"
          }
        >
          {step === null ? "Following the walk" : `Following step ${step}`}
        </span>
      )}
    </div>
  );
});
