import { ReachPlot } from "./ReachPlot";
import { TlbPanel } from "./TlbPanel";
import { TracePanel } from "./TracePanel";
import "./tlb.css";

/** The TLB's panels, shown while "Model the TLB" is on. */
export function TlbArea() {
  return (
    <>
      <TlbPanel />
      <TracePanel />
      <ReachPlot />
    </>
  );
}
