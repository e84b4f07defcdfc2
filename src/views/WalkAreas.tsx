import { AddressBar } from "./AddressBar";
import { GraphPanel } from "./GraphPanel";
import { WalkPath } from "./WalkPath";
import { StepPanel } from "./stepper/StepPanel";

/**
 * The heart of every page: the address bar, the stepper with the walk, and the graph, in their
 * layout areas. The full page adds the table, registers, inspector and memory; the embed shows
 * only these.
 */
export function WalkAreas({ embed = false }: { readonly embed?: boolean }) {
  return (
    <>
      <div className="area-address">
        <AddressBar />
      </div>
      <div className="area-walk">
        <StepPanel />
        <WalkPath />
      </div>
      <div className="area-graph">
        <GraphPanel sizedByLayout={embed} />
      </div>
    </>
  );
}
