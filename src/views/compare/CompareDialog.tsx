import { useEffect, useId, useRef, useState } from "react";
import { formatHex } from "../../core/common";
import type { DiffChange } from "../../core/diff";
import { appStore, actions, usePagewalk } from "../../store/usePagewalk";
import {
  compareSides,
  fileSide,
  otherCr3Side,
  undoSide,
  type Comparison,
  type CompareSide,
} from "./compareSources";
import { CompareResult } from "./CompareResult";
import "./compare.css";
import { CODE_FIELD } from "../codeField";

type Source = "cr3" | "file" | "undo";

/** The first process CR3 of the open scenario that is not the current one: the natural other side. */
function suggestedCr3(): string {
  const { meta, machine } = appStore.getState();
  const other = meta?.processes.find((p) => p.cr3 !== machine.regs.cr3);
  return other ? formatHex(other.cr3) : "";
}

/**
 * "Compare with…": the mappings of the current address space against another CR3 of this machine,
 * a scenario file, or the state N undo steps ago — added, removed and changed ranges in VA order,
 * with counts. A modal dialog like Export code; clicking a range's start walks it.
 */
export function CompareDialog() {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [source, setSource] = useState<Source>("cr3");
  const [cr3Text, setCr3Text] = useState("");
  const [steps, setSteps] = useState("1");
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Comparison | null>(null);
  // Read while the dialog is open: closed, an edit does not render it again.
  const undoable = usePagewalk((s) => (open ? s.past.length : 0));
  const id = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const onClose = (): void => setOpen(false);
    dialog.addEventListener("close", onClose);
    return () => dialog.removeEventListener("close", onClose);
  }, []);

  /**
   * The file input is drawn only while "A scenario file" is chosen, and a new one starts empty: the
   * file goes with it, so Compare never uses a file the dialog no longer shows as chosen.
   */
  const choose = (next: Source): void => {
    setSource(next);
    setFile(null);
  };

  const show = (): void => {
    setCr3Text(suggestedCr3());
    setFile(null);
    setError(null);
    setResult(null);
    setOpen(true);
    dialogRef.current?.showModal();
  };

  const compare = async (): Promise<void> => {
    const { machine } = appStore.getState();
    const current: CompareSide = {
      machine,
      regs: machine.regs,
      name: `this address space (CR3 ${formatHex(machine.regs.cr3)})`,
    };
    let other;
    if (source === "cr3") other = otherCr3Side(machine, cr3Text);
    else if (source === "undo") other = undoSide(appStore.getState().past, Number(steps));
    else if (file === null)
      other = {
        ok: false as const,
        error: { kind: "no-file", message: "Choose a scenario file to compare with." },
      };
    else other = await fileSide(file);
    if (!other.ok) {
      setError(other.error.message);
      setResult(null);
      return;
    }
    setError(null);
    setResult(compareSides(other.value, current));
  };

  const walkTo = (c: DiffChange): void => {
    actions.setVaText(formatHex(BigInt(c.startVpn) << 12n));
    dialogRef.current?.close();
  };

  return (
    <>
      <button type="button" onClick={show} aria-haspopup="dialog">
        Compare with…
      </button>
      <dialog ref={dialogRef} className="export-dialog compare-dialog" aria-labelledby={`${id}-h`}>
        {open && (
          <>
            <div className="panel-head">
              <h2 id={`${id}-h`}>Compare this address space with…</h2>
              <button type="button" onClick={() => dialogRef.current?.close()}>
                Close
              </button>
            </div>
            <form
              className="compare-form"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void compare();
              }}
            >
              <fieldset>
                <legend>Compare with</legend>
                <label>
                  <input
                    type="radio"
                    name={`${id}-src`}
                    checked={source === "cr3"}
                    onChange={() => choose("cr3")}
                  />
                  Another CR3 of this machine
                </label>
                <label>
                  <input
                    type="radio"
                    name={`${id}-src`}
                    checked={source === "file"}
                    onChange={() => choose("file")}
                  />
                  A scenario file
                </label>
                <label>
                  <input
                    type="radio"
                    name={`${id}-src`}
                    checked={source === "undo"}
                    onChange={() => choose("undo")}
                  />
                  An earlier state (undo history)
                </label>
              </fieldset>
              {source === "cr3" ? (
                <label className="inline-form">
                  CR3 to compare with
                  <input
                    className="mono"
                    value={cr3Text}
                    {...CODE_FIELD}
                    onChange={(e) => setCr3Text(e.target.value)}
                  />
                </label>
              ) : source === "file" ? (
                <label className="inline-form">
                  Scenario file to compare with
                  <input
                    type="file"
                    accept=".json,.pwscn"
                    onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                  />
                </label>
              ) : (
                <label className="inline-form">
                  Undo steps ago
                  <input
                    className="mono narrow"
                    type="number"
                    min={1}
                    max={Math.max(1, undoable)}
                    value={steps}
                    onChange={(e) => setSteps(e.target.value)}
                  />
                  <span className="muted small-text">{undoable} kept</span>
                </label>
              )}
              <button type="submit">Compare</button>
            </form>
            {error !== null ? (
              <p className="error" role="alert">
                {error}
              </p>
            ) : null}
            {result !== null ? <CompareResult comparison={result} onWalk={walkTo} /> : null}
          </>
        )}
      </dialog>
    </>
  );
}
