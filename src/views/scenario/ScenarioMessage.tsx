import { useEffect, useRef } from "react";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { openPreset } from "./scenarioIo";

/**
 * The one message about loading or sharing a scenario: an error is an alert (announced at once),
 * with an offer to start from an example; a notice is polite. Busy work shows here too. The offer
 * is only of what the page can do: "Choose an example…" needs the header's Examples menu (not in
 * an embed or while presenting), and a read-only embed opens no other scenario.
 */
export function ScenarioMessage({ inEmbed = false }: { readonly inEmbed?: boolean }) {
  const message = usePagewalk((s) => s.message);
  const busy = usePagewalk((s) => s.busy);
  const canChoose = usePagewalk((s) => !inEmbed && !s.presenting);
  const canOpen = usePagewalk((s) => !s.readOnly);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (message?.kind === "error") ref.current?.scrollIntoView({ block: "nearest" });
  }, [message]);

  return (
    <div className="scenario-messages" ref={ref}>
      <p className="scenario-busy" role="status" aria-live="polite">
        {busy ?? ""}
      </p>
      {message && (
        <div
          className={`scenario-message ${message.kind}`}
          role={message.kind === "error" ? "alert" : "status"}
        >
          <p>{message.text}</p>
          <div className="scenario-message-actions">
            {message.offerExamples && canOpen && (
              <button type="button" onClick={() => void openPreset("worked-example")}>
                Open the worked example
              </button>
            )}
            {message.offerExamples && canOpen && canChoose && (
              <button
                type="button"
                onClick={() => {
                  actions.showMessage(null);
                  actions.setExamplesOpen(true);
                }}
              >
                Choose an example…
              </button>
            )}
            <button type="button" onClick={() => actions.showMessage(null)}>
              Dismiss
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
