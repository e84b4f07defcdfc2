import { EntryInspector } from "./views/EntryInspector";
import { HistoryButtons } from "./views/HistoryButtons";
import { MemoryPanel } from "./views/MemoryPanel";
import { RegistersPanel } from "./views/RegistersPanel";
import { TablePanel } from "./views/TablePanel";
import { StartHere } from "./views/StartHere";
import { ThemeSwitch } from "./views/ThemeSwitch";
import { GlossaryButton } from "./views/glossary/GlossaryButton";
import { layoutArea, walkAreas } from "./views/walkAreas";
import { useOneColumn } from "./views/layout/useOneColumn";
import { GlossaryProvider } from "./views/glossary/GlossaryProvider";
import { ImportDumpButton } from "./views/dump/ImportDumpButton";
import { DropZone } from "./views/scenario/DropZone";
import { ExamplesMenu } from "./views/scenario/ExamplesMenu";
import { ExportCodeDialog } from "./views/scenario/ExportCodeDialog";
import { CompareDialog } from "./views/compare/CompareDialog";
import { ScenarioFileButtons } from "./views/scenario/ScenarioFileButtons";
import { ScenarioMessage } from "./views/scenario/ScenarioMessage";
import { ScenarioPanel } from "./views/scenario/ScenarioPanel";
import { ShareButton } from "./views/scenario/ShareButton";
import { useShareLink } from "./views/scenario/useShareLink";
import { DisplayControls } from "./views/present/DisplayControls";
import { EmbedApp } from "./views/present/EmbedApp";
import { displayModeOf } from "./store/displayMode";
import { usePagewalk } from "./store/usePagewalk";
import { MappingsPanel } from "./views/mappings/MappingsPanel";
import { ExplainFaultButton } from "./views/explain/ExplainFaultButton";
import { CheckPanel } from "./views/check/CheckPanel";
import { TlbArea } from "./views/tlb/TlbArea";
import "./views/scenario/scenario.css";
import { ExerciseScreen } from "./views/exercise/ExerciseScreen";
import { ExercisesButton } from "./views/exercise/ExercisesButton";
import { LessonBar } from "./views/lesson/LessonBar";

/** `?embed=1`: the compact page for an iframe (decided once, by the URL the page was opened with). */
const EMBED = displayModeOf(location.search).embed;

/**
 * The instrument: address on top, the walk on the left, tables in the middle, registers on the
 * right. Presentation mode keeps the address bar, the stepper, the walk and the graph (present.css).
 */
export function App() {
  useShareLink();
  const presenting = usePagewalk((s) => s.presenting);
  if (EMBED) return <EmbedApp />;
  return (
    <GlossaryProvider>
      <div className={presenting ? "app presenting" : "app"}>
        <header className="app-header">
          <h1>Pagewalk</h1>
          <p className="tagline">x86-64 paging you can see and click</p>
          <nav className="scenario-toolbar" aria-label="Scenario">
            <ExamplesMenu />
            <ShareButton />
            <ScenarioFileButtons />
            <ImportDumpButton />
            <ExportCodeDialog />
            <CompareDialog />
            <ExercisesButton />
            <ExplainFaultButton />
          </nav>
          <HistoryButtons floatable />
          <GlossaryButton />
          <DisplayControls />
          <ThemeSwitch />
        </header>
        <StartHere />
        <ScenarioMessage />
        <LessonBar />
        <ScenarioPanel />
        <ExerciseScreen />
        <div id="explain-host" />
        <main className="layout">
          <LayoutAreas presenting={presenting} />
        </main>
        <DropZone />
      </div>
    </GlossaryProvider>
  );
}

/**
 * The page's areas in the order they are drawn, which Tab and a screen reader follow: the walk's
 * column, the graph, the table, the registers, then the inspector and memory across; on a phone's one
 * column (app.css) the entry inspector and the table come straight after the walk, before the graph.
 * One list of keyed siblings: a change of order moves areas, it does not build them again.
 */
function LayoutAreas({ presenting }: { readonly presenting: boolean }) {
  const oneColumn = useOneColumn();
  const { address, walk, graph, cards } = walkAreas({ cardsAfterGraph: presenting });
  const table = layoutArea("table", <TablePanel />);
  const regs = layoutArea("regs", <RegistersPanel />);
  const inspector = layoutArea("inspector", <EntryInspector />);
  const memory = layoutArea(
    "memory",
    <>
      <MemoryPanel />
      <MappingsPanel />
      <CheckPanel />
      <TlbArea />
    </>,
  );
  return oneColumn
    ? [address, walk, inspector, table, graph, cards, regs, memory]
    : [address, walk, graph, cards, table, regs, inspector, memory];
}
