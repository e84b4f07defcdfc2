import type { ReactElement, ReactNode } from "react";
import { AddressBar } from "./AddressBar";
import { GraphPanel } from "./GraphPanel";
import { WalkPath } from "./WalkPath";
import { StepPanel } from "./stepper/StepPanel";

/** One area of the page's grid (`.area-NAME`, placed by app.css), keyed by its name. */
export function layoutArea(name: string, children: ReactNode): ReactElement {
  return (
    <div key={name} className={`area-${name}`}>
      {children}
    </div>
  );
}

/** The heart of every page, each in its layout area and keyed, for the page to put in its order. */
export interface WalkAreaElements {
  readonly address: ReactElement;
  readonly walk: ReactElement;
  readonly graph: ReactElement;
  /** The walk's cards in an area of their own, after the graph (while presenting), else null. */
  readonly cards: ReactElement | null;
}

/**
 * The address bar, the stepper with the walk, and the graph, in their layout areas. The full page
 * adds the table, registers, inspector and memory; the embed shows only these.
 *
 * They are keyed elements, not a component, so that the page can place its other areas between them
 * in one list of siblings (a phone draws the inspector and the table between the walk and the
 * graph): when the order changes, React moves the areas and keeps them mounted (the graph keeps its
 * view). While presenting, the walk's cards leave the stepper's area for their own, after the graph:
 * the presentation layout shows the stepper, then the graph, then the cards, and the page's order
 * (what Tab and a screen reader follow) must be the order drawn.
 */
export function walkAreas({
  cardsAfterGraph,
  embed = false,
}: {
  readonly cardsAfterGraph: boolean;
  readonly embed?: boolean;
}): WalkAreaElements {
  return {
    address: layoutArea("address", <AddressBar />),
    walk: layoutArea(
      "walk",
      <>
        <StepPanel />
        {!cardsAfterGraph && <WalkPath />}
      </>,
    ),
    graph: layoutArea("graph", <GraphPanel sizedByLayout={embed} />),
    cards: cardsAfterGraph ? layoutArea("cards", <WalkPath />) : null,
  };
}
