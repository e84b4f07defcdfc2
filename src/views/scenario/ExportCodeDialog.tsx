import { useEffect, useId, useRef, useState } from "react";
import { appStore } from "../../store/usePagewalk";
import { CODE_FIELD } from "../codeField";

type Language = "c" | "nasm";
const LANGUAGES: readonly { id: Language; name: string; file: string }[] = [
  { id: "c", name: "C", file: "page_tables.c" },
  { id: "nasm", name: "NASM", file: "page_tables.asm" },
];

/**
 * "Export code": the tables reachable from CR3 as C (aligned `uint64_t` arrays) or NASM (`dq`),
 * with the physical addresses they assume in the header comment. A modal <dialog> (focus stays
 * inside, Escape closes); the export code is loaded when first opened.
 */
export function ExportCodeDialog() {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [language, setLanguage] = useState<Language>("c");
  const [code, setCode] = useState<Record<Language, string> | null>(null);
  const [copied, setCopied] = useState<string>("");
  const textRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  const show = async (): Promise<void> => {
    const { machine } = appStore.getState();
    setCode(null);
    setCopied("");
    setOpen(true);
    dialogRef.current?.showModal();
    const { exportTablesC, exportTablesNasm } = await import("../../core/export-code");
    setCode({
      c: exportTablesC(machine.ram, machine.regs),
      nasm: exportTablesNasm(machine.ram, machine.regs),
    });
  };

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const onClose = (): void => setOpen(false);
    dialog.addEventListener("close", onClose);
    return () => dialog.removeEventListener("close", onClose);
  }, []);

  const copy = async (): Promise<void> => {
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code[language]);
      setCopied("Copied to the clipboard.");
    } catch {
      textRef.current?.select();
      setCopied("Selected: press Ctrl+C to copy.");
    }
  };

  const text = code?.[language] ?? "";
  const lines = text ? text.split("\n").length : 0;
  return (
    <>
      <button type="button" onClick={() => void show()} aria-haspopup="dialog">
        Export code
      </button>
      <dialog ref={dialogRef} className="export-dialog" aria-labelledby={`${id}-h`}>
        {open && (
          <>
            <div className="panel-head">
              <h2 id={`${id}-h`}>Export the page tables as code</h2>
              <button type="button" onClick={() => dialogRef.current?.close()}>
                Close
              </button>
            </div>
            <p className="muted">
              Every table reachable from CR3, in the language of your kernel. Entries hold physical addresses:
              place each table at the address its comment states, or patch the address fields when you load
              it.
            </p>
            <div className="export-tabs" role="radiogroup" aria-label="Language">
              {LANGUAGES.map((l) => (
                <label key={l.id}>
                  <input
                    type="radio"
                    name={`${id}-lang`}
                    checked={language === l.id}
                    onChange={() => {
                      setLanguage(l.id);
                      setCopied("");
                    }}
                  />
                  {l.name}
                </label>
              ))}
              <button type="button" onClick={() => void copy()} disabled={!code}>
                Copy {LANGUAGES.find((l) => l.id === language)?.name}
              </button>
              <span className="muted small-text" aria-live="polite">
                {copied || (code ? `${lines.toLocaleString("en")} lines` : "Preparing…")}
              </span>
            </div>
            <label htmlFor={`${id}-code`} className="visually-hidden">
              {LANGUAGES.find((l) => l.id === language)?.name} code
            </label>
            <textarea
              id={`${id}-code`}
              ref={textRef}
              className="mono export-code"
              readOnly
              value={text}
              {...CODE_FIELD}
              wrap="off"
            />
          </>
        )}
      </dialog>
    </>
  );
}
