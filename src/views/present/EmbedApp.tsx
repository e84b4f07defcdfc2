import { walkAreas } from "../walkAreas";
import { GlossaryProvider } from "../glossary/GlossaryProvider";
import { ScenarioMessage } from "../scenario/ScenarioMessage";
import { DropZone } from "../scenario/DropZone";
import { EmbedBar } from "./EmbedBar";
import { LessonBar } from "../lesson/LessonBar";
import "./present.css";

/**
 * Pagewalk for an `<iframe>` (`?embed=1`, about 800×450): the address bar, the stepper, the walk
 * and the graph under one compact bar, with no menus; `&readonly=1` makes the store refuse edits.
 * The README shows the snippet.
 */
export function EmbedApp() {
  const { address, walk, graph } = walkAreas({ cardsAfterGraph: false, embed: true });
  return (
    <GlossaryProvider>
      <div className="app embed">
        <EmbedBar />
        <ScenarioMessage inEmbed />
        <LessonBar />
        <main className="layout">{[address, walk, graph]}</main>
        <DropZone inEmbed />
      </div>
    </GlossaryProvider>
  );
}
