import { LEVEL_TABLE_NAMES } from "../core/address";
import { formatHex } from "../core/hex";
import { usePagewalk } from "../store/usePagewalk";

/** The selected table's 512 entries. The grid (TableView.tsx) is wired in here when it lands. */
export function TablePanel() {
  const table = usePagewalk((s) => s.selection.table);
  return (
    <section className="panel table-panel" aria-labelledby="table-h">
      <h2 id="table-h">
        {table ? (
          <>
            {LEVEL_TABLE_NAMES[table.level]} at <span className="mono">{formatHex(table.addr)}</span>
          </>
        ) : (
          "Table"
        )}
      </h2>
      <div className="placeholder">All 512 entries of the selected table appear here.</div>
    </section>
  );
}
