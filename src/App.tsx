import { AddressBar } from "./views/AddressBar";
import { EntryInspector } from "./views/EntryInspector";
import { GraphPanel } from "./views/GraphPanel";
import { HistoryButtons } from "./views/HistoryButtons";
import { MemoryPanel } from "./views/MemoryPanel";
import { RegistersPanel } from "./views/RegistersPanel";
import { TablePanel } from "./views/TablePanel";
import { StartHere } from "./views/StartHere";
import { ThemeSwitch } from "./views/ThemeSwitch";
import { GlossaryButton } from "./views/glossary/GlossaryButton";
import { GlossaryProvider } from "./views/glossary/GlossaryProvider";
import { WalkPath } from "./views/WalkPath";
import { ImportDumpButton } from "./views/dump/ImportDumpButton";
import { DropZone } from "./views/scenario/DropZone";
import { ExamplesMenu } from "./views/scenario/ExamplesMenu";
import { ExportCodeDialog } from "./views/scenario/ExportCodeDialog";
import { ScenarioFileButtons } from "./views/scenario/ScenarioFileButtons";
import { ScenarioMessage } from "./views/scenario/ScenarioMessage";
import { ScenarioPanel } from "./views/scenario/ScenarioPanel";
import { ShareButton } from "./views/scenario/ShareButton";
import { useShareLink } from "./views/scenario/useShareLink";
import { StepPanel } from "./views/stepper/StepPanel";
import { MappingsPanel } from "./views/mappings/MappingsPanel";
import "./views/scenario/scenario.css";

/** The instrument: address on top, the walk on the left, tables in the middle, registers on the right. */
export function App() {
  useShareLink();
  return (
    <GlossaryProvider>
      <div className="app">
        <header className="app-header">
          <h1>Pagewalk</h1>
          <p className="tagline">x86-64 paging you can see and click</p>
          <nav className="scenario-toolbar" aria-label="Scenario">
            <ExamplesMenu />
            <ShareButton />
            <ScenarioFileButtons />
            <ImportDumpButton />
            <ExportCodeDialog />
          </nav>
          <HistoryButtons />
          <GlossaryButton />
          <ThemeSwitch />
        </header>
        <StartHere />
        <ScenarioMessage />
        <ScenarioPanel />
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
          <div className="area-table">
            <TablePanel />
          </div>
          <div className="area-regs">
            <RegistersPanel />
          </div>
          <div className="area-inspector">
            <EntryInspector />
          </div>
          <div className="area-memory">
            <MemoryPanel />
            <MappingsPanel />
          </div>
        </main>
        <DropZone />
      </div>
    </GlossaryProvider>
  );
}
