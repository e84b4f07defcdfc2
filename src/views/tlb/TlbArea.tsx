import { usePagewalk } from "../../store/usePagewalk";
import { ReachPlot } from "./ReachPlot";
import { TlbPanel } from "./TlbPanel";
import { TracePanel } from "./TracePanel";
import "./tlb.css";

/**
 * The TLB's panels, mounted only while "Model the TLB" is on: off, nothing of them runs (no reach
 * computation at start-up, no TLB tables recomputed on every edit).
 */
export function TlbArea() {
  const on = usePagewalk((s) => s.tlbUi.on);
  if (!on) return null;
  return (
    <>
      <TlbPanel />
      <TracePanel />
      <ReachPlot />
    </>
  );
}
