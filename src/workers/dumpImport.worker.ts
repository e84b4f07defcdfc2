/**
 * Dump import off the main thread (DESIGN §3): reads a `File` in slices (`file.slice().arrayBuffer()`,
 * neighbouring frames merged into one read), finds the page tables reachable from CR3 with the
 * core's `discoverTables`, posts progress after every read, stops on "cancel", and hands the found
 * frames back as transferred buffers.
 */
import {
  discoverTables,
  importRegisters,
  packFrames,
  probeDumpAsync,
  type AsyncByteSource,
  type ProbedDump,
} from "../core/dump";
import type { DumpImportRequest, DumpImportResponse } from "./dumpImportProtocol";

interface WorkerScope {
  onmessage: ((event: MessageEvent<DumpImportRequest>) => void) | null;
  postMessage(message: DumpImportResponse, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

let source: AsyncByteSource | null = null;
let probed: ProbedDump | null = null;
let running: AbortController | null = null;

function fileSource(file: File): AsyncByteSource {
  return {
    size: file.size,
    read: async (offset, length) => new Uint8Array(await file.slice(offset, offset + length).arrayBuffer()),
  };
}

async function open(file: File): Promise<void> {
  source = fileSource(file);
  probed = null;
  const result = await probeDumpAsync(source);
  if (!result.ok) {
    scope.postMessage({ type: "error", error: result.error });
    return;
  }
  probed = result.value;
  const { format, cpu, ramBytes, fileBytes, segments } = result.value;
  scope.postMessage({ type: "opened", format, cpu, ramBytes, fileBytes, segmentCount: segments.length });
}

async function runImport(request: Extract<DumpImportRequest, { type: "import" }>): Promise<void> {
  if (source === null || probed === null) {
    scope.postMessage({ type: "error", error: { kind: "not-a-dump", message: "No dump is open." } });
    return;
  }
  const regs = importRegisters(probed, request.registers);
  if (!regs.ok) {
    scope.postMessage({ type: "error", error: regs.error });
    return;
  }
  running?.abort();
  const controller = new AbortController();
  running = controller;
  const started = performance.now();
  let progressEvents = 0;
  const found = await discoverTables(source, probed, regs.value, {
    signal: controller.signal,
    onProgress: (progress) => {
      progressEvents++;
      scope.postMessage({ type: "progress", ...progress });
    },
  });
  if (running === controller) running = null;
  if (!found.ok) {
    scope.postMessage({ type: "error", error: found.error });
    return;
  }
  const { pfns, words } = packFrames(found.value.frames);
  const { format, ramBytes, outsidePfns, truncated, stats, warnings } = found.value;
  scope.postMessage(
    {
      type: "done",
      format,
      regs: found.value.regs,
      ramBytes,
      pfns,
      words,
      outsidePfns,
      truncated,
      stats,
      warnings,
      progressEvents,
      elapsedMs: performance.now() - started,
    },
    [pfns.buffer, words.buffer],
  );
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === "cancel") running?.abort();
  else if (request.type === "open") void open(request.file);
  else void runImport(request);
};
