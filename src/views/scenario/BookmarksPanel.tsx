import { describeAccess } from "../../core/arch";
import { formatHex } from "../../core/common";
import { REGISTER_NAMES, bookmarkRegisters, type Bookmark } from "../../core/scenario";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { describeOverrides } from "./describeOverrides";

/**
 * The open scenario's bookmarks: each one a VA and an access (and register values, such as another
 * process's CR3) a teacher points at. Clicking one walks it, so the Walk status shows its outcome.
 */
export function BookmarksPanel() {
  const bookmarks = usePagewalk((s) => s.meta?.bookmarks);
  const base = usePagewalk((s) => s.meta?.registers);
  const processes = usePagewalk((s) => s.meta?.processes);
  const va = usePagewalk((s) => s.selection.va);
  const access = usePagewalk((s) => s.selection.access);
  const regs = usePagewalk((s) => s.machine.regs);
  if (!bookmarks || bookmarks.length === 0) return null;

  const isCurrent = (b: Bookmark): boolean => {
    if (b.va !== va || b.access.op !== access.op || b.access.mode !== access.mode) return false;
    const want = bookmarkRegisters(base ?? regs, b.registers);
    return REGISTER_NAMES.every((name) => want[name] === regs[name]);
  };

  return (
    <section className="bookmarks" aria-labelledby="bookmarks-h">
      <h3 id="bookmarks-h">Bookmarks</h3>
      <ol>
        {bookmarks.map((b, k) => {
          const overrides = describeOverrides(b.registers, base ?? regs, processes).join(", ");
          return (
            <li key={k}>
              <button
                type="button"
                className="bookmark"
                aria-current={isCurrent(b) ? "true" : undefined}
                onClick={() => actions.applyBookmark(b)}
              >
                <span className="bookmark-target mono">
                  {describeAccess(b.access)} {formatHex(b.va, { separators: true })}
                  {overrides ? ` · ${overrides}` : ""}
                </span>
                {b.note !== undefined && <span className="bookmark-note">{b.note}</span>}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
