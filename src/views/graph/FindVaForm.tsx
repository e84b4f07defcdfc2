import { memo, useId, useState, type FormEvent } from "react";
import type { PagingLevels } from "../../core/arch";
import { selectWalk } from "../../store/selectors";
import { appStore } from "../../store/usePagewalk";
import { findVaOutcome, parseFindVa } from "./findVa";
import { CODE_FIELD } from "../codeField";

/**
 * "Find VA": type any VA, and the app walks it and the graph shows its path; an address that is not
 * hex or not canonical is refused with the reason and changes nothing.
 */
export const FindVaForm = memo(function FindVaForm({
  levels,
  onFound,
}: {
  levels: PagingLevels;
  /** Walks the VA (its text) and brings its path into view. */
  onFound: (text: string) => void;
}) {
  const [text, setText] = useState("");
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const messageId = useId();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const input = parseFindVa(text, levels);
    if (!input.ok) {
      setMessage({ error: true, text: input.message });
      return;
    }
    onFound(input.text);
    setMessage({ error: false, text: findVaOutcome(selectWalk(appStore.getState())) });
  };
  return (
    <form className="find-va" role="search" aria-label="Find VA" onSubmit={submit}>
      <input
        className="mono"
        type="text"
        {...CODE_FIELD}
        autoComplete="off"
        placeholder="ffff888000000000"
        aria-label="VA to find"
        aria-invalid={message?.error === true}
        aria-describedby={messageId}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (message?.error) setMessage(null);
        }}
      />
      <button type="submit">Find VA</button>
      <p
        id={messageId}
        className={message?.error ? "find-va-message error" : "find-va-message"}
        aria-live="polite"
      >
        {message?.text}
      </p>
    </form>
  );
});
