import { useEffect, useId, useRef, useState } from "react";
import { MAX_LINK_LENGTH } from "../../core/scenario";
import { appStore, usePagewalk } from "../../store/usePagewalk";
import { selectLessonEditsLeftOut } from "../../store/selectors";
import { saveCurrent, shareCurrent, type ShareResult } from "./scenarioIo";
import { usePopoverDismissal } from "./usePopoverDismissal";
import { useShiftInsideWindow } from "../layout/useShiftInsideWindow";
import { useRoomBelowHeader } from "../layout/useRoomBelowHeader";
import { unexpectedErrorText } from "./unexpectedError";

type ShareState =
  | { readonly kind: "idle" }
  | { readonly kind: "working" }
  | ShareResult
  | { readonly kind: "failed"; readonly message: string };

/**
 * "Copy link": the whole state goes into the URL fragment (a history entry of its own) and the
 * URL onto the clipboard. The URL and its length stay on show in a text field, selected when the
 * clipboard is not available so Ctrl+C copies it. A state too large for a link offers the file.
 * The panel is a popover: it closes when anything else takes over (usePopoverDismissal), and while
 * a message is on show (just below the header, where the popover hangs) the header makes room for
 * it, so that it never covers the message (useRoomBelowHeader).
 */
export function ShareButton() {
  const [share, setShare] = useState<ShareState>({ kind: "idle" });
  const fieldRef = useRef<HTMLInputElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  // What the link was made from: a later change makes the shown link stale, and the panel says so.
  // Subscribed as one boolean, so that an edit does not render the button again.
  const [sharedFrom, setSharedFrom] = useState<readonly [unknown, unknown] | null>(null);
  const stale = usePagewalk(
    (s) => sharedFrom !== null && (sharedFrom[0] !== s.machine || sharedFrom[1] !== s.selection),
  );

  useEffect(() => {
    if (share.kind === "link" && !share.copied) fieldRef.current?.select();
  }, [share]);

  // A lesson link opens each step as the lesson made it: the learner's own edits stay behind.
  const [editsLeftOut, setEditsLeftOut] = useState(false);
  const onShare = async (): Promise<void> => {
    setShare({ kind: "working" });
    const { machine, selection } = appStore.getState();
    setSharedFrom([machine, selection]);
    setEditsLeftOut(selectLessonEditsLeftOut(appStore.getState()));
    try {
      setShare(await shareCurrent());
    } catch (e) {
      setShare({
        kind: "failed",
        message: `The link could not be made (${unexpectedErrorText(e)}).`,
      });
    }
  };

  const open = share.kind !== "idle" && share.kind !== "working";
  const rootRef = useRef<HTMLDivElement>(null);
  usePopoverDismissal(open, rootRef, () => setShare({ kind: "idle" }));
  const panelRef = useRef<HTMLDivElement>(null);
  const shiftLeft = useShiftInsideWindow(open, buttonRef, panelRef);
  const messageShown = usePagewalk((s) => s.message !== null || s.busy !== null);
  useRoomBelowHeader(open && messageShown, panelRef);
  return (
    <div className="share" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        // aria-disabled, not disabled: a disabled button drops the keyboard focus to the page.
        onClick={() => {
          if (share.kind !== "working") void onShare();
        }}
        aria-disabled={share.kind === "working"}
        aria-controls={open ? `${id}-panel` : undefined}
      >
        Copy link
      </button>
      {open && (
        <div
          ref={panelRef}
          className="share-panel"
          style={shiftLeft > 0 ? { left: -shiftLeft } : undefined}
          id={`${id}-panel`}
          role="group"
          aria-label="Share link"
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            setShare({ kind: "idle" });
            buttonRef.current?.focus();
          }}
        >
          {share.kind === "link" && (
            <>
              <label htmlFor={`${id}-url`} className="visually-hidden">
                Share link URL
              </label>
              <input
                ref={fieldRef}
                id={`${id}-url`}
                className="mono share-url"
                readOnly
                value={share.url}
                onFocus={(e) => e.currentTarget.select()}
              />
              <p className="muted small-text" aria-live="polite">
                {share.copied ? "Copied to the clipboard. " : "Select and copy it (Ctrl+C). "}
                {stale ? "The state has changed since: copy again to share it. " : ""}
                {editsLeftOut
                  ? "Your own edits in this lesson step are not in it: the link opens the step as the lesson made it. "
                  : ""}
                <span className="share-length">
                  {share.url.length.toLocaleString("en")} characters (
                  {share.fragmentLength.toLocaleString("en")} in the fragment)
                </span>
              </p>
            </>
          )}
          {share.kind === "too-large" && (
            <p role="alert">
              This state is too large for a link ({share.fragmentLength.toLocaleString("en")} characters;
              links stop at {MAX_LINK_LENGTH.toLocaleString("en")}). Save it as a file instead.{" "}
              <button type="button" onClick={saveCurrent}>
                Save file
              </button>
            </p>
          )}
          {share.kind === "failed" && <p role="alert">{share.message}</p>}
          <button
            type="button"
            className="share-close"
            aria-label="Close the share panel"
            onClick={() => {
              setShare({ kind: "idle" });
              buttonRef.current?.focus();
            }}
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
