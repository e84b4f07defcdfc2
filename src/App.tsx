import { AddressBar } from "./views/AddressBar";
import { EntryInspector } from "./views/EntryInspector";
import { GraphPanel } from "./views/GraphPanel";
import { HistoryButtons } from "./views/HistoryButtons";
import { MemoryPanel } from "./views/MemoryPanel";
import { RegistersPanel } from "./views/RegistersPanel";
import { TablePanel } from "./views/TablePanel";
import { ThemeSwitch } from "./views/ThemeSwitch";
import { WalkPath } from "./views/WalkPath";

/** The instrument: address on top, the walk on the left, tables in the middle, registers on the right. */
export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Pagewalk</h1>
        <p className="tagline">x86-64 paging you can see and click</p>
        <HistoryButtons />
        <ThemeSwitch />
      </header>
      <main className="layout">
        <div className="area-address">
          <AddressBar />
        </div>
        <div className="area-walk">
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
        </div>
      </main>
    </div>
  );
}
