import { useState } from "react";
import { formatHex } from "../../core/common";
import { currentPcid, fromWords, pageSizeName } from "../../core/arch";
import { PSC_LEVELS, PSC_TITLES, TLB_NAMES, TLB_TITLES, pageVaOf, pscRangeVa } from "../../core/tlb";
import { selectTlbTables, type TlbRow } from "../../store/tlbSelectors";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { useShallow } from "zustand/react/shallow";

/** "urw-": user, read, write, execute, as the Mappings panel writes rights. */
function rights(row: TlbRow): string {
  const p = row.entry.permissions;
  return `${p.user ? "u" : "-"}r${p.writable ? "w" : "-"}${p.executeDisable ? "-" : "x"}`;
}

/**
 * The "TLB" panel: the current CPU's TLBs and paging-structure caches entry by entry, the hit and
 * miss counters, and the instructions that invalidate them.
 */
export function TlbPanel() {
  const { current, cpus, hits, misses, message, pcid } = usePagewalk(
    useShallow((s) => ({
      current: s.tlbUi.system.current,
      cpus: s.tlbUi.system.cpus.length,
      hits: s.tlbUi.system.cpu.hits,
      misses: s.tlbUi.system.cpu.misses,
      message: s.tlbUi.message,
      // The page's own accesses run on the Registers panel's CR3 (a replay's last MOV CR3 is the
      // replay's): the PCID they use is that one's.
      pcid: currentPcid(s.machine.regs),
    })),
  );
  const tables = usePagewalk(selectTlbTables);
  const [invpcidType, setInvpcidType] = useState(1);
  return (
    <section className="panel tlb-panel" aria-labelledby="tlb-h">
      <div className="panel-head">
        <h2 id="tlb-h">TLB</h2>
        <span className="muted">
          CPU {current}
          {cpus > 1 ? ` of ${cpus}` : ""} · {hits} hit{hits === 1 ? "" : "s"}, {misses} miss
          {misses === 1 ? "" : "es"}
        </span>
      </div>
      <div className="tlb-buttons" role="group" aria-label="TLB instructions">
        <button type="button" onClick={actions.tlbAccess}>
          Access through the TLB
        </button>
        <button type="button" onClick={actions.tlbInvlpg} title="INVLPG of the current VA">
          INVLPG
        </button>
        <button type="button" onClick={actions.tlbReloadCr3} title="MOV CR3, CR3">
          Reload CR3
        </button>
        <span className="tlb-invpcid">
          <label>
            INVPCID type{" "}
            <select value={invpcidType} onChange={(e) => setInvpcidType(Number(e.target.value))}>
              <option value={0}>0: this address, this PCID</option>
              <option value={1}>1: this PCID</option>
              <option value={2}>2: everything, globals too</option>
              <option value={3}>3: everything but globals</option>
            </select>
          </label>{" "}
          {/* A space: a gap from the menu, and a place to go under it where the two do not fit. */}
          <button type="button" onClick={() => actions.tlbInvpcid(invpcidType)}>
            INVPCID
          </button>
        </span>
        <button type="button" onClick={actions.tlbTogglePge}>
          Toggle CR4.PGE
        </button>
        <button type="button" onClick={actions.tlbSwitchCpu}>
          Switch CPU
        </button>
        <button type="button" onClick={actions.tlbShootdown} title="INVLPG of the current VA on every CPU">
          Shootdown
        </button>
      </div>
      <p role="status" className="tlb-message">
        {message ?? `PCID ${pcid}. Edit an entry after an access to see a stale hit.`}
      </p>
      <p className="muted tlb-empty">
        {TLB_NAMES.filter((name) => tables.tlbs[name].length === 0)
          .map((name) => TLB_TITLES[name])
          .join(", ")}
        {TLB_NAMES.some((name) => tables.tlbs[name].length === 0) ? ": empty" : ""}
      </p>
      {TLB_NAMES.map((name) => {
        const rows = tables.tlbs[name];
        if (rows.length === 0) return null;
        return (
          <div key={name} className="card-table-wrap">
            <table className="tlb-table card-table mono" aria-label={TLB_TITLES[name]}>
              <caption>
                {TLB_TITLES[name]} ({rows.length} entr{rows.length === 1 ? "y" : "ies"})
              </caption>
              <thead>
                <tr>
                  <th>VA page</th>
                  <th>PCID</th>
                  <th>frame</th>
                  <th>size</th>
                  <th>rights</th>
                  <th>G</th>
                  <th>D</th>
                  <th>stale</th>
                  <th>LRU age</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr
                    key={`${row.entry.pcid}:${row.entry.vpn}:${row.entry.pageSize}`}
                    className={row.stale ? "stale" : ""}
                  >
                    <td>{formatHex(pageVaOf(row.entry))}</td>
                    <td data-label="PCID ">{row.entry.global ? "any" : row.entry.pcid}</td>
                    <td data-label="frame ">{formatHex(row.entry.frame)}</td>
                    <td>{pageSizeName(row.entry.pageSize)}</td>
                    <td>{rights(row)}</td>
                    <td data-label="G ">{row.entry.global ? "1" : "0"}</td>
                    <td data-label="D ">{row.entry.dirty ? "1" : "0"}</td>
                    <td>{row.stale ? "⚠ stale" : ""}</td>
                    <td data-label="LRU age ">{row.age}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
      {PSC_LEVELS.map((level) => {
        const rows = tables.pscs[level];
        if (rows.length === 0) return null;
        return (
          <div key={level} className="card-table-wrap">
            <table className="tlb-table card-table mono" aria-label={PSC_TITLES[level]}>
              <caption>
                {PSC_TITLES[level]} ({rows.length})
              </caption>
              <thead>
                <tr>
                  <th>VA range from</th>
                  <th>PCID</th>
                  <th>entry</th>
                  <th>LRU age</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ entry, age }) => {
                  const last = entry.chain[entry.chain.length - 1];
                  return (
                    <tr key={`${entry.pcid}:${entry.prefix}`}>
                      <td data-label="from ">{formatHex(pscRangeVa(entry))}</td>
                      <td data-label="PCID ">{entry.pcid}</td>
                      <td data-label="entry ">{last ? formatHex(fromWords(last.hi, last.lo)) : ""}</td>
                      <td data-label="LRU age ">{age}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
      <p className="muted tlb-note">
        Pagewalk keeps each entry until it is invalidated or evicted (least recently used first); a real CPU
        may drop entries at any time, so on hardware a stale entry may also be gone. Both CPUs run with the
        registers of the Registers panel; editing CR3 there is not a MOV to CR3 (use Reload CR3).
      </p>
    </section>
  );
}
