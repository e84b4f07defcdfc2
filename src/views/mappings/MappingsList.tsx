import { useId, useMemo, useState, type FormEvent } from "react";
import { parseVirtAddr } from "../../core/arch";
import { formatCount } from "../../core/common";
import {
  ALL_MAPPINGS,
  filterMappings,
  findVaRow,
  isAllMappings,
  leafRows,
  rangeRows,
  tlbLetters,
  type LeafList,
  type MappingFilter,
  type VaRows,
  permissionLetters,
} from "../../core/inspect";
import { PANEL_MAX_LEAVES, selectLeaves } from "../../store/mappingsSelectors";
import { actions, usePagewalk } from "../../store/usePagewalk";
import { MappingFilters } from "./MappingFilters";
import { formatEnd, formatPa, formatSize, formatVa, permissionWords, vaInput } from "./mappingText";
import { VirtualRows } from "./VirtualRows";
import { selectMemoryTypes } from "../../store/memoryTypeSelectors";
import type { MemoryTypeResolver } from "../../core/memtype";
import { vaNameOf } from "../../core/scenario";
import { useVaNames } from "../names/useNames";
import { CODE_FIELD } from "../codeField";

type Shape = "ranges" | "leaves";

/** A cell holding a VA that walks it when clicked. */
function WalkButton({ va }: { va: bigint }) {
  return (
    <button
      type="button"
      className="pw-walk-va mono"
      title={`Walk ${vaInput(va)}`}
      onClick={() => actions.setVaText(vaInput(va))}
    >
      {formatVa(va)}
    </button>
  );
}

/** The last column, when the scenario names VA ranges: the name of the range holding the row's start. */
function NameCell({ name }: { name: string | null }) {
  return (
    <span role="cell" className="pw-c-name" title={name ?? undefined}>
      {name ?? ""}
    </span>
  );
}

function Access({ p }: { p: { user: boolean; write: boolean; exec: boolean; reserved: boolean } }) {
  return (
    <span role="cell" className="pw-c-access mono" title={permissionWords(p)}>
      {permissionLetters(p)}
      {p.reserved ? " RSVD" : ""}
    </span>
  );
}

/** A row's effective memory type. */
function TypeCell({ type }: { type: string }) {
  return (
    <span role="cell" className="pw-c-type mono" title="effective memory type (PAT, and the MTRRs when set)">
      {type}
    </span>
  );
}

