import { describeMemoryType, MEMORY_TYPE_NAMES, type MemoryTypeVerdict } from "../../core/memtype";

/** "Memory type WB (write-back) · PAT index 0: PA0 = WB …": one line, in the walk outcome and the inspector. */
export function MemoryTypeLine({ verdict }: { verdict: MemoryTypeVerdict }) {
  const how = describeMemoryType(verdict);
  return (
    <p className="memory-type-line">
      Memory type <strong className="mono">{verdict.type}</strong>{" "}
      <span className="muted small-text">
        {MEMORY_TYPE_NAMES[verdict.type]} · {how.slice(how.indexOf("(") + 1, -1)}
      </span>
    </p>
  );
}
