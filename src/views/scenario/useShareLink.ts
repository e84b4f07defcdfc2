import { useEffect } from "react";
import { usePagewalk } from "../../store/usePagewalk";
import { startHistorySync } from "./scenarioIo";

/**
 * Keeps the page and the URL in step: opens the fragment the page was opened with, follows
 * back/forward and edited fragments (popstate, hashchange), and names the open scenario in the
 * page title ("Pagewalk — Fault gallery").
 */
export function useShareLink(): void {
  useEffect(() => startHistorySync(), []);
  const title = usePagewalk((s) => s.meta?.title);
  useEffect(() => {
    document.title = title ? `Pagewalk — ${title}` : "Pagewalk";
  }, [title]);
}
