/**
 * Messages between the page and `dumpImport.worker.ts`. A `File` is structured-cloneable (the
 * worker reads it in slices, never whole); the found frames come back as two transferred buffers.
 */
import type {
  DumpCpuState,
  DiscoveryProgress,
  DiscoveryStats,
  DumpImportError,
  RegisterChoices,
} from "../core/dump";
import type { Registers } from "../core/arch";

export type DumpImportRequest =
  | { readonly type: "open"; readonly file: File }
  | { readonly type: "import"; readonly registers: RegisterChoices }
  | { readonly type: "cancel" };

export interface OpenedDump {
  readonly format: "raw" | "elf";
  readonly cpu: DumpCpuState | null;
  readonly ramBytes: number;
  readonly fileBytes: number;
  readonly segmentCount: number;
}

export interface ImportedFrames {
  readonly format: "raw" | "elf";
  readonly regs: Registers;
  readonly ramBytes: number;
  readonly pfns: Float64Array<ArrayBuffer>;
  readonly words: Uint32Array<ArrayBuffer>;
  readonly outsidePfns: readonly number[];
  readonly truncated: boolean;
  readonly stats: DiscoveryStats;
  readonly warnings: readonly string[];
  /** Progress messages posted during the import. */
  readonly progressEvents: number;
  readonly elapsedMs: number;
}

export type DumpImportResponse =
  | ({ readonly type: "opened" } & OpenedDump)
  | ({ readonly type: "progress" } & DiscoveryProgress)
  | ({ readonly type: "done" } & ImportedFrames)
  | { readonly type: "error"; readonly error: DumpImportError };
