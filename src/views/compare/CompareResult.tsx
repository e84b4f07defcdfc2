import { formatHex } from "../../core/common";
import {
  CHANGED_FIELD_NAMES,
  changeBounds,
  describeSide,
  describeSummary,
  type DiffChange,
} from "../../core/diff";
import type { Comparison } from "./compareSources";

/** Rows drawn at most (a diff of two Linux kernels has 130,000 ranges; `pagewalk diff` lists all). */
const MAX_ROWS = 500;

const KIND_WORDS = { added: "added", removed: "removed", changed: "changed" } as const;

/** The counts and the changed ranges of a comparison, in VA order. */
export function CompareResult({
  comparison,
  onWalk,
}: {
  comparison: Comparison;
  onWalk: (c: DiffChange) => void;
}) {
  const { diff } = comparison;
  const shown = diff.changes.slice(0, MAX_ROWS);
  return (
    <section className="compare-result" aria-label="Comparison">
      <p>
        From <strong>{comparison.from}</strong> to <strong>{comparison.to}</strong>:{" "}
        <span role="status">{describeSummary(diff.summary)}</span>.
      </p>
      <p className="muted small-text">
        Added: mapped only here. Removed: mapped only in {comparison.from}. Changed: mapped in both, with
        another PA, rights, page size or memory type.
      </p>
      {comparison.truncated ? (
        <p className="error">
          A side maps more leaves than are enumerated: the comparison covers a prefix of the VAs.
        </p>
      ) : null}
      {shown.length > 0 ? (
        <div className="compare-table-wrap card-table-wrap">
          <table className="compare-table card-table">
            <caption className="visually-hidden">Changed ranges</caption>
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Start</th>
                <th scope="col">End</th>
                <th scope="col">Pages</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => {
                const { start, end } = changeBounds(c);
                return (
                  <tr key={c.startVpn} className={`compare-${c.kind}`}>
                    <td>
                      {KIND_WORDS[c.kind]}
                      {c.kind === "changed" ? (
                        <span className="muted small-text">
                          {" "}
                          ({c.changed.map((f) => CHANGED_FIELD_NAMES[f]).join(", ")})
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link-button mono"
                        onClick={() => onWalk(c)}
                        title="Walk this VA"
                      >
                        {formatHex(start)}
                      </button>
                    </td>
                    <td className="mono" data-label="to ">
                      {formatHex(end)}
                    </td>
                    <td className="mono" data-label="pages ">
                      {(c.endVpn - c.startVpn).toLocaleString("en")}
                    </td>
                    <td className="mono" data-label="before ">
                      {c.before ? describeSide(c.before) : "—"}
                    </td>
                    <td className="mono" data-label="after ">
                      {c.after ? describeSide(c.after) : "—"}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {diff.changes.length > MAX_ROWS ? (
        <p className="muted small-text">
          The first {MAX_ROWS} of {diff.changes.length.toLocaleString("en")} ranges;{" "}
          <span className="mono">pagewalk diff</span> lists them all.
        </p>
      ) : null}
    </section>
  );
}
