import { useEffect, useState } from "react";
import { quotable } from "../../core/common";
import { actions } from "../../store/usePagewalk";
import { looksLikeDump, requestDumpImport } from "../dump/dumpDrop";
import { openFile } from "./scenarioIo";

const carriesFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes("Files");

/** A modal dialog (an import under way, Export, Compare…) makes the page behind it inert: drops too. */
const modalOpen = (): boolean => document.querySelector("dialog:modal") !== null;

/**
 * Drop a scenario file or a memory dump anywhere on the page: while a file is dragged over the
 * window an overlay says what will happen; dropping opens the first file like "Open…", or like
 * "Import dump…" when it is a dump. An embed opens no files (it has neither button), and says so
 * rather than let the browser replace the embed with the file.
 */
export function DropZone({ inEmbed = false }: { readonly inEmbed?: boolean }) {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // dragenter/dragleave fire for every child element crossed; count them to know when we left.
    let depth = 0;
    const onEnter = (e: DragEvent): void => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (modalOpen()) return;
      depth++;
      setDragging(true);
    };
    const onOver = (e: DragEvent): void => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    };
    const onLeave = (e: DragEvent): void => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (e: DragEvent): void => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (!file || modalOpen()) return;
      if (inEmbed)
        actions.showMessage({
          kind: "error",
          text: `"${quotable(file.name)}" was not opened: this embedded Pagewalk opens no files. Use “Open in Pagewalk” and drop it there.`,
        });
      else void looksLikeDump(file).then((dump) => (dump ? requestDumpImport(file) : openFile(file)));
    };
    window.addEventListener("dragenter", onEnter);
    window.addEventListener("dragover", onOver);
    window.addEventListener("dragleave", onLeave);
    window.addEventListener("drop", onDrop);
    return () => {
      window.removeEventListener("dragenter", onEnter);
      window.removeEventListener("dragover", onOver);
      window.removeEventListener("dragleave", onLeave);
      window.removeEventListener("drop", onDrop);
    };
  }, [inEmbed]);

  if (!dragging) return null;
  return (
    <div className="drop-overlay" aria-hidden="true">
      <p>
        {inEmbed
          ? "This embedded Pagewalk opens no files: use “Open in Pagewalk” and drop the file there"
          : "Drop a scenario file (.json or .pwscn) to open it, or a memory dump to import its tables"}
      </p>
    </div>
  );
}
