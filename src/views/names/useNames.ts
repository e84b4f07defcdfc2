/**
 * The open scenario's names, for the views that show a frame or an address: one lookup table per
 * list of labels, rebuilt only when the labels change (an edit, undo, another scenario).
 */
import { useMemo } from "react";
import { frameNames, vaRangeNames, type VaRangeNames } from "../../core/scenario";
import { usePagewalk } from "../../store/usePagewalk";
import "./names.css";

const NO_LABELS: never[] = [];

/** Each named frame's name, by physical address. */
export function useFrameNames(): ReadonlyMap<number, string> {
  const labels = usePagewalk((s) => s.meta?.labels ?? NO_LABELS);
  return useMemo(() => frameNames(labels), [labels]);
}

/** The named VA ranges, for `vaNameOf`. */
export function useVaNames(): VaRangeNames {
  const labels = usePagewalk((s) => s.meta?.labels ?? NO_LABELS);
  return useMemo(() => vaRangeNames(labels), [labels]);
}
