import { useEffect, useRef, useState } from "react";
import { onDumpImportRequest } from "./dumpDrop";
import { ImportDumpDialog } from "./ImportDumpDialog";

/** "Import dump…": a file picker for a raw or ELF memory dump, then the import dialog. */
export function ImportDumpButton() {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  // A new key per chosen file gives each import its own worker and form.
  const [generation, setGeneration] = useState(0);
  // A dump dropped on the page opens this dialog too.
  useEffect(
    () =>
      onDumpImportRequest((dropped) => {
        setFile(dropped);
        setGeneration((g) => g + 1);
      }),
    [],
  );
  // When the dialog goes, the focus comes back here.
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <div className="import-dump">
      <button type="button" ref={opener} onClick={() => input.current?.click()}>
        Import dump…
      </button>
      <input
        ref={input}
        type="file"
        aria-label="Memory dump file"
        onChange={(e) => {
          const chosen = e.target.files?.[0] ?? null;
          e.target.value = ""; // choosing the same file again imports it again
          if (chosen) {
            setFile(chosen);
            setGeneration((g) => g + 1);
          }
        }}
      />
      {file ? (
        <ImportDumpDialog key={generation} file={file} onClose={() => setFile(null)} returnFocusTo={opener} />
      ) : null}
    </div>
  );
}
