import { AddressBar } from "../AddressBar";
import { GraphPanel } from "../GraphPanel";
import { WalkPath } from "../WalkPath";
import { GlossaryProvider } from "../glossary/GlossaryProvider";
import { ScenarioMessage } from "../scenario/ScenarioMessage";
import { StepPanel } from "../stepper/StepPanel";
import { EmbedBar } from "./EmbedBar";
import "./present.css";

/**
 * Pagewalk for an `<iframe>` (`?embed=1`, about 800×450): the address bar, the stepper, the walk
 * and the graph under one compact bar, with no menus; `&readonly=1` makes the store refuse edits.
 * The README shows the snippet.
 */
export function EmbedApp() {
  return (
    <GlossaryProvider>
      <div className="app embed">
        <EmbedBar />
        <ScenarioMessage />
        <main className="layout">
          <div className="area-address">
            <AddressBar />
          </div>
          <div className="area-walk">
            <StepPanel />
            <WalkPath />
          </div>
          <div className="area-graph">
            <GraphPanel />
          </div>
        </main>
      </div>
    </GlossaryProvider>
  );
}