/** The listing: filters, a VA search, and the ranges or leaves that pass, windowed. */
export function MappingsList() {
  const id = useId();
  const enumeration = usePagewalk(selectLeaves);
  const currentVa = usePagewalk((s) => s.selection.va);
  const memoryTypes = usePagewalk(selectMemoryTypes);
  const vaNames = useVaNames();
  const named = vaNames.ranges.length > 0;
  const [filter, setFilter] = useState<MappingFilter>(ALL_MAPPINGS);
  const [shape, setShape] = useState<Shape>("ranges");
  const [searchText, setSearchText] = useState("");
  /** The last search that found a row, and the list it was found in (another list, another row). */
  const [hit, setHit] = useState<{ readonly index: number; readonly rows: VaRows } | null>(null);
  const [searchMessage, setSearchMessage] = useState<{ text: string; error: boolean } | null>(null);

  // Ranges fold equal memory types too, each with its type, as `pagewalk mappings` folds them.
  const filtered = useMemo(
    () => filterMappings(enumeration.list, filter, memoryTypes),
    [enumeration, filter, memoryTypes],
  );
  // The whole listing's count of ranges: the filtered one when there is no filter (one fold, not two).
  const [whole, setWhole] = useState<{
    of: LeafList;
    types: MemoryTypeResolver;
    ranges: number;
  } | null>(null);
  let allRanges =
    whole !== null && whole.of === enumeration.list && whole.types === memoryTypes ? whole.ranges : null;
  if (allRanges === null) {
    allRanges = isAllMappings(filter)
      ? filtered.ranges.length
      : filterMappings(enumeration.list, ALL_MAPPINGS, memoryTypes).ranges.length;
    setWhole({ of: enumeration.list, types: memoryTypes, ranges: allRanges });
  }
  const rows: VaRows = useMemo(
    () => (shape === "ranges" ? rangeRows(filtered.ranges) : leafRows(filtered.leaves)),
    [filtered, shape],
  );
  const count = rows.length;
  const currentRow = useMemo(() => {
    const hit = findVaRow(rows, currentVa);
    return hit?.contains ? hit.index : null;
  }, [rows, currentVa]);
  const found = hit !== null && hit.rows === rows ? hit.index : null;
  // The hit itself is the scroll request: searching the same VA again scrolls back to it.
  const scrollTo = found === null ? null : hit;

  const onSearch = (e: FormEvent): void => {
    e.preventDefault();
    // A bad VA or a VA past the end says so, and leaves the list and the last hit as they were.
    const parsed = parseVirtAddr(searchText);
    if (!parsed.ok) return setSearchMessage({ text: parsed.error.message, error: true });
    const found = findVaRow(rows, parsed.value);
    const what = shape === "ranges" ? "range" : "leaf";
    if (found === null) {
      return setSearchMessage({
        text: `Nothing listed is mapped at or above ${vaInput(parsed.value)}.`,
        error: true,
      });
    }
    const start = formatVa(rows.start(found.index));
    setHit({ index: found.index, rows });
    setSearchMessage({
      text: found.contains
        ? `${vaInput(parsed.value)} is in ${what} ${formatCount(found.index + 1)} of ${formatCount(count)} (from ${start}).`
        : `${vaInput(parsed.value)} is not in the list; the next ${what} starts at ${start}.`,
      error: false,
    });
  };

  const summary = enumeration.unsupported
    ? enumeration.unsupported
    : enumeration.rootOutsideMemory
      ? "CR3 points outside RAM: nothing is mapped."
      : `${formatCount(enumeration.list.length)} leaves in ${formatCount(allRanges)} ranges; ${formatCount(filtered.leaves.length)} leaves (${formatCount(filtered.ranges.length)} ranges) pass the filters.`;

  const renderRange = (i: number) => {
    const r = filtered.ranges.at(i);
    if (!r) return null;
    return (
      <>
        <span role="cell" className="pw-c-va">
          <WalkButton va={r.start} />
        </span>
        <span role="cell" className="pw-c-va mono">
          {formatEnd(r.end)}
        </span>
        <span role="cell" className="pw-c-size">
          {formatSize(r.size)}
        </span>
        <span role="cell" className="pw-c-num">
          {formatCount(r.pages)}
        </span>
        <Access p={r} />
        <TypeCell type={r.memoryType ?? ""} />
        {named && <NameCell name={vaNameOf(vaNames, r.start)} />}
      </>
    );
  };
  const renderLeaf = (i: number) => {
    const l = filtered.leaves.at(i);
    if (!l) return null;
    return (
      <>
        <span role="cell" className="pw-c-va">
          <WalkButton va={l.va} />
        </span>
        <span role="cell" className="pw-c-pa mono">
          {formatPa(l.pa)}
        </span>
        <span role="cell" className="pw-c-size">
          {formatSize(l.pageSize)}
        </span>
        <span
          role="cell"
          className="pw-c-flags mono"
          title="info tlb letters: XD, G, PS, D, A, PCD, PWT, U/S, R/W"
        >
          {tlbLetters(l)}
        </span>
        <Access p={l} />
        <TypeCell type={memoryTypes.typeOf(l.entryLo, l.level, l.pa, l.pageSize)} />
        {named && <NameCell name={vaNameOf(vaNames, l.va)} />}
      </>
    );
  };
  const header =
    shape === "ranges" ? (
      <>
        <span role="columnheader" className="pw-c-va">
          Start
        </span>
        <span role="columnheader" className="pw-c-va">
          End
        </span>
        <span role="columnheader" className="pw-c-size">
          Size
        </span>
        <span role="columnheader" className="pw-c-num">
          Pages
        </span>
        <span role="columnheader" className="pw-c-access">
          Access
        </span>
        <span role="columnheader" className="pw-c-type">
          Type
        </span>
        {named && (
          <span role="columnheader" className="pw-c-name">
            Name
          </span>
        )}
      </>
    ) : (
      <>
        <span role="columnheader" className="pw-c-va">
          VA
        </span>
        <span role="columnheader" className="pw-c-pa">
          PA
        </span>
        <span role="columnheader" className="pw-c-size">
          Size
        </span>
        <span role="columnheader" className="pw-c-flags">
          Flags
        </span>
        <span role="columnheader" className="pw-c-access">
          Access
        </span>
        <span role="columnheader" className="pw-c-type">
          Type
        </span>
        {named && (
          <span role="columnheader" className="pw-c-name">
            Name
          </span>
        )}
      </>
    );

  return (
    <div className="pw-mappings-list">
      <div className="pw-mappings-controls">
        <fieldset className="segmented">
          <legend>Show</legend>
          {(["ranges", "leaves"] as const).map((s) => (
            <label key={s}>
              <input type="radio" name={`${id}-shape`} checked={shape === s} onChange={() => setShape(s)} />
              <span>{s === "ranges" ? "Ranges" : "Leaves"}</span>
            </label>
          ))}
        </fieldset>
        <MappingFilters id={id} filter={filter} onChange={setFilter} />
        <form className="pw-mappings-search" onSubmit={onSearch}>
          <label htmlFor={`${id}-search`}>Search mappings for a VA</label>
          <input
            id={`${id}-search`}
            className="mono"
            value={searchText}
            {...CODE_FIELD}
            placeholder="ffff8880_00000000"
            onChange={(e) => setSearchText(e.target.value)}
          />
          <button type="submit">Search</button>
        </form>
      </div>
      <p className="muted small-text pw-mappings-summary" aria-live="polite">
        {summary}
        {enumeration.truncated
          ? ` The listing stops at the first ${formatCount(PANEL_MAX_LEAVES)} leaves (the pagewalk mappings command lists more).`
          : ""}
      </p>
      <p className={searchMessage?.error ? "error" : "muted"} aria-live="polite">
        {searchMessage?.text ?? ""}
      </p>
      {count === 0 ? (
        <p className="muted">No mapping passes the filters.</p>
      ) : (
        <VirtualRows
          label={shape === "ranges" ? "Mapped ranges" : "Leaf mappings"}
          className={[shape === "leaves" && "pw-leaf-rows", named && "pw-named"].filter(Boolean).join(" ")}
          count={count}
          header={header}
          renderRow={shape === "ranges" ? renderRange : renderLeaf}
          rowProps={(i) => ({
            className: i === found ? "pw-found" : undefined,
            "aria-current": i === currentRow ? "true" : undefined,
          })}
          scrollTo={scrollTo}
        />
      )}
    </div>
  );
}
