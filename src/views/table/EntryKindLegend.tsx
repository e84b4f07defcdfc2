import { memo } from "react";
import type { Level } from "../../core/arch";
import type { EntryClass } from "../../core/inspect";
import { ENTRY_CLASS_NAMES, fillStyle, inlineFill } from "../entryColors";

const CLASS_ORDER: readonly EntryClass[] = [
  "table",
  "leaf4k",
  "leaf2m",
  "leaf1g",
  "reserved",
  "garbage",
  "empty",
];

interface LegendProps {
  readonly counts: Readonly<Record<EntryClass, number>>;
  readonly level: Level;
}

/** A table decoded again after an edit has new counts, mostly the same numbers. */
const sameLegend = (a: LegendProps, b: LegendProps): boolean =>
  a.level === b.level && CLASS_ORDER.every((k) => a.counts[k] === b.counts[k]);

/**
 * The grid's colours and how many entries have each: the kinds present, plus "empty" always and
 * "table" above the PT level.
 */
export const EntryKindLegend = memo(function EntryKindLegend({ counts, level }: LegendProps) {
  return (
    <ul className="pw-legend" aria-label="Entry kinds">
      {CLASS_ORDER.map((k) =>
        counts[k] > 0 || k === "empty" || (k === "table" && level > 1) ? (
          <li key={k}>
            <span
              className="pw-swatch"
              data-class={k}
              style={fillStyle(inlineFill(k, level))}
              aria-hidden="true"
            />
            {ENTRY_CLASS_NAMES[k]}: {counts[k]}
          </li>
        ) : null,
      )}
    </ul>
  );
}, sameLegend);
