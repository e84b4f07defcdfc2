import { memo, type CSSProperties } from "react";
import {
  LEVEL_TABLE_NAMES,
  pageSizeName,
  pageSizeOfLevel,
  splitIndices,
  vaBits,
  type Level,
  type PagingLevels,
} from "../core/arch";
import { formatHex } from "../core/common";
import { indexBits, type VaBitRange } from "../core/teach";
import { levelColor, levelTint, OFFSET_COLOR_VAR, OFFSET_TINT_VAR } from "./levelColors";

interface Field {
  readonly key: string;
  readonly name: string;
  readonly hi: number;
  readonly lo: number;
  readonly value: bigint;
  readonly level: Level | null;
}

function fieldsOf(va: bigint, levels: PagingLevels, leafLevel: 1 | 2 | 3): Field[] {
  const split = splitIndices(va, levels, leafLevel);
  const top = vaBits(levels);
  const fields: Field[] = [
    { key: "sign", name: "sign", hi: 63, lo: top, value: split.signExtension, level: null },
  ];
  for (const { level, index } of split.indices) {
    fields.push({
      key: `l${level}`,
      name: LEVEL_TABLE_NAMES[level],
      ...indexBits(level),
      value: BigInt(index),
      level,
    });
  }
  const hi = split.offsetBits - 1;
  fields.push({ key: "offset", name: "offset", hi, lo: 0, value: BigInt(split.offset), level: null });
  return fields;
}

const overlaps = (f: Field, r: VaBitRange): boolean => f.lo <= r.hi && r.lo <= f.hi;

interface VaBitFieldsProps {
  readonly va: bigint;
  readonly levels: PagingLevels;
  /** The level of the walk's leaf: 2 or 3 (a 2 MiB / 1 GiB page) folds the indices below it into the offset. */
  readonly leafLevel?: 1 | 2 | 3;
  /** The bits the walk stepper's current step uses (null: not stepping, nothing marked). */
  readonly highlight?: readonly VaBitRange[] | null;
}

/**
 * The VA cut into the fields the walk uses: sign extension | (PML5) | PML4 | PDPT | PD | PT | offset,
 * each with its bits in binary and its value in decimal and hex, in the colour of its level. While
 * stepping, the fields of the bits the step uses are marked.
 */
export const VaBitFields = memo(function VaBitFields({
  va,
  levels,
  leafLevel = 1,
  highlight = null,
}: VaBitFieldsProps) {
  const fields = fieldsOf(va, levels, leafLevel);
  // "2 MiB" kept on one line: the note wraps between its words, not inside the size.
  const largePage = leafLevel === 1 ? null : pageSizeName(pageSizeOfLevel(leafLevel)).replace(" ", "\u00a0");
  // Each field's share of the width is its bit count (the sign's a fixed few: it shows "1…1"), and
  // at least what its name and value need (a bar too narrow for that puts them in rows: app.css).
  const columns = fields.map((f) => `${f.key === "sign" ? 4 : f.hi - f.lo + 1}fr`).join(" ");
  return (
    // The frame is the box the bar's narrow layouts measure (app.css): a container's own rows and
    // columns cannot follow its own width.
    <div className="va-fields-frame">
      <ol
        className="va-fields"
        aria-label="Bit fields of the address"
        data-fields={fields.length}
        style={{ "--va-columns": columns } as CSSProperties}
      >
        {fields.map((f) => {
          const width = f.hi - f.lo + 1;
          const color = f.level === null ? OFFSET_COLOR_VAR : levelColor(f.level);
          const tint = f.level === null ? OFFSET_TINT_VAR : levelTint(f.level);
          const isSign = f.key === "sign";
          const binary =
            isSign && f.value === 0n
              ? "0…0"
              : isSign && f.value === (1n << BigInt(width)) - 1n
                ? "1…1"
                : f.value.toString(2).padStart(width, "0");
          const used = highlight !== null && highlight.some((r) => overlaps(f, r));
          return (
            <li
              key={f.key}
              className={`va-field${isSign ? " sign" : ""}${used ? " step-bits" : ""}`}
              data-step-bits={used || undefined}
              style={
                {
                  borderTopColor: color,
                  background: tint,
                  // The binary's length, from which its font size fits it on one line (app.css).
                  "--digits": binary.length,
                } as CSSProperties
              }
            >
              <span className="va-field-name">
                {used ? <span className="visually-hidden">used in this step: </span> : null}
                {f.name}{" "}
                <span className="bits">
                  {f.hi}:{f.lo}
                </span>
                {f.key === "offset" && largePage !== null ? (
                  <span className="va-field-page"> in a {largePage} page</span>
                ) : null}
              </span>
              <span className="va-field-binary-fit" aria-hidden="true">
                <span className="va-field-binary mono">{binary}</span>
              </span>
              <span className="va-field-value mono">
                {isSign ? (
                  formatHex(f.value)
                ) : f.key === "offset" ? (
                  formatHex(f.value, { digits: Math.ceil(width / 4) })
                ) : (
                  // An index in decimal and hex; a narrow bar puts them on two lines (app.css).
                  <>
                    <span>{String(f.value)}</span>
                    <span className="va-field-sep"> · </span>
                    <span>{formatHex(f.value, { digits: 3 })}</span>
                  </>
                )}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
});
