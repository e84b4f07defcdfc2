import { useEffect, useState } from "react";
import { encodeScenarioLink, MAX_LINK_LENGTH } from "../../core/scenario";
import { fullPagewalkUrl } from "../../store/displayMode";
import { selectCurrentScenario } from "../../store/selectors";
import { usePagewalk } from "../../store/usePagewalk";

/**
 * The URL of this page as a full Pagewalk holding the current state: the embed's own URL without
 * its embed flags, with the share link of what the reader has made of it (their VA, access, step).
 * Re-encoded as the state changes; a state too large for a link opens the page without one.
 */
export function useFullPageUrl(): { readonly url: string; readonly carriesState: boolean } {
  const scenario = usePagewalk(selectCurrentScenario);
  const [link, setLink] = useState(() => ({ url: fullPagewalkUrl(location.href, ""), carriesState: false }));
  useEffect(() => {
    let current = true;
    encodeScenarioLink(scenario)
      .then((fragment) => {
        if (!current) return;
        const fits = fragment.length <= MAX_LINK_LENGTH;
        setLink({ url: fullPagewalkUrl(location.href, fits ? fragment : ""), carriesState: fits });
      })
      .catch(() => {
        // Encoding a valid state does not fail; if it ever did, the link opens the page as it was.
      });
    return () => {
      current = false;
    };
  }, [scenario]);
  return link;
}
