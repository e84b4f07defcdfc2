import { LEVEL_TABLE_NAMES, formatVirtAddr, type Access } from "../core/arch";
import { joinWords } from "../core/common";
import { describeChange, type MapCheck, type UpperDenial } from "../core/machine";
import "./MapWarning.css";

const OP_WORDS: Record<Access["op"], string> = { read: "read", write: "write", fetch: "instruction fetch" };

/**
 * Shown before a mapping whose intended accesses an upper level would still deny: what the walk
 * would say for each, and the offer to give the upper entries the rights as part of the same step.
 * Also before a mapping the walk allows but that is most likely a mistake (its hazards: a frame
 * outside RAM, a page table that user code could write).
 */
export function MapWarning({
  va,
  check,
  onFix,
  onMapAnyway,
  onCancel,
}: {
  va: bigint;
  check: MapCheck;
  onFix: () => void;
  onMapAnyway: () => void;
  onCancel: () => void;
}) {
  const changes = check.changes.map(describeChange);
  // Accesses denied by the same entry for the same reason read as one sentence.
  const groups = new Map<string, { denial: UpperDenial; ops: string[] }>();
  for (const d of check.denials) {
    const key = `${d.access.mode} ${d.level} ${d.index} ${d.cause}`;
    const group = groups.get(key);
    if (group) group.ops.push(OP_WORDS[d.access.op]);
    else groups.set(key, { denial: d, ops: [OP_WORDS[d.access.op]] });
  }
  return (
    <div className="map-warning warning" aria-labelledby="map-warning-h">
      {groups.size > 0 ? (
        <>
          <p id="map-warning-h">
            <strong>An upper level denies this mapping.</strong> The leaf alone does not decide: every level
            of the walk must allow the access.
          </p>
          <ul>
            {[...groups.entries()].map(([key, { denial: d, ops }]) => (
              <li key={key}>
                A {d.access.mode} {joinWords(ops, "or")} of {formatVirtAddr(va)} would still fault at{" "}
                <span className="mono">
                  {LEVEL_TABLE_NAMES[d.level]}[{d.index}]
                </span>
                : {d.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {check.hazards.length > 0 ? (
        <>
          <p id={groups.size > 0 ? undefined : "map-warning-h"}>
            <strong>This mapping is probably a mistake.</strong>
          </p>
          <ul>
            {check.hazards.map((h) => (
              <li key={h.kind}>{h.message}</li>
            ))}
          </ul>
        </>
      ) : null}
      {changes.length > 0 ? (
        <p>
          Setting <span className="mono">{changes.join("; ")}</span> with the mapping fixes that, as one step
          that Undo takes back. Those entries also cover the other pages below them.
        </p>
      ) : null}
      <div className="button-row">
        {changes.length > 0 ? (
          <button type="button" onClick={onFix}>
            Map and set the upper levels
          </button>
        ) : null}
        <button type="button" onClick={onMapAnyway}>
          Map anyway
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
