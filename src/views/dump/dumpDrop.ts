/**
 * Files dropped on the page that are memory dumps go to the dump import, not to "open scenario":
 * the drop zone asks `looksLikeDump` and hands such a file to `requestDumpImport`, which the
 * "Import dump…" button listens for and opens its dialog with.
 */
import { fileKindOf } from "../../core/common";

const EVENT = "pagewalk:import-dump";

/**
 * An ELF file (any ELF: the import explains when it is not a core), or anything that is neither a
 * scenario by name nor small enough to be one (scenario files stop at 32 MiB; dumps are frames).
 */
export async function looksLikeDump(file: File): Promise<boolean> {
  if (/\.(json|pwscn)$/i.test(file.name)) return false;
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  if (fileKindOf(head) === "elf") return true;
  return file.size >= 1024 * 1024 && file.size % 4096 === 0;
}

export function requestDumpImport(file: File): void {
  window.dispatchEvent(new CustomEvent<File>(EVENT, { detail: file }));
}

export function onDumpImportRequest(handler: (file: File) => void): () => void {
  const listener = (e: Event): void => handler((e as CustomEvent<File>).detail);
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
