import { useEffect } from "react";
import { withPresentParam } from "../../store/displayMode";
import { appStore, usePagewalk } from "../../store/usePagewalk";

/**
 * Keeps `?present=1` in the URL while presentation mode is on, so a reload or a copied address
 * opens presenting. The current history entry is rewritten in place (its state, which marks the
 * scenario it holds for back/forward, is kept), and the share link's fragment is left as it is.
 * Back and forward keep the mode: an entry made before it gets the flag written back.
 */
export function usePresentationUrl(): void {
  const presenting = usePagewalk((s) => s.presenting);
  useEffect(() => {
    const sync = (): void => {
      const url = withPresentParam(location.href, appStore.getState().presenting);
      if (url !== location.href) history.replaceState(history.state, "", url);
    };
    sync();
    window.addEventListener("popstate", sync);
    return () => window.removeEventListener("popstate", sync);
  }, [presenting]);
}
