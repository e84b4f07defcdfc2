import { useRef } from "react";
import { openFile, saveCurrent } from "./scenarioIo";

/** "Save" downloads the state as a scenario JSON file; "Open…" reads one (`.json` or `.pwscn`). */
export function ScenarioFileButtons() {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <div className="scenario-files" role="group" aria-label="Scenario file">
      <button type="button" onClick={saveCurrent} title="Download this state as a scenario file (JSON)">
        Save
      </button>
      <button
        type="button"
        onClick={() => inputRef.current?.click()}
        title="Open a scenario file (.json or .pwscn); you can also drop one on the page"
      >
        Open…
      </button>
      <input
        ref={inputRef}
        type="file"
        accept=".json,.pwscn,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Scenario file to open"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = ""; // choosing the same file again still opens it
          if (file) void openFile(file);
        }}
      />
    </div>
  );
}
