/**
 * One dump import: a worker per chosen file, its messages turned into a small state machine the
 * dialog renders (opening → ready → importing → done, or an error), and, on success, the machine
 * loaded into the store as one undoable step.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import {
  unpackFrames,
  type Discovery,
  type DiscoveryProgress,
  type DumpImportError,
  type RegisterChoices,
} from "../../core/dump";
import {
  looksLikeScenarioFile,
  scenarioFromDiscovery,
  SCENARIO_SNIFF_BYTES,
  type ScenarioState,
} from "../../core/scenario";
import { actions, appStore } from "../../store/usePagewalk";
import type {
  DumpImportRequest,
  DumpImportResponse,
  ImportedFrames,
  OpenedDump,
} from "../../workers/dumpImportProtocol";

export type DumpImportState =
  | { readonly phase: "opening" }
  | { readonly phase: "ready"; readonly dump: OpenedDump; readonly error: DumpImportError | null }
  | {
      readonly phase: "importing";
      readonly dump: OpenedDump;
      readonly progress: DiscoveryProgress | null;
      readonly progressEvents: number;
    }
  | {
      readonly phase: "done";
      readonly dump: OpenedDump;
      readonly result: ImportedFrames;
      readonly discovery: Discovery;
      /** What was loaded, and what "Export as scenario" saves. */
      readonly scenario: ScenarioState;
    }
  | { readonly phase: "failed"; readonly error: DumpImportError }
  /** The file is a Pagewalk scenario, not a dump: the dialog offers to open it as one. */
  | { readonly phase: "scenario-file" };

export interface DumpImport {
  readonly state: DumpImportState;
  start: (registers: RegisterChoices) => void;
  cancel: () => void;
}

export function useDumpImport(file: File): DumpImport {
  const [state, setState] = useState<DumpImportState>({ phase: "opening" });
  const worker = useRef<Worker | null>(null);

  useEffect(() => {
    const w = new Worker(new URL("../../workers/dumpImport.worker.ts", import.meta.url), { type: "module" });
    worker.current = w;
    let opened: OpenedDump | null = null;
    let progressEvents = 0;
    w.onmessage = (event: MessageEvent<DumpImportResponse>) => {
      const message = event.data;
      switch (message.type) {
        case "opened": {
          const { type: _type, ...dump } = message;
          opened = dump;
          setState({ phase: "ready", dump, error: null });
          break;
        }
        case "progress": {
          const { type: _type, ...progress } = message;
          progressEvents++;
          const dump = opened;
          if (dump) setState({ phase: "importing", dump, progress, progressEvents });
          break;
        }
        case "done": {
          const { type: _type, ...result } = message;
          if (!opened) break;
          setState({ phase: "done", dump: opened, result, ...loadImported(result, file.name) });
          break;
        }
        case "error":
          // Before the dump opened, nothing can be retried; after, the form stays for another try.
          setState(
            opened
              ? { phase: "ready", dump: opened, error: message.error }
              : { phase: "failed", error: message.error },
          );
          break;
      }
    };
    w.onerror = (event) => {
      event.preventDefault();
      setState({
        phase: "failed",
        error: {
          kind: "read-failed",
          message: `The import worker failed: ${event.message || "unknown error"}.`,
        },
      });
    };
    // A scenario file is caught before the dump reader calls it "not a whole number of 4 KiB frames".
    let current = true;
    void file
      .slice(0, SCENARIO_SNIFF_BYTES)
      .arrayBuffer()
      .then((head) => looksLikeScenarioFile(file.name, new Uint8Array(head)))
      .catch(() => false)
      .then((scenario) => {
        if (!current) return;
        if (scenario) setState({ phase: "scenario-file" });
        else w.postMessage({ type: "open", file } satisfies DumpImportRequest);
      });
    return () => {
      current = false;
      w.terminate();
      worker.current = null;
    };
  }, [file]);

  const start = useCallback((registers: RegisterChoices) => {
    setState((s) =>
      s.phase === "ready" ? { phase: "importing", dump: s.dump, progress: null, progressEvents: 0 } : s,
    );
    worker.current?.postMessage({ type: "import", registers } satisfies DumpImportRequest);
  }, []);

  const cancel = useCallback(() => {
    worker.current?.postMessage({ type: "cancel" } satisfies DumpImportRequest);
  }, []);

  return { state, start, cancel };
}

/**
 * Loads the imported tables as a scenario (source "dump": one undoable step, and the previous
 * scenario's title and bookmarks go away with the machine they described), keeping the VA under
 * study when it translates in the new tables, else the first mapping, with CR3's table selected.
 */
function loadImported(
  result: ImportedFrames,
  fileName: string,
): { discovery: Discovery; scenario: ScenarioState } {
  const discovery: Discovery = {
    format: result.format,
    regs: result.regs,
    ramBytes: result.ramBytes,
    frames: unpackFrames(result),
    outsidePfns: result.outsidePfns,
    truncated: result.truncated,
    stats: result.stats,
    warnings: result.warnings,
  };
  const { selection } = appStore.getState();
  const scenario = scenarioFromDiscovery(discovery, {
    source: fileName,
    title: `Imported from ${fileName}`,
    current: { va: selection.va, access: selection.access },
  });
  actions.loadScenario(scenario, "dump");
  return { discovery, scenario };
}
