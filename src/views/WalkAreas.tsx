import { usePagewalk } from "../store/usePagewalk";
import { AddressBar } from "./AddressBar";
import { GraphPanel } from "./GraphPanel";
import { WalkPath } from "./WalkPath";
import { StepPanel } from "./stepper/StepPanel";

/**
 * The heart of every page: the address bar, the stepper with the walk, and the graph, in their
 * layout areas. The full page adds the table, registers, inspector and memory; the embed shows
 * only these.
 *
 * While presenting, the walk's cards leave the stepper's area for their own, after the graph: the
 * presentation layout shows the stepper, then the graph, then the cards, and the page's order (what
 * Tab and a screen reader follow) must be the order drawn. The keys keep the address bar, the
 * stepper and the graph mounted across the switch (the graph keeps its view); only the cards are
 * built again.
 */
export function WalkAreas({ embed = false }: { readonly embed?: boolean }) {
  const cardsAfterGraph = usePagewalk((s) => s.presenting) && !embed;
  return (
    <>
      <div key="address" className="area-address">
        <AddressBar />
      </div>
      <div key="walk" className="area-walk">
        <StepPanel />
        {!cardsAfterGraph && <WalkPath />}
      </div>
      <div key="graph" className="area-graph">
        <GraphPanel sizedByLayout={embed} />
      </div>
      {cardsAfterGraph && (
        <div key="cards" className="area-cards">
          <WalkPath />
        </div>
      )}
    </>
  );
}
