import { memo } from "react";
import { selectTlbProbe } from "../../store/tlbSelectors";
import { usePagewalk } from "../../store/usePagewalk";
import { describeResult } from "../../core/tlb";
import { formatHex } from "../../core/common";

/**
 * The walk panel's first line while the TLB is modelled: "TLB hit" (with what the stale entry
 * differs in) or "TLB miss → walk" — what the current CPU's TLB would do with this access now.
 */
export const TlbLookupLine = memo(function TlbLookupLine() {
  const probe = usePagewalk(selectTlbProbe);
  if (probe === null) return null;
  const hit = probe.tlb === "hit";
  return (
    <div className={`tlb-lookup${probe.stale ? " stale" : ""}`} data-testid="tlb-lookup">
      <p className="tlb-lookup-head">
        <strong>{hit ? "TLB hit" : "TLB miss → walk"}</strong>
        {hit && probe.entry ? (
          <span className="muted">
            {" "}
            (cached: frame <span className="mono">{formatHex(probe.entry.frame)}</span>
            {probe.dirtyRewalk ? "; D = 0, so the write walks again to set D" : ""})
          </span>
        ) : null}
        {!hit && probe.pscLevels > 0 ? (
          <span className="muted">
            {" "}
            (the upper {probe.pscLevels} levels from the paging-structure caches)
          </span>
        ) : null}
      </p>
      {probe.stale ? (
        <p className="tlb-stale">
          <span aria-hidden="true">⚠ </span>stale: the tables now say {probe.stale.now}
        </p>
      ) : null}
      <p className="muted tlb-lookup-result">Through the TLB: {describeResult(probe)}</p>
    </div>
  );
});
